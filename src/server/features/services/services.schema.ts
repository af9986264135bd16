import { Type, type Static } from 'typebox';
import { enumOf, NameText, Nullable } from '../../platform/http/schemas';
import { ITEM_VISIBILITY, SERVICE_COST, SERVICE_FORMAT, SERVICE_KIND } from '../../../shared/item-vocabulary';

export const ServiceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** A whole service as its editor sends it, to add one or to save it. */
export const ServiceBody = Type.Object(
  {
    texts: Type.Array(
      Type.Object(
        {
          language: Type.String({ maxLength: 32 }),
          title: NameText('title'),
          description: Type.String({ maxLength: 4000 }),
          availability: Type.String({ maxLength: 300, description: 'When it is offered, e.g. "Tuesdays, 14-16 UTC"' }),
          costNote: Type.String({ maxLength: 300, description: 'What it costs, when the cost is stated' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10, description: 'In one or more languages, the main one first' },
    ),
    kind: enumOf(SERVICE_KIND),
    format: enumOf(SERVICE_FORMAT),
    cost: enumOf(SERVICE_COST),
    languages: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20, description: 'Languages it is given in' }),
    capacities: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, description: 'Capacities it helps with' }),
    countries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 60, description: 'Countries served' }),
    regions: Type.Array(Type.String({ maxLength: 16, pattern: '^[A-Z]+$' }), {
      maxItems: 8,
      description: 'Whole Wikimedia regions served',
    }),
    organization: Nullable(
      Type.String({
        maxLength: 80,
        description: 'The slug of an organization you manage that offers it; null: you do',
      }),
    ),
    visibility: enumOf(ITEM_VISIBILITY, { description: 'public, members, or draft (only its editors)' }),
  },
  { additionalProperties: false },
);
export type ServiceBody = Static<typeof ServiceBody>;

const Named = Type.Object({ code: Type.String(), name: Type.String() });

export const ServiceView = Type.Object(
  {
    id: Type.String(),
    title: Type.String({ description: "In the language closest to the reader's" }),
    description: Type.String({ description: 'The same text rendered (HTML)' }),
    availability: Type.String(),
    costNote: Type.String(),
    language: Type.String({ description: 'The language of those texts' }),
    texts: Type.Array(
      Type.Object({
        language: Type.String(),
        title: Type.String(),
        description: Type.String(),
        availability: Type.String(),
        costNote: Type.String(),
        html: Type.String(),
      }),
    ),
    kind: enumOf(SERVICE_KIND),
    format: enumOf(SERVICE_FORMAT),
    cost: enumOf(SERVICE_COST),
    languages: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), autonym: Type.String() })),
    capacities: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String() })),
    countries: Type.Array(Named),
    regions: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    provider: Type.Object(
      {
        kind: Type.Union([Type.Literal('member'), Type.Literal('organization')]),
        name: Nullable(Type.String({ description: 'Null for a member whose name you may not see' })),
        handle: Nullable(Type.String({ description: "A member's profile address, when you may see it" })),
        slug: Nullable(Type.String()),
      },
      { description: 'Who offers it; "Ask for this service" writes to them' },
    ),
    visibility: enumOf(ITEM_VISIBILITY),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    canEdit: Type.Boolean(),
    hidden: Type.Boolean({ description: 'Hidden by moderators (only editors see it then)' }),
  },
  { $id: 'ServiceView', description: 'A service as you may see it' },
);

export const ServiceListQuery = Type.Object({
  provider: Type.Optional(Type.String({ maxLength: 60, description: "A member's profile address" })),
  organization: Type.Optional(Type.String({ maxLength: 80, description: "An organization's slug" })),
  editable: Type.Optional(Type.Boolean({ description: 'Only the services you may edit, drafts included' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const ServiceListResponse = Type.Object(
  {
    services: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        language: Type.String(),
        kind: enumOf(SERVICE_KIND),
        format: enumOf(SERVICE_FORMAT),
        cost: enumOf(SERVICE_COST),
        visibility: enumOf(ITEM_VISIBILITY),
        updatedAt: Type.String(),
      }),
    ),
    page: Type.Integer(),
    hasMore: Type.Boolean(),
  },
  { description: 'Services you may see, most recently changed first' },
);
