import { Type, type Static } from 'typebox';
import {
  ACTIVE_DAYS_BUCKET,
  ACTIVITY_MEASURE,
  MAP_AREA,
  MAP_WHO,
  ORGANIZATION_TYPE,
  PARTICIPATION_DIMENSION,
  TABLE_FORMAT,
  VISIT_LENGTH_BUCKET,
  type Vocabulary,
} from '../../../shared/vocabulary';
import { enumOf, Nullable } from '../../platform/http/schemas';

/** A published count: null when withheld (fewer than the smallest published, none, or derivable from other counts). */
const Cell = (description: string, { negative = false } = {}) =>
  Nullable(
    Type.Integer({
      ...(negative ? {} : { minimum: 0 }),
      description: `${description} Null when withheld ("insufficient data").`,
    }),
  );

const LanguageCode = Type.String({ maxLength: 32, pattern: '^[a-z][a-z-]*$' });
const RegionId = Type.String({ maxLength: 8, pattern: '^[A-Z]+$' });
const Format = Type.Optional(
  enumOf(TABLE_FORMAT, { description: 'json (the default) or csv (a file with the same cells, under CC0)' }),
);

/** What every published table says about itself: when it was counted, its rule and its licence. */
const About = {
  computedAt: Type.String({ format: 'date-time', description: 'When the counts were taken (at most a minute ago)' }),
  smallestPublished: Type.Integer({
    description: 'Counts below this are withheld (zeros too, except where the rule says they are shown)',
  }),
  rule: Type.String({ description: 'The suppression rule, in the language asked for' }),
  licence: Type.Literal('CC0-1.0'),
};

export const MapQuery = Type.Object({
  by: Type.Optional(enumOf(MAP_AREA, { description: 'Areas: countries (the default) or Wikimedia regions' })),
  who: Type.Optional(
    enumOf(MAP_WHO, {
      description: 'people (the default: who can share / want to learn) or organizations (that offer / need)',
    }),
  ),
  capacity: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this capacity, with its narrower ones' })),
  language: Type.Optional(LanguageCode),
  orgType: Type.Optional(
    enumOf(ORGANIZATION_TYPE, { description: 'Only organizations of this type (who=organizations)' }),
  ),
  format: Format,
});
export type MapQuery = Static<typeof MapQuery>;

const Measures = {
  offers: Cell('People who can share it (or organizations that offer it).'),
  needs: Cell('People who want to learn it (or organizations that need it).'),
  gap: Cell('needs minus offers (below 0 where more share than learn); withheld when either is.', {
    negative: true,
  }),
};

export const MapResponse = Type.Object(
  {
    ...About,
    by: enumOf(MAP_AREA),
    who: enumOf(MAP_WHO),
    capacity: Nullable(Type.Object({ id: Type.Integer(), label: Type.String() })),
    language: Nullable(Type.Object({ code: LanguageCode, label: Type.String() })),
    orgType: Nullable(enumOf(ORGANIZATION_TYPE)),
    areas: Type.Array(
      Type.Object({
        code: Type.String({ description: 'ISO 3166-1 alpha-2 country code, region id, or "unknown" (not stated)' }),
        name: Type.String(),
        region: Nullable(RegionId),
        /** Countries on the protection list are never shown apart from their region. */
        merged: Type.Boolean({ description: 'A protected country: counted only within its region' }),
        ...Measures,
      }),
    ),
    total: Type.Object(Measures),
  },
  { description: 'Offers and needs per country or region, as members may see them, with small counts withheld' },
);
export type MapResponse = Static<typeof MapResponse>;

export const UnmetNeedsQuery = Type.Object({
  region: Type.Optional(RegionId),
  language: Type.Optional(LanguageCode),
  format: Format,
});
export type UnmetNeedsQuery = Static<typeof UnmetNeedsQuery>;

