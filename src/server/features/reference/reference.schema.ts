import { Type, type Static } from 'typebox';

export const RegionsResponse = Type.Object(
  {
    regions: Type.Array(
      Type.Object({
        id: Type.String({ description: 'Wikimedia region code, e.g. MENA' }),
        name: Type.String(),
        countries: Type.Array(
          Type.Object({
            code: Type.String({ description: 'ISO 3166-1 alpha-2' }),
            name: Type.String(),
          }),
        ),
      }),
    ),
  },
  { description: 'The regions, in planning order, with their countries sorted by name' },
);
export type RegionsResponse = Static<typeof RegionsResponse>;

export const LanguagesResponse = Type.Object(
  {
    languages: Type.Array(
      Type.Object({
        code: Type.String({ description: 'Wikimedia language code, e.g. pt or zh-min-nan' }),
        autonym: Type.String({ description: 'The name of the language in itself' }),
        name: Type.String({ description: 'The name in the requested interface language' }),
        dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
      }),
    ),
  },
  { description: 'The languages, sorted by their name in the requested language' },
);
export type LanguagesResponse = Static<typeof LanguagesResponse>;

export const ProjectsResponse = Type.Object(
  {
    projects: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        domain: Type.String(),
        wikidataQid: Type.Union([Type.String(), Type.Null()]),
        editions: Type.Union([Type.Literal('per-language'), Type.Literal('single')], {
          description: 'per-language projects have one wiki per language',
        }),
      }),
    ),
  },
  { description: 'The Wikimedia projects' },
);
export type ProjectsResponse = Static<typeof ProjectsResponse>;
