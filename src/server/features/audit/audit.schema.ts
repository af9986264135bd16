import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schemas';

const Cursor = Type.String({ pattern: '^[0-9]{1,15}\\.[0-9a-f-]{36}$', description: 'From `next`' });
const MemberRef = Type.Object({
  handle: Nullable(Type.String()),
  name: Nullable(Type.String({ description: 'Their name; an erased member’s pseudonym' })),
  deleted: Type.Boolean(),
});

export const AuditQuery = Type.Object({ before: Type.Optional(Cursor) });

export const AuditPage = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.String(),
      actor: Nullable(MemberRef),
      action: Type.String(),
      subjectType: Nullable(Type.String()),
      subjectId: Nullable(Type.String()),
      target: Nullable(MemberRef),
      reason: Nullable(Type.String()),
      detail: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
  next: Nullable(Type.String()),
});
