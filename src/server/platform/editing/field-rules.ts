import type { FieldProblem } from '../errors';

/**
 * Rules that fields of every content type share: no markup in plain text, names, links, contact
 * options, Commons files, lists without repeats. Features use these instead of writing their own, so a
 * profile and an organization (and a resource or an event later) refuse the same input the same way.
 */

/** True when text holds an HTML tag, comment or processing instruction: no field accepts markup. */
export function containsMarkup(text: string): boolean {
  return /<\s*[a-zA-Z!/?]/.test(text);
}

/** A `no-markup` problem for each named text field (`body.<name>`) that holds markup. */
export function markupProblems(
  fields: Readonly<Record<string, string | null | undefined>>,
  prefix = 'body',
): FieldProblem[] {
  return Object.entries(fields)
    .filter(([, value]) => typeof value === 'string' && containsMarkup(value))
    .map(([field]) => ({ field: `${prefix}.${field}`, code: 'no-markup' }));
}

/**
 * The longest name of each kind, in characters (code points, as the request schemas count them),
 * after `normalizedName`.
 */
export const NAME_MAX_LENGTH = { person: 100, organization: 200, capacity: 100, title: 200 } as const;
export type NameKind = keyof typeof NAME_MAX_LENGTH;

/**
 * Characters that show nothing yet change how a name reads: direction overrides and isolates (which
 * can make a name display as another) and zero-width spaces and joiners-that-are-not (U+200B,
 * U+2060, U+FEFF). The zero-width (non-)joiners U+200C/U+200D stay: Persian and Indic names need them.
 */
const INVISIBLE_IN_NAMES = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/g;

/**
 * A name as it is stored and shown: without invisible controls, no white space at either end, and
 * each run of it inside as one space.
 */
function normalizedName(input: string): string {
  return input.replace(INVISIBLE_IN_NAMES, '').trim().replace(/\s+/g, ' ');
}

/**
 * The one rule for names: people's display names (the welcome step, the profile), organizations'
 * names and capacities' names and labels. The name is normalized, then it must be there (a letter or
 * a digit at least), hold no markup and be no longer than its kind allows; a problem is reported for
 * `field` with the codes the request schemas use (`required`, `no-markup`, `maxLength`), so one
 * message reads the same wherever a name is refused.
 */
export function checkedName(
  input: string,
  field: string,
  kind: NameKind,
): { readonly name: string; readonly problems: FieldProblem[] } {
  const name = normalizedName(input);
  const limit = NAME_MAX_LENGTH[kind];
  const problem: FieldProblem | undefined =
    // A name says something: at least one letter or digit, in any script.
    !/[\p{L}\p{N}]/u.test(name)
      ? { field, code: 'required' }
      : containsMarkup(name)
        ? { field, code: 'no-markup' }
        : [...name].length > limit
          ? { field, code: 'maxLength', params: [String(limit)] }
          : undefined;
  return { name, problems: problem ? [problem] : [] };
}

/** Trimmed text, or null when nothing is left. */
export function trimOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * Whether a value is an absolute web address (https only when `httpsOnly`), on a host matching
 * `host` when given. A `javascript:` or any other scheme never is.
 */
export function isWebUrl(
  value: string,
  { httpsOnly = false, host }: { httpsOnly?: boolean; host?: RegExp } = {},
): boolean {
  try {
    const url = new URL(value);
    const schemeAllowed = url.protocol === 'https:' || (!httpsOnly && url.protocol === 'http:');
    return schemeAllowed && (!host || host.test(url.hostname));
  } catch {
    return false;
  }
}

const WIKIMEDIA_HOSTS =
  /(^|\.)(wikipedia|wikimedia|wikidata|wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|mediawiki|wikifunctions)\.org$/i;

/** Whether a contact value fits its kind: the problem code (`invalid-<kind>`), or undefined. */
export function contactProblem(kind: string, value: string): string | undefined {
  const valid = {
    email: () => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value),
    'talk-page': () => isWebUrl(value, { host: WIKIMEDIA_HOSTS }),
    telegram: () => /^@?[A-Za-z0-9_]{5,32}$/.test(value),
    matrix: () => /^@[A-Za-z0-9._=\-/]+:[A-Za-z0-9.-]+(:\d+)?$/.test(value),
    link: () => isWebUrl(value),
  }[kind];
  return valid?.() ? undefined : `invalid-${kind}`;
}

