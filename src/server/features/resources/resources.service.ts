import { randomUUID } from 'node:crypto';
import type { UiLanguage } from '../../../shared/ui-languages';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { AppError, validationFailed, type FieldProblem } from '../../platform/errors';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import {
  commonsFileName,
  containsMarkup,
  commonsFilePage,
  commonsMediaProblems,
  isWebUrl,
  repeatedEntries,
  trimOrNull,
} from '../../platform/editing/field-rules';
import { renderMarkdown } from '../../platform/editing/markdown';
import {
  capacityIdProblems,
  checkedTexts,
  closestText,
  codeListProblems,
  mayReadItem,
  mayReadListedItem,
  readablePage,
} from '../../platform/editing/items';
import { saveSection } from '../../platform/editing/section-save';
import { lockAccount } from '../accounts/accounts.public';
import { itemListScope } from '../items/items.public';
import { capacitiesWithLabels, existingCapacityIds } from '../capacities/capacities.service';
import {
  organizationIdsBySlugs,
  organizationManagerIds,
  organizationSummaries,
  publishingOrganization,
} from '../organizations/organizations.public';
import { loadProfiles, memberCards, userIdByHandle } from '../profiles/profiles.public';
import { relationOf, visibleProfile } from '../profiles/visibility';
import { cachedReferenceLists, knownCodes, languageName } from '../reference/reference.service';
import type { SearchIndexer } from '../search/search.indexer';
import {
  memberAuthorIds,
  resourcesRepository,
  type ResourceAuthor,
  type ResourceContent,
  type ResourceData,
} from './resources.repository';
import type { ResourceBody } from './resources.schema';
import { organizationNamesOf, resourceDocuments } from './resources.search';

export const RESOURCE_PAGE_SIZE = 30;

/** The fields a change is recorded by, in the editor's order. */
const RECORDED_FIELDS = [
  'texts',
  'kind',
  'level',
  'licence',
  'url',
  'commonsFile',
  'publishedOn',
  'languages',
  'capacities',
  'authors',
  'organizationId',
  'visibility',
] as const satisfies readonly (keyof ResourceContent)[];

/** Which fields differ between two versions of a resource (`organizationId` is said as `organization`). */
export function changedFields(before: ResourceContent | undefined, after: ResourceContent): string[] {
  return RECORDED_FIELDS.filter(
    (field) => before === undefined || JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  ).map((field) => (field === 'organizationId' ? 'organization' : field));
}

/** Whether a YYYY-MM-DD string is a real date (not 2026-02-30). */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The profile addresses of the member authors named by address (the others are sent back by `ref`). */
const memberHandles = (input: ResourceBody): string[] =>
  input.authors.flatMap((author) => (author.kind === 'member' && 'handle' in author ? [author.handle.trim()] : []));

export interface ResourcesDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  /** Where a saved resource's search documents are written, in the save's transaction. */
  readonly search: Pick<SearchIndexer, 'write'>;
}

