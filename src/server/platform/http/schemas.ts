import { Type, type Static } from 'typebox';
import { UI_LANGUAGE_CODES } from '../../../shared/ui-languages';

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
