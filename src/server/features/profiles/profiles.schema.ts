import { Type, type Static } from 'typebox';
import { enumOf, NameText, Nullable } from '../../platform/http/schemas';
import {
  CAPACITY_LEVEL,
  CONTACT_KIND,
  EXCHANGE_FORMAT,
  EXCHANGE_MODE,
  LANGUAGE_LEVEL,
  VISIBILITY,
} from '../../../shared/vocabulary';
import { LIMITS } from './profile-fields';

const VisibilitySchema = enumOf(VISIBILITY, {
  description: 'public: anyone; members: signed-in members; private: only you',
});
const ShortText = (maxLength: number) => Nullable(Type.String({ maxLength }));

const LanguageEntry = Type.Object(
  { code: Type.String({ maxLength: 32 }), level: enumOf(LANGUAGE_LEVEL) },
  { additionalProperties: false },
);
const WikiEntry = Type.Object(
  {
    project: Type.String({ maxLength: 32 }),
    language: Type.String({ maxLength: 32, description: 'Empty for projects without language editions' }),
  },
  { additionalProperties: false },
);
const CapacityEntry = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    level: Nullable(enumOf(CAPACITY_LEVEL)),
    note: ShortText(LIMITS.note),
  },
  { additionalProperties: false },
);
const CapacityList = Type.Array(CapacityEntry, { maxItems: LIMITS.capacitiesPerList });
const ContactEntry = Type.Object(
  {
    kind: enumOf(CONTACT_KIND),
    value: Type.String({ minLength: 1, maxLength: LIMITS.contactValue }),
    visibility: VisibilitySchema,
  },
  { additionalProperties: false },
);

