/** Times are stored as milliseconds since 1970 (numbers on both databases) and sent as ISO 8601. */
export function isoTime(ms: number): string {
  return new Date(Number(ms)).toISOString();
}

export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}
