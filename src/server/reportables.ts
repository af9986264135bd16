import type { SqlDialect } from './platform/db/dialects/dialect';
import { messageReportable } from './features/messages/messages.reportable';
import type { ReportableSource } from './features/moderation/reportable';
import { organizationReportable } from './features/organizations/organizations.reportable';
import { organizationManagerIds } from './features/organizations/organizations.public';
import { resourceReportable } from './features/resources/resources.reportable';
import { serviceReportable } from './features/services/services.reportable';
import { profileReportable } from './features/profiles/profiles.reportable';
import type { SearchIndexer } from './features/search/search.indexer';

/** Every content type members can report; a new one adds its source here (see moderation/reportable.ts). */
export function reportableSources(dialect: SqlDialect, search: Pick<SearchIndexer, 'refresh'>): ReportableSource[] {
  return [
    profileReportable(search),
    organizationReportable(search),
    messageReportable(dialect),
    resourceReportable(search, organizationManagerIds),
    serviceReportable(search, organizationManagerIds),
  ];
}
