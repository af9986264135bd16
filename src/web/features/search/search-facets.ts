import type { paths } from '../../api/schema';

export type SearchData = paths['/api/search']['get']['responses'][200]['content']['application/json'];
/** The facet groups, in the order the search page shows them. */
export const FACETS = [
  'type',
  'side',
  'capacity',
  'language',
  'region',
  'country',
  'format',
  'orgType',
  'resourceKind',
  'level',
  'licence',
  'serviceKind',
  'serviceFormat',
] as const;
export type Facet = (typeof FACETS)[number];
