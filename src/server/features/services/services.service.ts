import { randomUUID } from 'node:crypto';
import type { UiLanguage } from '../../../shared/ui-languages';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { AppError, validationFailed, type FieldProblem } from '../../platform/errors';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { trimOrNull } from '../../platform/editing/field-rules';
import {
  capacityIdProblems,
  checkedTexts,
  closestText,
  codeListProblems,
  mayReadItem,
  mayReadListedItem,
  readablePage,
} from '../../platform/editing/items';
import { renderMarkdown } from '../../platform/editing/markdown';
import type { Translator } from '../../platform/i18n';
import { saveSection } from '../../platform/editing/section-save';
import { lockAccount } from '../accounts/accounts.public';
import { itemListScope } from '../items/items.public';
import { capacitiesWithLabels, existingCapacityIds } from '../capacities/capacities.service';
import {
  organizationManagerIds,
  organizationSummaries,
  publishingOrganization,
} from '../organizations/organizations.public';
import { loadProfiles } from '../profiles/profiles.public';
import { relationOf, visibleProfile } from '../profiles/visibility';
import {
  cachedReferenceLists,
  countryName,
  knownCodes,
  languageName,
  regionsByCountry,
} from '../reference/reference.service';
import type { SearchIndexer } from '../search/search.indexer';
import { servicesRepository, type ServiceContent, type ServiceData } from './services.repository';
import type { ServiceBody } from './services.schema';
import { providerNamesOf, serviceDocuments } from './services.search';

export const SERVICE_PAGE_SIZE = 30;

export interface ServicesDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly translator: Translator;
  /** Where a saved service's search documents are written, in the save's transaction. */
  readonly search: Pick<SearchIndexer, 'write'>;
}

