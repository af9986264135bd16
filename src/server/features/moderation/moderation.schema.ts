import { Type } from 'typebox';
import {
  APPEAL_OUTCOME,
  MODERATION_ACTION,
  REPORT_CATEGORY,
  REPORT_STATUS,
  REPORT_SUBJECT,
} from '../../../shared/vocabulary';
import { enumOf, Nullable } from '../../platform/http/schemas';

export const REASON_MAX = 2000;
/** Longest suspension a moderator may choose, in days. */
export const SUSPENSION_DAYS_MAX = 365;

const Reason = Type.String({ minLength: 1, maxLength: REASON_MAX, description: 'Why: the member affected reads it' });
const Id = Type.String({ maxLength: 36 });
const Time = Type.String({ format: 'date-time' });
const Cursor = Type.String({ pattern: '^[0-9]{1,15}\\.[0-9a-f-]{36}$', description: 'From `next`' });

export const ReportBody = Type.Object(
  {
    type: enumOf(REPORT_SUBJECT),
    reference: Type.String({
      minLength: 1,
      maxLength: 80,
      description: 'A profile’s address, an organization’s slug, or a message’s id',
    }),
    category: enumOf(REPORT_CATEGORY),
    explanation: Type.String({ minLength: 1, maxLength: REASON_MAX, description: 'What happened, in your words' }),
  },
  { additionalProperties: false },
);

export const ReportCreated = Type.Object({ id: Type.String() });

export const IdParams = Type.Object({ id: Id });

export const QueueQuery = Type.Object({
  status: Type.Optional(enumOf(REPORT_STATUS)),
  category: Type.Optional(enumOf(REPORT_CATEGORY)),
  type: Type.Optional(enumOf(REPORT_SUBJECT)),
  after: Type.Optional(Cursor),
});

const MemberRef = Type.Object({
  handle: Nullable(Type.String()),
  name: Nullable(Type.String()),
  deleted: Type.Boolean(),
});

const ReportSummary = Type.Object({
  id: Type.String(),
  type: enumOf(REPORT_SUBJECT),
  category: enumOf(REPORT_CATEGORY),
  status: enumOf(REPORT_STATUS),
  label: Type.String({ description: 'What was reported, as it was then' }),
  claimedByMe: Type.Boolean(),
  action: Nullable(enumOf(MODERATION_ACTION)),
  createdAt: Time,
});

export const Queue = Type.Object({
  reports: Type.Array(ReportSummary),
  next: Nullable(Type.String({ description: 'The `after` of the next page' })),
});

const Item = Type.Object({
  label: Type.String(),
  path: Nullable(Type.String({ description: 'Its page in the app, when it has one' })),
  content: Type.Record(Type.String(), Type.Unknown()),
  hidden: Type.Boolean(),
});

const ActionEntry = Type.Object({
  id: Type.String(),
  action: enumOf(MODERATION_ACTION),
  type: enumOf(REPORT_SUBJECT),
  category: enumOf(REPORT_CATEGORY),
  reason: Type.String(),
  createdAt: Time,
  endsAt: Nullable(Time),
  lifted: Type.Boolean(),
  appeal: Nullable(
    Type.Object({
      text: Nullable(Type.String()),
      appealedAt: Time,
      outcome: Nullable(enumOf(APPEAL_OUTCOME)),
      reason: Nullable(Type.String()),
      decidedAt: Nullable(Time),
    }),
  ),
  appealUntil: Nullable(Time),
});

export const ReportDetail = Type.Object({
  id: Type.String(),
  type: enumOf(REPORT_SUBJECT),
  category: enumOf(REPORT_CATEGORY),
  explanation: Type.String(),
  status: enumOf(REPORT_STATUS),
  createdAt: Time,
  reporter: Nullable(MemberRef),
  owner: Nullable(MemberRef),
  claimedBy: Nullable(MemberRef),
  claimedByMe: Type.Boolean(),
  aboutMe: Type.Boolean({ description: 'The report is about the moderator reading it: they may not act on it' }),
  decision: Nullable(
    Type.Object({ action: enumOf(MODERATION_ACTION), reason: Nullable(Type.String()), decidedAt: Time }),
  ),
  snapshot: Item,
  current: Nullable(Item),
  history: Type.Object({
    reports: Type.Array(
      Type.Object({
        id: Type.String(),
        type: enumOf(REPORT_SUBJECT),
        category: enumOf(REPORT_CATEGORY),
        status: enumOf(REPORT_STATUS),
        action: Nullable(enumOf(MODERATION_ACTION)),
        createdAt: Time,
      }),
    ),
    actions: Type.Array(ActionEntry),
  }),
  reportsOnItem: Type.Integer({ description: 'Undecided reports about the same item, this one included' }),
});

export const DecisionBody = Type.Object(
  {
    action: enumOf(MODERATION_ACTION),
    reason: Reason,
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: SUSPENSION_DAYS_MAX, description: 'How long a suspension lasts' }),
    ),
  },
  { additionalProperties: false },
);

export const MyModeration = Type.Object({
  actions: Type.Array(ActionEntry),
  reports: Type.Array(
    Type.Object({
      type: enumOf(REPORT_SUBJECT),
      category: enumOf(REPORT_CATEGORY),
      status: enumOf(REPORT_STATUS),
      createdAt: Time,
      decidedAt: Nullable(Time),
    }),
  ),
});

export const AppealBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: REASON_MAX, description: 'Why the action should be undone' }) },
  { additionalProperties: false },
);

export const AppealList = Type.Object({
  appeals: Type.Array(
    Type.Object({
      id: Type.String({ description: 'The action appealed against' }),
      action: enumOf(MODERATION_ACTION),
      type: enumOf(REPORT_SUBJECT),
      category: enumOf(REPORT_CATEGORY),
      reason: Type.String(),
      text: Type.String({ description: 'The appeal' }),
      member: Nullable(MemberRef),
      actedByMe: Type.Boolean({ description: 'I took the action: another moderator decides, when there is one' }),
      mayDecide: Type.Boolean(),
      appealedAt: Time,
    }),
  ),
});

export const AppealDecisionBody = Type.Object(
  { outcome: enumOf(APPEAL_OUTCOME), reason: Reason },
  { additionalProperties: false },
);

/** A published count: null when 1-4 (shown as "fewer than 5"), so nobody can be singled out. */
const PublishedCount = Nullable(Type.Integer({ minimum: 0 }));

export const Transparency = Type.Object({
  months: Type.Array(
    Type.Object({
      month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
      categories: Type.Array(
        Type.Object({
          category: enumOf(REPORT_CATEGORY),
          reports: PublishedCount,
          actions: Type.Object(
            Object.fromEntries(MODERATION_ACTION.values.map((action) => [action, PublishedCount])) as Record<
              (typeof MODERATION_ACTION.values)[number],
              typeof PublishedCount
            >,
          ),
        }),
      ),
    }),
  ),
});
