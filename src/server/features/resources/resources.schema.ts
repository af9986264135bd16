import { Type, type Static } from 'typebox';
import { enumOf, NameText, Nullable } from '../../platform/http/schemas';
import { CAPACITY_LEVEL } from '../../../shared/vocabulary';
import { AUTHOR_KIND, ITEM_VISIBILITY, RESOURCE_KIND, RESOURCE_LICENCE } from '../../../shared/item-vocabulary';

export const ResourceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const Author = Type.Union([
  Type.Object(
    { kind: Type.Literal('member'), handle: Type.String({ minLength: 1, maxLength: 60 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('member'),
      ref: Type.String({
        format: 'uuid',
        description: 'A member author already on the resource, by the `ref` its editors are given',
      }),
    },
    { additionalProperties: false, description: 'Keeps an author whose profile address you may not see' },
  ),
  Type.Object(
    { kind: Type.Literal('organization'), slug: Type.String({ minLength: 1, maxLength: 80 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('name'), name: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
]);

/** A whole resource as its editor sends it, to add one or to save it. */
export const ResourceBody = Type.Object(
  {
    texts: Type.Array(
      Type.Object(
        {
          language: Type.String({ maxLength: 32 }),
          title: NameText('title'),
          description: Type.String({ maxLength: 4000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10, description: 'Title and description in one or more languages, the main one first' },
    ),
    kind: enumOf(RESOURCE_KIND),
    level: Nullable(enumOf(CAPACITY_LEVEL)),
    licence: enumOf(RESOURCE_LICENCE, { description: 'An SPDX identifier, other-free or all-rights-reserved' }),
    url: Nullable(Type.String({ maxLength: 500, description: 'Where it lives: an http(s) address' })),
    commonsFile: Nullable(Type.String({ maxLength: 240, description: 'Or a file on Wikimedia Commons' })),
    publishedOn: Nullable(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' })),
    languages: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20, description: 'Languages it is in' }),
    capacities: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, description: 'Capacities it helps with' }),
    authors: Type.Array(Author, { maxItems: 20 }),
    organization: Nullable(
      Type.String({ maxLength: 80, description: 'The slug of an organization you manage, when it is added for it' }),
    ),
    visibility: enumOf(ITEM_VISIBILITY, { description: 'public, members, or draft (only its editors)' }),
  },
  { additionalProperties: false },
);
export type ResourceBody = Static<typeof ResourceBody>;

const Labelled = Type.Object({ code: Type.String(), name: Type.String(), autonym: Type.String() });

export const ResourceView = Type.Object(
  {
    id: Type.String(),
    title: Type.String({ description: "In the language closest to the reader's" }),
    description: Type.String({ description: 'The same text rendered (HTML)' }),
    language: Type.String({ description: 'The language of that title and description' }),
    texts: Type.Array(
      Type.Object({ language: Type.String(), title: Type.String(), description: Type.String(), html: Type.String() }),
    ),
    kind: enumOf(RESOURCE_KIND),
    level: Nullable(enumOf(CAPACITY_LEVEL)),
    licence: enumOf(RESOURCE_LICENCE),
    url: Nullable(Type.String()),
    commonsFile: Nullable(Type.String()),
    commonsPage: Nullable(Type.String({ description: "The Commons file's page" })),
    publishedOn: Nullable(Type.String()),
    languages: Type.Array(Labelled),
    capacities: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String() })),
    authors: Type.Array(
      Type.Object({
        kind: enumOf(AUTHOR_KIND),
        name: Nullable(Type.String({ description: 'Null for a member whose name you may not see, or erased' })),
        handle: Nullable(Type.String()),
        slug: Nullable(Type.String()),
        erased: Type.Boolean({ description: 'A member whose account was deleted' }),
        ref: Type.Optional(
          Type.String({ description: 'For editors: sends a member author back as they are, seen or not' }),
        ),
      }),
    ),
    organization: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
    visibility: enumOf(ITEM_VISIBILITY),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    canEdit: Type.Boolean(),
    hidden: Type.Boolean({ description: 'Hidden by moderators (only editors see it then)' }),
    link: Type.Optional(
      Type.Object(
        {
          status: Nullable(Type.Integer({ description: 'The last HTTP status; 0 when nothing answered' })),
          checkedAt: Nullable(Type.String()),
          failingSince: Nullable(Type.String()),
        },
        { description: 'The daily link check (editors only)' },
      ),
    ),
    history: Type.Optional(
      Type.Array(
        Type.Object({
          action: Type.String(),
          actor: Nullable(Type.String()),
          fields: Type.Array(Type.String()),
          at: Type.String(),
        }),
        { description: 'Every change, newest first (editors only)' },
      ),
    ),
  },
  { $id: 'ResourceView', description: 'A learning resource as you may see it' },
);

export const ResourceListQuery = Type.Object({
  author: Type.Optional(Type.String({ maxLength: 60, description: "A member's profile address" })),
  organization: Type.Optional(Type.String({ maxLength: 80, description: "An organization's slug" })),
  editable: Type.Optional(Type.Boolean({ description: 'Only the resources you may edit, drafts included' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const ResourceListResponse = Type.Object(
  {
    resources: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        language: Type.String(),
        kind: enumOf(RESOURCE_KIND),
        level: Nullable(enumOf(CAPACITY_LEVEL)),
        licence: enumOf(RESOURCE_LICENCE),
        visibility: enumOf(ITEM_VISIBILITY),
        updatedAt: Type.String(),
      }),
    ),
    page: Type.Integer(),
    hasMore: Type.Boolean(),
  },
  { description: 'Resources you may see, most recently changed first' },
);