export function resourcesService({ db, dialect, search }: ResourcesDependencies) {
  const repository = resourcesRepository(db);

  /** Authors and managers of its organization may edit a resource. */
  async function editorsOf(trx: Db, resource: Pick<ResourceData, 'authors' | 'organizationId'>): Promise<string[]> {
    const managers = resource.organizationId ? await organizationManagerIds(trx, resource.organizationId) : [];
    return [...new Set([...memberAuthorIds(resource), ...managers])];
  }

  /**
   * The input checked against what exists, read through `trx`: the resource's content as it would
   * be stored, and every problem (empty when it may be saved). `before` is the stored resource when
   * saving; the organization may stay as it was, and may only become one the editor manages.
   */
  async function checked(
    trx: Db,
    member: Viewer,
    input: ResourceBody,
    before: ResourceData | undefined,
  ): Promise<{ content: ResourceContent; problems: FieldProblem[]; editors: string[] }> {
    // Nullable fields may arrive as "" (the validator coerces null to a string where a string may come).
    const url = trimOrNull(input.url);
    const organization = trimOrNull(input.organization);
    const publishedOn = trimOrNull(input.publishedOn);
    const level = input.level || null;
    const commonsFile = commonsFileName(input.commonsFile);
    const authorHandles = memberHandles(input);
    // A member author sent back by reference must already be one (nobody is added by their id).
    const storedAuthors = new Set(before ? memberAuthorIds(before) : []);
    const authorSlugs = input.authors.flatMap((author) => (author.kind === 'organization' ? [author.slug] : []));
    const [languageCodes, knownCapacities, userIds, organizationIds, publisher] = await Promise.all([
      knownCodes(trx, 'languages', [...input.texts.map((entry) => entry.language), ...input.languages]),
      existingCapacityIds(trx, input.capacities),
      Promise.all(authorHandles.map((handle) => userIdByHandle(trx, handle))),
      organizationIdsBySlugs(trx, authorSlugs),
      publishingOrganization(trx, organization),
    ]);
    const texts = checkedTexts(input.texts, languageCodes);
    const userIdOf = new Map(authorHandles.map((handle, index) => [handle, userIds[index]]));
    const authors: ResourceAuthor[] = input.authors.map((author) =>
      author.kind === 'member'
        ? {
            kind: 'member',
            userId:
              'handle' in author
                ? (userIdOf.get(author.handle.trim()) ?? null)
                : storedAuthors.has(author.ref)
                  ? author.ref
                  : null,
            organizationId: null,
            name: null,
          }
        : author.kind === 'organization'
          ? { kind: 'organization', userId: null, organizationId: organizationIds.get(author.slug) ?? null, name: null }
          : { kind: 'name', userId: null, organizationId: null, name: author.name.trim().replace(/\s+/g, ' ') },
    );
    const publisherId = publisher.id;
    const managesPublisher = publisher.managerIds.includes(member.userId);
    // Whoever saves stays able to edit it: unless they manage the organization it is for, they are
    // among its authors, named or not (the first, when they were not yet).
    const addsSelf = !managesPublisher && !authors.some((author) => author.userId === member.userId);
    const self: ResourceAuthor = { kind: 'member', userId: member.userId, organizationId: null, name: null };
    const content: ResourceContent = {
      kind: input.kind,
      level,
      licence: input.licence,
      url,
      commonsFile,
      publishedOn,
      visibility: input.visibility,
      organizationId: publisherId ?? null,
      texts: texts.texts,
      languages: [...new Set(input.languages)].sort(),
      capacities: [...new Set(input.capacities)],
      authors: addsSelf ? [self, ...authors] : authors,
    };
    const editors = await editorsOf(trx, content);
    const repeatedAuthors = repeatedEntries(authors, (author) =>
      author.kind === 'name'
        ? `name:${author.name!.toLowerCase()}`
        : (author.userId ?? author.organizationId ?? undefined),
    );
    const problems: FieldProblem[] = [
      ...texts.problems,
      ...(url === null && commonsFile === null ? [{ field: 'body.url', code: 'required' }] : []),
      ...(url !== null && !isWebUrl(url) ? [{ field: 'body.url', code: 'invalid-link' }] : []),
      ...commonsMediaProblems('body.commonsFile', commonsFile),
      ...(publishedOn !== null && !isCalendarDate(publishedOn)
        ? [{ field: 'body.publishedOn', code: 'invalid-date' }]
        : []),
      ...codeListProblems(input.languages, languageCodes, 'body.languages', 'unknown-language'),
      ...capacityIdProblems(input.capacities, knownCapacities),
      ...authors.flatMap((author, index): FieldProblem[] => {
        const field = `body.authors.${index}`;
        if (author.kind === 'member' && author.userId === null)
          return [
            { field: `${field}.${'handle' in input.authors[index]! ? 'handle' : 'ref'}`, code: 'unknown-member' },
          ];
        if (author.kind === 'organization' && author.organizationId === null)
          return [{ field: `${field}.slug`, code: 'unknown-organization' }];
        if (author.kind === 'name' && (author.name === '' || containsMarkup(author.name!)))
          return [{ field: `${field}.name`, code: author.name === '' ? 'required' : 'no-markup' }];
        return repeatedAuthors.has(index) ? [{ field, code: 'duplicate' }] : [];
      }),
      ...(publisherId === undefined ? [{ field: 'body.organization', code: 'unknown-organization' }] : []),
      ...(publisherId && publisherId !== before?.organizationId && !managesPublisher
        ? [{ field: 'body.organization', code: 'not-manager' }]
        : []),
    ];
    return { content, problems, editors };
  }

  /**
   * The accounts a save must hold before the resource's row: the saver's and every member author's,
   * before and after (an erasure locks an account and then the resources naming it; a save that locked
   * the resource first and then met the account would wait for it in turn). Only the saver's own
   * account gone is refused (401); another author erased meanwhile is no longer found as one.
   */
  async function lockAccounts(trx: Db, saverId: string, authorIds: readonly string[]): Promise<void> {
    for (const userId of [...new Set([saverId, ...authorIds])].sort())
      if (!(await lockAccount(trx, dialect, userId)) && userId === saverId) throw new AppError('unauthorized');
  }

  /** A resource as this viewer may see it. */
  async function present(
    viewer: Viewer | null,
    resource: ResourceData,
    editors: readonly string[],
    language: UiLanguage,
  ) {
    const canEdit = viewer?.onboarded === true && editors.includes(viewer.userId);
    const memberIds = memberAuthorIds(resource);
    const [languageRows, capacityRows, profiles, organizations, history] = await Promise.all([
      cachedReferenceLists(db).languages,
      capacitiesWithLabels(db, language),
      loadProfiles(db, memberIds),
      organizationSummaries(db, [
        ...(resource.organizationId ? [resource.organizationId] : []),
        ...resource.authors.flatMap((author) => (author.organizationId ? [author.organizationId] : [])),
      ]),
      canEdit ? repository.historyOf(resource.id) : Promise.resolve([]),
    ]);
    const actors = canEdit
      ? await memberCards(
          db,
          history.flatMap((entry) => (entry.actor_id ? [entry.actor_id] : [])),
        )
      : new Map();
    const languagesByCode = new Map(languageRows.map((row) => [row.code, row]));
    const labelOf = new Map(capacityRows.map((row) => [row.id, row.label]));
    const organizationOf = new Map(organizations.map((row) => [row.id, row]));
    // A member author is named as far as their own profile lets this reader see them.
    const visibleAuthors = new Map(
      profiles.flatMap((profile) => {
        const visible = visibleProfile(profile, relationOf(viewer, profile.userId));
        return visible
          ? [[profile.userId, { handle: visible.handle, name: visible.displayName ?? null }] as const]
          : [];
      }),
    );
    const shown = closestText(resource.texts, language)!;
    const publisher = resource.organizationId ? organizationOf.get(resource.organizationId) : undefined;
    const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
    return {
      id: resource.id,
      title: shown.title,
      description: renderMarkdown(shown.description),
      language: shown.language,
      texts: resource.texts.map((entry) => ({ ...entry, html: renderMarkdown(entry.description) })),
      kind: resource.kind,
      level: resource.level,
      licence: resource.licence,
      url: resource.url,
      commonsFile: resource.commonsFile,
      commonsPage: resource.commonsFile ? commonsFilePage(resource.commonsFile) : null,
      publishedOn: resource.publishedOn,
      languages: resource.languages.map((code) => {
        const row = languagesByCode.get(code);
        return {
          code,
          autonym: row?.autonym ?? code,
          name: row ? languageName(row.bcp47, row.autonym, language) : code,
        };
      }),
      capacities: resource.capacities.map((id) => ({ id, label: labelOf.get(id) ?? String(id) })),
      authors: resource.authors.map((author) => {
        if (author.kind === 'member') {
          const seen = author.userId ? visibleAuthors.get(author.userId) : undefined;
          return {
            kind: author.kind,
            name: seen?.name ?? null,
            handle: seen?.handle ?? null,
            slug: null,
            erased: author.userId === null,
            ...(canEdit && author.userId ? { ref: author.userId } : {}),
          };
        }
        if (author.kind === 'organization') {
          const organization = author.organizationId ? organizationOf.get(author.organizationId) : undefined;
          return {
            kind: author.kind,
            name: organization?.name ?? null,
            handle: null,
            slug: organization?.slug ?? null,
            erased: false,
          };
        }
        return { kind: author.kind, name: author.name, handle: null, slug: null, erased: false };
      }),
      organization: publisher ? { slug: publisher.slug, name: publisher.name } : null,
      visibility: resource.visibility,
      createdAt: new Date(resource.createdAt).toISOString(),
      updatedAt: new Date(resource.updatedAt).toISOString(),
      canEdit,
      hidden: resource.hiddenAt !== null,
      ...(canEdit
        ? {
            link: {
              status: resource.link.status,
              checkedAt: iso(resource.link.checkedAt),
              failingSince: iso(resource.link.failingSince),
            },
            history: history.map((entry) => ({
              action: entry.action,
              actor: entry.actor_id
                ? (actors.get(entry.actor_id)?.name ?? actors.get(entry.actor_id)?.handle ?? null)
                : null,
              fields: JSON.parse(entry.fields) as string[],
              at: new Date(Number(entry.created_at)).toISOString(),
            })),
          }
        : {}),
    };
  }

  async function readable(viewer: Viewer | null, id: string) {
    const resource = await repository.load(id);
    if (!resource) throw new AppError('not_found');
    const editors = await editorsOf(db, resource);
    // A draft, a members' resource for a visitor, a hidden one: as if it did not exist.
    if (!mayReadItem(viewer, resource, editors)) throw new AppError('not_found');
    return { resource, editors };
  }

  return {
    editorsOf,

    async view(viewer: Viewer | null, id: string, language: UiLanguage) {
      const { resource, editors } = await readable(viewer, id);
      return present(viewer, resource, editors, language);
    },

    /** A member adds a resource, for themselves (they are among its authors) or for an organization they manage. */
    async create(viewer: Viewer | null, input: ResourceBody): Promise<string> {
      const member = requireMember(viewer);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        const authorIds = (await Promise.all(memberHandles(input).map((handle) => userIdByHandle(trx, handle)))).filter(
          (userId): userId is string => userId !== undefined,
        );
        await lockAccounts(trx, member.userId, authorIds);
        const { content, problems } = await checked(trx, member, input, undefined);
        if (problems.length > 0) throw validationFailed(problems);
        const now = Date.now();
        const store = resourcesRepository(trx);
        await store.insert(id, content, now);
        await store.record({
          resourceId: id,
          actorId: member.userId,
          action: 'created',
          fields: changedFields(undefined, content),
        });
        const [created] = await store.loadMany([id]);
        await search.write(
          trx,
          'resource',
          id,
          resourceDocuments(created!, await organizationNamesOf(trx, [created!])),
        );
      });
      return id;
    },

    /** An editor saves the whole resource (the one section of its editor), recorded in its history. */
    async save(viewer: Viewer | null, id: string, input: ResourceBody, language: UiLanguage) {
      const member = requireMember(viewer);
      const stored = await repository.memberAuthorsOf(id);
      const newAuthors = (await Promise.all(memberHandles(input).map((handle) => userIdByHandle(db, handle)))).filter(
        (userId): userId is string => userId !== undefined,
      );
      let saved: { resource: ResourceData; editors: string[] } | undefined;
      await saveSection(db, {
        async load(trx) {
          await lockAccounts(trx, member.userId, [...stored, ...newAuthors]);
          const [resource] = await resourcesRepository(trx).loadMany([id], dialect);
          if (!resource) throw new AppError('not_found');
          const editors = await editorsOf(trx, resource);
          if (!editors.includes(member.userId)) {
            // Someone who may read it is told they may not edit it; anyone else learns nothing.
            throw new AppError(mayReadItem(member, resource, editors) ? 'forbidden' : 'not_found');
          }
          return resource;
        },
        async check(resource, trx) {
          const result = await checked(trx, member, input, resource);
          saved = { resource: { ...resource, ...result.content }, editors: result.editors };
          return result.problems;
        },
        async write(trx, resource) {
          const now = Date.now();
          const next = { ...saved!.resource, updatedAt: now };
          const store = resourcesRepository(trx);
          await store.update(resource.id, next, now);
          const fields = changedFields(resource, next);
          if (fields.length > 0)
            await store.record({ resourceId: resource.id, actorId: member.userId, action: 'edited', fields });
          saved = { ...saved!, resource: next };
          return next;
        },
        async derive(trx, resource) {
          await search.write(
            trx,
            'resource',
            resource.id,
            resourceDocuments(resource, await organizationNamesOf(trx, [resource])),
          );
        },
      });
      return present(viewer, saved!.resource, saved!.editors, language);
    },

    /** An editor deletes a resource, with its history and documents. */
    async remove(viewer: Viewer | null, id: string): Promise<void> {
      const member = requireMember(viewer);
      await db.transaction().execute(async (trx) => {
        await lockAccounts(trx, member.userId, []);
        const [resource] = await resourcesRepository(trx).loadMany([id], dialect);
        if (!resource) throw new AppError('not_found');
        const editors = await editorsOf(trx, resource);
        if (!editors.includes(member.userId))
          throw new AppError(mayReadItem(member, resource, editors) ? 'forbidden' : 'not_found');
        await resourcesRepository(trx).delete(id);
        await search.write(trx, 'resource', id, []);
      });
    },

    /** Resources a viewer may see: a member's (as authors), an organization's, or those the viewer may edit. */
    async list(
      viewer: Viewer | null,
      query: { author?: string; organization?: string; editable?: boolean; page?: number },
      language: UiLanguage,
    ) {
      const page = query.page ?? 1;
      const empty = { resources: [], page, hasMore: false };
      const where = await itemListScope(db, viewer, { ...query, member: query.author });
      if (!where) return empty;
      const { items, hasMore } = await readablePage(
        async (limit, offset) => repository.loadMany(await repository.idsWhere(where, limit, offset)),
        (resource) => mayReadListedItem(viewer, resource, () => editorsOf(db, resource)),
        page,
        RESOURCE_PAGE_SIZE,
      );
      return {
        resources: items.map((resource) => {
          const text = closestText(resource.texts, language)!;
          return {
            id: resource.id,
            title: text.title,
            language: text.language,
            kind: resource.kind,
            level: resource.level,
            licence: resource.licence,
            visibility: resource.visibility,
            updatedAt: new Date(resource.updatedAt).toISOString(),
          };
        }),
        page,
        hasMore,
      };
    },
  };
}
