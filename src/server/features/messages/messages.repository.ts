import { randomUUID } from 'node:crypto';
import type { ConversationStatus } from '../../../shared/vocabulary';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { pastCursor, type PageCursor } from '../../platform/db/page-cursor';
import type { ConversationTable, Db } from '../../platform/db/schema';

/** The key of a pair of members: the same whoever writes first. */
export function pairKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** The key of a member's conversation with an organization. */
export function organizationPairKeyOf(organizationId: string, memberId: string): string {
  return `org:${organizationId}:${memberId}`;
}

export interface NewMessage {
  readonly conversationId: string;
  readonly authorId: string;
  /** Set when a manager writes as the organization. */
  readonly organizationId?: string | null;
  readonly body: string;
  readonly language: string | null;
  readonly now: number;
  /** Held for moderators' review (as spam): stored hidden, and it moves no inbox. */
  readonly held?: boolean;
}

/** All SQL for conversations and their messages. */
export function messagesRepository(db: Db, dialect: SqlDialect) {
  return {
    /** The pair's conversation, locked until the transaction ends, so two first messages at once take turns. */
    async lockedBetween(a: string, b: string): Promise<ConversationTable | undefined> {
      return this.lockedByPairKey(pairKeyOf(a, b));
    },

    async lockedByPairKey(pairKey: string): Promise<ConversationTable | undefined> {
      return dialect
        .lockRowsForUpdate(db.selectFrom('conversations').selectAll().where('pair_key', '=', pairKey))
        .executeTakeFirst();
    },

    /** A conversation the member is in, locked for a change; undefined when there is none or they are not in it. */
    async lockedFor(conversationId: string, userId: string): Promise<ConversationTable | undefined> {
      return dialect
        .lockRowsForUpdate(
          db
            .selectFrom('conversations')
            .innerJoin('conversation_members as cm', 'cm.conversation_id', 'conversations.id')
            .selectAll('conversations')
            .where('conversations.id', '=', conversationId)
            .where('cm.user_id', '=', userId),
          'conversations',
        )
        .executeTakeFirst();
    },

    /** A conversation the member is in, with their unread count. */
    async findFor(conversationId: string, userId: string) {
      return db
        .selectFrom('conversations')
        .innerJoin('conversation_members as cm', 'cm.conversation_id', 'conversations.id')
        .selectAll('conversations')
        .select('cm.unread_count')
        .where('conversations.id', '=', conversationId)
        .where('cm.user_id', '=', userId)
        .executeTakeFirst();
    },

    /** Starts the pair's conversation as a request from `starterId`. */
    async create(starterId: string, recipientId: string, now: number): Promise<ConversationTable> {
      return this.insertConversation(
        { starterId, recipientId, organizationId: null, pairKey: pairKeyOf(starterId, recipientId), status: 'request' },
        [starterId, recipientId],
        now,
      );
    },

    /** Starts a member's conversation with an organization, open at once, with its managers in it. */
    async createWithOrganization(
      memberId: string,
      organizationId: string,
      managerIds: readonly string[],
      now: number,
    ): Promise<ConversationTable> {
      return this.insertConversation(
        {
          starterId: memberId,
          recipientId: null,
          organizationId,
          pairKey: organizationPairKeyOf(organizationId, memberId),
          status: 'open',
        },
        [memberId, ...managerIds.filter((id) => id !== memberId)],
        now,
      );
    },

    async insertConversation(
      start: {
        starterId: string;
        recipientId: string | null;
        organizationId: string | null;
        pairKey: string;
        status: ConversationStatus;
      },
      memberIds: readonly string[],
      now: number,
    ): Promise<ConversationTable> {
      const conversation: ConversationTable = {
        id: randomUUID(),
        starter_id: start.starterId,
        recipient_id: start.recipientId,
        pair_key: start.pairKey,
        status: start.status,
        created_at: now,
        last_message_at: now,
        last_message_id: null,
        decided_at: null,
        organization_id: start.organizationId,
      };
      await db.insertInto('conversations').values(conversation).execute();
      await this.addMembers(conversation.id, memberIds, now);
      return conversation;
    },

    /** Puts members into a conversation (those in it already are left as they are): new managers of an organization. */
    async addMembers(conversationId: string, userIds: readonly string[], now: number): Promise<void> {
      if (userIds.length === 0) return;
      await db
        .insertInto('conversation_members')
        .values(
          userIds.map((userId) => ({
            conversation_id: conversationId,
            user_id: userId,
            unread_count: 0,
            last_message_at: now,
          })),
        )
        .onConflict((conflict) => conflict.columns(['conversation_id', 'user_id']).doNothing())
        .execute();
    },

    /** A request made again (after a decline), or answered: who asks, and where it stands. */
    async setStatus(
      conversationId: string,
      change: { status: ConversationStatus; decidedAt: number | null; starterId?: string; recipientId?: string },
    ): Promise<void> {
      await db
        .updateTable('conversations')
        .set({
          status: change.status,
          decided_at: change.decidedAt,
          ...(change.starterId ? { starter_id: change.starterId, recipient_id: change.recipientId } : {}),
        })
        .where('id', '=', conversationId)
        .execute();
    },

    /** Adds a message: the others in the conversation have one more unread, and it moves up everyone's inbox. */
    async append(message: NewMessage): Promise<string> {
      const id = randomUUID();
      await db
        .insertInto('messages')
        .values({
          id,
          conversation_id: message.conversationId,
          author_id: message.authorId,
          body: message.body,
          language: message.language,
          created_at: message.now,
          organization_id: message.organizationId ?? null,
          hidden_at: message.held ? message.now : null,
        })
        .execute();
      if (message.held) return id;
      await this.moveUp(message.conversationId, id, message.authorId, message.now);
      return id;
    },

    /** A new (or newly shown) message: the others in the conversation have one more unread, and it moves up everyone's inbox. */
    async moveUp(conversationId: string, messageId: string, authorId: string | null, at: number): Promise<void> {
      await db
        .updateTable('conversations')
        .set({ last_message_at: at, last_message_id: messageId })
        .where('id', '=', conversationId)
        .where((eb) => eb.or([eb('last_message_id', 'is', null), eb('last_message_at', '<=', at)]))
        .execute();
      await db
        .updateTable('conversation_members')
        .set((eb) => ({
          last_message_at: eb.case().when('last_message_at', '<', at).then(at).else(eb.ref('last_message_at')).end(),
          unread_count: eb
            .case()
            .when('user_id', '=', authorId ?? '')
            .then(eb.ref('unread_count'))
            .else(eb('unread_count', '+', 1))
            .end(),
        }))
        .where('conversation_id', '=', conversationId)
        .execute();
    },

    /** A message with its conversation's members (to report it, and for moderators to see it). */
    async messageWithMembers(messageId: string) {
      const message = await db
        .selectFrom('messages')
        .select([
          'id',
          'conversation_id',
          'author_id',
          'organization_id',
          'body',
          'language',
          'created_at',
          'hidden_at',
        ])
        .where('id', '=', messageId)
        .executeTakeFirst();
      if (!message) return undefined;
      return { message, memberIds: await this.memberIds(message.conversation_id) };
    },

    /** Hides a message, or shows it; a message held back (never shown) then reaches the inbox as a new one would. */
    async setHidden(messageId: string, hiddenAt: number | null): Promise<void> {
      const row = await db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['m.conversation_id', 'm.author_id', 'm.created_at', 'c.last_message_id', 'c.last_message_at'])
        .where('m.id', '=', messageId)
        .executeTakeFirst();
      await db.updateTable('messages').set({ hidden_at: hiddenAt }).where('id', '=', messageId).execute();
      // Held back, the inbox never heard of it (a delivered message is never newer than the conversation's last).
      const heldBack =
        row && hiddenAt === null && (row.last_message_id === null || row.last_message_at < row.created_at);
      if (heldBack) await this.moveUp(row.conversation_id, messageId, row.author_id, row.created_at);
    },

    /** In how many conversations the author wrote exactly this text since then (the same text to many: spam). */
    async conversationsWithText(authorId: string, body: string, since: number): Promise<number> {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.count<number>('conversation_id').distinct().as('count'))
        .where('author_id', '=', authorId)
        .where('created_at', '>=', since)
        .where('body', '=', body)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    /** The members of a conversation still on the platform. */
    async memberIds(conversationId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .execute();
      return rows.map((row) => row.user_id);
    },

    /** A page of the member's inbox, the latest first, with each one's last message, after the `before` cursor. */
    async inbox(userId: string, limit: number, before?: PageCursor) {
      let query = db
        .selectFrom('conversation_members as cm')
        .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
        .leftJoin('messages as m', 'm.id', 'c.last_message_id')
        .select([
          'c.id',
          'c.status',
          'c.starter_id',
          'c.recipient_id',
          'c.organization_id',
          'c.created_at',
          'c.last_message_at',
          'cm.unread_count',
          'm.author_id as last_author_id',
          'm.organization_id as last_organization_id',
          'm.body as last_body',
          'm.language as last_language',
          'm.hidden_at as last_hidden_at',
        ])
        .where('cm.user_id', '=', userId)
        // A request whose only message is held for review is not in its recipient's inbox (yet).
        .where((eb) =>
          eb.or([
            eb('c.status', '!=', 'request'),
            eb('c.last_message_id', 'is not', null),
            eb('c.starter_id', '=', userId),
          ]),
        )
        .orderBy('cm.last_message_at', 'desc')
        .orderBy('cm.conversation_id', 'desc')
        .limit(limit);
      if (before) query = query.where(pastCursor('cm.last_message_at', 'cm.conversation_id', before, 'before'));
      return query.execute();
    },

    /** How many conversations have unread messages, and how many requests wait for the member's answer. */
    async unreadTotals(userId: string): Promise<{ conversations: number; requests: number }> {
      const row = await db
        .selectFrom('conversation_members as cm')
        .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
        .select((eb) => [
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(eb.and([eb('cm.unread_count', '>', 0), eb('c.status', '=', 'open')]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('conversations'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(
                  eb.and([
                    eb('c.status', '=', 'request'),
                    eb('c.recipient_id', '=', userId),
                    // A request held for review does not wait for its recipient yet.
                    eb('c.last_message_id', 'is not', null),
                  ]),
                )
                .then(1)
                .else(0)
                .end(),
            )
            .as('requests'),
        ])
        .where('cm.user_id', '=', userId)
        .executeTakeFirst();
      return { conversations: Number(row?.conversations ?? 0), requests: Number(row?.requests ?? 0) };
    },

    /** Messages of a conversation, the latest `limit` before the `before` cursor, oldest first. */
    async messages(conversationId: string, limit: number, before?: PageCursor) {
      let query = db
        .selectFrom('messages')
        .select(['id', 'author_id', 'body', 'language', 'created_at', 'organization_id', 'hidden_at'])
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      if (before) query = query.where(pastCursor('created_at', 'id', before, 'before'));
      return (await query.execute()).reverse();
    },

    /** The latest text `authorId` wrote in a conversation (for a mail whose reader asked for the text). */
    async latestTextBy(conversationId: string, authorId: string): Promise<string | null> {
      const row = await db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', conversationId)
        .where('author_id', '=', authorId)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.body ?? null;
    },

    async markRead(conversationId: string, userId: string): Promise<void> {
      await db
        .updateTable('conversation_members')
        .set({ unread_count: 0 })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .execute();
    },

    /** Every conversation the member is in, oldest first (the export). */
    async everyConversationOf(userId: string) {
      return db
        .selectFrom('conversation_members as cm')
        .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
        .selectAll('c')
        .where('cm.user_id', '=', userId)
        .orderBy('c.created_at')
        .execute();
    },

    /** Every message of these conversations, oldest first (the export). */
    async messagesOf(conversationIds: readonly string[]) {
      if (conversationIds.length === 0) return [];
      return db
        .selectFrom('messages')
        .select(['conversation_id', 'author_id', 'body', 'language', 'created_at', 'organization_id'])
        .where('conversation_id', 'in', [...conversationIds])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /**
     * The member's part in every conversation goes: their messages lose their text, and they stop
     * being named; the other side keeps the conversation. A request of theirs nobody answered, and a
     * conversation whose other side is gone too, go whole.
     */
    async eraseFor(userId: string): Promise<void> {
      await db
        .updateTable('messages')
        .set({ body: null, language: null, author_id: null })
        .where('author_id', '=', userId)
        .execute();
      await db
        .deleteFrom('conversations')
        .where((eb) =>
          eb.or([
            eb.and([eb('starter_id', '=', userId), eb('status', '=', 'request')]),
            eb.and([eb('starter_id', '=', userId), eb('recipient_id', 'is', null), eb('organization_id', 'is', null)]),
            eb.and([eb('recipient_id', '=', userId), eb('starter_id', 'is', null)]),
          ]),
        )
        .execute();
      await db
        .updateTable('conversations')
        .set({ pair_key: null })
        .where((eb) => eb.or([eb('starter_id', '=', userId), eb('recipient_id', '=', userId)]))
        .execute();
      await db.updateTable('conversations').set({ starter_id: null }).where('starter_id', '=', userId).execute();
      await db.updateTable('conversations').set({ recipient_id: null }).where('recipient_id', '=', userId).execute();
      await db.deleteFrom('conversation_members').where('user_id', '=', userId).execute();
    },
  };
}
