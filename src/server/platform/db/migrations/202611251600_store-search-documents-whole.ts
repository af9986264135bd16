import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Search now runs over an in-memory index in each app process (see features/search/engine/): counting
 * facets in SQL could not meet the budget at 100,000 profiles. The database keeps each document whole
 * (its facets as lines of text) for the processes to load, and a change log that tells every process,
 * at its next search, which entities changed. The FTS5 table and the tsvector column are no longer
 * read, so they go. The index is derived data: it is rebuilt at the next start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db);
  if (!postgres) {
    await sql`drop table search_text_rows`.execute(db);
    await sql`drop table search_text`.execute(db);
  }
  await db.schema.dropTable('search_facets').execute();
  await db.schema.dropTable('search_documents').execute();

  await createDocuments(db, { withFacets: true });

  // Rows commit in sequence order on PostgreSQL too: writers take a transaction lock before they add one.
  await db.schema
    .createTable('search_changes')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (col) =>
      postgres ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('entity_type', 'varchar(16)', (col) => col.notNull())
    .addColumn('entity_id', 'varchar(36)', (col) => col.notNull())
    .execute();
  // One row: changes up to this sequence number were pruned, so a process that saw less reloads everything.
  await db.schema
    .createTable('search_index_state')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('pruned_through', 'bigint', (col) => col.notNull())
    .execute();
  await db
    .insertInto('search_index_state' as never)
    .values({ id: 1, pruned_through: 0 } as never)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_index_state').execute();
  await db.schema.dropTable('search_changes').execute();
  await db.schema.dropTable('search_documents').execute();
  // The earlier shape, empty: the next start under the older code indexes again.
  await createDocuments(db, { withFacets: false });
  await db.schema
    .createIndex('search_documents_audience_idx')
    .on('search_documents')
    .columns(['audience', 'sort_name'])
    .execute();
  await db.schema
    .createTable('search_facets')
    .addColumn('document_id', 'varchar(80)', (col) =>
      col.notNull().references('search_documents.id').onDelete('cascade'),
    )
    .addColumn('facet', 'varchar(24)', (col) => col.notNull())
    .addColumn('value', 'varchar(40)', (col) => col.notNull())
    .addPrimaryKeyConstraint('search_facets_pk', ['document_id', 'facet', 'value'])
    .execute();
  await db.schema
    .createIndex('search_facets_value_idx')
    .on('search_facets')
    .columns(['facet', 'value', 'document_id'])
    .execute();
  if (await isPostgres(db)) {
    await sql`alter table search_documents add column tsv tsvector`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_text using fts5(document_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create table search_text_rows (document_id varchar(80) primary key, text_rowid integer not null unique)`.execute(
      db,
    );
  }
}

/** The documents table, with its facets column (this shape) or without (the one before). */
async function createDocuments(db: Kysely<unknown>, { withFacets }: { withFacets: boolean }): Promise<void> {
  let table = db.schema
    .createTable('search_documents')
    .addColumn('id', 'varchar(80)', (col) => col.primaryKey())
    .addColumn('entity_type', 'varchar(16)', (col) => col.notNull())
    .addColumn('entity_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('audience', 'varchar(8)', (col) => col.notNull())
    .addColumn('address', 'varchar(80)', (col) => col.notNull())
    .addColumn('title', 'varchar(200)')
    .addColumn('sort_name', 'varchar(200)', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull());
  if (withFacets) table = table.addColumn('facets', 'text', (col) => col.notNull());
  await table.addColumn('updated_at', 'bigint', (col) => col.notNull()).execute();
  await db.schema
    .createIndex('search_documents_entity_idx')
    .on('search_documents')
    .columns(['entity_type', 'entity_id'])
    .execute();
}

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
