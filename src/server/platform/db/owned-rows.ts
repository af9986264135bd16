import { sql, type Insertable, type InsertObject } from 'kysely';
import type { DatabaseSchema, Db } from './schema';

/**
 * Replaces every row of `table` that belongs to one owner (a profile's languages, an organization's
 * names...): delete, then one insert. Saves call it inside their transaction after locking the
 * owner's row, so two saves of the same list cannot interleave their deletes and inserts.
 */
export async function replaceOwnedRows<T extends keyof DatabaseSchema & string>(
  db: Db,
  table: T,
  owner: { readonly column: keyof DatabaseSchema[T] & string; readonly id: string },
  rows: readonly Insertable<DatabaseSchema[T]>[],
): Promise<void> {
  await sql`delete from ${sql.table(table)} where ${sql.ref(owner.column)} = ${owner.id}`.execute(db);
  // Kysely cannot relate a generic table's Insertable to its insert type; `rows` was checked against the table above.
  if (rows.length > 0)
    await db
      .insertInto(table)
      .values(rows as unknown as InsertObject<DatabaseSchema, T>[])
      .execute();
}
