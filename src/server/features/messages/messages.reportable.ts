import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { ReportableSource, ReportedItem } from '../moderation/reportable';
import { messagesRepository } from './messages.repository';

const LABEL_LENGTH = 80;

/**
 * Messages as moderation sees them: a member reports one they received; moderators see only
 * messages reported to them (through the report), never a conversation whole.
 */
export function messageReportable(dialect: SqlDialect): ReportableSource {
  const found = async (db: Parameters<ReportableSource['current']>[0], messageId: string) =>
    messagesRepository(db, dialect).messageWithMembers(messageId);
  const item = (entry: NonNullable<Awaited<ReturnType<typeof found>>>): ReportedItem => ({
    id: entry.message.id,
    ownerId: entry.message.author_id,
    managerIds: [],
    label: (entry.message.body ?? '').slice(0, LABEL_LENGTH),
    path: null,
    content: {
      text: entry.message.body,
      language: entry.message.language,
      sentAt: new Date(entry.message.created_at).toISOString(),
      asOrganization: entry.message.organization_id !== null,
    },
    hidden: entry.message.hidden_at !== null,
  });
  return {
    type: 'message',
    async forReporter(db, messageId, viewer) {
      if (!/^[0-9a-f-]{36}$/.test(messageId)) return undefined;
      const entry = await found(db, messageId);
      // Only someone in the conversation can see the message, and only while its text is shown.
      if (!entry || !entry.memberIds.includes(viewer.userId) || entry.message.hidden_at !== null) return undefined;
      if (entry.message.body === null) return undefined;
      return item(entry);
    },
    async current(db, messageId) {
      const entry = await found(db, messageId);
      return entry ? item(entry) : undefined;
    },
    async setHidden(trx, messageId, hiddenAt) {
      await messagesRepository(trx, dialect).setHidden(messageId, hiddenAt);
    },
  };
}
