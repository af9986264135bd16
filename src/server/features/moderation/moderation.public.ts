import { randomUUID } from 'node:crypto';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { moderationRepository } from './moderation.repository';

/*
 * What other features ask of moderation: the platform's own reports, for what it holds back on
 * its own (a message sent to many people at once) until a moderator decides.
 */

const LABEL_LENGTH = 80;

/**
 * Files the platform's report about a message it held as spam: in the queue like a member's report
 * (no reporter), so a moderator dismisses it (the message is then delivered) or acts on it.
 */
export async function holdForReview(
  trx: Db,
  dialect: SqlDialect,
  held: { messageId: string; authorId: string; body: string; language: string | null; now: number },
): Promise<void> {
  await moderationRepository(trx, dialect).addReport({
    id: randomUUID(),
    reporter_id: null,
    reporter_trusted: 0,
    subject_type: 'message',
    subject_id: held.messageId,
    subject_owner_id: held.authorId,
    category: 'spam',
    explanation: 'Held automatically: the same text went to many members within an hour.',
    snapshot: JSON.stringify({
      label: held.body.slice(0, LABEL_LENGTH),
      path: null,
      content: { text: held.body, language: held.language, sentAt: new Date(held.now).toISOString() },
    }),
    created_at: held.now,
  });
}