export const UnmetNeedsResponse = Type.Object(
  {
    ...About,
    region: Nullable(Type.Object({ id: RegionId, label: Type.String() })),
    language: Nullable(Type.Object({ code: LanguageCode, label: Type.String() })),
    capacities: Type.Array(
      Type.Object({ id: Type.Integer(), label: Type.String(), ...Measures }, { description: 'People only' }),
      { description: 'Largest gap first; only capacities whose needs are published' },
    ),
  },
  { description: 'Capacities with many learners and few sharers' },
);
export type UnmetNeedsResponse = Static<typeof UnmetNeedsResponse>;

export const CohortsQuery = Type.Object({ format: Format });
export const CohortsResponse = Type.Object(
  {
    ...About,
    smallestCohort: Type.Integer({ description: 'A cohort has at least this many learners' }),
    cohorts: Type.Array(
      Type.Object({
        capacity: Type.Object({ id: Type.Integer(), label: Type.String() }),
        region: Type.Object({ id: RegionId, label: Type.String() }),
        language: Type.Object({ code: LanguageCode, label: Type.String() }),
        learners: Cell('People who want to learn it there, in that language (at least smallestCohort).'),
        sharers: Cell('People in the same region and language who can share it.'),
      }),
      { description: 'Most learners first' },
    ),
  },
  { description: 'Groups of people who want to learn the same capacity in one region and language' },
);
export type CohortsResponse = Static<typeof CohortsResponse>;

export const ParticipationQuery = Type.Object({
  by: Type.Optional(enumOf(PARTICIPATION_DIMENSION, { description: 'region (the default), country, ...' })),
  format: Format,
});
export type ParticipationQuery = Static<typeof ParticipationQuery>;

const MonthCells = Type.Array(Cell('In that month.'));
export const ParticipationResponse = Type.Object(
  {
    ...About,
    by: enumOf(PARTICIPATION_DIMENSION),
    months: Type.Array(Type.String({ description: 'YYYY-MM (UTC), oldest first; the last twelve' })),
    rows: Type.Array(
      Type.Object({
        value: Type.String(),
        label: Type.String(),
        months: MonthCells,
        total: Cell('In all twelve months.'),
      }),
    ),
    total: Type.Object({ months: MonthCells, total: Cell('Everyone counted.') }),
  },
  {
    description:
      'New participants month by month (people who joined; organizations added, by type for org-type), ' +
      'by what their profiles show members',
  },
);
export type ParticipationResponse = Static<typeof ParticipationResponse>;

/** A table of one vocabulary's buckets by month, each row and month with its total. */
const BucketTable = <V extends string>(buckets: Vocabulary<V>, description: string) =>
  Type.Object(
    {
      rows: Type.Array(
        Type.Object({
          value: enumOf(buckets),
          label: Type.String(),
          months: MonthCells,
          total: Cell('In all twelve months.'),
        }),
      ),
      total: Type.Object({ months: MonthCells, total: Cell('All twelve months.') }),
    },
    { description },
  );

export const ActivityQuery = Type.Object({ format: Format });
export const ActivityResponse = Type.Object(
  {
    ...About,
    months: Type.Array(Type.String()),
    measures: Type.Array(
      Type.Object({
        measure: enumOf(ACTIVITY_MEASURE),
        label: Type.String(),
        months: MonthCells,
        total: Cell('All twelve.'),
      }),
    ),
    activeDays: BucketTable(
      ACTIVE_DAYS_BUCKET,
      'Members in the statistics who signed in, by the days of each month they came (one bucket each a month); the months’ totals are the members active in them.',
    ),
    visits: BucketTable(
      VISIT_LENGTH_BUCKET,
      'Signed-in visits by length (first request to last; half an hour without one ends a visit), in the month each began.',
    ),
    satisfaction: Type.Object({
      answers: Cell('Follow-ups answered with a rating, all twelve months.'),
      average: Nullable(Type.Number({ description: 'Mean rating 1-5; null when answers are withheld' })),
    }),
  },
  { description: 'Interaction and outcomes month by month: entries, searches, visits, invitations, connections' },
);
export type ActivityResponse = Static<typeof ActivityResponse>;
