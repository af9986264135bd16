import type { UiLanguage } from '../../../shared/ui-languages';
import { isoTime } from '../../platform/time';
import type { ConversationStatus, NotificationKind } from '../../../shared/vocabulary';
import type { ConnectLimits } from '../../platform/config';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { ConversationTable, Db, MessageTable } from '../../platform/db/schema';
import { linksAllowed, renderMarkdown } from '../../platform/editing/markdown';
import { AppError, notFound, validationFailed } from '../../platform/errors';
import type { JobQueue } from '../../platform/jobs';
import type { LiveChannel } from '../../platform/live';
import { rateLimits } from '../../platform/rate-limits';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { findAccount, lockAccount } from '../accounts/accounts.public';
import { blockBetween, blockedEitherWay } from '../blocks/blocks.public';
import { capacitiesWithLabels } from '../capacities/capacities.service';
import { countConnect, noteMessage } from '../connections/connections.public';
import { holdForReview } from '../moderation/moderation.public';
import { markConversationNotificationsRead, notify } from '../notifications/notifications.public';
import {
  organizationIdBySlug,
  organizationManagerIds,
  organizationsManagedBy,
  organizationSummaries,
} from '../organizations/organizations.public';
import { loadProfiles, memberCards, userIdByHandle, type MemberCard } from '../profiles/profiles.public';
import { visibleProfile } from '../profiles/visibility';
import { cachedReferenceLists, languageName } from '../reference/reference.service';
import { cursorText, parsedCursor } from '../../platform/db/page-cursor';
import { messagesRepository, organizationPairKeyOf } from './messages.repository';

const DAY_MS = 86_400_000;
/** After a decline, the requester may ask again only after this long. */
export const DECLINE_COOLDOWN_MS = 30 * DAY_MS;
/** An account this young may send fewer requests (a new account is the spammer's first tool). */
const NEW_ACCOUNT_MS = DAY_MS;
const INBOX_PAGE = 50;
const MESSAGES_PAGE = 100;
/** Rendered messages kept in memory: a message's text never changes, and rendering cost more than reading it. */
const RENDERED_KEPT = 20_000;

const rendered = new Map<string, string>();
/**
 * A message's text as safe HTML, from the cache when it was rendered before (the oldest entries go
 * first); `links` false while its author's account is new (addresses then stay text).
 */
function renderedMessage(id: string, body: string, links: boolean): string {
  const key = links ? id : `${id}:text`;
  let html = rendered.get(key);
  if (html === undefined) {
    html = renderMarkdown(body, { links });
    if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, html);
  }
  return html;
}
const PREVIEW_LENGTH = 140;
const HOUR_MS = 3_600_000;
/** Shorter texts ("Hi", "Thank you!") are written alike by everyone: only longer ones count as copies. */
const COPIED_TEXT_MIN_LENGTH = 50;

export interface MessageInput {
  readonly body: string;
  readonly language?: string | undefined;
}

export interface MessagesDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly limits: ConnectLimits;
  /** Writing needs a verified e-mail address or a Wikimedia sign-in (MESSAGING_REQUIRES_VERIFIED). */
  readonly requireVerified?: boolean;
  /** Links written by accounts younger than this many days show as text (NEW_ACCOUNT_LINK_DAYS). */
  readonly newAccountLinkDays?: number;
  /** Sending one text to this many conversations within an hour holds it for review (0: never). */
  readonly spamSameTextRecipients?: number;
  readonly live: LiveChannel;
  readonly jobs: JobQueue;
}

/** The other side of a conversation as the viewer may see them; `deleted` once they erased their account. */
function otherSide(conversation: Pick<ConversationTable, 'starter_id' | 'recipient_id'>, me: string) {
  return conversation.starter_id === me ? conversation.recipient_id : conversation.starter_id;
}

const hours = (seconds: number) => String(Math.max(1, Math.ceil(seconds / 3600)));

/**
 * Conversations between members. A first message to someone is a request they accept or decline;
 * only the members in a conversation read it; a block stops it both ways. Every change is written in
 * one transaction with its notifications, and announced on the live channel after it commits.
 */
