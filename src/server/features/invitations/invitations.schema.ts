import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schemas';
import { UI_LANGUAGE_CODES } from '../../../shared/ui-languages';

export const NOTE_MAX_LENGTH = 1000;

export const InvitationBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320, description: 'Your colleague’s address' }),
    note: Type.String({ minLength: 1, maxLength: NOTE_MAX_LENGTH, description: 'A personal note, shown in the mail' }),
    language: Type.Enum([...UI_LANGUAGE_CODES], { description: 'The language of the mail' }),
  },
  { additionalProperties: false },
);

export const InvitationSent = Type.Object({ status: Type.Literal('sent') });

export const InvitationList = Type.Array(
  Type.Object({
    id: Type.String(),
    email: Nullable(Type.String({ description: 'Null once forgotten (accepted, or 30 days passed)' })),
    language: Type.String(),
    sentAt: Type.String({ format: 'date-time' }),
    accepted: Type.Boolean(),
  }),
);

export const AcceptInvitationBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const AcceptedInvitation = Type.Object({
  conversationId: Nullable(
    Type.String({ description: 'The request from the one who invited you, when one was opened' }),
  ),
});
