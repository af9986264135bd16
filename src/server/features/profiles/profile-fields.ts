import type { Visibility } from '../../platform/db/schema';

/** Limits of profile fields (the closed lists are in src/shared/vocabulary.ts). */

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
export const VISIBILITY_FIELDS = [
  'name',
  'username',
  'pronouns',
  'bio',
  'country',
  'availability',
  'languages',
  'wikis',
  'capacities',
  'exchange',
] as const;
export type VisibilityField = (typeof VISIBILITY_FIELDS)[number];

/** Defaults protect: everything for members only; contact options private; hidden from visitors. */
export const DEFAULT_VISIBILITY: Record<VisibilityField, Visibility> = {
  name: 'members',
  username: 'members',
  pronouns: 'members',
  bio: 'members',
  country: 'members',
  availability: 'members',
  languages: 'members',
  wikis: 'members',
  capacities: 'members',
  exchange: 'members',
};

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
export function isTimeZone(value: string): boolean {
  return TIME_ZONES.has(value);
}
