import { servicePath } from '../../../shared/web-routes';
import { itemAudiences } from '../../platform/editing/items';
import type { ReportableSource, ReportedItem } from '../moderation/reportable';
import type { SearchIndexer } from '../search/search.indexer';
import { servicesRepository, type ServiceData } from './services.repository';

type Db = Parameters<ReportableSource['current']>[0];

function item(service: ServiceData, managerIds: readonly string[]): ReportedItem {
  return {
    id: service.id,
    ownerId: service.providerId,
    managerIds,
    label: service.texts[0]?.title ?? service.id,
    path: servicePath(service.id),
    // What its page shows everyone.
    content: { texts: service.texts, kind: service.kind, format: service.format, cost: service.cost },
    hidden: service.hiddenAt !== null,
  };
}

/**
 * Services as moderation sees them: reported by their id, hidden with their search documents. Its
 * member provider answers for it; an organization's managers are told of actions.
 */
export function serviceReportable(
  search: Pick<SearchIndexer, 'refresh'>,
  managersOf: (db: Db, organizationId: string) => Promise<string[]>,
): ReportableSource {
  const withManagers = async (db: Db, service: ServiceData) =>
    item(service, service.organizationId ? await managersOf(db, service.organizationId) : []);
  return {
    type: 'service',
    async forReporter(db, id, viewer) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
      const service = await servicesRepository(db).load(id);
      // Only what the reporter may find: a draft or a hidden service is not reported.
      if (!service || !itemAudiences(service).includes(viewer.onboarded ? 'member' : 'visitor')) return undefined;
      return withManagers(db, service);
    },
    async current(db, id) {
      const service = await servicesRepository(db).load(id);
      return service ? withManagers(db, service) : undefined;
    },
    async setHidden(trx, id, hiddenAt) {
      await servicesRepository(trx).setHidden(id, hiddenAt);
      await search.refresh(trx, 'service', id);
    },
  };
}
