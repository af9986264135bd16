import { Type } from 'typebox';
import { enumOf, Nullable } from '../../platform/http/schemas';
import { ENTITY_TYPE, MATCH_DIRECTION, SIDE } from '../../../shared/vocabulary';

/** How a suggested peer's capacity relates to mine, in the order suggestions are listed. */
export const MATCH_RELATIONS = ['same', 'narrower', 'broader'] as const;

export const MatchesQuery = Type.Object({
  direction: Type.Optional(
    enumOf(MATCH_DIRECTION, {
      default: 'learn',
      description: 'learn: peers for my needs; share: who could learn from me',
    }),
  ),
  anyLanguage: Type.Optional(
    Type.Boolean({ default: false, description: 'Include peers who share none of my languages' }),
  ),
});

const Labelled = Type.Object({ id: Type.Integer(), label: Type.String() });
export const MatchesResponse = Type.Object(
  {
    direction: enumOf(MATCH_DIRECTION),
    /** False when the member lifted the limit, or has no languages on their profile. */
    languagesLimited: Type.Boolean({ description: 'Only peers who share one of my languages are listed' }),
    myLanguages: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
    hiddenCount: Type.Integer({ description: 'Suggestions I hid' }),
    groups: Type.Array(
      Type.Object({
        capacity: Labelled,
        total: Type.Integer({ description: 'Peers found for this capacity, before the cut to the first ten' }),
        suggestions: Type.Array(
          Type.Object({
            type: enumOf(ENTITY_TYPE),
            address: Type.String(),
            title: Nullable(Type.String()),
            relation: Type.Enum(MATCH_RELATIONS, {
              description: 'Their capacity is this one, a narrower one or a broader one',
            }),
            via: Labelled,
            side: enumOf(SIDE, { except: ['knows'] }),
            sharedLanguages: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
            alsoMatches: Type.Integer({ description: 'How many other capacities of mine they match' }),
          }),
        ),
      }),
    ),
  },
  {
    description:
      'For each capacity I want to learn (or share): people and organizations who can share it (or want to learn it), in a stated order: the same capacity first, then narrower, then broader ones; then those matching more of my capacities; then by name',
  },
);

export const HideMatchBody = Type.Object(
  {
    type: enumOf(ENTITY_TYPE),
    address: Type.String({ minLength: 1, maxLength: 80, description: 'Profile handle or organization slug' }),
  },
  { additionalProperties: false },
);
