/**
 * The words for a resource's fields, by the names the server gives them (in a history entry's
 * `fields`, and in the editor's labels). Written whole, as every message key is: the build sends a
 * page the messages its code names.
 */
export const RESOURCE_FIELD_LABELS: Readonly<Record<string, string>> = {
  texts: 'cxc-resource-field-texts',
  kind: 'cxc-resource-field-kind',
  level: 'cxc-resource-field-level',
  licence: 'cxc-resource-field-licence',
  url: 'cxc-resource-field-url',
  commonsFile: 'cxc-resource-field-commons-file',
  publishedOn: 'cxc-resource-field-published-on',
  languages: 'cxc-resource-field-languages',
  capacities: 'cxc-resource-field-capacities',
  authors: 'cxc-resource-field-authors',
  organization: 'cxc-resource-field-organization',
  visibility: 'cxc-resource-field-visibility',
};

/** A date written YYYY-MM-DD, in the interface language (read as that day, wherever the reader is). */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A moment (ISO time) as a date in the interface language. */
export function formatMoment(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}
