import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schemas';
import { ConversationId } from '../messages/messages.schema';

export const BlockBody = Type.Object(
  {
    handle: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'The member’s profile address' })),
    conversationId: Type.Optional(ConversationId),
  },
  {
    additionalProperties: false,
    description: 'Whom to block: by profile address, or the other member of a conversation',
  },
);

export const BlockParams = Type.Object({ id: Type.String({ maxLength: 36 }) });

export const BlockList = Type.Array(
  Type.Object({
    id: Type.String({ description: 'The block (to lift it)' }),
    handle: Nullable(Type.String()),
    name: Nullable(Type.String({ description: 'Their name, when members may see it' })),
    blockedAt: Type.String({ format: 'date-time' }),
  }),
);
