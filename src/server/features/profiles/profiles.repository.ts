import type { Insertable } from 'kysely';
import type {
  CapacitySide, Db, ProfileCapacityTable, ProfileLanguageTable, ProfileTable, ProfileWikiTable, UserTable, Visibility,
} from '../../platform/db/schema';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { DEFAULT_VISIBILITY, VISIBILITY_FIELDS, type VisibilityField } from './profile-fields';
import type { ProfileData } from './visibility';

const splitCodes = (codes: string) => (codes === '' ? [] : codes.split(','));

type VisibilityColumns = { [F in VisibilityField as `${F}_visibility`]: Visibility };

function visibilityColumns(visibility: Partial<Record<VisibilityField, Visibility>>): Partial<VisibilityColumns> {
  return Object.fromEntries(Object.entries(visibility).map(([field, value]) => [`${field}_visibility`, value])) as Partial<VisibilityColumns>;
}

export interface DemoRows {
  readonly user: Insertable<UserTable>;
  readonly profile: Insertable<ProfileTable>;
  readonly languages: Insertable<ProfileLanguageTable>[];
  readonly wikis: Insertable<ProfileWikiTable>[];
  readonly capacities: Insertable<ProfileCapacityTable>[];
}

export interface CapacityEntry { readonly id: number; readonly level: string | null; readonly note: string | null }

