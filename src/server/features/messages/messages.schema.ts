import { Type } from 'typebox';
import { CONVERSATION_STATUS } from '../../../shared/vocabulary';
import { enumOf, Nullable } from '../../platform/http/schemas';

/** The most a message may hold. */
export const MESSAGE_MAX_LENGTH = 5000;

export const ConversationId = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'A conversation',
});
export const ConversationParams = Type.Object({ id: ConversationId });

const MessageFields = {
  body: Type.String({
    minLength: 1,
    maxLength: MESSAGE_MAX_LENGTH,
    description: 'Plain text with light Markdown (emphasis, lists, links)',
  }),
  language: Type.Optional(
    Type.String({
      maxLength: 16,
      pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      description: 'The language it is written in (BCP 47), so it is shown in the right direction',
    }),
  ),
};

export const NewConversationBody = Type.Object(
  {
    handle: Type.Optional(
      Type.String({ minLength: 1, maxLength: 80, description: 'Whom to write to: their profile address' }),
    ),
    organization: Type.Optional(
      Type.String({ minLength: 1, maxLength: 80, description: 'Or an organization, by its address' }),
    ),
    ...MessageFields,
  },
  { additionalProperties: false },
);
export const MessageBody = Type.Object(MessageFields, { additionalProperties: false });

/** A page cursor as the API writes it: `<time in ms>.<id>`. */
export const Cursor = Type.String({
  pattern: '^[0-9]{1,15}\\.[0-9a-f-]{36}$',
  description: 'Where the previous page ended (its `next` or `earlier`)',
});

export const BeforeQuery = Type.Object({ before: Type.Optional(Cursor) });

const Member = Type.Object(
  {
    handle: Nullable(Type.String({ description: 'Their profile address, when they have a profile' })),
    name: Nullable(Type.String({ description: 'Their name, when members may see it' })),
    deleted: Type.Boolean({ description: 'They deleted their account' }),
    suspended: Type.Boolean({ description: 'Moderators suspended or banned their account' }),
  },
  { description: 'The other member' },
);

export const StartedConversation = Type.Object({
  id: ConversationId,
  status: enumOf(CONVERSATION_STATUS, { except: ['declined'] }),
});

export const Message = Type.Object({
  id: Type.String(),
  mine: Type.Boolean({ description: 'Written by me, or (for a manager) by my organization' }),
  fromOrganization: Type.Boolean({ description: 'Written as the organization, by one of its managers' }),
  removed: Type.Boolean({ description: 'Its author deleted their account, and its text with it' }),
  hidden: Type.Boolean({ description: 'Hidden by moderators (or held for their review): its text is withheld' }),
  text: Nullable(Type.String({ description: 'What was written' })),
  html: Nullable(Type.String({ description: 'The text rendered as safe HTML' })),
  language: Nullable(Type.String()),
  sentAt: Type.String({ format: 'date-time' }),
});

const OrganizationSide = Nullable(
  Type.Object(
    {
      slug: Type.String(),
      name: Type.String(),
      asManager: Type.Boolean({ description: 'I answer for the organization here' }),
    },
    { description: 'For a conversation with an organization' },
  ),
);

const Summary = Type.Object({
  id: ConversationId,
  status: enumOf(CONVERSATION_STATUS),
  startedByMe: Type.Boolean(),
  other: Member,
  organization: OrganizationSide,
  blocked: Type.Boolean({ description: 'One of the two blocked the other' }),
  unread: Type.Integer({ minimum: 0 }),
  lastMessage: Type.Object({
    mine: Type.Boolean(),
    preview: Nullable(Type.String({ description: 'Its beginning; null when removed' })),
    language: Nullable(Type.String()),
  }),
  lastMessageAt: Type.String({ format: 'date-time' }),
});

export const Inbox = Type.Object({
  requests: Type.Array(Summary, { description: 'Requests waiting for my answer' }),
  conversations: Type.Array(Summary, { description: 'Conversations, and requests I sent' }),
  unreadConversations: Type.Integer({ minimum: 0 }),
  waitingRequests: Type.Integer({ minimum: 0 }),
  next: Nullable(Type.String({ description: 'Ask with before= this for older ones' })),
});

export const ConversationView = Type.Object({
  id: ConversationId,
  status: enumOf(CONVERSATION_STATUS),
  startedByMe: Type.Boolean(),
  other: Member,
  organization: OrganizationSide,
  blockedByMe: Type.Boolean(),
  canWrite: Type.Boolean(),
  introduction: Nullable(
    Type.Object(
      {
        shares: Type.Array(
          Type.Object({
            id: Type.Integer(),
            label: Type.String(),
            youWantToLearn: Type.Boolean({ description: 'On the recipient’s list of what they want to learn' }),
          }),
        ),
        languages: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), level: Type.String() })),
      },
      { description: 'For a request: what the requester can share and speaks, as members may see it' },
    ),
  ),
  unread: Type.Integer({ minimum: 0 }),
  messages: Type.Array(Message),
  earlier: Nullable(Type.String({ description: 'Ask with before= this for older messages' })),
});