/** Contact options trimmed, with a problem for each value that holds markup or does not fit its kind. */
export function checkedContacts<C extends { readonly kind: string; readonly value: string }>(
  contacts: readonly C[],
  prefix = 'body.contacts',
) {
  const cleaned = contacts.map((contact) => ({ ...contact, value: contact.value.trim() }));
  const problems = cleaned.flatMap((contact, index): FieldProblem[] => {
    const code = containsMarkup(contact.value) ? 'no-markup' : contactProblem(contact.kind, contact.value);
    return code ? [{ field: `${prefix}.${index}.value`, code }] : [];
  });
  return { cleaned, problems };
}

/** A Wikimedia Commons image file name (without "File:"). */
export const COMMONS_FILE_PATTERN = /^[^#<>[\]|{}/:]{1,230}\.(jpe?g|png|svg|gif|webp|tiff?)$/i;

/** A Commons file name as people paste it, without the namespace ("File:", "Datei:", "ملف:"...); null when empty. */
export function commonsFileName(input: string | null | undefined): string | null {
  // "File:" alone names no file: nothing is kept.
  return trimOrNull(input)?.replace(/^(File|Datei|Fichier|Archivo|Arquivo|ملف):/i, '') || null;
}

/** The `invalid-commons-file` problem for a file name that is not an image on Commons. */
export function commonsFileProblems(field: string, file: string | null): FieldProblem[] {
  return file !== null && !COMMONS_FILE_PATTERN.test(file) ? [{ field, code: 'invalid-commons-file' }] : [];
}

/** Any media file on Wikimedia Commons (a PDF, a video, slides, an image): a name and an extension. */
export const COMMONS_MEDIA_PATTERN = /^[^#<>[\]|{}/:]{1,230}\.[A-Za-z0-9]{2,5}$/;

/** The `invalid-commons-media` problem for a file name that cannot be a file on Commons. */
export function commonsMediaProblems(field: string, file: string | null): FieldProblem[] {
  return file !== null && !COMMONS_MEDIA_PATTERN.test(file) ? [{ field, code: 'invalid-commons-media' }] : [];
}

/** A Commons file's own page. */
export function commonsFilePage(file: string): string {
  return `https://commons.wikimedia.org/wiki/File:${encodeURIComponent(file.replace(/ /g, '_'))}`;
}

/** A small rendering of a Commons image, or null when the operator keeps external images off. */
export function commonsImageUrl(file: string | null | undefined, externalImages: boolean, width = 160): string | null {
  return externalImages && file
    ? `https://commons.wikimedia.org/wiki/Special:FilePath/${encodeURIComponent(file)}?width=${width}`
    : null;
}

/**
 * The indexes of the entries whose key an earlier entry already had (they get a `duplicate`
 * problem); entries whose key is undefined are skipped (they have another problem).
 */
export function repeatedEntries<T>(
  entries: readonly T[],
  keyOf: (entry: T) => string | number | undefined,
): ReadonlySet<number> {
  const seen = new Set<string | number>();
  const repeated = new Set<number>();
  entries.forEach((entry, index) => {
    const key = keyOf(entry);
    if (key === undefined) return;
    if (seen.has(key)) repeated.add(index);
    seen.add(key);
  });
  return repeated;
}

/**
 * Problems of capacity lists, one list per side (shares/learns/knows, offers/needs): a capacity that
 * is not in the taxonomy (`known`), markup in a note, the same capacity twice on one side.
 */
export function capacityListProblems<S extends string>(
  lists: Readonly<Record<S, readonly { readonly id: number; readonly note: string | null }[]>>,
  sides: readonly S[],
  known: ReadonlySet<number>,
): FieldProblem[] {
  return sides.flatMap((side) => {
    const repeated = repeatedEntries(lists[side], (entry) => entry.id);
    return lists[side].flatMap((entry, index) => {
      const code = !known.has(entry.id) ? 'unknown-capacity' : repeated.has(index) ? 'duplicate' : undefined;
      return [
        ...(code ? [{ field: `body.${side}.${index}.id`, code }] : []),
        ...(entry.note && containsMarkup(entry.note)
          ? [{ field: `body.${side}.${index}.note`, code: 'no-markup' }]
          : []),
      ];
    });
  });
}