/** All SQL for profiles and what hangs on them. */
export function profilesRepository(db: Db) {
  return {
    handleTaken(handle: string, exceptUserId: string) {
      return db.selectFrom('profiles').select('user_id')
        .where((eb) => eb(eb.fn('lower', ['handle']), '=', handle.toLowerCase()))
        .where('user_id', '!=', exceptUserId)
        .executeTakeFirst();
    },

    async createDefault(userId: string, handle: string): Promise<void> {
      const now = Date.now();
      await db.insertInto('profiles').values({
        user_id: userId, handle, pronouns: null, bio: null, bio_language: null, avatar_commons_file: null,
        country: null, time_zone: null, availability: null, exchange_formats: '', exchange_modes: '',
        show_to_visitors: 0, in_search: 1, is_demo: 0, created_at: now, updated_at: now,
        ...(visibilityColumns(DEFAULT_VISIBILITY) as VisibilityColumns),
      }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
    },

    async userIdByHandle(handle: string): Promise<string | undefined> {
      const row = await db.selectFrom('profiles').select('user_id')
        .where((eb) => eb(eb.fn('lower', ['handle']), '=', handle.toLowerCase())).executeTakeFirst();
      return row?.user_id;
    },

    /** Everything about one profile, or undefined when the member has none yet. */
    async load(userId: string): Promise<ProfileData | undefined> {
      return (await this.loadMany([userId]))[0];
    },

    /** Everything about several profiles, in a fixed number of queries (bulk indexing); missing ones are left out. */
    async loadMany(userIds: readonly string[]): Promise<ProfileData[]> {
      if (userIds.length === 0) return [];
      const ids = [...userIds];
      const rows = await db.selectFrom('profiles')
        .innerJoin('users', 'users.id', 'profiles.user_id')
        .selectAll('profiles')
        .select(['users.display_name', 'users.wikimedia_username'])
        .where('profiles.user_id', 'in', ids)
        .execute();
      if (rows.length === 0) return [];
      const [languages, wikis, capacities, contacts, affiliations] = await Promise.all([
        db.selectFrom('profile_languages').select(['user_id', 'language', 'level']).where('user_id', 'in', ids).orderBy('user_id').orderBy('position').execute(),
        db.selectFrom('profile_wikis').select(['user_id', 'project', 'language']).where('user_id', 'in', ids).orderBy('user_id').orderBy('position').execute(),
        db.selectFrom('profile_capacities').select(['user_id', 'capacity_id', 'side', 'level', 'note']).where('user_id', 'in', ids).orderBy('user_id').orderBy('position').execute(),
        db.selectFrom('profile_contacts').select(['user_id', 'kind', 'value', 'visibility']).where('user_id', 'in', ids).orderBy('user_id').orderBy('position').execute(),
        db.selectFrom('profile_affiliations').select(['user_id', 'organization_id', 'visibility']).where('user_id', 'in', ids).orderBy('user_id').orderBy('position').execute(),
      ]);
      const byUser = <T extends { user_id: string }>(list: T[]) => {
        const grouped = new Map<string, Omit<T, 'user_id'>[]>();
        for (const { user_id: owner, ...rest } of list) {
          const entries = grouped.get(owner);
          if (entries) entries.push(rest);
          else grouped.set(owner, [rest]);
        }
        return (userId: string) => grouped.get(userId) ?? [];
      };
      const [languagesOf, wikisOf, capacitiesOf, contactsOf, affiliationsOf] = [byUser(languages), byUser(wikis), byUser(capacities), byUser(contacts), byUser(affiliations)];
      return rows.map((row) => {
        const userId = row.user_id;
        const own = capacitiesOf(userId);
        const side = (name: CapacitySide) => own.filter((entry) => entry.side === name).map((entry) => ({ id: entry.capacity_id, level: entry.level, note: entry.note }));
        return {
          userId,
          handle: row.handle,
          displayName: row.display_name,
          wikimediaUsername: row.wikimedia_username,
          visibility: Object.fromEntries(VISIBILITY_FIELDS.map((field) => [field, row[`${field}_visibility`]])) as Record<VisibilityField, Visibility>,
          showToVisitors: row.show_to_visitors === 1,
          inSearch: row.in_search === 1,
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
          affiliations: affiliationsOf(userId).map((entry) => ({ organizationId: entry.organization_id, visibility: entry.visibility })),
          updatedAt: row.updated_at,
        };
      });
    },

    async updateAbout(userId: string, about: { displayName: string; handle: string; pronouns: string | null; bio: string | null; bioLanguage: string | null; avatarCommonsFile: string | null; visibility: { name: Visibility; username: Visibility; pronouns: Visibility; bio: Visibility } }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ display_name: about.displayName, updated_at: Date.now() }).where('id', '=', userId).execute();
        await trx.updateTable('profiles').set({
          handle: about.handle, pronouns: about.pronouns, bio: about.bio, bio_language: about.bioLanguage,
          avatar_commons_file: about.avatarCommonsFile, updated_at: Date.now(), ...visibilityColumns(about.visibility),
        }).where('user_id', '=', userId).execute();
      });
    },

    async updateLocation(userId: string, location: { country: string | null; timeZone: string | null; availability: string | null; visibility: { country: Visibility; availability: Visibility } }): Promise<void> {
      await db.updateTable('profiles').set({
        country: location.country, time_zone: location.timeZone, availability: location.availability,
        updated_at: Date.now(), ...visibilityColumns(location.visibility),
      }).where('user_id', '=', userId).execute();
    },

    async updateExchange(userId: string, exchange: { formats: readonly string[]; modes: readonly string[]; visibility: Visibility }): Promise<void> {
      await db.updateTable('profiles').set({
        exchange_formats: exchange.formats.join(','), exchange_modes: exchange.modes.join(','),
        exchange_visibility: exchange.visibility, updated_at: Date.now(),
      }).where('user_id', '=', userId).execute();
    },

    async updateSettings(userId: string, settings: { showToVisitors: boolean; inSearch: boolean }): Promise<void> {
      await db.updateTable('profiles').set({
        show_to_visitors: settings.showToVisitors ? 1 : 0, in_search: settings.inSearch ? 1 : 0, updated_at: Date.now(),
      }).where('user_id', '=', userId).execute();
    },

    /** Replaces the member's languages, in one transaction with their visibility. */
    async replaceLanguages(userId: string, languages: readonly { code: string; level: string }[], visibility: Visibility): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('profile_languages').where('user_id', '=', userId).execute();
        if (languages.length > 0) {
          await trx.insertInto('profile_languages').values(languages.map((entry, position) => ({ user_id: userId, language: entry.code, level: entry.level, position }))).execute();
        }
        await trx.updateTable('profiles').set({ languages_visibility: visibility, updated_at: Date.now() }).where('user_id', '=', userId).execute();
      });
    },

    async replaceWikis(userId: string, wikis: readonly { project: string; language: string }[], visibility: Visibility): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('profile_wikis').where('user_id', '=', userId).execute();
        if (wikis.length > 0) {
          await trx.insertInto('profile_wikis').values(wikis.map((entry, position) => ({ user_id: userId, project: entry.project, language: entry.language, position }))).execute();
        }
        await trx.updateTable('profiles').set({ wikis_visibility: visibility, updated_at: Date.now() }).where('user_id', '=', userId).execute();
      });
    },

    async replaceCapacities(userId: string, lists: Record<CapacitySide, readonly CapacityEntry[]>, visibility: Visibility): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('profile_capacities').where('user_id', '=', userId).execute();
        const rows = (Object.entries(lists) as [CapacitySide, readonly CapacityEntry[]][]).flatMap(([side, entries]) =>
          entries.map((entry, position) => ({ user_id: userId, capacity_id: entry.id, side, level: entry.level, note: entry.note, position })));
        if (rows.length > 0) await trx.insertInto('profile_capacities').values(rows).execute();
        await trx.updateTable('profiles').set({ capacities_visibility: visibility, updated_at: Date.now() }).where('user_id', '=', userId).execute();
      });
    },

    async replaceContacts(userId: string, contacts: readonly { kind: string; value: string; visibility: Visibility }[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('profile_contacts').where('user_id', '=', userId).execute();
        if (contacts.length > 0) {
          await trx.insertInto('profile_contacts').values(contacts.map((contact, position) => ({ user_id: userId, position, ...contact }))).execute();
        }
        await trx.updateTable('profiles').set({ updated_at: Date.now() }).where('user_id', '=', userId).execute();
      });
    },

    async replaceAffiliations(userId: string, affiliations: readonly { organizationId: string; visibility: Visibility }[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('profile_affiliations').where('user_id', '=', userId).execute();
        if (affiliations.length > 0) {
          await trx.insertInto('profile_affiliations').values(affiliations.map((entry, position) => ({
            user_id: userId, organization_id: entry.organizationId, visibility: entry.visibility, position,
          }))).execute();
        }
        await trx.updateTable('profiles').set({ updated_at: Date.now() }).where('user_id', '=', userId).execute();
      });
    },

    /** Members who say they belong to an organization (visibility is for the caller to apply). */
    async affiliatedUserIds(organizationId: string, limit: number): Promise<string[]> {
      const rows = await db.selectFrom('profile_affiliations').select('user_id').where('organization_id', '=', organizationId).limit(limit).execute();
      return rows.map((row) => row.user_id);
    },

    async removeAffiliation(userId: string, organizationId: string): Promise<number> {
      const result = await db.deleteFrom('profile_affiliations').where('user_id', '=', userId).where('organization_id', '=', organizationId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    existingCodes(table: 'languages' | 'countries' | 'wikimedia_projects', codes: readonly string[]) {
      if (codes.length === 0) return Promise.resolve(new Set<string>());
      const column = table === 'wikimedia_projects' ? 'id' : 'code';
      return db.selectFrom(table).select(`${column} as code` as 'code').where(column as 'code', 'in', [...codes]).execute()
        .then((rows) => new Set(rows.map((row) => (row as { code: string }).code)));
    },

    async existingCapacityIds(ids: readonly number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('capacities').select('id').where('id', 'in', [...ids]).execute();
      return new Set(rows.map((row) => row.id));
    },

    // Demo data

    async countDemoProfiles(): Promise<number> {
      const row = await db.selectFrom('profiles').select((eb) => eb.fn.countAll<number>().as('count')).where('is_demo', '=', 1).executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Inserts many generated people; the caller holds the transaction (it adds their search documents). */
    async insertDemoPeople(dialect: SqlDialect, people: readonly DemoRows[]): Promise<void> {
      await dialect.insertRows(db, 'users', people.map((person) => person.user));
      await dialect.insertRows(db, 'profiles', people.map((person) => person.profile));
      await dialect.insertRows(db, 'profile_languages', people.flatMap((person) => person.languages));
      await dialect.insertRows(db, 'profile_wikis', people.flatMap((person) => person.wikis));
      await dialect.insertRows(db, 'profile_capacities', people.flatMap((person) => person.capacities));
    },

    // Visit counter

    async markView(profileUserId: string, day: number, viewerHash: string): Promise<void> {
      await db.insertInto('profile_view_marks').values({ profile_user_id: profileUserId, day, viewer_hash: viewerHash })
        .onConflict((oc) => oc.columns(['profile_user_id', 'day', 'viewer_hash']).doNothing()).execute();
    },

    async forgetViewsBefore(day: number): Promise<void> {
      await db.deleteFrom('profile_view_marks').where('day', '<', day).execute();
    },

    async viewsPerDay(profileUserId: string, sinceDay: number) {
      return db.selectFrom('profile_view_marks').select(['day', (eb) => eb.fn.countAll<number>().as('views')])
        .where('profile_user_id', '=', profileUserId).where('day', '>=', sinceDay).groupBy('day').execute();
    },
  };
}

export type ProfilesRepository = ReturnType<typeof profilesRepository>;
