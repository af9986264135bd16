import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Where a page of a list ordered by (time, id) ends: the time and id of its last entry (ids break
 * ties between equal times). The API writes it as `<ms>.<id>` (`next`, `earlier`, `before`, `after`).
 */
export interface PageCursor {
  readonly at: number;
  readonly id: string;
}

export function cursorText(at: number, id: string): string {
  return `${Number(at)}.${id}`;
}

/** A cursor from its text; the route's schema has already checked its form. */
export function parsedCursor(text: string | undefined): PageCursor | undefined {
  if (!text) return undefined;
  const dot = text.indexOf('.');
  return { at: Number(text.slice(0, dot)), id: text.slice(dot + 1) };
}

/**
 * The rows past a cursor, for a query ordered by `timeColumn`, `idColumn` both descending
 * (`before`: older rows) or both ascending (`after`: newer rows). Written as an OR of two
 * comparisons, which both databases answer from an index on (…, time, id).
 */
export function pastCursor(
  timeColumn: string,
  idColumn: string,
  cursor: PageCursor,
  direction: 'before' | 'after',
): RawBuilder<SqlBool> {
  const time = sql.ref(timeColumn);
  const id = sql.ref(idColumn);
  const past = direction === 'before' ? sql.raw('<') : sql.raw('>');
  return sql<SqlBool>`(${time} ${past} ${cursor.at} or (${time} = ${cursor.at} and ${id} ${past} ${cursor.id}))`;
}
