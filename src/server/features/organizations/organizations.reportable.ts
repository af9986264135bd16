import { organizationPath } from '../../../shared/web-routes';
import type { ReportableSource, ReportedItem } from '../moderation/reportable';
import type { SearchIndexer } from '../search/search.indexer';
import { organizationsRepository, type OrganizationData } from './organizations.repository';

function item(organization: OrganizationData): ReportedItem {
  return {
    id: organization.id,
    ownerId: null,
    managerIds: organization.managerIds,
    label: organization.names[0]?.name ?? organization.slug,
    path: organizationPath(organization.slug),
    // What the page shows everyone (contact options follow their own visibility, so they stay out).
    content: {
      names: organization.names,
      acronym: organization.acronym,
      website: organization.website,
      metaPage: organization.metaPage,
      descriptions: organization.descriptions,
      logoCommonsFile: organization.logoCommonsFile,
    },
    hidden: organization.withheld === true,
  };
}

/** Organizations as moderation sees them: reported by their slug, hidden with their search documents. */
export function organizationReportable(search: Pick<SearchIndexer, 'refresh'>): ReportableSource {
  return {
    type: 'organization',
    async forReporter(db, slug) {
      const repository = organizationsRepository(db);
      const id = await repository.idBySlug(slug);
      const organization = id ? await repository.load(id) : undefined;
      return organization && !organization.withheld ? item(organization) : undefined;
    },
    async current(db, id) {
      const organization = await organizationsRepository(db).load(id);
      return organization ? item(organization) : undefined;
    },
    async setHidden(trx, id, hiddenAt) {
      await organizationsRepository(trx).setHidden(id, hiddenAt);
      await search.refresh(trx, 'organization', id);
    },
  };
}
