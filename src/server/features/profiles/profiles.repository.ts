import type { Insertable } from 'kysely';
import type {
  CapacitySide,
  DatabaseSchema,
  Db,
  ProfileCapacityTable,
  ProfileLanguageTable,
  ProfileTable,
  ProfileWikiTable,
  UserTable,
  Visibility,
} from '../../platform/db/schema';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { groupedBy, inOrderAsked, replaceOwnedRows } from '../../platform/db/owned-rows';
import { DEFAULT_VISIBILITY, VISIBILITY_FIELDS, type VisibilityField } from './profile-fields';
import type { ProfileData } from './visibility';
import { isRestricted } from '../../platform/auth/standing';

const splitCodes = (codes: string) => (codes === '' ? [] : codes.split(','));

type VisibilityColumns = { [F in VisibilityField as `${F}_visibility`]: Visibility };

function visibilityColumns(visibility: Partial<Record<VisibilityField, Visibility>>): Partial<VisibilityColumns> {
  return Object.fromEntries(
    Object.entries(visibility).map(([field, value]) => [`${field}_visibility`, value]),
  ) as Partial<VisibilityColumns>;
}

export interface DemoRows {
  readonly user: Insertable<UserTable>;
  readonly profile: Insertable<ProfileTable>;
  readonly languages: Insertable<ProfileLanguageTable>[];
  readonly wikis: Insertable<ProfileWikiTable>[];
  readonly capacities: Insertable<ProfileCapacityTable>[];
}

/** The lists that hang on a profile, each replaced whole when its section is saved (without owner and position). */
export interface ProfileListRows {
  profile_languages: readonly Omit<Insertable<ProfileLanguageTable>, 'user_id' | 'position'>[];
  profile_wikis: readonly Omit<Insertable<ProfileWikiTable>, 'user_id' | 'position'>[];
  profile_capacities: readonly Omit<Insertable<ProfileCapacityTable>, 'user_id' | 'position'>[];
  profile_contacts: readonly Omit<Insertable<DatabaseSchema['profile_contacts']>, 'user_id' | 'position'>[];
  profile_affiliations: readonly Omit<Insertable<DatabaseSchema['profile_affiliations']>, 'user_id' | 'position'>[];
}

/** What saving one section of a profile writes. */
export interface ProfileSection {
  readonly displayName?: string;
  readonly columns?: Partial<
    Pick<
      ProfileTable,
      | 'handle'
      | 'pronouns'
      | 'bio'
      | 'bio_language'
      | 'avatar_commons_file'
      | 'country'
      | 'time_zone'
      | 'availability'
      | 'exchange_formats'
      | 'exchange_modes'
      | 'show_to_visitors'
      | 'in_search'
      | 'in_statistics'
    >
  >;
  readonly visibility?: Partial<Record<VisibilityField, Visibility>>;
  readonly lists?: Partial<ProfileListRows>;
}

export interface CapacityEntry {
  readonly id: number;
  readonly level: string | null;
  readonly note: string | null;
}

