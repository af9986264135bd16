import { Type } from 'typebox';
import { CHOSEN_MAIL_KIND, EMAIL_CADENCE, NOTIFICATION_KIND } from '../../../shared/vocabulary';
import { enumOf, Nullable } from '../../platform/http/schemas';

export const NotificationList = Type.Object({
  unread: Type.Integer({ minimum: 0, description: 'Notifications not yet read' }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: enumOf(NOTIFICATION_KIND),
      conversationId: Nullable(Type.String()),
      actor: Type.Object({
        name: Nullable(Type.String({ description: 'Who caused it, when members may see their name' })),
        handle: Nullable(Type.String()),
        deleted: Type.Boolean(),
      }),
      createdAt: Type.String({ format: 'date-time' }),
      read: Type.Boolean(),
    }),
  ),
});

export const MarkReadBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ maxLength: 36 }), { maxItems: 100, description: 'These; all when left out' }),
    ),
  },
  { additionalProperties: false },
);

export const EmailSettingsSchema = Type.Object(
  {
    email: Type.Object(
      Object.fromEntries(CHOSEN_MAIL_KIND.values.map((kind) => [kind, enumOf(EMAIL_CADENCE)])) as Record<
        (typeof CHOSEN_MAIL_KIND.values)[number],
        ReturnType<typeof enumOf<(typeof EMAIL_CADENCE.values)[number]>>
      >,
      { additionalProperties: false, description: 'Per kind of notification: at once, in a daily digest, or never' },
    ),
    includeMessageText: Type.Boolean({ description: 'Put the message’s text in the mail (off by default)' }),
  },
  { additionalProperties: false },
);

export const UnsubscribeQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 400 })) });
export const UnsubscribeBody = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 400, description: 'From the link in the mail' })),
    'List-Unsubscribe': Type.Optional(Type.Literal('One-Click', { description: 'Sent by mail programs (RFC 8058)' })),
  },
  { additionalProperties: false },
);
export const Unsubscribed = Type.Object({
  stopped: Type.Array(enumOf(CHOSEN_MAIL_KIND), { description: 'The kinds of mail that stop' }),
});