export function messagesService({
  db,
  dialect,
  limits,
  requireVerified = false,
  newAccountLinkDays = 0,
  spamSameTextRecipients = 0,
  live,
  jobs,
}: MessagesDependencies) {
  const repository = messagesRepository(db, dialect);

  /** A writer must be someone we can reach or who proved a Wikimedia identity: a throwaway account cannot. */
  async function refuseUnverified(userId: string): Promise<void> {
    if (!requireVerified) return;
    const account = await findAccount(db, userId);
    if (account?.email_verified_at === null && account.wikimedia_sub === null)
      throw new AppError('verification_required');
  }

  function checkedMessage(input: MessageInput) {
    const body = input.body.trim();
    if (body === '') throw validationFailed([{ field: 'body', code: 'required' }]);
    return { body, language: input.language?.trim() || null };
  }

  /** Counts a new request against the member's daily limit (a smaller one for new accounts). */
  async function countRequest(trx: Db, userId: string, now: number): Promise<void> {
    const account = await findAccount(trx, userId);
    const young = account !== undefined && now - Number(account.created_at) < NEW_ACCOUNT_MS;
    const limit = young ? limits.requestsPerDayNewAccount : limits.requestsPerDay;
    await rateLimits(trx).hit(
      { name: 'connect:requests', limit, windowMs: DAY_MS },
      userId,
      now,
      (seconds) => new AppError('request_limit', [], [String(limit), hours(seconds)], seconds),
    );
  }

  async function countMessage(trx: Db, userId: string, now: number): Promise<void> {
    await rateLimits(trx).hit(
      { name: 'connect:messages', limit: limits.messagesPerMinute, windowMs: 60_000 },
      userId,
      now,
      (seconds) => new AppError('message_limit', [], [String(seconds)], seconds),
    );
  }

  /**
   * Adds the member's message, in the transaction of the write: counted against the per-minute
   * limit (and, for a new request or its acceptance, in the day's counters), the connection noted,
   * and each recipient notified. Answers the message's id.
   */
  async function writeMessage(
    trx: Db,
    write: {
      conversationId: string;
      me: string;
      message: { body: string; language: string | null };
      organizationId: string | null;
      recipients: readonly string[];
      kind: NotificationKind;
      now: number;
    },
  ): Promise<{ id: string; held: boolean }> {
    const { conversationId, me, message, kind, now } = write;
    await countMessage(trx, me, now);
    const store = messagesRepository(trx, dialect);
    // The same text to many people within an hour: held (nobody is told) until a moderator looks.
    const held =
      spamSameTextRecipients > 0 &&
      message.body.length >= COPIED_TEXT_MIN_LENGTH &&
      (await store.conversationsWithText(me, message.body, now - HOUR_MS)) + 1 >= spamSameTextRecipients;
    const id = await store.append({
      conversationId,
      authorId: me,
      organizationId: write.organizationId,
      body: message.body,
      language: message.language,
      now,
      held,
    });
    if (held) {
      await holdForReview(trx, dialect, {
        messageId: id,
        authorId: me,
        body: message.body,
        language: message.language,
        now,
      });
      return { id, held };
    }
    if (kind === 'request') await countConnect(trx, 'requests', now);
    if (kind === 'accepted') await countConnect(trx, 'requests_accepted', now);
    await noteMessage(trx, jobs, conversationId, now);
    for (const userId of write.recipients) await notify(trx, jobs, { userId, kind, conversationId, actorId: me, now });
    return { id, held };
  }

  /** A member who blocked me is, to me, nobody (404); one I blocked, I can unblock (`member_blocked`). */
  function refuseIfBlocked(blocks: { aBlockedB: boolean; bBlockedA: boolean }): void {
    if (blocks.bBlockedA) throw notFound();
    if (blocks.aBlockedB) throw new AppError('member_blocked');
  }

  /** Nobody writes to a member who blocked them or whom they blocked, or to one moderators suspended. */
  async function refuseUnreachable(trx: Db, me: string, them: string): Promise<void> {
    refuseIfBlocked(await blockBetween(trx, me, them));
    if ((await memberCards(trx, [them])).get(them)?.suspended) throw new AppError('member_suspended');
  }

  /** Tells the others in a conversation, after the write committed; a lost event costs only liveness. */
  async function announce(userIds: readonly string[], kind: NotificationKind, conversationId: string) {
    if (userIds.length === 0) return;
    await live.publish({ userIds, kind, conversationId }).catch(() => undefined);
  }

  async function inTransaction<T>(userId: string, work: (trx: Db) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      // The acting member's account first (see the lock order in docs/ARCHITECTURE.md).
      if (!(await lockAccount(trx, dialect, userId))) throw new AppError('unauthorized');
      return work(trx);
    });
  }

  type MessageRow = Pick<
    MessageTable,
    'id' | 'author_id' | 'body' | 'language' | 'created_at' | 'organization_id' | 'hidden_at'
  >;
  /** A message as the viewer reads it; `side` is the organization they answer for, in its conversations. */
  function present(row: MessageRow, me: string, side: string | null = null, authors?: Map<string, MemberCard>) {
    // My own links are mine to see; others' follow their author's account age.
    const links =
      row.author_id === null ||
      row.author_id === me ||
      linksAllowed(authors?.get(row.author_id)?.joinedAt, newAccountLinkDays);
    return {
      id: row.id,
      mine: side ? row.organization_id === side : row.author_id !== null && row.author_id === me,
      fromOrganization: row.organization_id !== null,
      removed: row.body === null,
      hidden: row.hidden_at !== null,
      text: row.hidden_at === null ? row.body : null,
      html: row.body === null || row.hidden_at !== null ? null : renderedMessage(row.id, row.body, links),
      language: row.language,
      sentAt: isoTime(row.created_at),
    };
  }

  const cardOf = (cards: Map<string, MemberCard>, userId: string | null) => {
    const card = userId ? cards.get(userId) : undefined;
    return {
      handle: card?.handle ?? null,
      name: card?.name ?? null,
      deleted: !card,
      suspended: card?.suspended ?? false,
    };
  };

  /** Who the requester is, as the recipient (a member) may see it: what they can share, their languages. */
  async function introduction(requesterId: string, recipientId: string | null, language: UiLanguage) {
    const [requester, recipient] = await loadProfiles(db, recipientId ? [requesterId, recipientId] : [requesterId]);
    const visible = requester?.userId === requesterId ? visibleProfile(requester, 'member') : undefined;
    if (!visible) return { shares: [], languages: [] };
    const wanted = new Set((recipient?.capacities.learns ?? []).map((entry) => entry.id));
    const [capacities, languages] = await Promise.all([
      capacitiesWithLabels(db, language),
      cachedReferenceLists(db).languages,
    ]);
    const labelOf = new Map(capacities.map((row) => [row.id, row.label]));
    const languageRows = new Map(languages.map((row) => [row.code, row]));
    return {
      shares: (visible.capacities?.shares ?? []).map((entry) => ({
        id: entry.id,
        label: labelOf.get(entry.id) ?? String(entry.id),
        youWantToLearn: wanted.has(entry.id),
      })),
      languages: (visible.languages ?? []).map((entry) => {
        const row = languageRows.get(entry.code);
        return {
          code: entry.code,
          label: row ? languageName(row.bcp47, row.autonym, language) : entry.code,
          level: entry.level,
        };
      }),
    };
  }

  /**
   * The organization side of conversations with organizations, as the viewer stands to it: its
   * address and name, and whether they answer for it (a manager now). `reads` says whether the
   * viewer may read a conversation at all (a manager who left may not).
   */
  async function organizationSidesFor(
    me: string,
    conversations: readonly Pick<ConversationTable, 'organization_id' | 'starter_id'>[],
  ) {
    const ids = [...new Set(conversations.map((row) => row.organization_id).filter((id): id is string => id !== null))];
    const [summaries, managed] =
      ids.length === 0 ? [[], []] : await Promise.all([organizationSummaries(db, ids), organizationsManagedBy(db, me)]);
    const byId = new Map(summaries.map((row) => [row.id, row]));
    const managing = new Set(managed);
    return {
      reads: (row: Pick<ConversationTable, 'organization_id' | 'starter_id'>) =>
        !row.organization_id || row.starter_id === me || managing.has(row.organization_id),
      sideOf: (row: Pick<ConversationTable, 'organization_id' | 'starter_id'>) => {
        const organization = row.organization_id ? byId.get(row.organization_id) : undefined;
        if (!organization) return null;
        return { slug: organization.slug, name: organization.name, asManager: row.starter_id !== me };
      },
    };
  }

  /** The other member, or for a member writing to an organization nobody (the organization speaks). */
  function otherCard(
    cards: Map<string, MemberCard>,
    row: Pick<ConversationTable, 'organization_id' | 'starter_id' | 'recipient_id'>,
    me: string,
  ) {
    if (row.organization_id && row.starter_id === me)
      return { handle: null, name: null, deleted: false, suspended: false };
    return cardOf(cards, otherSide(row, me));
  }

  /** A member writes to an organization: one open conversation per member and organization, seen by every manager. */
  async function writeToOrganization(me: string, slug: string, message: { body: string; language: string | null }) {
    const organizationId = await organizationIdBySlug(db, slug);
    if (!organizationId) throw notFound();
    const now = Date.now();
    const outcome = await inTransaction(me, async (trx) => {
      const store = messagesRepository(trx, dialect);
      const managers = await organizationManagerIds(trx, organizationId);
      if (managers.includes(me)) throw validationFailed([{ field: 'organization', code: 'self' }]);
      if (managers.length === 0) throw new AppError('no_managers');
      let conversation = await store.lockedByPairKey(organizationPairKeyOf(organizationId, me));
      if (!conversation) {
        await countRequest(trx, me, now);
        conversation = await store.createWithOrganization(me, organizationId, managers, now);
      }
      return {
        conversationId: conversation.id,
        ...(await writeOnOrganizationSide(trx, conversation, me, managers, message, now)),
      };
    });
    await announce(outcome.recipients, 'message', outcome.conversationId);
    return { id: outcome.conversationId, status: 'open' as const };
  }

  /**
   * Writes in a conversation with an organization, by its member or by one of its managers (as the
   * organization); managers who joined since are let in. Answers the message and whom to tell.
   */
  async function writeOnOrganizationSide(
    trx: Db,
    conversation: ConversationTable,
    me: string,
    managers: readonly string[],
    message: { body: string; language: string | null },
    now: number,
  ) {
    const store = messagesRepository(trx, dialect);
    const organizationId = conversation.organization_id!;
    const asOrganization = conversation.starter_id !== me;
    if (asOrganization && !managers.includes(me)) throw notFound();
    if (!conversation.starter_id) throw notFound();
    await store.addMembers(conversation.id, managers, now);
    const recipients = asOrganization ? [conversation.starter_id] : managers.filter((id) => id !== me);
    const side = asOrganization ? organizationId : null;
    const written = await writeMessage(trx, {
      conversationId: conversation.id,
      me,
      message,
      organizationId: side,
      recipients,
      kind: 'message',
      now,
    });
    return { ...written, recipients: written.held ? [] : recipients, side };
  }

  return {
    /**
     * Writes to the member at `handle`: a request when they have not talked yet (or again, 30 days
     * after a decline), a message when their conversation is open. Answers the conversation's id.
     */
    async send(
      viewer: Viewer | null,
      to: { handle?: string | undefined; organization?: string | undefined },
      input: MessageInput,
    ) {
      const me = requireMember(viewer).userId;
      const message = checkedMessage(input);
      await refuseUnverified(me);
      if ((to.handle === undefined) === (to.organization === undefined))
        throw validationFailed([{ field: 'body', code: 'one-of', params: ['handle', 'organization'] }]);
      if (to.organization !== undefined) return writeToOrganization(me, to.organization, message);
      const handle = to.handle!;
      const them = await userIdByHandle(db, handle);
      if (!them) throw notFound();
      if (them === me) throw validationFailed([{ field: 'handle', code: 'self' }]);
      await refuseUnreachable(db, me, them);
      const now = Date.now();
      const outcome = await inTransaction(me, async (trx) => {
        const store = messagesRepository(trx, dialect);
        let conversation = await store.lockedBetween(me, them);
        let kind: NotificationKind = 'message';
        if (!conversation) {
          await countRequest(trx, me, now);
          conversation = await store.create(me, them, now);
          kind = 'request';
        } else if (conversation.status === 'request' && conversation.starter_id === me) {
          throw new AppError('request_pending');
        } else if (conversation.status === 'request') {
          // They asked me first: writing back is accepting.
          await store.setStatus(conversation.id, { status: 'open', decidedAt: now });
          kind = 'accepted';
        } else if (conversation.status === 'declined') {
          const declinedMe = conversation.starter_id === me;
          const waitMs = Number(conversation.decided_at ?? 0) + DECLINE_COOLDOWN_MS - now;
          if (declinedMe && waitMs > 0) {
            const seconds = Math.ceil(waitMs / 1000);
            throw new AppError('request_declined', [], [String(Math.ceil(waitMs / DAY_MS))], seconds);
          }
          await countRequest(trx, me, now);
          await store.setStatus(conversation.id, {
            status: 'request',
            decidedAt: null,
            starterId: me,
            recipientId: them,
          });
          kind = 'request';
        }
        const { held } = await writeMessage(trx, {
          conversationId: conversation.id,
          me,
          message,
          organizationId: null,
          recipients: [them],
          kind,
          now,
        });
        return { conversationId: conversation.id, kind, held };
      });
      if (!outcome.held) await announce([them], outcome.kind, outcome.conversationId);
      const status: Exclude<ConversationStatus, 'declined'> = outcome.kind === 'request' ? 'request' : 'open';
      return { id: outcome.conversationId, status };
    },

    /** Writes in an open conversation the member is in. */
    async reply(viewer: Viewer | null, conversationId: string, input: MessageInput) {
      const me = requireMember(viewer).userId;
      const message = checkedMessage(input);
      await refuseUnverified(me);
      const now = Date.now();
      const outcome = await inTransaction(me, async (trx) => {
        const store = messagesRepository(trx, dialect);
        const conversation = await store.lockedFor(conversationId, me);
        if (!conversation) throw notFound();
        if (conversation.organization_id) {
          const managers = await organizationManagerIds(trx, conversation.organization_id);
          const written = await writeOnOrganizationSide(trx, conversation, me, managers, message, now);
          return { ...written, kind: 'message' as const };
        }
        const them = otherSide(conversation, me);
        if (!them) throw notFound();
        if (conversation.status === 'request' && conversation.starter_id === me) throw new AppError('request_pending');
        if (conversation.status === 'declined') throw notFound();
        await refuseUnreachable(trx, me, them);
        let kind: NotificationKind = 'message';
        if (conversation.status === 'request') {
          await store.setStatus(conversation.id, { status: 'open', decidedAt: now });
          kind = 'accepted';
        }
        const written = await writeMessage(trx, {
          conversationId,
          me,
          message,
          organizationId: null,
          recipients: [them],
          kind,
          now,
        });
        return { ...written, recipients: written.held ? [] : [them], kind, side: null };
      });
      await announce(outcome.recipients, outcome.kind, conversationId);
      return present(
        {
          id: outcome.id,
          author_id: me,
          body: message.body,
          language: message.language,
          created_at: now,
          organization_id: outcome.side,
          hidden_at: outcome.held ? now : null,
        },
        me,
        outcome.side,
      );
    },

    /** The recipient of a request accepts it (the conversation opens) or declines it (the requester is told). */
    async answer(viewer: Viewer | null, conversationId: string, decision: 'accept' | 'decline') {
      const me = requireMember(viewer).userId;
      const now = Date.now();
      const requester = await inTransaction(me, async (trx) => {
        const store = messagesRepository(trx, dialect);
        const conversation = await store.lockedFor(conversationId, me);
        if (!conversation || conversation.recipient_id !== me || conversation.status !== 'request') throw notFound();
        await store.setStatus(conversationId, { status: decision === 'accept' ? 'open' : 'declined', decidedAt: now });
        await store.markRead(conversationId, me);
        await markConversationNotificationsRead(trx, me, conversationId, now);
        const kind = decision === 'accept' ? 'accepted' : 'declined';
        if (kind === 'accepted') await countConnect(trx, 'requests_accepted', now);
        if (conversation.starter_id)
          await notify(trx, jobs, { userId: conversation.starter_id, kind, conversationId, actorId: me, now });
        return conversation.starter_id;
      });
      if (requester) await announce([requester], decision === 'accept' ? 'accepted' : 'declined', conversationId);
    },

    /** The inbox: requests waiting for the member's answer apart from conversations (their own requests among them). */
    async inbox(viewer: Viewer | null, before?: string) {
      const me = requireMember(viewer).userId;
      const [rows, blocked] = await Promise.all([
        repository.inbox(me, INBOX_PAGE + 1, parsedCursor(before)),
        blockedEitherWay(db, me),
      ]);
      const page = rows.slice(0, INBOX_PAGE);
      // When the first page holds every conversation, the totals are in it; else they take a query.
      const totals =
        !before && rows.length <= INBOX_PAGE
          ? {
              conversations: rows.filter((row) => row.unread_count > 0 && row.status === 'open').length,
              requests: rows.filter((row) => row.status === 'request' && row.recipient_id === me).length,
            }
          : await repository.unreadTotals(me);
      const [cards, organizations] = await Promise.all([
        memberCards(
          db,
          page.map((row) => otherSide(row, me)).filter((id): id is string => id !== null),
        ),
        organizationSidesFor(me, page),
      ]);
      const hidden = new Set(blocked);
      const summaries = page
        .filter((row) => (row.status !== 'declined' || row.starter_id === me) && organizations.reads(row))
        .map((row) => {
          const other = otherSide(row, me);
          const organization = organizations.sideOf(row);
          return {
            id: row.id,
            status: row.status,
            startedByMe: row.starter_id === me,
            other: otherCard(cards, row, me),
            organization,
            blocked: !row.organization_id && other !== null && hidden.has(other),
            unread: Number(row.unread_count),
            lastMessage: {
              mine: organization?.asManager
                ? row.last_organization_id === row.organization_id
                : row.last_author_id === me && row.last_organization_id === null,
              preview:
                row.last_body === null || row.last_hidden_at !== null ? null : row.last_body.slice(0, PREVIEW_LENGTH),
              language: row.last_language,
            },
            lastMessageAt: isoTime(row.last_message_at),
          };
        });
      return {
        requests: summaries.filter((entry) => entry.status === 'request' && !entry.startedByMe),
        conversations: summaries.filter((entry) => entry.status !== 'request' || entry.startedByMe),
        unreadConversations: totals.conversations,
        waitingRequests: totals.requests,
        next: rows.length > INBOX_PAGE ? cursorText(page.at(-1)!.last_message_at, page.at(-1)!.id) : null,
      };
    },

    /** A conversation and its latest messages, for a member in it; a request shows who is asking. */
    async conversation(viewer: Viewer | null, conversationId: string, language: UiLanguage, before?: string) {
      const me = requireMember(viewer).userId;
      const conversation = await repository.findFor(conversationId, me);
      // Who declined a request has put it away; the requester still sees it, declined.
      if (!conversation || (conversation.status === 'declined' && conversation.recipient_id === me)) throw notFound();
      const organizations = await organizationSidesFor(me, [conversation]);
      if (!organizations.reads(conversation)) throw notFound();
      const organization = organizations.sideOf(conversation);
      const other = otherSide(conversation, me);
      const [rows, cards, blocks] = await Promise.all([
        repository.messages(conversationId, MESSAGES_PAGE + 1, parsedCursor(before)),
        memberCards(db, other ? [other] : []),
        other && !conversation.organization_id
          ? blockBetween(db, me, other)
          : Promise.resolve({ aBlockedB: false, bBlockedA: false }),
      ]);
      const page = rows.slice(Math.max(0, rows.length - MESSAGES_PAGE));
      // In a conversation with an organization, several managers may have written: their cards too.
      const unknownAuthors = [
        ...new Set(page.map((row) => row.author_id).filter((id): id is string => id !== null && id !== me)),
      ].filter((id) => !cards.has(id));
      const authors =
        unknownAuthors.length === 0 ? cards : new Map([...cards, ...(await memberCards(db, unknownAuthors))]);
      const isRequest = conversation.status === 'request';
      const side = organization?.asManager ? conversation.organization_id : null;
      return {
        id: conversation.id,
        status: conversation.status,
        startedByMe: conversation.starter_id === me,
        other: otherCard(cards, conversation, me),
        organization,
        blockedByMe: blocks.aBlockedB,
        canWrite: conversation.organization_id
          ? conversation.starter_id !== null
          : other !== null &&
            !(cards.get(other)?.suspended ?? false) &&
            !blocks.aBlockedB &&
            !blocks.bBlockedA &&
            (conversation.status === 'open' || (isRequest && conversation.recipient_id === me)),
        introduction:
          isRequest && conversation.starter_id
            ? await introduction(conversation.starter_id, conversation.recipient_id, language)
            : null,
        unread: Number(conversation.unread_count),
        messages: page.map((row) => present(row, me, side, authors)),
        earlier: rows.length > MESSAGES_PAGE ? cursorText(page[0]!.created_at, page[0]!.id) : null,
      };
    },

    async markRead(viewer: Viewer | null, conversationId: string) {
      const me = requireMember(viewer).userId;
      await inTransaction(me, async (trx) => {
        const store = messagesRepository(trx, dialect);
        if (!(await store.findFor(conversationId, me))) throw notFound();
        await store.markRead(conversationId, me);
        await markConversationNotificationsRead(trx, me, conversationId);
      });
    },
  };
}

export type MessagesService = ReturnType<typeof messagesService>;
