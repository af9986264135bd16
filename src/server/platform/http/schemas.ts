import { Type, type Static, type TEnum, type TSchemaOptions } from 'typebox';
import { UI_LANGUAGE_CODES } from '../../../shared/ui-languages';
import type { Vocabulary } from '../../../shared/vocabulary';
import { NAME_MAX_LENGTH, type NameKind } from '../editing/field-rules';

/**
 * The schema of one value of a vocabulary (`src/shared/vocabulary.ts`), so the API accepts and
 * describes exactly the values the rest of the platform knows. `except` leaves out values that a
 * particular field cannot hold (a suggestion never answers with `knows`); the order stays the
 * vocabulary's, so the OpenAPI document does not change when a field narrows it.
 */
export function enumOf<V extends string, const E extends V = never>(
  vocabulary: Vocabulary<V>,
  options: TSchemaOptions & { except?: readonly E[] } = {},
): TEnum<Exclude<V, E>[]> {
  const { except = [], ...schemaOptions } = options;
  const left = new Set<string>(except);
  return Type.Enum(
    vocabulary.values.filter((value): value is Exclude<V, E> => !left.has(value)),
    schemaOptions,
  );
}

/** A schema that also accepts null (an absent value the API states, rather than leaves out). */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/**
 * A name in a request body. Only its longest length is checked here: services apply `checkedName`,
 * which also refuses an empty or blank name (as `required`) and markup, the same way for every name.
 */
export const NameText = (kind: NameKind, options: TSchemaOptions = {}) =>
  Type.String({ maxLength: NAME_MAX_LENGTH[kind], ...options });

/** The body of every 4xx and 5xx answer. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, machine-readable error code, e.g. validation_failed' }),
      message: Type.String({ description: "Human-readable message in the request's language" }),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            field: Type.String({ description: 'Where the problem is, e.g. query.lang' }),
            code: Type.String(),
            message: Type.String(),
          }),
        ),
      ),
      requestId: Type.String({ description: 'Quote this when reporting a problem' }),
    }),
  },
  { $id: 'ErrorResponse', description: 'An error: the code says what, the message says it in the request language' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** `?lang=` on reference-data endpoints: the UI language to label things in. */
export const LangQuery = Type.Object({
  lang: Type.Optional(
    Type.Enum([...UI_LANGUAGE_CODES], {
      description: "Interface language for labels; defaults to the request's negotiated language",
    }),
  ),
});
export type LangQuery = Static<typeof LangQuery>;

/** The schema of a 204 answer: nothing to say. */
export const NoContent = Type.Null({ description: 'Done' });

/** Standard error answers to list in a route's schema. */
export const errorResponses = {
  400: Type.Ref('ErrorResponse'),
  500: Type.Ref('ErrorResponse'),
} as const;