export const AboutBody = Type.Object(
  {
    displayName: NameText('person'),
    handle: Type.String({ minLength: 3, maxLength: 60, description: 'The address of your profile: /people/<handle>' }),
    pronouns: ShortText(LIMITS.pronouns),
    bio: ShortText(LIMITS.bio),
    bioLanguage: ShortText(32),
    avatarCommonsFile: ShortText(240),
    visibility: Type.Object(
      { name: VisibilitySchema, username: VisibilitySchema, pronouns: VisibilitySchema, bio: VisibilitySchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type AboutBody = Static<typeof AboutBody>;

export const LanguagesBody = Type.Object(
  { languages: Type.Array(LanguageEntry, { maxItems: LIMITS.languages }), visibility: VisibilitySchema },
  { additionalProperties: false },
);
export const WikisBody = Type.Object(
  { wikis: Type.Array(WikiEntry, { maxItems: LIMITS.wikis }), visibility: VisibilitySchema },
  { additionalProperties: false },
);
export const CapacitiesBody = Type.Object(
  { knows: CapacityList, shares: CapacityList, learns: CapacityList, visibility: VisibilitySchema },
  { additionalProperties: false },
);
export type CapacitiesBody = Static<typeof CapacitiesBody>;
export const LocationBody = Type.Object(
  {
    country: ShortText(2),
    timeZone: ShortText(64),
    availability: ShortText(LIMITS.availability),
    visibility: Type.Object(
      { country: VisibilitySchema, availability: VisibilitySchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type LocationBody = Static<typeof LocationBody>;
export const ExchangeBody = Type.Object(
  {
    formats: Type.Array(enumOf(EXCHANGE_FORMAT), { maxItems: EXCHANGE_FORMAT.values.length, uniqueItems: true }),
    modes: Type.Array(enumOf(EXCHANGE_MODE), { maxItems: EXCHANGE_MODE.values.length, uniqueItems: true }),
    visibility: VisibilitySchema,
  },
  { additionalProperties: false },
);
export const ContactsBody = Type.Object(
  { contacts: Type.Array(ContactEntry, { maxItems: LIMITS.contacts }) },
  { additionalProperties: false },
);
export const SettingsBody = Type.Object(
  {
    showToVisitors: Type.Boolean(),
    inSearch: Type.Boolean(),
    inStatistics: Type.Optional(
      Type.Boolean({ description: 'Counted in the map and reports (never by name); unchanged when absent' }),
    ),
  },
  { additionalProperties: false },
);

export const OwnProfile = Type.Object(
  {
    handle: Type.String(),
    displayName: Nullable(Type.String()),
    wikimediaUsername: Nullable(Type.String()),
    visibility: Type.Object({
      name: VisibilitySchema,
      username: VisibilitySchema,
      pronouns: VisibilitySchema,
      bio: VisibilitySchema,
      country: VisibilitySchema,
      availability: VisibilitySchema,
      languages: VisibilitySchema,
      wikis: VisibilitySchema,
      capacities: VisibilitySchema,
      exchange: VisibilitySchema,
    }),
    showToVisitors: Type.Boolean(),
    inSearch: Type.Boolean(),
    inStatistics: Type.Boolean(),
    pronouns: Nullable(Type.String()),
    bio: Nullable(Type.String()),
    bioLanguage: Nullable(Type.String()),
    avatarCommonsFile: Nullable(Type.String()),
    country: Nullable(Type.String()),
    timeZone: Nullable(Type.String()),
    availability: Nullable(Type.String()),
    languages: Type.Array(LanguageEntry),
    wikis: Type.Array(WikiEntry),
    capacities: Type.Object({ knows: CapacityList, shares: CapacityList, learns: CapacityList }),
    exchange: Type.Object({ formats: Type.Array(Type.String()), modes: Type.Array(Type.String()) }),
    contacts: Type.Array(ContactEntry),
    affiliations: Type.Array(
      Type.Object({ organization: Type.String(), name: Type.String(), visibility: VisibilitySchema }),
    ),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'OwnProfile', description: 'Your whole profile, with the visibility of each field' },
);

const LabelledCapacity = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  level: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
const LabelledCapacities = Type.Array(LabelledCapacity);

export const PersonView = Type.Object(
  {
    handle: Type.String(),
    relation: Type.Enum(['owner', 'member', 'visitor'], {
      description: 'How the profile was looked at (the owner may preview as visitor or member)',
    }),
    displayName: Type.Optional(Nullable(Type.String())),
    initials: Type.String({ description: 'For the default avatar; "?" when the name is hidden' }),
    avatarUrl: Type.Optional(Nullable(Type.String())),
    wikimediaUsername: Type.Optional(Nullable(Type.String())),
    pronouns: Type.Optional(Nullable(Type.String())),
    bio: Type.Optional(Nullable(Type.Object({ html: Type.String(), language: Nullable(Type.String()) }))),
    country: Type.Optional(
      Nullable(
        Type.Object({
          code: Type.String(),
          name: Type.String(),
          region: Type.Object({ id: Type.String(), name: Type.String() }),
        }),
      ),
    ),
    availability: Type.Optional(Type.Object({ timeZone: Nullable(Type.String()), note: Nullable(Type.String()) })),
    languages: Type.Optional(
      Type.Array(
        Type.Object({
          code: Type.String(),
          autonym: Type.String(),
          name: Type.String(),
          dir: Type.String(),
          level: Type.String(),
        }),
      ),
    ),
    wikis: Type.Optional(
      Type.Array(
        Type.Object({
          project: Type.String(),
          projectName: Type.String(),
          language: Type.String(),
          languageName: Nullable(Type.String()),
        }),
      ),
    ),
    capacities: Type.Optional(
      Type.Object({ knows: LabelledCapacities, shares: LabelledCapacities, learns: LabelledCapacities }),
    ),
    exchange: Type.Optional(Type.Object({ formats: Type.Array(Type.String()), modes: Type.Array(Type.String()) })),
    contacts: Type.Array(Type.Object({ kind: Type.String(), value: Type.String() })),
    affiliations: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }), {
      description: 'Organizations the person belongs to',
    }),
  },
  { $id: 'PersonView', description: 'A profile as this viewer may see it: hidden fields are absent' },
);

export const HandleParams = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 60 }) });
export const ViewAsQuery = Type.Object({
  as: Type.Optional(Type.Enum(['visitor', 'member'], { description: 'For the owner: see the profile as others do' })),
});
export const VisitsResponse = Type.Object(
  {
    weeks: Type.Array(Type.Object({ weekStart: Type.String({ format: 'date' }), views: Type.Integer() })),
  },
  {
    description:
      'Profile views per week (Monday to Sunday) for the last 12 weeks, oldest first; one per viewer per day, yours excluded',
  },
);

export const AffiliationsBody = Type.Object(
  {
    affiliations: Type.Array(
      Type.Object(
        {
          organization: Type.String({ minLength: 1, maxLength: 80, description: "The organization's address (slug)" }),
          visibility: VisibilitySchema,
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export type LanguagesBody = Static<typeof LanguagesBody>;
export type WikisBody = Static<typeof WikisBody>;
export type ExchangeBody = Static<typeof ExchangeBody>;
export type ContactsBody = Static<typeof ContactsBody>;
export type SettingsBody = Static<typeof SettingsBody>;
export type AffiliationsBody = Static<typeof AffiliationsBody>;
