import { Type, type Static } from 'typebox';
import { enumOf, Nullable } from '../../platform/http/schemas';
import {
  CAPACITY_LEVEL,
  ENTITY_TYPE,
  EXCHANGE_FORMAT,
  ORGANIZATION_TYPE,
  SEARCH_SORT,
  SIDE,
  type Vocabulary,
} from '../../../shared/vocabulary';
import { RESOURCE_KIND, RESOURCE_LICENCE, SERVICE_FORMAT, SERVICE_KIND } from '../../../shared/item-vocabulary';

/** A filter on a facet with a closed list of values: any of them, so never more than the list holds. */
const AnyOf = <V extends string>(vocabulary: Vocabulary<V>) =>
  Type.Optional(Type.Array(enumOf(vocabulary), { maxItems: vocabulary.values.length }));

export const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: 1000,
      description: 'Words to find in names, bios, descriptions and capacity labels (any language)',
    }),
  ),
  type: AnyOf(ENTITY_TYPE),
  capacity: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, description: 'Includes narrower capacities' }),
  ),
  side: AnyOf(SIDE),
  language: Type.Optional(Type.Array(Type.String({ maxLength: 32, pattern: '^[a-z][a-z-]*$' }), { maxItems: 20 })),
  minLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 6, description: 'Babel level; 6 means native' })),
  region: Type.Optional(Type.Array(Type.String({ maxLength: 8, pattern: '^[A-Z]+$' }), { maxItems: 8 })),
  country: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 50 })),
  format: AnyOf(EXCHANGE_FORMAT),
  orgType: AnyOf(ORGANIZATION_TYPE),
  resourceKind: AnyOf(RESOURCE_KIND),
  licence: AnyOf(RESOURCE_LICENCE),
  level: AnyOf(CAPACITY_LEVEL),
  serviceKind: AnyOf(SERVICE_KIND),
  serviceFormat: AnyOf(SERVICE_FORMAT),
  sort: Type.Optional(
    enumOf(SEARCH_SORT, {
      description:
        'relevance: words found in the name first, then most matching capacities, then name (the default with words); name; most matching capacities, then name (the default with capacities); recently updated',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type SearchQuery = Static<typeof SearchQuery>;

const Count = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });
export const SearchResponse = Type.Object(
  {
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    sort: enumOf(SEARCH_SORT, { description: 'The order used' }),
    approximateWords: Type.Array(Type.String(), {
      description: 'Words that matched nothing as written, found as close spellings instead',
    }),
    results: Type.Array(
      Type.Object({
        type: enumOf(ENTITY_TYPE),
        address: Type.String({ description: 'Profile handle, organization slug or resource id' }),
        title: Nullable(Type.String({ description: 'Null when the name is hidden from you' })),
        matchedCapacities: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String(), side: Type.String() })),
        matchedLanguages: Type.Array(Type.String()),
      }),
    ),
    facets: Type.Object({
      type: Type.Array(Count),
      side: Type.Array(Count),
      capacity: Type.Array(Count),
      language: Type.Array(Count),
      region: Type.Array(Count),
      country: Type.Array(Count),
      format: Type.Array(Count),
      orgType: Type.Array(Count),
      resourceKind: Type.Array(Count),
      licence: Type.Array(Count),
      level: Type.Array(Count),
      serviceKind: Type.Array(Count),
      serviceFormat: Type.Array(Count),
    }),
  },
  { description: 'One page of results, each saying why it matched, and counts per facet value' },
);

export const SearchCountsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
});

export const SearchCountsResponse = Type.Object(
  {
    days: Type.Array(
      Type.Object({
        day: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
        searches: Type.Integer({ description: 'First pages asked with words or filters' }),
        withResults: Type.Integer({ description: 'Of those, the ones that found something' }),
        followed: Type.Integer({ description: 'Results opened from a search' }),
      }),
    ),
  },
  { description: 'Daily search counters, newest first; days without searches are absent' },
);