/** All SQL for profiles and what hangs on them. */
export function profilesRepository(db: Db) {
  return {
    handleTaken(handle: string, exceptUserId: string) {
      return db
        .selectFrom('profiles')
        .select('user_id')
        .where((eb) => eb(eb.fn('lower', ['handle']), '=', handle.toLowerCase()))
        .where('user_id', '!=', exceptUserId)
        .executeTakeFirst();
    },

    async createDefault(userId: string, handle: string): Promise<void> {
      const now = Date.now();
      await db
        .insertInto('profiles')
        .values({
          user_id: userId,
          handle,
          pronouns: null,
          bio: null,
          bio_language: null,
          avatar_commons_file: null,
          country: null,
          time_zone: null,
          availability: null,
          exchange_formats: '',
          exchange_modes: '',
          show_to_visitors: 0,
          in_search: 1,
          in_statistics: 1,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          ...(visibilityColumns(DEFAULT_VISIBILITY) as VisibilityColumns),
        })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
    },

    /** What names a member to another: the display name with its visibility, and the profile's address (none without a profile). */
    async cards(userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      return db
        .selectFrom('users')
        .leftJoin('profiles', 'profiles.user_id', 'users.id')
        .select([
          'users.id',
          'users.display_name',
          'users.suspended_until',
          'users.banned_at',
          'users.created_at',
          'profiles.handle',
          'profiles.name_visibility',
        ])
        .where('users.id', 'in', [...userIds])
        .execute();
    },

    async demoPeople() {
      return db
        .selectFrom('profiles')
        .innerJoin('users', 'users.id', 'profiles.user_id')
        .select(['profiles.user_id', 'profiles.handle', 'users.display_name'])
        .where('profiles.is_demo', '=', 1)
        .orderBy('profiles.user_id')
        .execute();
    },

    async userIdByHandle(handle: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('profiles')
        .select('user_id')
        .where((eb) => eb(eb.fn('lower', ['handle']), '=', handle.toLowerCase()))
        .executeTakeFirst();
      return row?.user_id;
    },

    /** Everything about one profile, or undefined when the member has none yet. */
    async load(userId: string): Promise<ProfileData | undefined> {
      return (await this.loadMany([userId]))[0];
    },

    /** Everything about several profiles, in a fixed number of queries (bulk indexing); missing ones are left out. */
    /** One member's capacity ids by side and language codes, in their order: what matching reads. */
    async capacitiesAndLanguages(userId: string) {
      const [capacities, languages] = await Promise.all([
        db
          .selectFrom('profile_capacities')
          .select(['capacity_id', 'side'])
          .where('user_id', '=', userId)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('profile_languages')
          .select('language')
          .where('user_id', '=', userId)
          .orderBy('position')
          .execute(),
      ]);
      return { capacities, languages: languages.map((row) => row.language) };
    },

    /** The member's "include me in the statistics" (1 or 0), or undefined without a profile. */
    async statisticsChoice(userId: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('profiles')
        .select('in_statistics')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.in_statistics;
    },

    async loadMany(userIds: readonly string[], lockWith?: SqlDialect): Promise<ProfileData[]> {
      if (userIds.length === 0) return [];
      const ids = [...userIds];
      const query = db
        .selectFrom('profiles')
        .innerJoin('users', 'users.id', 'profiles.user_id')
        .selectAll('profiles')
        .select([
          'users.display_name',
          'users.wikimedia_username',
          'users.suspended_until',
          'users.banned_at',
          'users.created_at as account_created_at',
          'users.wikimedia_registered_year',
          'users.wikimedia_edit_bucket',
        ])
        .where('profiles.user_id', 'in', ids);
      const rows = await (lockWith ? lockWith.lockRowsForUpdate(query, 'profiles') : query).execute();
      if (rows.length === 0) return [];
      inOrderAsked(rows, ids, (row) => row.user_id);
      const [languages, wikis, capacities, contacts, affiliations] = await Promise.all([
        db
          .selectFrom('profile_languages')
          .select(['user_id', 'language', 'level'])
          .where('user_id', 'in', ids)
          .orderBy('user_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('profile_wikis')
          .select(['user_id', 'project', 'language'])
          .where('user_id', 'in', ids)
          .orderBy('user_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('profile_capacities')
          .select(['user_id', 'capacity_id', 'side', 'level', 'note'])
          .where('user_id', 'in', ids)
          .orderBy('user_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('profile_contacts')
          .select(['user_id', 'kind', 'value', 'visibility'])
          .where('user_id', 'in', ids)
          .orderBy('user_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('profile_affiliations')
          .select(['user_id', 'organization_id', 'visibility'])
          .where('user_id', 'in', ids)
          .orderBy('user_id')
          .orderBy('position')
          .execute(),
      ]);
      const languagesOf = groupedBy(languages, 'user_id');
      const wikisOf = groupedBy(wikis, 'user_id');
      const capacitiesOf = groupedBy(capacities, 'user_id');
      const contactsOf = groupedBy(contacts, 'user_id');
      const affiliationsOf = groupedBy(affiliations, 'user_id');
      return rows.map((row) => {
        const userId = row.user_id;
        const own = capacitiesOf(userId);
        const side = (name: CapacitySide) =>
          own
            .filter((entry) => entry.side === name)
            .map((entry) => ({ id: entry.capacity_id, level: entry.level, note: entry.note }));
        return {
          userId,
          handle: row.handle,
          displayName: row.display_name,
          wikimediaUsername: row.wikimedia_username,
          visibility: Object.fromEntries(
            VISIBILITY_FIELDS.map((field) => [field, row[`${field}_visibility`]]),
          ) as Record<VisibilityField, Visibility>,
          showToVisitors: row.show_to_visitors === 1,
          inSearch: row.in_search === 1,
          inStatistics: row.in_statistics === 1,
          pronouns: row.pronouns,
          bio: row.bio,
          bioLanguage: row.bio_language,
          avatarCommonsFile: row.avatar_commons_file,
          country: row.country,
          timeZone: row.time_zone,
          availability: row.availability,
          languages: languagesOf(userId).map((entry) => ({ code: entry.language, level: entry.level })),
          wikis: wikisOf(userId),
          capacities: { knows: side('knows'), shares: side('shares'), learns: side('learns') },
          exchange: { formats: splitCodes(row.exchange_formats), modes: splitCodes(row.exchange_modes) },
          contacts: contactsOf(userId),
          affiliations: affiliationsOf(userId).map((entry) => ({
            organizationId: entry.organization_id,
            visibility: entry.visibility,
          })),
          updatedAt: row.updated_at,
          withheld: row.hidden_at !== null || isRestricted(row),
          accountCreatedAt: row.account_created_at,
          wikimediaRegisteredYear: row.wikimedia_registered_year,
          wikimediaEditBucket: row.wikimedia_edit_bucket,
        };
      });
    },

    async setHidden(userId: string, hiddenAt: number | null): Promise<void> {
      await db.updateTable('profiles').set({ hidden_at: hiddenAt }).where('user_id', '=', userId).execute();
    },

    /** Locks a member's profile row until the transaction ends, as a save does, without reading it. */
    async lock(dialect: SqlDialect, userId: string): Promise<void> {
      await dialect
        .lockRowsForUpdate(db.selectFrom('profiles').select('user_id').where('user_id', '=', userId))
        .execute();
    },

    /**
     * Locks a member's profile row until the transaction ends and reads the profile: a step of every
     * section save, so two saves of one profile take turns.
     */
    async lockAndLoad(dialect: SqlDialect, userId: string): Promise<ProfileData | undefined> {
      return (await this.loadMany([userId], dialect))[0];
    },

    /**
     * Writes one saved section: columns of the profile row (its `updated_at` always), the account's
     * display name when given, and any lists replaced whole. The caller holds the transaction and
     * the lock (see `lockAndLoad`), so the delete-then-insert of a list cannot race another save.
     */
    async writeSection(userId: string, section: ProfileSection, now: number): Promise<void> {
      if (section.displayName !== undefined) {
        await db
          .updateTable('users')
          .set({ display_name: section.displayName, updated_at: now })
          .where('id', '=', userId)
          .execute();
      }
      await db
        .updateTable('profiles')
        .set({ ...section.columns, ...visibilityColumns(section.visibility ?? {}), updated_at: now })
        .where('user_id', '=', userId)
        .execute();
      const {
        profile_languages: languages,
        profile_wikis: wikis,
        profile_capacities: capacities,
        profile_contacts: contacts,
        profile_affiliations: affiliations,
      } = section.lists ?? {};
      const owner = { column: 'user_id', id: userId } as const;
      const owned = <R extends object>(rows: readonly R[]) =>
        rows.map((row, position) => ({ ...row, user_id: userId, position }));
      if (languages) await replaceOwnedRows(db, 'profile_languages', owner, owned(languages));
      if (wikis) await replaceOwnedRows(db, 'profile_wikis', owner, owned(wikis));
      if (capacities) await replaceOwnedRows(db, 'profile_capacities', owner, owned(capacities));
      if (contacts) await replaceOwnedRows(db, 'profile_contacts', owner, owned(contacts));
      if (affiliations) await replaceOwnedRows(db, 'profile_affiliations', owner, owned(affiliations));
    },

    /** Members who say they belong to an organization (visibility is for the caller to apply). */
    async affiliatedUserIds(organizationId: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('profile_affiliations')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .limit(limit)
        .execute();
      return rows.map((row) => row.user_id);
    },

    async removeAffiliation(userId: string, organizationId: string): Promise<number> {
      const result = await db
        .deleteFrom('profile_affiliations')
        .where('user_id', '=', userId)
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    // Search: which profiles need their documents (re)built

    /** Profiles that may be found and have no search document. */
    async withoutSearchDocuments(): Promise<string[]> {
      const indexed = db.selectFrom('search_documents').select('entity_id').where('entity_type', '=', 'person');
      const rows = await db
        .selectFrom('profiles')
        .innerJoin('users', 'users.id', 'profiles.user_id')
        .select('profiles.user_id')
        .where('profiles.in_search', '=', 1)
        .where('users.display_name', 'is not', null)
        .where('profiles.user_id', 'not in', indexed)
        .execute();
      return rows.map((row) => row.user_id);
    },

    /** Profiles whose documents are of another version of the profile, or exist while it is out of search. */
    async withStaleSearchDocuments(): Promise<string[]> {
      const rows = await db
        .selectFrom('search_documents as d')
        .innerJoin('profiles as p', 'p.user_id', 'd.entity_id')
        .select('p.user_id')
        .distinct()
        .where('d.entity_type', '=', 'person')
        .where((eb) => eb.or([eb('d.updated_at', '!=', eb.ref('p.updated_at')), eb('p.in_search', '=', 0)]))
        .execute();
      return rows.map((row) => row.user_id);
    },

    // Demo data

    async countDemoProfiles(): Promise<number> {
      const row = await db
        .selectFrom('profiles')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('is_demo', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Inserts many generated people; the caller holds the transaction (it adds their search documents). */
    async insertDemoPeople(dialect: SqlDialect, people: readonly DemoRows[]): Promise<void> {
      await dialect.insertRows(
        db,
        'users',
        people.map((person) => person.user),
      );
      await dialect.insertRows(
        db,
        'profiles',
        people.map((person) => person.profile),
      );
      await dialect.insertRows(
        db,
        'profile_languages',
        people.flatMap((person) => person.languages),
      );
      await dialect.insertRows(
        db,
        'profile_wikis',
        people.flatMap((person) => person.wikis),
      );
      await dialect.insertRows(
        db,
        'profile_capacities',
        people.flatMap((person) => person.capacities),
      );
    },

    // Visit counter

    async markView(profileUserId: string, day: number, viewerHash: string): Promise<void> {
      await db
        .insertInto('profile_view_marks')
        .values({ profile_user_id: profileUserId, day, viewer_hash: viewerHash })
        .onConflict((oc) => oc.columns(['profile_user_id', 'day', 'viewer_hash']).doNothing())
        .execute();
    },

    async forgetViewsBefore(day: number): Promise<void> {
      await db.deleteFrom('profile_view_marks').where('day', '<', day).execute();
    },

    async visitsPerDay(sinceDay: number) {
      return db
        .selectFrom('profile_view_marks')
        .select(['day', (eb) => eb.fn.countAll<number>().as('visits')])
        .where('day', '>=', sinceDay)
        .groupBy('day')
        .execute();
    },

    async viewsPerDay(profileUserId: string, sinceDay: number) {
      return db
        .selectFrom('profile_view_marks')
        .select(['day', (eb) => eb.fn.countAll<number>().as('views')])
        .where('profile_user_id', '=', profileUserId)
        .where('day', '>=', sinceDay)
        .groupBy('day')
        .execute();
    },
  };
}

export type ProfilesRepository = ReturnType<typeof profilesRepository>;
