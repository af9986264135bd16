import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The search index: one document per findable thing (person, organization) and audience (what
 * signed-in members may see, what signed-out visitors may see), built through the visibility
 * function, so a hidden field is simply not in the document an audience searches. Facet values are
 * rows; the text goes to SQLite's FTS5 or to a PostgreSQL tsvector.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'varchar(80)', (col) => col.primaryKey())
    .addColumn('entity_type', 'varchar(16)', (col) => col.notNull())
    .addColumn('entity_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('audience', 'varchar(8)', (col) => col.notNull())
    .addColumn('address', 'varchar(80)', (col) => col.notNull())
    .addColumn('title', 'varchar(200)')
    .addColumn('sort_name', 'varchar(200)', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('search_documents_entity_idx')
    .on('search_documents')
    .columns(['entity_type', 'entity_id'])
    .execute();
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

  // Text search is where the two databases differ most; each gets its own native index.
  if (await isPostgres(db)) {
    await sql`alter table search_documents add column tsv tsvector`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_text using fts5(document_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
    // FTS5 cannot index document_id, so finding a document's text row goes through this table.
    await sql`create table search_text_rows (document_id varchar(80) primary key, text_rowid integer not null unique)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(await isPostgres(db))) {
    await sql`drop table search_text_rows`.execute(db);
    await sql`drop table search_text`.execute(db);
  }
  await db.schema.dropTable('search_facets').execute();
  await db.schema.dropTable('search_documents').execute();
}

/** Asked of Kysely's adapter: a failing probe query would abort PostgreSQL's migration transaction. */
async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
