import { Type, type Static } from 'typebox';

/** One capacity and its narrower capacities. Registered once as a shared, self-referencing schema. */
export interface CapacityNode {
  id: number;
  label: string;
  wikidataQid: string | null;
  children: CapacityNode[];
}

export const CapacityNodeSchema = {
  $id: 'CapacityNode',
  type: 'object',
  required: ['id', 'label', 'wikidataQid', 'children'],
  properties: {
    id: { type: 'integer' },
    label: { type: 'string', description: 'Label in the requested language' },
    wikidataQid: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Wikidata item, where one is known' },
    children: { type: 'array', items: { $ref: 'CapacityNode#' } },
  },
} as const;

export const CapacitiesResponse = Type.Object(
  {
    language: Type.String({ description: 'The language of the labels' }),
    capacities: Type.Unsafe<CapacityNode[]>({ type: 'array', items: { $ref: 'CapacityNode#' } }),
  },
  { description: 'The roots of the taxonomy, each with its narrower capacities' },
);
export type CapacitiesResponse = Static<typeof CapacitiesResponse>;
