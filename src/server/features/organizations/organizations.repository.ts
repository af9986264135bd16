import { randomUUID } from 'node:crypto';
import { ORGANIZATION_SIDE, type OrganizationSide } from '../../../shared/vocabulary';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { groupedBy, inOrderAsked, replaceOwnedRows } from '../../platform/db/owned-rows';
import type { Db, OrganizationTable, OrganizationType, Visibility } from '../../platform/db/schema';
import { isRestricted } from '../../platform/auth/standing';

export interface OrganizationData {
  readonly id: string;
  readonly slug: string;
  readonly acronym: string | null;
  readonly type: OrganizationType;
  readonly active: boolean;
  readonly website: string | null;
  readonly metaPage: string | null;
  readonly wikidataQid: string | null;
  readonly logoCommonsFile: string | null;
  readonly names: readonly { language: string; name: string }[];
  readonly descriptions: readonly { language: string; body: string }[];
  readonly countries: readonly string[];
  readonly languages: readonly string[];
  readonly capacities: Record<OrganizationSide, readonly { id: number; note: string | null }[]>;
  readonly managerIds: readonly string[];
  readonly contacts: readonly { kind: string; value: string; visibility: Visibility }[];
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Hidden by moderators, or every manager suspended or banned: only its managers (and admins) see it. */
  readonly withheld?: boolean;
}

/** What saving one section of an organization writes. */
export interface OrganizationSection {
  readonly row?: Partial<
    Pick<
      OrganizationTable,
      'acronym' | 'type' | 'active' | 'website' | 'meta_page' | 'wikidata_qid' | 'logo_commons_file'
    >
  >;
  readonly lists?: {
    readonly names?: readonly { language: string; name: string }[];
    readonly descriptions?: readonly { language: string; body: string }[];
    readonly countries?: readonly string[];
    readonly languages?: readonly string[];
    readonly contacts?: readonly { kind: string; value: string; visibility: Visibility }[];
    readonly capacities?: Record<OrganizationSide, readonly { id: number; note: string | null }[]>;
  };
}

export interface DirectoryFilters {
  readonly types: readonly string[];
  readonly countries: readonly string[];
  readonly languages: readonly string[];
  readonly capacityIds: readonly number[];
  readonly side: OrganizationSide | undefined;
  readonly text: string;
}

