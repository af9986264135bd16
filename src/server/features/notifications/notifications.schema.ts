import { Type } from 'typebox';
import { NOTIFICATION_KIND } from '../../../shared/vocabulary';
import { enumOf } from '../../platform/http/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

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
