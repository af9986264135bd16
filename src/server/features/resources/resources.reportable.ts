import { resourcePath } from '../../../shared/web-routes';
import type { ReportableSource, ReportedItem } from '../moderation/reportable';
import type { SearchIndexer } from '../search/search.indexer';
import { memberAuthorIds, resourcesRepository, type ResourceData } from './resources.repository';
import { itemAudiences } from '../../platform/editing/items';

function item(resource: ResourceData, managerIds: readonly string[]): ReportedItem {
  const [owner, ...others] = memberAuthorIds(resource);
  return {
    id: resource.id,
    ownerId: owner ?? null,
    managerIds: [...new Set([...others, ...managerIds])],
    label: resource.texts[0]?.title ?? resource.id,
    path: resourcePath(resource.id),
    // What its page shows everyone.
    content: {
      texts: resource.texts,
      kind: resource.kind,
      licence: resource.licence,
      url: resource.url,
      commonsFile: resource.commonsFile,
      authors: resource.authors.map((author) => (author.kind === 'name' ? author.name : author.kind)),
    },
    hidden: resource.hiddenAt !== null,
  };
}

/**
 * Learning resources as moderation sees them: reported by their id, hidden with their search
 * documents. The first member author answers for it; the others and the organization's managers
 * are told of actions.
 */
export function resourceReportable(
  search: Pick<SearchIndexer, 'refresh'>,
  managersOf: (db: Parameters<ReportableSource['current']>[0], organizationId: string) => Promise<string[]>,
): ReportableSource {
  const withManagers = async (db: Parameters<ReportableSource['current']>[0], resource: ResourceData) =>
    item(resource, resource.organizationId ? await managersOf(db, resource.organizationId) : []);
  return {
    type: 'resource',
    async forReporter(db, id, viewer) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
      const resource = await resourcesRepository(db).load(id);
      // Only what the reporter may find: a draft or a hidden resource is not reported.
      if (!resource || !itemAudiences(resource).includes(viewer.onboarded ? 'member' : 'visitor')) return undefined;
      return withManagers(db, resource);
    },
    async current(db, id) {
      const resource = await resourcesRepository(db).load(id);
      return resource ? withManagers(db, resource) : undefined;
    },
    async setHidden(trx, id, hiddenAt) {
      await resourcesRepository(trx).setHidden(id, hiddenAt);
      await search.refresh(trx, 'resource', id);
    },
  };
}
