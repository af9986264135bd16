import type { PersonalDataSource } from '../../platform/personal-data';
import { isoTimeOrNull } from '../../platform/time';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { groupedBy } from '../../platform/db/owned-rows';
import { messagesRepository } from './messages.repository';

/**
 * The member's conversations: what they wrote and what they received. After an erasure the other
 * side keeps the conversation; the erased member's messages lose their text and their name.
 */
export function messagesPersonalData(dialect: SqlDialect): PersonalDataSource {
  return {
    name: 'conversations',
    async export(db, userId) {
      const repository = messagesRepository(db, dialect);
      const conversations = await repository.everyConversationOf(userId);
      const messagesOf = groupedBy(await repository.messagesOf(conversations.map((row) => row.id)), 'conversation_id');
      return conversations.map((conversation) => ({
        status: conversation.status,
        startedByMe: conversation.starter_id === userId,
        startedAt: isoTimeOrNull(conversation.created_at),
        decidedAt: isoTimeOrNull(conversation.decided_at),
        messages: messagesOf(conversation.id).map((message) => ({
          mine: message.author_id === userId,
          text: message.body,
          language: message.language,
          sentAt: isoTimeOrNull(message.created_at),
        })),
      }));
    },
    async erase(db, userId) {
      await messagesRepository(db, dialect).eraseFor(userId);
    },
  };
}
