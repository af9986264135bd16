import type { PersonSide } from '../../../shared/vocabulary';
import type { Visibility } from '../../platform/db/schema';
import type { Viewer } from '../../platform/auth/viewer';
import type { VisibilityField } from './profile-fields';

/** How the viewer stands to a profile. A signed-in person who has not finished the first step is a visitor. */
export type Relation = 'owner' | 'member' | 'visitor';

export function relationOf(viewer: Viewer | null, ownerId: string): Relation {
  if (viewer?.userId === ownerId) return 'owner';
  return viewer?.onboarded ? 'member' : 'visitor';
}

/** The one rule: the owner sees everything, members see public and members fields, visitors public ones. */
export function allows(visibility: Visibility, relation: Relation): boolean {
  if (relation === 'owner') return true;
  if (relation === 'member') return visibility !== 'private';
  return visibility === 'public';
}

export interface ProfileData {
  readonly userId: string;
  readonly handle: string;
  readonly displayName: string | null;
  readonly wikimediaUsername: string | null;
  readonly visibility: Readonly<Record<VisibilityField, Visibility>>;
  readonly showToVisitors: boolean;
  readonly inSearch: boolean;
  /** Counted in the map and reports (aggregates only, small counts withheld). */
  readonly inStatistics: boolean;
  readonly pronouns: string | null;
  readonly bio: string | null;
  readonly bioLanguage: string | null;
  readonly avatarCommonsFile: string | null;
  readonly country: string | null;
  readonly timeZone: string | null;
  readonly availability: string | null;
  readonly languages: readonly { code: string; level: string }[];
  readonly wikis: readonly { project: string; language: string }[];
  readonly capacities: Readonly<
    Record<PersonSide, readonly { id: number; level: string | null; note: string | null }[]>
  >;
  readonly exchange: { readonly formats: readonly string[]; readonly modes: readonly string[] };
  readonly contacts: readonly { kind: string; value: string; visibility: Visibility }[];
  readonly affiliations: readonly { organizationId: string; visibility: Visibility }[];
  readonly updatedAt: number;
  /** Hidden by moderators, or its owner suspended or banned: nobody but the owner sees it. */
  readonly withheld?: boolean;
  /** When the owner's account was made: a new account's links in its bio are shown as text. */
  readonly accountCreatedAt?: number;
  /** The year the linked Wikimedia account was registered, if known: the reports' experience buckets. */
  readonly wikimediaRegisteredYear?: number | null;
  /** The range of the linked Wikimedia account's edit count (EDIT_COUNT_BUCKET), if known: the reports' edit buckets. */
  readonly wikimediaEditBucket?: string | null;
}

/** What of a profile a viewer may see; every field they may not see is absent. */
export interface VisibleProfile {
  readonly userId: string;
  readonly handle: string;
  readonly relation: Relation;
  readonly displayName?: string | null;
  readonly wikimediaUsername?: string | null;
  readonly pronouns?: string | null;
  readonly bio?: { readonly source: string; readonly language: string | null } | null;
  readonly avatarCommonsFile?: string | null;
  readonly country?: string | null;
  readonly availability?: { readonly timeZone: string | null; readonly note: string | null };
  readonly languages?: ProfileData['languages'];
  readonly wikis?: ProfileData['wikis'];
  readonly capacities?: ProfileData['capacities'];
  readonly exchange?: ProfileData['exchange'];
  readonly contacts: readonly { kind: string; value: string }[];
  readonly affiliations: readonly string[];
}

/**
 * The single function that decides what of a profile a viewer may see. Pages, the API, exports and
 * (later) search, counts and reports all go through it. Answers undefined when the whole profile is
 * hidden from the viewer: a signed-out visitor, when the owner has not opened it to visitors.
 */
export function visibleProfile(profile: ProfileData, relation: Relation): VisibleProfile | undefined {
  if (relation !== 'owner' && profile.withheld) return undefined;
  if (relation === 'visitor' && !profile.showToVisitors) return undefined;
  const may = (field: VisibilityField) => allows(profile.visibility[field], relation);
  return {
    userId: profile.userId,
    handle: profile.handle,
    relation,
    ...(may('name') ? { displayName: profile.displayName, avatarCommonsFile: profile.avatarCommonsFile } : {}),
    ...(may('username') ? { wikimediaUsername: profile.wikimediaUsername } : {}),
    ...(may('pronouns') ? { pronouns: profile.pronouns } : {}),
    ...(may('bio')
      ? { bio: profile.bio === null ? null : { source: profile.bio, language: profile.bioLanguage } }
      : {}),
    ...(may('country') ? { country: profile.country } : {}),
    ...(may('availability') ? { availability: { timeZone: profile.timeZone, note: profile.availability } } : {}),
    ...(may('languages') ? { languages: profile.languages } : {}),
    ...(may('wikis') ? { wikis: profile.wikis } : {}),
    ...(may('capacities') ? { capacities: profile.capacities } : {}),
    ...(may('exchange') ? { exchange: profile.exchange } : {}),
    contacts: profile.contacts
      .filter((contact) => allows(contact.visibility, relation))
      .map(({ kind, value }) => ({ kind, value })),
    affiliations: profile.affiliations
      .filter((affiliation) => allows(affiliation.visibility, relation))
      .map((affiliation) => affiliation.organizationId),
  };
}
