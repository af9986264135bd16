import { Type, type Static } from 'typebox';
import { SMALLEST_PUBLISHED } from '../../platform/published-counts';

/** A count as published: 5 or more, or null for anything smaller. */
const PublishedCount = (description: string) =>
  Type.Union([Type.Integer({ minimum: SMALLEST_PUBLISHED }), Type.Null()], {
    description: `${description} Null when fewer than ${SMALLEST_PUBLISHED} (0 included), so small numbers never show.`,
  });

export const CommunityCounts = Type.Object(
  {
    people: PublishedCount(
      'Members who finished their first sign-in and have a profile, are listed in search, and are neither ' +
        'suspended, banned nor hidden by moderators.',
    ),
    organizations: PublishedCount(
      'Organizations in the directory (not hidden, run by at least one member in good standing, or by nobody yet).',
    ),
    capacitiesShared: PublishedCount(
      'Distinct capacities that at least one counted person shares on a profile open to visitors with its ' +
        'capacities public, or that an organization in the directory offers.',
    ),
  },
  {
    description:
      'A few numbers about the community, the same for everyone (no ranking, nobody named); up to a minute old.',
  },
);
export type CommunityCounts = Static<typeof CommunityCounts>;
