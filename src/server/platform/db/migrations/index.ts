import type { Migration } from 'kysely';
import * as createReferenceTables from './202611250800_create-reference-tables';
import * as createAccounts from './202611250900_create-accounts';
import * as createProfiles from './202611251000_create-profiles';
import * as createOrganizations from './202611251100_create-organizations';
import * as createAffiliations from './202611251200_create-affiliations';
import * as createOrganizationContacts from './202611251300_create-organization-contacts';
import * as createSearchIndex from './202611251400_create-search-index';
import * as createSearchCounts from './202611251500_create-search-counts';
import * as storeSearchDocumentsWhole from './202611251600_store-search-documents-whole';
import * as createHiddenMatches from './202611251700_create-hidden-matches';
import * as addStaleCheckToSearchIndexState from './202612011000_add-stale-check-to-search-index-state';
import * as createConversations from './202612011200_create-conversations';
import * as createConnectionsAndInvitations from './202612011300_create-connections-and-invitations';
import * as addOrganizationsToConversations from './202612011400_add-organizations-to-conversations';
import * as indexLowercaseProfileHandles from './202612011500_index-lowercase-profile-handles';
import * as createModeration from './202612011600_create-moderation';
import * as refoldSearchDocuments from './202612011700_refold-search-documents';
import * as addStatisticsChoice from './202612021000_add-statistics-choice';
import * as createResources from './202612021600_create-resources';
import * as createServices from './202612021700_create-services';
import * as createPresenceCounts from './202612021400_create-presence-counts';

/**
 * Every migration, by name (`YYYYMMDDHHMM_verb-noun`), in the order they run. Add new ones at the
 * end; never edit one that has been merged.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '202611250800_create-reference-tables': createReferenceTables,
  '202611250900_create-accounts': createAccounts,
  '202611251000_create-profiles': createProfiles,
  '202611251100_create-organizations': createOrganizations,
  '202611251200_create-affiliations': createAffiliations,
  '202611251300_create-organization-contacts': createOrganizationContacts,
  '202611251400_create-search-index': createSearchIndex,
  '202611251500_create-search-counts': createSearchCounts,
  '202611251600_store-search-documents-whole': storeSearchDocumentsWhole,
  '202611251700_create-hidden-matches': createHiddenMatches,
  '202612011000_add-stale-check-to-search-index-state': addStaleCheckToSearchIndexState,
  '202612011200_create-conversations': createConversations,
  '202612011300_create-connections-and-invitations': createConnectionsAndInvitations,
  '202612011400_add-organizations-to-conversations': addOrganizationsToConversations,
  '202612011500_index-lowercase-profile-handles': indexLowercaseProfileHandles,
  '202612011600_create-moderation': createModeration,
  '202612011700_refold-search-documents': refoldSearchDocuments,
  '202612021000_add-statistics-choice': addStatisticsChoice,
  '202612021400_create-presence-counts': createPresenceCounts,
  '202612021600_create-resources': createResources,
  '202612021700_create-services': createServices,
};
