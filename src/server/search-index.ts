import type { DatabaseHandle } from './platform/db/database';
import { organizationSearchSource } from './features/organizations/organizations.search';
import { resourceSearchSource } from './features/resources/resources.search';
import { serviceSearchSource } from './features/services/services.search';
import { personSearchSource } from './features/profiles/profiles.search';
import { searchIndexer, type SearchIndexer } from './features/search/search.indexer';

/** Every content type that search finds; a new one adds its source here. */
export const SEARCH_SOURCES = [
  personSearchSource,
  organizationSearchSource,
  resourceSearchSource,
  serviceSearchSource,
] as const;

/** The search indexer over every content type, for the app, its start-up and the `cxc` command. */
export function searchIndexFor(database: Pick<DatabaseHandle, 'db' | 'dialect'>): SearchIndexer {
  return searchIndexer(database, SEARCH_SOURCES);
}
