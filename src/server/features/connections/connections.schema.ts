import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schemas';

const Labelled = Type.Object({ id: Type.Integer(), label: Type.String() });

export const FollowUpParams = Type.Object({ id: Type.String({ maxLength: 36 }) });

export const FollowUpList = Type.Array(
  Type.Object({
    id: Type.String(),
    conversationId: Type.String(),
    other: Type.Object({ handle: Nullable(Type.String()), name: Nullable(Type.String()), deleted: Type.Boolean() }),
    connectedAt: Type.String({ format: 'date-time' }),
    mine: Type.Array(Labelled, { description: 'Capacities on my profile: what I may have shared' }),
    theirs: Type.Array(Labelled, {
      description: 'Capacities on their profile (as members see it): what I may have learned',
    }),
  }),
  { description: 'Exchanges I am asked about once: did it help, what did you share or learn?' },
);

export const FollowUpAnswer = Type.Object(
  {
    satisfaction: Type.Integer({ minimum: 1, maximum: 5, description: 'How much it helped, 1 (not at all) to 5' }),
    shared: Type.Array(Type.Integer(), { maxItems: 20, uniqueItems: true, description: 'From my capacities' }),
    learned: Type.Array(Type.Integer(), { maxItems: 20, uniqueItems: true, description: 'From theirs' }),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'Only for me' })),
  },
  { additionalProperties: false },
);

export const ConnectCounts = Type.Object({
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      requests: Type.Integer(),
      requestsAccepted: Type.Integer(),
      connections: Type.Integer(),
      invitationsSent: Type.Integer(),
      invitationsAccepted: Type.Integer(),
      followUpsAnswered: Type.Integer(),
    }),
  ),
  satisfaction: Type.Array(
    Type.Object({
      score: Type.Integer(),
      answers: Nullable(Type.Integer({ description: 'Null when fewer than 5: too few to publish' })),
    }),
  ),
});
