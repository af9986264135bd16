import { Type } from 'typebox';
import { enumOf, NameText, Nullable } from '../../platform/http/schemas';
import { CONTACT_KIND, ORGANIZATION_SIDE, ORGANIZATION_TYPE, VISIBILITY } from '../../../shared/vocabulary';

const TypeSchema = enumOf(ORGANIZATION_TYPE);

export const DirectoryQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  type: Type.Optional(Type.Array(TypeSchema, { maxItems: ORGANIZATION_TYPE.values.length })),
  country: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 50 })),
  region: Type.Optional(Type.Array(Type.String({ maxLength: 8 }), { maxItems: 8 })),
  language: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20 })),
  capacity: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })),
  side: Type.Optional(enumOf(ORGANIZATION_SIDE)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});

export const DirectoryResponse = Type.Object(
  {
    organizations: Type.Array(
      Type.Object({
        slug: Type.String(),
        name: Type.String(),
        acronym: Nullable(Type.String()),
        type: TypeSchema,
        active: Type.Boolean(),
      }),
    ),
    page: Type.Integer(),
    hasMore: Type.Boolean(),
  },
  { description: 'One page of organizations, by name' },
);

const Labelled = Type.Array(Type.Object({ id: Type.Integer(), label: Type.String(), note: Nullable(Type.String()) }));
export const OrganizationView = Type.Object(
  {
    slug: Type.String(),
    name: Type.String({ description: "In the reader's language when there is one, else the main name" }),
    names: Type.Array(Type.Object({ language: Type.String(), name: Type.String() })),
    acronym: Nullable(Type.String()),
    type: TypeSchema,
    active: Type.Boolean(),
    website: Nullable(Type.String()),
    metaPage: Nullable(Type.String()),
    wikidataQid: Nullable(Type.String()),
    logoUrl: Nullable(Type.String()),
    logoCommonsFile: Nullable(Type.String()),
    descriptions: Type.Array(Type.Object({ language: Type.String(), html: Type.String(), source: Type.String() })),
    countries: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
    regions: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    languages: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), autonym: Type.String() })),
    capacities: Type.Object({ offers: Labelled, needs: Labelled }),
    contacts: Type.Array(
      Type.Object({ kind: Type.String(), value: Type.String(), visibility: Type.Optional(enumOf(VISIBILITY)) }),
      { description: 'Contact options and social accounts you may see (with their visibility, for managers)' },
    ),
    claimed: Type.Boolean({ description: 'Whether anyone manages it yet' }),
    members: Type.Array(Type.Object({ handle: Type.String(), displayName: Nullable(Type.String()) }), {
      description: 'People who say they belong to it, as far as each lets you see',
    }),
    canManage: Type.Boolean(),
    requestPending: Type.Boolean({ description: 'You asked to manage it and wait for an answer' }),
    invited: Type.Boolean({ description: 'A manager invited you to manage it too' }),
    managers: Type.Optional(
      Type.Array(
        Type.Object({ userId: Type.String(), name: Nullable(Type.String()), handle: Nullable(Type.String()) }),
      ),
    ),
    audit: Type.Optional(
      Type.Array(
        Type.Object({
          action: Type.String(),
          actor: Nullable(Type.String()),
          subject: Nullable(Type.String()),
          detail: Nullable(Type.String()),
          at: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'OrganizationView', description: 'An organization; its management record only for its managers and admins' },
);

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 80 }) });

export const UpdateBody = Type.Object(
  {
    names: Type.Array(
      Type.Object(
        { language: Type.String({ maxLength: 32 }), name: NameText('organization') },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
    acronym: Nullable(Type.String({ minLength: 1, maxLength: 20 })),
    type: TypeSchema,
    active: Type.Boolean(),
    website: Nullable(Type.String({ maxLength: 300 })),
    metaPage: Nullable(Type.String({ maxLength: 300 })),
    wikidataQid: Nullable(Type.String({ pattern: '^Q[1-9][0-9]{0,11}$' })),
    logoCommonsFile: Nullable(Type.String({ maxLength: 240 })),
    descriptions: Type.Array(
      Type.Object(
        { language: Type.String({ maxLength: 32 }), body: Type.String({ minLength: 1, maxLength: 4000 }) },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
    countries: Type.Array(Type.String({ maxLength: 2 }), { maxItems: 60 }),
    languages: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 30 }),
  },
  { additionalProperties: false },
);

const CapacityList = Type.Array(
  Type.Object(
    { id: Type.Integer({ minimum: 1 }), note: Nullable(Type.String({ maxLength: 200 })) },
    { additionalProperties: false },
  ),
  { maxItems: 50 },
);
export const CapacitiesBody = Type.Object(
  { offers: CapacityList, needs: CapacityList },
  { additionalProperties: false },
);

export const ManageRequestBody = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export const RequestParams = Type.Object({ id: Type.String({ maxLength: 36 }) });
export const RefuseBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const ManagerRequestsResponse = Type.Object(
  {
    requests: Type.Array(
      Type.Object({
        id: Type.String(),
        message: Type.String(),
        member: Nullable(Type.String()),
        organization: Type.String(),
        organizationSlug: Type.String(),
        createdAt: Type.String(),
      }),
    ),
  },
  { description: 'Requests to manage an organization, oldest first' },
);

export const InviteBody = Type.Object(
  { handle: Type.String({ minLength: 1, maxLength: 60, description: 'The profile address of the member to invite' }) },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object({ accept: Type.Boolean() }, { additionalProperties: false });
export const ManagerParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 80 }),
  userId: Type.String({ maxLength: 36 }),
});
export const MemberParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 80 }),
  handle: Type.String({ minLength: 1, maxLength: 60 }),
});

const NameList = Type.Array(
  Type.Object(
    { language: Type.String({ maxLength: 32 }), name: NameText('organization') },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 10 },
);
export const CreateBody = Type.Object(
  {
    names: NameList,
    acronym: Nullable(Type.String({ minLength: 1, maxLength: 20 })),
    type: TypeSchema,
  },
  { additionalProperties: false },
);
export const SimilarQuery = Type.Object({
  name: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 10 }),
  acronym: Type.Optional(Type.String({ maxLength: 20 })),
});
export const SimilarResponse = Type.Object(
  {
    organizations: Type.Array(
      Type.Object({ slug: Type.String(), name: Type.String(), acronym: Nullable(Type.String()) }),
    ),
  },
  { description: 'Organizations that may be the one you mean' },
);

export const ContactsBody = Type.Object(
  {
    contacts: Type.Array(
      Type.Object(
        {
          kind: enumOf(CONTACT_KIND),
          value: Type.String({ minLength: 1, maxLength: 300 }),
          visibility: enumOf(VISIBILITY),
        },
        { additionalProperties: false },
      ),
      { maxItems: 15 },
    ),
  },
  { additionalProperties: false },
);
