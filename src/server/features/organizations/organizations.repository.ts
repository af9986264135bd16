import { randomUUID } from 'node:crypto';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db, OrganizationTable, OrganizationType, Visibility } from '../../platform/db/schema';

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
  readonly capacities: Record<'offers' | 'needs', readonly { id: number; note: string | null }[]>;
  readonly managerIds: readonly string[];
  readonly contacts: readonly { kind: string; value: string; visibility: Visibility }[];
  readonly updatedAt: number;
}

export interface DirectoryFilters {
  readonly types: readonly string[];
  readonly countries: readonly string[];
  readonly languages: readonly string[];
  readonly capacityIds: readonly number[];
  readonly side: 'offers' | 'needs' | undefined;
  readonly text: string;
}

/** All SQL for organizations, their managers, requests to manage and audit records. */
export function organizationsRepository(db: Db) {
  return {
    async load(id: string): Promise<OrganizationData | undefined> {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const [names, descriptions, countries, languages, capacities, managers, contacts] = await Promise.all([
        db.selectFrom('organization_names').select(['language', 'name']).where('organization_id', '=', id).orderBy('position').execute(),
        db.selectFrom('organization_descriptions').select(['language', 'body']).where('organization_id', '=', id).orderBy('language').execute(),
        db.selectFrom('organization_countries').select('country').where('organization_id', '=', id).orderBy('country').execute(),
        db.selectFrom('organization_languages').select('language').where('organization_id', '=', id).orderBy('language').execute(),
        db.selectFrom('organization_capacities').select(['capacity_id', 'side', 'note']).where('organization_id', '=', id).orderBy('position').execute(),
        db.selectFrom('organization_managers').select('user_id').where('organization_id', '=', id).orderBy('added_at').execute(),
        db.selectFrom('organization_contacts').select(['kind', 'value', 'visibility']).where('organization_id', '=', id).orderBy('position').execute(),
      ]);
      const side = (name: 'offers' | 'needs') => capacities.filter((entry) => entry.side === name).map((entry) => ({ id: entry.capacity_id, note: entry.note }));
      return {
        id: row.id, slug: row.slug, acronym: row.acronym, type: row.type, active: row.active === 1, website: row.website, metaPage: row.meta_page,
        wikidataQid: row.wikidata_qid, logoCommonsFile: row.logo_commons_file, names, descriptions,
        countries: countries.map((entry) => entry.country), languages: languages.map((entry) => entry.language),
        capacities: { offers: side('offers'), needs: side('needs') }, managerIds: managers.map((entry) => entry.user_id), contacts, updatedAt: row.updated_at,
      };
    },

    /** Every organization's names and acronym, to look for ones resembling a new name. */
    allNames() {
      return db.selectFrom('organizations as o')
        .innerJoin('organization_names as n', 'n.organization_id', 'o.id')
        .select(['o.id', 'o.slug', 'o.acronym', 'n.name', 'n.position']).execute();
    },

    async create(entry: { slug: string; acronym: string | null; type: OrganizationType; names: readonly { language: string; name: string }[]; creatorId: string }): Promise<string> {
      const id = randomUUID();
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('organizations').values({
          id, slug: entry.slug, acronym: entry.acronym, type: entry.type, active: 1, website: null, meta_page: null, wikidata_qid: null,
          logo_commons_file: null, import_key: null, created_at: now, updated_at: now,
        }).execute();
        await trx.insertInto('organization_names').values(entry.names.map((name, position) => ({ organization_id: id, ...name, position }))).execute();
        await trx.insertInto('organization_managers').values({ organization_id: id, user_id: entry.creatorId, added_at: now }).execute();
      });
      return id;
    },

    /** Demo organizations are marked by their import key, `demo:<number>`. */
    async countDemoOrganizations(): Promise<number> {
      const row = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('count')).where('import_key', 'like', 'demo:%').executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Inserts generated organizations, unclaimed, in one transaction. */
    async insertDemoOrganizations(dialect: SqlDialect, entries: readonly { number: number; name: string; type: OrganizationType; description: string; countries: string[]; languages: string[]; offers: number[]; needs: number[] }[]): Promise<void> {
      const now = Date.now();
      const rows = entries.map((entry) => ({ id: randomUUID(), ...entry }));
      await db.transaction().execute(async (trx) => {
        await dialect.insertRows(trx, 'organizations', rows.map((row) => ({
          id: row.id, slug: `demo-organization-${row.number}`, acronym: null, type: row.type, active: 1, website: null, meta_page: null, wikidata_qid: null,
          logo_commons_file: null, import_key: `demo:${row.number}`, created_at: now, updated_at: now,
        })));
        await dialect.insertRows(trx, 'organization_names', rows.map((row) => ({ organization_id: row.id, language: 'en', name: row.name, position: 0 })));
        await dialect.insertRows(trx, 'organization_descriptions', rows.map((row) => ({ organization_id: row.id, language: 'en', body: row.description })));
        await dialect.insertRows(trx, 'organization_countries', rows.flatMap((row) => row.countries.map((country) => ({ organization_id: row.id, country }))));
        await dialect.insertRows(trx, 'organization_languages', rows.flatMap((row) => row.languages.map((language) => ({ organization_id: row.id, language }))));
        await dialect.insertRows(trx, 'organization_capacities', rows.flatMap((row) => [
          ...row.offers.map((capacityId, position) => ({ organization_id: row.id, capacity_id: capacityId, side: 'offers' as const, note: null, position })),
          ...row.needs.map((capacityId, position) => ({ organization_id: row.id, capacity_id: capacityId, side: 'needs' as const, note: null, position })),
        ]));
      });
    },

    /** Slug and main name of each organization, for lists on other pages. */
    summaries(ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('organizations as o')
        .innerJoin('organization_names as n', (join) => join.onRef('n.organization_id', '=', 'o.id').on('n.position', '=', 0))
        .select(['o.id', 'o.slug', 'n.name']).where('o.id', 'in', [...ids]).execute();
    },

    async idBySlug(slug: string): Promise<string | undefined> {
      return (await db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },

    acronymOwner(acronym: string) {
      return db.selectFrom('organizations').select('id').where((eb) => eb(eb.fn('upper', ['acronym']), '=', acronym.toUpperCase())).executeTakeFirst();
    },

    slugTaken(slug: string) {
      return db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst();
    },

    /** One page of the directory, newest changes last, with the main name and counts for the cards. */
    async directory(filters: DirectoryFilters, limit: number, offset: number) {
      let query = db.selectFrom('organizations as o')
        .innerJoin('organization_names as n', (join) => join.onRef('n.organization_id', '=', 'o.id').on('n.position', '=', 0))
        .select(['o.id', 'o.slug', 'o.acronym', 'o.type', 'o.active', 'n.name']);
      if (filters.types.length > 0) query = query.where('o.type', 'in', [...filters.types] as OrganizationType[]);
      if (filters.countries.length > 0) {
        query = query.where('o.id', 'in', (eb) => eb.selectFrom('organization_countries').select('organization_id').where('country', 'in', [...filters.countries]));
      }
      if (filters.languages.length > 0) {
        query = query.where('o.id', 'in', (eb) => eb.selectFrom('organization_languages').select('organization_id').where('language', 'in', [...filters.languages]));
      }
      if (filters.capacityIds.length > 0) {
        query = query.where('o.id', 'in', (eb) => {
          let sub = eb.selectFrom('organization_capacities').select('organization_id').where('capacity_id', 'in', [...filters.capacityIds]);
          if (filters.side) sub = sub.where('side', '=', filters.side);
          return sub;
        });
      }
      if (filters.text !== '') {
        const pattern = `%${filters.text.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
        query = query.where((eb) => eb.or([
          eb(eb.fn('lower', ['o.acronym']), 'like', pattern),
          eb('o.id', 'in', eb.selectFrom('organization_names').select('organization_id').where((inner) => inner(inner.fn('lower', ['name']), 'like', pattern))),
        ]));
      }
      return query.orderBy('n.name').orderBy('o.id').limit(limit).offset(offset).execute();
    },

    /** Creates or, when `importKey` is known, updates an organization with a single name; answers whether it was new. */
    async upsertImported(entry: { importKey: string; slug: string; name: string; acronym: string; type: OrganizationType }): Promise<{ id: string; outcome: 'created' | 'updated' }> {
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('organizations').select('id').where('import_key', '=', entry.importKey).executeTakeFirst();
        const now = Date.now();
        if (existing) {
          await trx.updateTable('organizations').set({ acronym: entry.acronym, type: entry.type, updated_at: now }).where('id', '=', existing.id).execute();
          await trx.insertInto('organization_names').values({ organization_id: existing.id, language: 'en', name: entry.name, position: 0 })
            .onConflict((oc) => oc.columns(['organization_id', 'language']).doUpdateSet({ name: entry.name })).execute();
          return { id: existing.id, outcome: 'updated' as const };
        }
        const id = randomUUID();
        await trx.insertInto('organizations').values({
          id, slug: entry.slug, acronym: entry.acronym, type: entry.type, active: 1, website: null, meta_page: null, wikidata_qid: null,
          logo_commons_file: null, import_key: entry.importKey, created_at: now, updated_at: now,
        }).execute();
        await trx.insertInto('organization_names').values({ organization_id: id, language: 'en', name: entry.name, position: 0 }).execute();
        return { id, outcome: 'created' as const };
      });
    },

    async update(id: string, changes: {
      row: Partial<Pick<OrganizationTable, 'acronym' | 'type' | 'active' | 'website' | 'meta_page' | 'wikidata_qid' | 'logo_commons_file'>>;
      names: readonly { language: string; name: string }[];
      descriptions: readonly { language: string; body: string }[];
      countries: readonly string[];
      languages: readonly string[];
    }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('organizations').set({ ...changes.row, updated_at: Date.now() }).where('id', '=', id).execute();
        await trx.deleteFrom('organization_names').where('organization_id', '=', id).execute();
        await trx.insertInto('organization_names').values(changes.names.map((entry, position) => ({ organization_id: id, ...entry, position }))).execute();
        await trx.deleteFrom('organization_descriptions').where('organization_id', '=', id).execute();
        if (changes.descriptions.length > 0) await trx.insertInto('organization_descriptions').values(changes.descriptions.map((entry) => ({ organization_id: id, ...entry }))).execute();
        await trx.deleteFrom('organization_countries').where('organization_id', '=', id).execute();
        if (changes.countries.length > 0) await trx.insertInto('organization_countries').values(changes.countries.map((country) => ({ organization_id: id, country }))).execute();
        await trx.deleteFrom('organization_languages').where('organization_id', '=', id).execute();
        if (changes.languages.length > 0) await trx.insertInto('organization_languages').values(changes.languages.map((language) => ({ organization_id: id, language }))).execute();
      });
    },

    async replaceContacts(id: string, contacts: readonly { kind: string; value: string; visibility: Visibility }[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('organization_contacts').where('organization_id', '=', id).execute();
        if (contacts.length > 0) await trx.insertInto('organization_contacts').values(contacts.map((contact, position) => ({ organization_id: id, position, ...contact }))).execute();
        await trx.updateTable('organizations').set({ updated_at: Date.now() }).where('id', '=', id).execute();
      });
    },

    async replaceCapacities(id: string, lists: Record<'offers' | 'needs', readonly { id: number; note: string | null }[]>): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('organization_capacities').where('organization_id', '=', id).execute();
        const rows = (['offers', 'needs'] as const).flatMap((side) => lists[side].map((entry, position) => ({ organization_id: id, capacity_id: entry.id, side, note: entry.note, position })));
        if (rows.length > 0) await trx.insertInto('organization_capacities').values(rows).execute();
        await trx.updateTable('organizations').set({ updated_at: Date.now() }).where('id', '=', id).execute();
      });
    },

    // Managers and requests

    async addManager(organizationId: string, userId: string): Promise<void> {
      await db.insertInto('organization_managers').values({ organization_id: organizationId, user_id: userId, added_at: Date.now() })
        .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing()).execute();
    },

    async insertRequest(request: { id: string; organizationId: string; userId: string; message: string; status?: 'pending' | 'invited' }): Promise<void> {
      await db.insertInto('organization_manager_requests').values({
        id: request.id, organization_id: request.organizationId, user_id: request.userId, message: request.message,
        status: request.status ?? 'pending', reason: null, created_at: Date.now(), decided_at: null,
      }).execute();
    },

    openInvitationOf(organizationId: string, userId: string) {
      return db.selectFrom('organization_manager_requests').select('id')
        .where('organization_id', '=', organizationId).where('user_id', '=', userId).where('status', '=', 'invited').executeTakeFirst();
    },

    async answerInvitation(id: string, accept: boolean): Promise<boolean> {
      const result = await db.updateTable('organization_manager_requests').set({ status: accept ? 'approved' : 'refused', decided_at: Date.now() })
        .where('id', '=', id).where('status', '=', 'invited').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async removeManager(organizationId: string, userId: string): Promise<void> {
      await db.deleteFrom('organization_managers').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
    },

    managersOf(organizationId: string) {
      return db.selectFrom('organization_managers as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .leftJoin('profiles as p', 'p.user_id', 'm.user_id')
        .select(['m.user_id', 'u.display_name', 'p.handle']).where('m.organization_id', '=', organizationId).orderBy('m.added_at').execute();
    },

    pendingRequestOf(organizationId: string, userId: string) {
      return db.selectFrom('organization_manager_requests').select('id')
        .where('organization_id', '=', organizationId).where('user_id', '=', userId).where('status', '=', 'pending').executeTakeFirst();
    },

    pendingRequests() {
      return db.selectFrom('organization_manager_requests as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .innerJoin('organizations as o', 'o.id', 'r.organization_id')
        .innerJoin('organization_names as n', (join) => join.onRef('n.organization_id', '=', 'o.id').on('n.position', '=', 0))
        .select(['r.id', 'r.message', 'r.created_at', 'r.user_id', 'u.display_name', 'o.slug', 'n.name as organization_name'])
        .where('r.status', '=', 'pending').orderBy('r.created_at').limit(200).execute();
    },

    findRequest(id: string) {
      return db.selectFrom('organization_manager_requests').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async decideRequest(id: string, status: 'approved' | 'refused', reason: string | null): Promise<boolean> {
      const result = await db.updateTable('organization_manager_requests').set({ status, reason, decided_at: Date.now() })
        .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    requestsBy(userId: string) {
      return db.selectFrom('organization_manager_requests').select(['organization_id', 'message', 'status', 'reason', 'created_at']).where('user_id', '=', userId).execute();
    },

    managedBy(userId: string) {
      return db.selectFrom('organization_managers').select(['organization_id', 'added_at']).where('user_id', '=', userId).execute();
    },

    // Audit

    async record(entry: { organizationId: string; actorId: string | null; action: string; subjectId?: string | null; detail?: string | null }): Promise<void> {
      await db.insertInto('organization_audit').values({
        id: randomUUID(), organization_id: entry.organizationId, actor_id: entry.actorId, action: entry.action,
        subject_id: entry.subjectId ?? null, detail: entry.detail ?? null, created_at: Date.now(),
      }).execute();
    },

    auditOf(organizationId: string) {
      return db.selectFrom('organization_audit as a')
        .leftJoin('users as actor', 'actor.id', 'a.actor_id')
        .leftJoin('users as subject', 'subject.id', 'a.subject_id')
        .select(['a.action', 'a.detail', 'a.created_at', 'actor.display_name as actor_name', 'subject.display_name as subject_name'])
        .where('a.organization_id', '=', organizationId).orderBy('a.created_at', 'desc').limit(100).execute();
    },
  };
}