export function servicesService({ db, dialect, translator, search }: ServicesDependencies) {
  const repository = servicesRepository(db);

  /** Its provider, or the managers of the organization that offers it, may edit a service. */
  async function editorsOf(trx: Db, service: Pick<ServiceData, 'providerId' | 'organizationId'>): Promise<string[]> {
    if (service.organizationId) return organizationManagerIds(trx, service.organizationId);
    return service.providerId ? [service.providerId] : [];
  }

  /**
   * The input checked against what exists, read through `trx`: the service as it would be stored
   * and every problem. It is offered by the organization named (one the editor manages, or the one
   * it already had) or else by the editor.
   */
  async function checked(
    trx: Db,
    member: Viewer,
    input: ServiceBody,
    before: ServiceData | undefined,
    regionOfCountry: ReadonlyMap<string, string>,
  ): Promise<{ content: ServiceContent; problems: FieldProblem[]; editors: string[] }> {
    const slug = trimOrNull(input.organization);
    const [languageCodes, countryCodes, knownCapacities, publisher] = await Promise.all([
      knownCodes(trx, 'languages', [...input.texts.map((entry) => entry.language), ...input.languages]),
      knownCodes(trx, 'countries', input.countries),
      existingCapacityIds(trx, input.capacities),
      publishingOrganization(trx, slug),
    ]);
    const texts = checkedTexts(input.texts, languageCodes, ['availability', 'costNote']);
    const organizationId = publisher.id ?? null;
    const content: ServiceContent = {
      kind: input.kind,
      format: input.format,
      cost: input.cost,
      visibility: input.visibility,
      // Offered by the organization, or by the member saving it when it was theirs or is new.
      providerId: organizationId ? null : (before?.providerId ?? member.userId),
      organizationId,
      texts: texts.texts.map((text) => ({
        ...text,
        availability: text.availability.trim(),
        costNote: text.costNote.trim(),
      })),
      languages: [...new Set(input.languages)].sort(),
      capacities: [...new Set(input.capacities)],
      countries: [...new Set(input.countries)].sort(),
      regions: [...new Set(input.regions)].sort(),
    };
    const regionIds = new Set(regionOfCountry.values());
    const problems: FieldProblem[] = [
      ...texts.problems,
      ...codeListProblems(input.languages, languageCodes, 'body.languages', 'unknown-language'),
      ...codeListProblems(input.countries, countryCodes, 'body.countries', 'unknown-country'),
      ...codeListProblems(input.regions, regionIds, 'body.regions', 'unknown-region'),
      ...capacityIdProblems(input.capacities, knownCapacities),
      ...(input.cost === 'stated' && !content.texts.some((text) => text.costNote !== '')
        ? [{ field: 'body.texts.0.costNote', code: 'required' }]
        : []),
      ...(publisher.id === undefined ? [{ field: 'body.organization', code: 'unknown-organization' }] : []),
      ...(publisher.id && publisher.id !== before?.organizationId && !publisher.managerIds.includes(member.userId)
        ? [{ field: 'body.organization', code: 'not-manager' }]
        : []),
      // A member's own service cannot be handed to them by someone else: only its provider saves it as theirs.
      ...(organizationId === null && before !== undefined && before.providerId !== member.userId
        ? [{ field: 'body.organization', code: 'not-manager' }]
        : []),
    ];
    return { content, problems, editors: await editorsOf(trx, content) };
  }

  /** A service as this viewer may see it. */
  async function present(
    viewer: Viewer | null,
    service: ServiceData,
    editors: readonly string[],
    language: UiLanguage,
  ) {
    const [languageRows, capacityRows, regions, profiles, organizations] = await Promise.all([
      cachedReferenceLists(db).languages,
      capacitiesWithLabels(db, language),
      cachedReferenceLists(db).regions,
      loadProfiles(db, service.providerId ? [service.providerId] : []),
      organizationSummaries(db, service.organizationId ? [service.organizationId] : []),
    ]);
    const languagesByCode = new Map(languageRows.map((row) => [row.code, row]));
    const labelOf = new Map(capacityRows.map((row) => [row.id, row.label]));
    // A member provider is named as far as their own profile lets this reader see them.
    const provider = profiles[0] ? visibleProfile(profiles[0], relationOf(viewer, profiles[0].userId)) : undefined;
    const organization = organizations[0];
    const shown = closestText(service.texts, language)!;
    return {
      id: service.id,
      title: shown.title,
      description: renderMarkdown(shown.description),
      availability: shown.availability,
      costNote: shown.costNote,
      language: shown.language,
      texts: service.texts.map((entry) => ({ ...entry, html: renderMarkdown(entry.description) })),
      kind: service.kind,
      format: service.format,
      cost: service.cost,
      languages: service.languages.map((code) => {
        const row = languagesByCode.get(code);
        return {
          code,
          autonym: row?.autonym ?? code,
          name: row ? languageName(row.bcp47, row.autonym, language) : code,
        };
      }),
      capacities: service.capacities.map((id) => ({ id, label: labelOf.get(id) ?? String(id) })),
      countries: service.countries.map((code) => ({ code, name: countryName(code, language) })),
      regions: regions
        .filter((region) => service.regions.includes(region.id))
        .map((region) => ({
          id: region.id,
          name: translator.translate(language, `cxc-region-${region.id.toLowerCase()}`),
        })),
      provider: organization
        ? { kind: 'organization' as const, name: organization.name, handle: null, slug: organization.slug }
        : {
            kind: 'member' as const,
            name: provider?.displayName ?? null,
            handle: provider?.handle ?? null,
            slug: null,
          },
      visibility: service.visibility,
      createdAt: new Date(service.createdAt).toISOString(),
      updatedAt: new Date(service.updatedAt).toISOString(),
      canEdit: viewer?.onboarded === true && editors.includes(viewer.userId),
      hidden: service.hiddenAt !== null,
    };
  }

  /** Locks the editor's account, then the service's row (the lock order), and checks the right to edit it. */
  async function loadForEditing(trx: Db, member: Viewer, id: string): Promise<ServiceData> {
    if (!(await lockAccount(trx, dialect, member.userId))) throw new AppError('unauthorized');
    const [service] = await servicesRepository(trx).loadMany([id], dialect);
    if (!service) throw new AppError('not_found');
    const editors = await editorsOf(trx, service);
    // Someone who may read it is told they may not edit it; anyone else learns nothing.
    if (!editors.includes(member.userId))
      throw new AppError(mayReadItem(member, service, editors) ? 'forbidden' : 'not_found');
    return service;
  }

  return {
    async view(viewer: Viewer | null, id: string, language: UiLanguage) {
      const service = await repository.load(id);
      if (!service) throw new AppError('not_found');
      const editors = await editorsOf(db, service);
      // A draft, a members' service for a visitor, a hidden one: as if it did not exist.
      if (!mayReadItem(viewer, service, editors)) throw new AppError('not_found');
      return present(viewer, service, editors, language);
    },

    /** A member offers a service, themselves or for an organization they manage. */
    async create(viewer: Viewer | null, input: ServiceBody): Promise<string> {
      const member = requireMember(viewer);
      const id = randomUUID();
      const regions = await regionsByCountry(db);
      await db.transaction().execute(async (trx) => {
        if (!(await lockAccount(trx, dialect, member.userId))) throw new AppError('unauthorized');
        const { content, problems } = await checked(trx, member, input, undefined, regions);
        if (problems.length > 0) throw validationFailed(problems);
        const store = servicesRepository(trx);
        await store.insert(id, content, member.userId, Date.now());
        const [created] = await store.loadMany([id]);
        await search.write(
          trx,
          'service',
          id,
          serviceDocuments(created!, regions, await providerNamesOf(trx, [created!])),
        );
      });
      return id;
    },

    /** Its editor saves the whole service (the one section of its editor). */
    async save(viewer: Viewer | null, id: string, input: ServiceBody, language: UiLanguage) {
      const member = requireMember(viewer);
      const regions = await regionsByCountry(db);
      let checkedInput: Awaited<ReturnType<typeof checked>> | undefined;
      const saved = await saveSection(db, {
        load: (trx) => loadForEditing(trx, member, id),
        async check(service, trx) {
          checkedInput = await checked(trx, member, input, service, regions);
          return checkedInput.problems;
        },
        async write(trx, service) {
          const { content } = checkedInput!;
          const now = Date.now();
          await servicesRepository(trx).update(service.id, content, now);
          return { ...service, ...content, updatedAt: now };
        },
        async derive(trx, service) {
          await search.write(
            trx,
            'service',
            service.id,
            serviceDocuments(service, regions, await providerNamesOf(trx, [service])),
          );
        },
      });
      return present(viewer, saved, checkedInput!.editors, language);
    },

    /** Its editor deletes a service, with its documents. */
    async remove(viewer: Viewer | null, id: string): Promise<void> {
      const member = requireMember(viewer);
      await db.transaction().execute(async (trx) => {
        await loadForEditing(trx, member, id);
        await servicesRepository(trx).delete(id);
        await search.write(trx, 'service', id, []);
      });
    },

    /** Services a viewer may see: a member's, an organization's, or those the viewer may edit. */
    async list(
      viewer: Viewer | null,
      query: { provider?: string; organization?: string; editable?: boolean; page?: number },
      language: UiLanguage,
    ) {
      const page = query.page ?? 1;
      const empty = { services: [], page, hasMore: false };
      const where = await itemListScope(db, viewer, { ...query, member: query.provider });
      if (!where) return empty;
      const { items, hasMore } = await readablePage(
        async (limit, offset) => repository.loadMany(await repository.idsWhere(where, limit, offset)),
        (service) => mayReadListedItem(viewer, service, () => editorsOf(db, service)),
        page,
        SERVICE_PAGE_SIZE,
      );
      return {
        services: items.map((service) => {
          const text = closestText(service.texts, language)!;
          return {
            id: service.id,
            title: text.title,
            language: text.language,
            kind: service.kind,
            format: service.format,
            cost: service.cost,
            visibility: service.visibility,
            updatedAt: new Date(service.updatedAt).toISOString(),
          };
        }),
        page,
        hasMore,
      };
    },
  };
}