/** All SQL for organizations, their managers, requests to manage and audit records. */
export function organizationsRepository(db: Db) {
  return {
    async load(id: string): Promise<OrganizationData | undefined> {
      return (await this.loadMany([id]))[0];
    },

    /**
     * Several organizations in a fixed number of queries; unknown ids are left out. With `lockWith`,
     * their rows stay locked until the transaction ends (the first step of a section save).
     */
    async loadMany(organizationIds: readonly string[], lockWith?: SqlDialect): Promise<OrganizationData[]> {
      if (organizationIds.length === 0) return [];
      const ids = [...organizationIds];
      const query = db.selectFrom('organizations').selectAll().where('id', 'in', ids);
      const rows = await (lockWith ? lockWith.lockRowsForUpdate(query) : query).execute();
      if (rows.length === 0) return [];
      inOrderAsked(rows, ids, (row) => row.id);
      const [names, descriptions, countries, languages, capacities, managers, contacts] = await Promise.all([
        db
          .selectFrom('organization_names')
          .select(['organization_id', 'language', 'name'])
          .where('organization_id', 'in', ids)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('organization_descriptions')
          .select(['organization_id', 'language', 'body'])
          .where('organization_id', 'in', ids)
          .orderBy('language')
          .execute(),
        db
          .selectFrom('organization_countries')
          .select(['organization_id', 'country'])
          .where('organization_id', 'in', ids)
          .orderBy('country')
          .execute(),
        db
          .selectFrom('organization_languages')
          .select(['organization_id', 'language'])
          .where('organization_id', 'in', ids)
          .orderBy('language')
          .execute(),
        db
          .selectFrom('organization_capacities')
          .select(['organization_id', 'capacity_id', 'side', 'note'])
          .where('organization_id', 'in', ids)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('organization_managers')
          .innerJoin('users', 'users.id', 'organization_managers.user_id')
          .select(['organization_id', 'user_id', 'users.suspended_until', 'users.banned_at'])
          .where('organization_id', 'in', ids)
          .orderBy('added_at')
          .execute(),
        db
          .selectFrom('organization_contacts')
          .select(['organization_id', 'kind', 'value', 'visibility'])
          .where('organization_id', 'in', ids)
          .orderBy('position')
          .execute(),
      ]);
      const namesOf = groupedBy(names, 'organization_id');
      const descriptionsOf = groupedBy(descriptions, 'organization_id');
      const countriesOf = groupedBy(countries, 'organization_id');
      const languagesOf = groupedBy(languages, 'organization_id');
      const capacitiesOf = groupedBy(capacities, 'organization_id');
      const managersOf = groupedBy(managers, 'organization_id');
      const contactsOf = groupedBy(contacts, 'organization_id');
      return rows.map((row) => {
        const own = capacitiesOf(row.id);
        const side = (name: OrganizationSide) =>
          own.filter((entry) => entry.side === name).map((entry) => ({ id: entry.capacity_id, note: entry.note }));
        return {
          id: row.id,
          slug: row.slug,
          acronym: row.acronym,
          type: row.type,
          active: row.active === 1,
          website: row.website,
          metaPage: row.meta_page,
          wikidataQid: row.wikidata_qid,
          logoCommonsFile: row.logo_commons_file,
          names: namesOf(row.id),
          descriptions: descriptionsOf(row.id),
          countries: countriesOf(row.id).map((entry) => entry.country),
          languages: languagesOf(row.id).map((entry) => entry.language),
          capacities: { offers: side('offers'), needs: side('needs') },
          managerIds: managersOf(row.id).map((entry) => entry.user_id),
          contacts: contactsOf(row.id),
          createdAt: row.created_at,
          updatedAt: row.updated_at,
          withheld:
            row.hidden_at !== null ||
            (managersOf(row.id).length > 0 && managersOf(row.id).every((entry) => isRestricted(entry))),
        };
      });
    },

    /** Organizations without a search document. */
    async withoutSearchDocuments(): Promise<string[]> {
      const indexed = db.selectFrom('search_documents').select('entity_id').where('entity_type', '=', 'organization');
      // Hidden organizations have no documents: they are not missing any.
      const rows = await db
        .selectFrom('organizations')
        .select('id')
        .where('hidden_at', 'is', null)
        .where('id', 'not in', indexed)
        .execute();
      return rows.map((row) => row.id);
    },

    /** Organizations whose documents are of another version of them. */
    async withStaleSearchDocuments(): Promise<string[]> {
      const rows = await db
        .selectFrom('search_documents as d')
        .innerJoin('organizations as o', 'o.id', 'd.entity_id')
        .select('o.id')
        .distinct()
        .where('d.entity_type', '=', 'organization')
        .where((eb) => eb('d.updated_at', '!=', eb.ref('o.updated_at')))
        .execute();
      return rows.map((row) => row.id);
    },

    /** Every organization's names and acronym, to look for ones resembling a new name. */
    allNames() {
      return db
        .selectFrom('organizations as o')
        .innerJoin('organization_names as n', 'n.organization_id', 'o.id')
        .select(['o.id', 'o.slug', 'o.acronym', 'n.name', 'n.position'])
        .execute();
    },

    /** Creates an organization with its first manager; the caller holds the transaction. */
    async create(entry: {
      slug: string;
      acronym: string | null;
      type: OrganizationType;
      names: readonly { language: string; name: string }[];
      creatorId: string;
    }): Promise<string> {
      const id = randomUUID();
      const now = Date.now();
      await db
        .insertInto('organizations')
        .values({
          id,
          slug: entry.slug,
          acronym: entry.acronym,
          type: entry.type,
          active: 1,
          website: null,
          meta_page: null,
          wikidata_qid: null,
          logo_commons_file: null,
          import_key: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('organization_names')
        .values(entry.names.map((name, position) => ({ organization_id: id, ...name, position })))
        .execute();
      await db
        .insertInto('organization_managers')
        .values({ organization_id: id, user_id: entry.creatorId, added_at: now })
        .execute();
      return id;
    },

    /** Demo organizations are marked by their import key, `demo:<number>`. */
    async countDemoOrganizations(): Promise<number> {
      const row = await db
        .selectFrom('organizations')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('import_key', 'like', 'demo:%')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Inserts generated organizations, unclaimed, in one transaction. */
    async insertDemoOrganizations(
      dialect: SqlDialect,
      entries: readonly {
        number: number;
        name: string;
        type: OrganizationType;
        description: string;
        countries: string[];
        languages: string[];
        offers: number[];
        needs: number[];
      }[],
    ): Promise<void> {
      const now = Date.now();
      const rows = entries.map((entry) => ({ id: randomUUID(), ...entry }));
      await db.transaction().execute(async (trx) => {
        await dialect.insertRows(
          trx,
          'organizations',
          rows.map((row) => ({
            id: row.id,
            slug: `demo-organization-${row.number}`,
            acronym: null,
            type: row.type,
            active: 1,
            website: null,
            meta_page: null,
            wikidata_qid: null,
            logo_commons_file: null,
            import_key: `demo:${row.number}`,
            created_at: now,
            updated_at: now,
          })),
        );
        await dialect.insertRows(
          trx,
          'organization_names',
          rows.map((row) => ({ organization_id: row.id, language: 'en', name: row.name, position: 0 })),
        );
        await dialect.insertRows(
          trx,
          'organization_descriptions',
          rows.map((row) => ({ organization_id: row.id, language: 'en', body: row.description })),
        );
        await dialect.insertRows(
          trx,
          'organization_countries',
          rows.flatMap((row) => row.countries.map((country) => ({ organization_id: row.id, country }))),
        );
        await dialect.insertRows(
          trx,
          'organization_languages',
          rows.flatMap((row) => row.languages.map((language) => ({ organization_id: row.id, language }))),
        );
        await dialect.insertRows(
          trx,
          'organization_capacities',
          rows.flatMap((row) => [
            ...row.offers.map((capacityId, position) => ({
              organization_id: row.id,
              capacity_id: capacityId,
              side: 'offers' as const,
              note: null,
              position,
            })),
            ...row.needs.map((capacityId, position) => ({
              organization_id: row.id,
              capacity_id: capacityId,
              side: 'needs' as const,
              note: null,
              position,
            })),
          ]),
        );
      });
    },

    /** Slug and main name of each organization, for lists on other pages. */
    summaries(ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('organizations as o')
        .innerJoin('organization_names as n', (join) =>
          join.onRef('n.organization_id', '=', 'o.id').on('n.position', '=', 0),
        )
        .select(['o.id', 'o.slug', 'n.name'])
        .where('o.id', 'in', [...ids])
        .execute();
    },

    /** Ids of the organizations at these addresses; unknown addresses are left out. */
    async idsBySlugs(slugs: readonly string[]): Promise<Map<string, string>> {
      if (slugs.length === 0) return new Map();
      const rows = await db
        .selectFrom('organizations')
        .select(['id', 'slug'])
        .where('slug', 'in', [...slugs])
        .execute();
      return new Map(rows.map((row) => [row.slug, row.id]));
    },

    async managerIds(organizationId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('organization_managers')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .execute();
      return rows.map((row) => row.user_id);
    },

    async managedOrganizationIds(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('organization_managers')
        .select('organization_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((row) => row.organization_id);
    },

    async idBySlug(slug: string): Promise<string | undefined> {
      return (await db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },

    acronymOwner(acronym: string) {
      return db
        .selectFrom('organizations')
        .select('id')
        .where((eb) => eb(eb.fn('upper', ['acronym']), '=', acronym.toUpperCase()))
        .executeTakeFirst();
    },

    slugTaken(slug: string) {
      return db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst();
    },

    async setHidden(id: string, hiddenAt: number | null): Promise<void> {
      await db.updateTable('organizations').set({ hidden_at: hiddenAt }).where('id', '=', id).execute();
    },

    /** One page of the directory, newest changes last, with the main name and counts for the cards. */
    async directory(filters: DirectoryFilters, limit: number, offset: number) {
      let query = db
        .selectFrom('organizations as o')
        .innerJoin('organization_names as n', (join) =>
          join.onRef('n.organization_id', '=', 'o.id').on('n.position', '=', 0),
        )
        .select(['o.id', 'o.slug', 'o.acronym', 'o.type', 'o.active', 'n.name'])
        .where('o.hidden_at', 'is', null)
        // Run only by suspended or banned members: out of view with them.
        .where((eb) =>
          eb.or([
            eb.not(
              eb.exists(
                eb
                  .selectFrom('organization_managers as m')
                  .select('m.user_id')
                  .whereRef('m.organization_id', '=', 'o.id'),
              ),
            ),
            eb.exists(
              eb
                .selectFrom('organization_managers as m')
                .innerJoin('users as u', 'u.id', 'm.user_id')
                .select('m.user_id')
                .whereRef('m.organization_id', '=', 'o.id')
                .where('u.banned_at', 'is', null)
                .where((inner) =>
                  inner.or([inner('u.suspended_until', 'is', null), inner('u.suspended_until', '<=', Date.now())]),
                ),
            ),
          ]),
        );
      if (filters.types.length > 0) query = query.where('o.type', 'in', [...filters.types] as OrganizationType[]);
      if (filters.countries.length > 0) {
        query = query.where('o.id', 'in', (eb) =>
          eb
            .selectFrom('organization_countries')
            .select('organization_id')
            .where('country', 'in', [...filters.countries]),
        );
      }
      if (filters.languages.length > 0) {
        query = query.where('o.id', 'in', (eb) =>
          eb
            .selectFrom('organization_languages')
            .select('organization_id')
            .where('language', 'in', [...filters.languages]),
        );
      }
      if (filters.capacityIds.length > 0) {
        query = query.where('o.id', 'in', (eb) => {
          let sub = eb
            .selectFrom('organization_capacities')
            .select('organization_id')
            .where('capacity_id', 'in', [...filters.capacityIds]);
          if (filters.side) sub = sub.where('side', '=', filters.side);
          return sub;
        });
      }
      if (filters.text !== '') {
        const pattern = `%${filters.text.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
        query = query.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['o.acronym']), 'like', pattern),
            eb(
              'o.id',
              'in',
              eb
                .selectFrom('organization_names')
                .select('organization_id')
                .where((inner) => inner(inner.fn('lower', ['name']), 'like', pattern)),
            ),
          ]),
        );
      }
      return query.orderBy('n.name').orderBy('o.id').limit(limit).offset(offset).execute();
    },

    /**
     * Creates or, when `importKey` is known, updates an organization with a single name; answers
     * whether it was new. The caller holds the transaction (it indexes the organization in it too).
     */
    async upsertImported(entry: {
      importKey: string;
      slug: string;
      name: string;
      acronym: string;
      type: OrganizationType;
    }): Promise<{ id: string; outcome: 'created' | 'updated' }> {
      const existing = await db
        .selectFrom('organizations')
        .select('id')
        .where('import_key', '=', entry.importKey)
        .executeTakeFirst();
      const now = Date.now();
      if (existing) {
        await db
          .updateTable('organizations')
          .set({ acronym: entry.acronym, type: entry.type, updated_at: now })
          .where('id', '=', existing.id)
          .execute();
        await db
          .insertInto('organization_names')
          .values({ organization_id: existing.id, language: 'en', name: entry.name, position: 0 })
          .onConflict((oc) => oc.columns(['organization_id', 'language']).doUpdateSet({ name: entry.name }))
          .execute();
        return { id: existing.id, outcome: 'updated' };
      }
      const id = randomUUID();
      await db
        .insertInto('organizations')
        .values({
          id,
          slug: entry.slug,
          acronym: entry.acronym,
          type: entry.type,
          active: 1,
          website: null,
          meta_page: null,
          wikidata_qid: null,
          logo_commons_file: null,
          import_key: entry.importKey,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('organization_names')
        .values({ organization_id: id, language: 'en', name: entry.name, position: 0 })
        .execute();
      return { id, outcome: 'created' };
    },

    /**
     * Writes a saved section of an organization: columns of its row (its `updated_at` always) and any
     * lists replaced whole. The caller holds the transaction and the lock (`loadMany` with `lockWith`).
     */
    async writeSection(id: string, section: OrganizationSection, now: number): Promise<void> {
      await db
        .updateTable('organizations')
        .set({ ...section.row, updated_at: now })
        .where('id', '=', id)
        .execute();
      const { names, descriptions, countries, languages, contacts, capacities } = section.lists ?? {};
      const owner = { column: 'organization_id', id } as const;
      if (names)
        await replaceOwnedRows(
          db,
          'organization_names',
          owner,
          names.map((entry, position) => ({ organization_id: id, ...entry, position })),
        );
      if (descriptions)
        await replaceOwnedRows(
          db,
          'organization_descriptions',
          owner,
          descriptions.map((entry) => ({ organization_id: id, ...entry })),
        );
      if (countries)
        await replaceOwnedRows(
          db,
          'organization_countries',
          owner,
          countries.map((country) => ({ organization_id: id, country })),
        );
      if (languages)
        await replaceOwnedRows(
          db,
          'organization_languages',
          owner,
          languages.map((language) => ({ organization_id: id, language })),
        );
      if (contacts)
        await replaceOwnedRows(
          db,
          'organization_contacts',
          owner,
          contacts.map((contact, position) => ({ organization_id: id, position, ...contact })),
        );
      if (capacities) {
        await replaceOwnedRows(
          db,
          'organization_capacities',
          owner,
          ORGANIZATION_SIDE.values.flatMap((side) =>
            capacities[side].map((entry, position) => ({
              organization_id: id,
              capacity_id: entry.id,
              side,
              note: entry.note,
              position,
            })),
          ),
        );
      }
    },

    // Managers and requests

    async addManager(organizationId: string, userId: string): Promise<void> {
      await db
        .insertInto('organization_managers')
        .values({ organization_id: organizationId, user_id: userId, added_at: Date.now() })
        .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
        .execute();
    },

    async insertRequest(request: {
      id: string;
      organizationId: string;
      userId: string;
      message: string;
      status?: 'pending' | 'invited';
    }): Promise<void> {
      await db
        .insertInto('organization_manager_requests')
        .values({
          id: request.id,
          organization_id: request.organizationId,
          user_id: request.userId,
          message: request.message,
          status: request.status ?? 'pending',
          reason: null,
          created_at: Date.now(),
          decided_at: null,
        })
        .execute();
    },

    openInvitationOf(organizationId: string, userId: string) {
      return db
        .selectFrom('organization_manager_requests')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .where('status', '=', 'invited')
        .executeTakeFirst();
    },

    async answerInvitation(id: string, accept: boolean): Promise<boolean> {
      const result = await db
        .updateTable('organization_manager_requests')
        .set({ status: accept ? 'approved' : 'refused', decided_at: Date.now() })
        .where('id', '=', id)
        .where('status', '=', 'invited')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async removeManager(organizationId: string, userId: string): Promise<void> {
      await db
        .deleteFrom('organization_managers')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .execute();
    },

    managersOf(organizationId: string) {
      return db
        .selectFrom('organization_managers as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .leftJoin('profiles as p', 'p.user_id', 'm.user_id')
        .select(['m.user_id', 'u.display_name', 'p.handle'])
        .where('m.organization_id', '=', organizationId)
        .orderBy('m.added_at')
        .execute();
    },

    pendingRequestOf(organizationId: string, userId: string) {
      return db
        .selectFrom('organization_manager_requests')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
    },

    pendingRequests() {
      return db
        .selectFrom('organization_manager_requests as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .innerJoin('organizations as o', 'o.id', 'r.organization_id')
        .innerJoin('organization_names as n', (join) =>
          join.onRef('n.organization_id', '=', 'o.id').on('n.position', '=', 0),
        )
        .select([
          'r.id',
          'r.message',
          'r.created_at',
          'r.user_id',
          'u.display_name',
          'o.slug',
          'n.name as organization_name',
        ])
        .where('r.status', '=', 'pending')
        .orderBy('r.created_at')
        .limit(200)
        .execute();
    },

    findRequest(id: string) {
      return db.selectFrom('organization_manager_requests').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async decideRequest(id: string, status: 'approved' | 'refused', reason: string | null): Promise<boolean> {
      const result = await db
        .updateTable('organization_manager_requests')
        .set({ status, reason, decided_at: Date.now() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    requestsBy(userId: string) {
      return db
        .selectFrom('organization_manager_requests')
        .select(['organization_id', 'message', 'status', 'reason', 'created_at'])
        .where('user_id', '=', userId)
        .execute();
    },

    managedBy(userId: string) {
      return db
        .selectFrom('organization_managers')
        .select(['organization_id', 'added_at'])
        .where('user_id', '=', userId)
        .execute();
    },

    // Audit

    async record(entry: {
      organizationId: string;
      actorId: string | null;
      action: string;
      subjectId?: string | null;
      detail?: string | null;
    }): Promise<void> {
      await db
        .insertInto('organization_audit')
        .values({
          id: randomUUID(),
          organization_id: entry.organizationId,
          actor_id: entry.actorId,
          action: entry.action,
          subject_id: entry.subjectId ?? null,
          detail: entry.detail ?? null,
          created_at: Date.now(),
        })
        .execute();
    },

    auditOf(organizationId: string) {
      return db
        .selectFrom('organization_audit as a')
        .leftJoin('users as actor', 'actor.id', 'a.actor_id')
        .leftJoin('users as subject', 'subject.id', 'a.subject_id')
        .select([
          'a.action',
          'a.detail',
          'a.created_at',
          'actor.display_name as actor_name',
          'subject.display_name as subject_name',
        ])
        .where('a.organization_id', '=', organizationId)
        .orderBy('a.created_at', 'desc')
        .limit(100)
        .execute();
    },
  };
}
