import { Type } from 'typebox';
import { enumOf, NameText, Nullable } from '../../platform/http/schemas';
import { UI_LANGUAGE_CODES } from '../../../shared/ui-languages';
import { SUGGESTION_STATUS } from '../../../shared/vocabulary';

const Qid = Type.String({ pattern: '^Q[1-9][0-9]{0,11}$', description: 'A Wikidata item, such as Q11024' });
const Label = NameText('capacity');

export const SuggestionBody = Type.Object(
  {
    name: NameText('capacity'),
    wikidataQid: Nullable(Qid),
    parentId: Nullable(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const Suggestion = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    language: Type.String(),
    wikidataQid: Nullable(Type.String()),
    parentId: Nullable(Type.Integer()),
    status: enumOf(SUGGESTION_STATUS),
    reason: Nullable(Type.String()),
    resultCapacityId: Nullable(Type.Integer()),
    proposerName: Type.Optional(Nullable(Type.String())),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CapacitySuggestion' },
);

export const SuggestionsResponse = Type.Object(
  { suggestions: Type.Array(Type.Ref('CapacitySuggestion')) },
  { description: 'Capacity suggestions' },
);
export const SuggestionStatusQuery = Type.Object({ status: Type.Optional(enumOf(SUGGESTION_STATUS)) });
export const SuggestionParams = Type.Object({ id: Type.String({ maxLength: 36 }) });
export const ApproveBody = Type.Object(
  {
    labels: Type.Object(
      Object.fromEntries(UI_LANGUAGE_CODES.map((code) => [code, Label])) as Record<
        (typeof UI_LANGUAGE_CODES)[number],
        typeof Label
      >,
      { additionalProperties: false },
    ),
    parentId: Nullable(Type.Integer({ minimum: 1 })),
    wikidataQid: Nullable(Qid),
  },
  { additionalProperties: false },
);
export const MergeBody = Type.Object({ capacityId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
