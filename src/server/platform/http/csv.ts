/**
 * CSV as the platform writes it (RFC 4180 lines ending in CRLF), for the audit log and the published
 * tables alike.
 */

/**
 * A CSV field: quoted when it holds a separator, quote or line break; text with a leading formula
 * sign is defused (a spreadsheet would run it). Numbers are written as they are, negative ones too;
 * null is an empty field.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line, its line break included. */
export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
