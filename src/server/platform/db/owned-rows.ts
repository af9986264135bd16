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

/**
 * Rows read for many owners at once, grouped by their owner column (without it), in the order read:
 * `groupedBy(languages, 'user_id')(userId)` is that member's languages. One pass, so a batch of a
 * thousand records costs no more than reading it.
 */
export function groupedBy<T extends Record<K, string>, K extends keyof T & string>(
  rows: readonly T[],
  ownerColumn: K,
): (owner: string) => Omit<T, K>[] {
  const grouped = new Map<string, Omit<T, K>[]>();
  for (const { [ownerColumn]: owner, ...rest } of rows) {
    const entries = grouped.get(owner);
    if (entries) entries.push(rest);
    else grouped.set(owner, [rest]);
  }
  return (owner) => grouped.get(owner) ?? [];
}

/** Rows put back in the order their ids were asked for (the database's own order changes as rows are updated). */
export function inOrderAsked<T>(rows: T[], ids: readonly string[], idOf: (row: T) => string): T[] {
  const asked = new Map(ids.map((id, index) => [id, index]));
  return rows.sort((a, b) => asked.get(idOf(a))! - asked.get(idOf(b))!);
}
