import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { foldForMatching } from '../../../shared/text';
import type { UiLanguage } from '../../../shared/ui-languages';
import type { Config } from '../../platform/config';
import type { Db, OrganizationType, Visibility } from '../../platform/db/schema';
import { AppError, validationFailed, type FieldProblem } from '../../platform/errors';
import type { Translator } from '../../platform/i18n';
import { hasRole, requireMember, requireRole, type Viewer } from '../../platform/auth/viewer';
import { findAccount, lockAccount } from '../accounts/accounts.public';
import { recordAudit } from '../audit/audit.public';
import { capacitiesWithLabels, existingCapacityIds } from '../capacities/capacities.service';
import { affiliatedUserIds, loadProfiles, removeAffiliation, userIdByHandle } from '../profiles/profiles.public';
import { allows, relationOf, visibleProfile } from '../profiles/visibility';
import {
  cachedReferenceLists,
  countryName,
  knownCodes,
  languageName,
  regionsByCountry,
} from '../reference/reference.service';
import type { JobQueue } from '../../platform/jobs';
import { MANAGER_DECISION_JOB, type ManagerDecisionMail } from './organizations.mail';
import {
  organizationsRepository,
  type DirectoryFilters,
  type OrganizationData,
  type OrganizationSection,
} from './organizations.repository';
import type { UpdateBody } from './organizations.schema';
import { organizationDocuments } from './organizations.search';
import type { SearchIndexer } from '../search/search.indexer';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { ORGANIZATION_SIDE, type OrganizationSide } from '../../../shared/vocabulary';
import {
  capacityListProblems,
  checkedContacts,
  checkedName,
  commonsFileName,
  commonsFileProblems,
  commonsImageUrl,
  containsMarkup,
  isWebUrl,
  markupProblems,
  trimOrNull,
} from '../../platform/editing/field-rules';
import { renderMarkdown } from '../../platform/editing/markdown';
import { saveSection } from '../../platform/editing/section-save';

const MEMBERS_SHOWN = 200;

export const DIRECTORY_PAGE_SIZE = 50;
const RESERVED_SLUGS = new Set(['new', 'similar']);

const IMPORTED_TYPES: Record<string, OrganizationType> = {
  Chapter: 'chapter',
  'Wikimedia user group': 'user-group',
  'Thematic organization': 'thematic-organization',
};

/** A URL-safe address from a name: "Wikimedia España" -> "wikimedia-espana". */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 70) || 'organization'
  );
}

/** Words that say little about which organization is meant. */
const COMMON_WORDS = new Set([
  'wikimedia',
  'wikimedians',
  'wikimedistas',
  'wiki',
  'wikipedia',
  'wikipedians',
  'user',
  'users',
  'group',
  'community',
  'usergroup',
  'of',
  'the',
  'and',
  'de',
  'del',
  'la',
  'le',
  'du',
  'des',
  'e',
  'y',
  'et',
  'in',
  'for',
]);
/** "armenia" and "armenian" are the same word for this purpose: one starts the other, and it is long enough to mean something. */
const sameWord = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));
function significantWords(name: string): Set<string> {
  return new Set(
    foldForMatching(name)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1 && !COMMON_WORDS.has(word)),
  );
}

/** Whether two names are probably the same organization: most of their meaningful words are shared. */
export function namesResemble(a: string, b: string): boolean {
  const first = significantWords(a);
  const second = significantWords(b);
  if (first.size === 0 || second.size === 0) return foldForMatching(a) === foldForMatching(b);
  const shared = [...first].filter((word) => [...second].some((other) => sameWord(word, other))).length;
  return shared / Math.min(first.size, second.size) >= 0.6;
}

/** What an editor sends for an organization's details (the request schema's type). */
export type UpdateInput = Static<typeof UpdateBody>;

export interface OrganizationsDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly config: Config;
  readonly translator: Translator;
  readonly jobs?: JobQueue;
  /** Where a saved organization's search documents are written, in the save's transaction. */
  readonly search: Pick<SearchIndexer, 'write'>;
}

/** One section save of an organization: what to check, what to write, the audit action, and the organization it leaves. */
interface OrganizationSave {
  check?(organization: OrganizationData, trx: Db): Promise<readonly FieldProblem[]> | readonly FieldProblem[];
  section: OrganizationSection;
  action: string;
  apply(organization: OrganizationData): Omit<OrganizationData, 'updatedAt'>;
}

