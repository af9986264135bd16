import type { Visibility } from '../../platform/db/schema';

/** The vocabulary of profile fields, shared by validation, the API schema and the demo generator. */
export const VISIBILITIES = ['public', 'members', 'private'] as const satisfies readonly Visibility[];
/** Babel levels 0-5, and N for a native speaker. */
export const LANGUAGE_LEVELS = ['0', '1', '2', '3', '4', '5', 'N'] as const;
export const CAPACITY_LEVELS = ['beginner', 'intermediate', 'advanced', 'expert'] as const;
export const CAPACITY_SIDES = ['knows', 'shares', 'learns'] as const;
export const EXCHANGE_FORMATS = ['one-on-one', 'mentoring', 'clinic', 'training', 'community-of-practice'] as const;
export const EXCHANGE_MODES = ['online', 'in-person'] as const;
export const CONTACT_KINDS = ['email', 'talk-page', 'telegram', 'matrix', 'link'] as const;

export const LIMITS = {
  bio: 2000,
  pronouns: 50,
  availability: 300,
  note: 200,
  languages: 30,
  wikis: 20,
  capacitiesPerList: 50,
  contacts: 10,
  contactValue: 300,
} as const;

/** Fields that each have their own visibility. */
export const VISIBILITY_FIELDS = ['name', 'username', 'pronouns', 'bio', 'country', 'availability', 'languages', 'wikis', 'capacities', 'exchange'] as const;
export type VisibilityField = (typeof VISIBILITY_FIELDS)[number];

/** Defaults protect: everything for members only; contact options private; hidden from visitors. */
export const DEFAULT_VISIBILITY: Record<VisibilityField, Visibility> = {
  name: 'members', username: 'members', pronouns: 'members', bio: 'members', country: 'members',
  availability: 'members', languages: 'members', wikis: 'members', capacities: 'members', exchange: 'members',
};
export const DEFAULT_CONTACT_VISIBILITY: Visibility = 'private';

/** True when text holds an HTML tag, comment or processing instruction: no field accepts markup. */
export function containsMarkup(text: string): boolean {
  return /<\s*[a-zA-Z!/?]/.test(text);
}

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
export function isTimeZone(value: string): boolean {
  return TIME_ZONES.has(value);
}

/** A Wikimedia Commons image file name (without "File:"). */
export const COMMONS_FILE_PATTERN = /^[^#<>[\]|{}/:]{1,230}\.(jpe?g|png|svg|gif|webp|tiff?)$/i;

const WIKIMEDIA_HOSTS = /(^|\.)(wikipedia|wikimedia|wikidata|wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|mediawiki|wikifunctions)\.org$/i;

function isHttpUrl(value: string, host?: RegExp): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && (!host || host.test(url.hostname));
  } catch {
    return false;
  }
}

/** Whether a contact value fits its kind; a `javascript:` or other scheme never does. */
export function contactProblem(kind: string, value: string): string | undefined {
  const valid = {
    email: () => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value),
    'talk-page': () => isHttpUrl(value, WIKIMEDIA_HOSTS),
    telegram: () => /^@?[A-Za-z0-9_]{5,32}$/.test(value),
    matrix: () => /^@[A-Za-z0-9._=\-/]+:[A-Za-z0-9.-]+(:\d+)?$/.test(value),
    link: () => isHttpUrl(value),
  }[kind];
  return valid?.() ? undefined : `invalid-${kind}`;
}