export function organizationsService({ db, dialect, config, translator, jobs, search }: OrganizationsDependencies) {
  const repository = organizationsRepository(db);

  async function bySlug(slug: string): Promise<OrganizationData> {
    const id = await repository.idBySlug(slug);
    const organization = id ? await repository.load(id) : undefined;
    if (!organization) throw new AppError('not_found');
    return organization;
  }

  /**
   * The people who say they belong to the organization, as far as each one lets this viewer see it:
   * through the profiles' own visibility function, so a hidden affiliation or profile never shows.
   */
  async function visibleMembers(viewer: Viewer | null, organizationId: string) {
    const loaded = await loadProfiles(db, await affiliatedUserIds(db, organizationId, MEMBERS_SHOWN));
    return loaded.flatMap((profile) => {
      const visible = visibleProfile(profile, relationOf(viewer, profile.userId));
      return visible?.affiliations.includes(organizationId)
        ? [{ handle: visible.handle, displayName: visible.displayName ?? null }]
        : [];
    });
  }

  function canManage(viewer: Viewer | null, organization: OrganizationData): boolean {
    return (
      viewer !== null &&
      viewer.onboarded &&
      (hasRole(viewer, 'admin') || organization.managerIds.includes(viewer.userId))
    );
  }

  async function requireManager(viewer: Viewer | null, slug: string): Promise<OrganizationData> {
    const member = requireMember(viewer);
    const organization = await bySlug(slug);
    if (!canManage(member, organization)) throw new AppError('forbidden');
    return organization;
  }

  /** An organization as this viewer may see it, in the interface language. */
  async function present(viewer: Viewer | null, organization: OrganizationData, language: UiLanguage) {
    const [languageRows, labels, regions, pending, invitation] = await Promise.all([
      cachedReferenceLists(db).languages,
      capacitiesWithLabels(db, language),
      cachedReferenceLists(db).regions,
      viewer ? repository.pendingRequestOf(organization.id, viewer.userId) : Promise.resolve(undefined),
      viewer ? repository.openInvitationOf(organization.id, viewer.userId) : Promise.resolve(undefined),
    ]);
    const labelOf = new Map(labels.map((row) => [row.id, row.label]));
    const languagesByCode = new Map(languageRows.map((row) => [row.code, row]));
    const manageable = canManage(viewer, organization);
    const main = organization.names.find((entry) => entry.language === language) ?? organization.names[0];
    const label = (entries: readonly { id: number; note: string | null }[]) =>
      entries.map((entry) => ({ ...entry, label: labelOf.get(entry.id) ?? String(entry.id) }));
    return {
      slug: organization.slug,
      name: main?.name ?? organization.slug,
      names: [...organization.names],
      acronym: organization.acronym,
      type: organization.type,
      active: organization.active,
      website: organization.website,
      metaPage: organization.metaPage,
      wikidataQid: organization.wikidataQid,
      logoCommonsFile: organization.logoCommonsFile,
      logoUrl: commonsImageUrl(organization.logoCommonsFile, config.externalImages),
      descriptions: organization.descriptions.map((entry) => ({
        language: entry.language,
        source: entry.body,
        html: renderMarkdown(entry.body),
      })),
      countries: organization.countries.map((code) => ({ code, name: countryName(code, language) })),
      regions: regions
        .filter((region) => region.countryCodes.some((code) => organization.countries.includes(code)))
        .map((region) => ({
          id: region.id,
          name: translator.translate(language, `cxc-region-${region.id.toLowerCase()}`),
        })),
      languages: organization.languages.map((code) => {
        const row = languagesByCode.get(code);
        return {
          code,
          autonym: row?.autonym ?? code,
          name: row ? languageName(row.bcp47, row.autonym, language) : code,
        };
      }),
      capacities: { offers: label(organization.capacities.offers), needs: label(organization.capacities.needs) },
      // Contact options follow the same rule as a person's: managers see all, members and visitors what is theirs to see.
      contacts: organization.contacts
        .filter((contact) =>
          allows(contact.visibility, manageable ? 'owner' : viewer?.onboarded ? 'member' : 'visitor'),
        )
        .map((contact) => (manageable ? contact : { kind: contact.kind, value: contact.value, visibility: undefined })),
      claimed: organization.managerIds.length > 0,
      members: await visibleMembers(viewer, organization.id),
      canManage: manageable,
      requestPending: pending !== undefined,
      invited: invitation !== undefined,
      ...(manageable
        ? {
            managers: (await repository.managersOf(organization.id)).map((entry) => ({
              userId: entry.user_id,
              name: entry.display_name,
              handle: entry.handle,
            })),
            audit: (await repository.auditOf(organization.id)).map((entry) => ({
              action: entry.action,
              actor: entry.actor_name,
              subject: entry.subject_name,
              detail: entry.detail,
              at: new Date(entry.created_at).toISOString(),
            })),
          }
        : {}),
    };
  }

  /**
   * Every organization section is saved this way (see `saveSection`): locked and read once, the
   * editor's right checked on what was read, the input checked, then the rows, the audit record and
   * the search documents written in one transaction; answers the organization as the editor sees it.
   */
  async function saveOrganization(
    viewer: Viewer | null,
    slug: string,
    language: UiLanguage,
    organizationSave: OrganizationSave,
  ) {
    const member = requireMember(viewer);
    const [id, regions] = await Promise.all([repository.idBySlug(slug), regionsByCountry(db)]);
    if (!id) throw new AppError('not_found');
    const saved = await saveSection(db, {
      async load(trx) {
        // The editor's account first: the audit row will name them (see the profiles' save).
        if (!(await lockAccount(trx, dialect, member.userId))) throw new AppError('unauthorized');
        const [organization] = await organizationsRepository(trx).loadMany([id], dialect);
        if (!organization) throw new AppError('not_found');
        if (!canManage(member, organization)) throw new AppError('forbidden');
        return organization;
      },
      check: (organization, trx) => organizationSave.check?.(organization, trx) ?? [],
      async write(trx, organization) {
        const now = Date.now();
        await organizationsRepository(trx).writeSection(organization.id, organizationSave.section, now);
        return { ...organizationSave.apply(organization), updatedAt: now };
      },
      async derive(trx, organization) {
        await organizationsRepository(trx).record({
          organizationId: organization.id,
          actorId: member.userId,
          action: organizationSave.action,
        });
        await search.write(trx, 'organization', organization.id, organizationDocuments(organization, regions));
      },
    });
    return present(viewer, saved, language);
  }

  return {
    async directory(
      filters: Omit<DirectoryFilters, 'countries'> & { countries: readonly string[]; regions: readonly string[] },
      page: number,
    ) {
      const regionCountries =
        filters.regions.length > 0
          ? (await cachedReferenceLists(db).regions)
              .filter((region) => filters.regions.includes(region.id))
              .flatMap((region) => region.countryCodes)
          : [];
      const rows = await repository.directory(
        { ...filters, countries: [...filters.countries, ...regionCountries], text: filters.text.trim() },
        DIRECTORY_PAGE_SIZE + 1,
        (page - 1) * DIRECTORY_PAGE_SIZE,
      );
      return { rows: rows.slice(0, DIRECTORY_PAGE_SIZE), hasMore: rows.length > DIRECTORY_PAGE_SIZE };
    },

    async view(viewer: Viewer | null, slug: string, language: UiLanguage) {
      const organization = await bySlug(slug);
      // Hidden by moderators, or run only by suspended members: as if it did not exist, except to its managers.
      if (organization.withheld && !canManage(viewer, organization)) throw new AppError('not_found');
      return present(viewer, organization, language);
    },

    /** Organizations whose name or acronym resembles these, to show before a new one is created. */
    async similar(names: readonly string[], acronym: string | null) {
      const rows = await repository.allNames();
      const matches = new Map<string, { slug: string; name: string; acronym: string | null }>();
      for (const row of rows) {
        const sameAcronym =
          acronym !== null && row.acronym !== null && row.acronym.toUpperCase() === acronym.trim().toUpperCase();
        if (sameAcronym || names.some((name) => namesResemble(name, row.name))) {
          const main = rows.find((candidate) => candidate.id === row.id && candidate.position === 0);
          matches.set(row.id, { slug: row.slug, name: main?.name ?? row.name, acronym: row.acronym });
        }
      }
      return [...matches.values()].slice(0, 10);
    },

    /** A member creates an organization and becomes its first manager. */
    async create(
      viewer: Viewer | null,
      input: { names: { language: string; name: string }[]; acronym: string | null; type: OrganizationType },
    ): Promise<string> {
      const member = requireMember(viewer);
      const checked = input.names.map((entry, index) => ({
        language: entry.language,
        ...checkedName(entry.name, `body.names.${index}.name`, 'organization'),
      }));
      const names = checked.map(({ language, name }) => ({ language, name }));
      const problems: FieldProblem[] = [];
      const known = await knownCodes(
        db,
        'languages',
        names.map((entry) => entry.language),
      );
      checked.forEach((entry, index) => {
        problems.push(...entry.problems);
        if (!known.has(entry.language))
          problems.push({ field: `body.names.${index}.language`, code: 'unknown-language' });
      });
      const acronym = input.acronym?.trim() || null;
      if (acronym !== null && (await repository.acronymOwner(acronym)))
        problems.push({ field: 'body.acronym', code: 'acronym-taken' });
      if (acronym !== null && containsMarkup(acronym)) problems.push({ field: 'body.acronym', code: 'no-markup' });
      if (problems.length > 0) throw validationFailed(problems);
      let slug = slugify(names[0]!.name);
      // Page addresses such as /organizations/new and the API's /organizations/similar are not slugs.
      const taken = async (candidate: string) =>
        RESERVED_SLUGS.has(candidate) || (await repository.slugTaken(candidate)) !== undefined;
      for (let attempt = 2; await taken(slug); attempt += 1) slug = `${slugify(names[0]!.name)}-${attempt}`;
      const regions = await regionsByCountry(db);
      await db.transaction().execute(async (trx) => {
        if (!(await lockAccount(trx, dialect, member.userId))) throw new AppError('unauthorized');
        const inTransaction = organizationsRepository(trx);
        const id = await inTransaction.create({ slug, acronym, type: input.type, names, creatorId: member.userId });
        await inTransaction.record({ organizationId: id, actorId: member.userId, action: 'created' });
        const [created] = await inTransaction.loadMany([id]);
        await search.write(trx, 'organization', id, organizationDocuments(created!, regions));
      });
      return slug;
    },

    save: (viewer: Viewer | null, slug: string, input: UpdateInput, language: UiLanguage) => {
      const checked = input.names.map((entry, index) => ({
        language: entry.language,
        ...checkedName(entry.name, `body.names.${index}.name`, 'organization'),
      }));
      const names = checked.map(({ language, name }) => ({ language, name }));
      const descriptions = input.descriptions.map((entry) => ({ language: entry.language, body: entry.body.trim() }));
      const website = trimOrNull(input.website);
      const metaPage = trimOrNull(input.metaPage);
      const logo = commonsFileName(input.logoCommonsFile);
      const acronym = trimOrNull(input.acronym);
      const countries = [...new Set(input.countries)];
      const languages = [...new Set(input.languages)];
      return saveOrganization(viewer, slug, language, {
        async check(organization, trx) {
          const [languageCodes, countryCodes, owner] = await Promise.all([
            knownCodes(trx, 'languages', [
              ...names.map((entry) => entry.language),
              ...descriptions.map((entry) => entry.language),
              ...input.languages,
            ]),
            knownCodes(trx, 'countries', input.countries),
            acronym === null ? undefined : organizationsRepository(trx).acronymOwner(acronym),
          ]);
          const unknown = (codes: ReadonlySet<string>, code: string, field: string, problem: string) =>
            codes.has(code) ? [] : [{ field, code: problem }];
          return [
            ...checked.flatMap((entry) => entry.problems),
            ...names.flatMap((entry, index) =>
              unknown(languageCodes, entry.language, `body.names.${index}.language`, 'unknown-language'),
            ),
            ...descriptions.flatMap((entry, index) => [
              ...unknown(languageCodes, entry.language, `body.descriptions.${index}.language`, 'unknown-language'),
              ...markupProblems({ [`descriptions.${index}.body`]: entry.body }),
            ]),
            ...input.languages.flatMap((code, index) =>
              unknown(languageCodes, code, `body.languages.${index}`, 'unknown-language'),
            ),
            ...input.countries.flatMap((code, index) =>
              unknown(countryCodes, code, `body.countries.${index}`, 'unknown-country'),
            ),
            ...(website !== null && !isWebUrl(website, { httpsOnly: true })
              ? [{ field: 'body.website', code: 'invalid-link' }]
              : []),
            ...(metaPage !== null && !isWebUrl(metaPage, { httpsOnly: true })
              ? [{ field: 'body.metaPage', code: 'invalid-link' }]
              : []),
            ...(metaPage !== null &&
            isWebUrl(metaPage, { httpsOnly: true }) &&
            new URL(metaPage).hostname !== 'meta.wikimedia.org'
              ? [{ field: 'body.metaPage', code: 'not-meta' }]
              : []),
            ...commonsFileProblems('body.logoCommonsFile', logo),
            ...(owner && owner.id !== organization.id ? [{ field: 'body.acronym', code: 'acronym-taken' }] : []),
            ...markupProblems({ acronym }),
          ];
        },
        section: {
          row: {
            acronym,
            type: input.type,
            active: input.active ? 1 : 0,
            website,
            meta_page: metaPage,
            wikidata_qid: input.wikidataQid,
            logo_commons_file: logo,
          },
          lists: { names, descriptions, countries, languages },
        },
        action: 'edited',
        apply: (organization) => ({
          ...organization,
          acronym,
          type: input.type,
          active: input.active,
          website,
          metaPage,
          wikidataQid: input.wikidataQid,
          logoCommonsFile: logo,
          names,
          descriptions: [...descriptions].sort((a, b) =>
            a.language < b.language ? -1 : a.language > b.language ? 1 : 0,
          ),
          countries: [...countries].sort(),
          languages: [...languages].sort(),
        }),
      });
    },

    saveContacts: (
      viewer: Viewer | null,
      slug: string,
      contacts: readonly { kind: string; value: string; visibility: Visibility }[],
      language: UiLanguage,
    ) => {
      const { cleaned, problems } = checkedContacts(contacts);
      return saveOrganization(viewer, slug, language, {
        check: () => problems,
        section: { lists: { contacts: cleaned } },
        action: 'contacts-edited',
        apply: (organization) => ({ ...organization, contacts: cleaned }),
      });
    },

    saveCapacities: (
      viewer: Viewer | null,
      slug: string,
      lists: Record<OrganizationSide, readonly { id: number; note: string | null }[]>,
      language: UiLanguage,
    ) => {
      const clean = (entries: readonly { id: number; note: string | null }[]) =>
        entries.map((entry) => ({ id: entry.id, note: trimOrNull(entry.note) }));
      const capacities = { offers: clean(lists.offers), needs: clean(lists.needs) };
      return saveOrganization(viewer, slug, language, {
        async check(_organization, trx) {
          const known = await existingCapacityIds(
            trx,
            [...lists.offers, ...lists.needs].map((entry) => entry.id),
          );
          return capacityListProblems(lists, ORGANIZATION_SIDE.values, known);
        },
        section: { lists: { capacities } },
        action: 'capacities-edited',
        apply: (organization) => ({ ...organization, capacities }),
      });
    },

    async requestToManage(viewer: Viewer | null, slug: string, message: string): Promise<void> {
      const member = requireMember(viewer);
      const organization = await bySlug(slug);
      const text = message.trim();
      if (text === '' || containsMarkup(text))
        throw validationFailed([{ field: 'body.message', code: text === '' ? 'required' : 'no-markup' }]);
      if (
        organization.managerIds.includes(member.userId) ||
        (await repository.pendingRequestOf(organization.id, member.userId))
      )
        throw new AppError('conflict');
      await repository.insertRequest({
        id: randomUUID(),
        organizationId: organization.id,
        userId: member.userId,
        message: text,
      });
      await repository.record({ organizationId: organization.id, actorId: member.userId, action: 'manage-requested' });
    },

    /** A manager invites another member (by profile address) to manage too; the member accepts or declines. */
    async invite(viewer: Viewer | null, slug: string, handle: string): Promise<void> {
      const organization = await requireManager(viewer, slug);
      const userId = await userIdByHandle(db, handle.trim());
      if (!userId) throw validationFailed([{ field: 'body.handle', code: 'unknown-member' }]);
      if (organization.managerIds.includes(userId) || (await repository.openInvitationOf(organization.id, userId)))
        throw new AppError('conflict');
      await repository.insertRequest({
        id: randomUUID(),
        organizationId: organization.id,
        userId,
        message: '',
        status: 'invited',
      });
      await repository.record({
        organizationId: organization.id,
        actorId: viewer!.userId,
        action: 'manager-invited',
        subjectId: userId,
      });
    },

    async answerInvitation(viewer: Viewer | null, slug: string, accept: boolean): Promise<void> {
      const member = requireMember(viewer);
      const organization = await bySlug(slug);
      const invitation = await repository.openInvitationOf(organization.id, member.userId);
      if (!invitation || !(await repository.answerInvitation(invitation.id, accept))) throw new AppError('not_found');
      if (accept) await repository.addManager(organization.id, member.userId);
      await repository.record({
        organizationId: organization.id,
        actorId: member.userId,
        action: accept ? 'invitation-accepted' : 'invitation-declined',
      });
    },

    /** Removes a manager (or oneself); the last manager must hand over first. */
    async removeManager(viewer: Viewer | null, slug: string, userId: string): Promise<void> {
      const organization = await requireManager(viewer, slug);
      if (!organization.managerIds.includes(userId)) throw new AppError('not_found');
      if (organization.managerIds.length <= 1) throw new AppError('last_manager');
      await repository.removeManager(organization.id, userId);
      await repository.record({
        organizationId: organization.id,
        actorId: viewer!.userId,
        action: userId === viewer!.userId ? 'manager-left' : 'manager-removed',
        subjectId: userId,
      });
    },

    /** A manager removes a false claim of belonging to the organization. */
    async removeMember(viewer: Viewer | null, slug: string, handle: string): Promise<void> {
      const organization = await requireManager(viewer, slug);
      const userId = await userIdByHandle(db, handle);
      if (!userId || (await removeAffiliation(db, userId, organization.id)) === 0) throw new AppError('not_found');
      await repository.record({
        organizationId: organization.id,
        actorId: viewer!.userId,
        action: 'affiliation-removed',
        subjectId: userId,
      });
    },

    async pendingRequests(viewer: Viewer | null) {
      requireRole(viewer, 'admin');
      return repository.pendingRequests();
    },

    async decideRequest(
      viewer: Viewer | null,
      requestId: string,
      decision: { approve: true } | { approve: false; reason: string },
    ): Promise<void> {
      const admin = requireRole(viewer, 'admin');
      const request = await repository.findRequest(requestId);
      if (!request) throw new AppError('not_found');
      const reason = decision.approve ? null : decision.reason.trim();
      if (reason !== null && (reason === '' || containsMarkup(reason)))
        throw validationFailed([{ field: 'body.reason', code: reason === '' ? 'required' : 'no-markup' }]);
      if (!(await repository.decideRequest(requestId, decision.approve ? 'approved' : 'refused', reason)))
        throw new AppError('conflict');
      if (decision.approve) await repository.addManager(request.organization_id, request.user_id);
      const [member, organization] = await Promise.all([
        findAccount(db, request.user_id),
        repository.load(request.organization_id),
      ]);
      if (jobs && member?.email && organization) {
        const mail: ManagerDecisionMail = {
          to: member.email,
          language: member.language,
          organization: organization.names[0]?.name ?? organization.slug,
          slug: organization.slug,
          approved: decision.approve,
          reason,
        };
        await jobs.enqueue(db, MANAGER_DECISION_JOB, mail, { userId: member.id });
      }
      await repository.record({
        organizationId: request.organization_id,
        actorId: admin.userId,
        action: decision.approve ? 'manager-approved' : 'manager-refused',
        subjectId: request.user_id,
        detail: reason,
      });
      await recordAudit(db, {
        actorId: admin.userId,
        action: decision.approve ? 'manager-request.approve' : 'manager-request.refuse',
        subjectType: 'organization',
        subjectId: request.organization_id,
        targetId: request.user_id,
        reason,
        now: Date.now(),
      });
    },

    /** Loads data/affiliates.json as organizations; running it again updates them and adds none twice. */
    async importAffiliates(
      entries: readonly { name: string; acronym: string; type: string }[],
    ): Promise<{ created: number; updated: number }> {
      const counts = { created: 0, updated: 0 };
      const regions = await regionsByCountry(db);
      for (const entry of entries) {
        const type = IMPORTED_TYPES[entry.type] ?? 'other';
        let slug = slugify(entry.name);
        if (await repository.slugTaken(slug)) slug = `${slug}-${entry.acronym.toLowerCase()}`;
        const result = await db.transaction().execute(async (trx) => {
          const imported = await organizationsRepository(trx).upsertImported({
            importKey: entry.acronym.toUpperCase(),
            slug,
            name: entry.name,
            acronym: entry.acronym,
            type,
          });
          const [organization] = await organizationsRepository(trx).loadMany([imported.id]);
          await search.write(trx, 'organization', imported.id, organizationDocuments(organization!, regions));
          return imported;
        });
        counts[result.outcome] += 1;
      }
      return counts;
    },
  };
}
