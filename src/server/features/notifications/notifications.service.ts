import { CHOSEN_MAIL_KIND, type ChosenMailKind, type EmailCadence } from '../../../shared/vocabulary';
import { isoTime } from '../../platform/time';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { findAccount } from '../accounts/accounts.public';
import { memberCards } from '../profiles/profiles.public';
import { cadencesFrom, readUnsubscribeToken } from './notifications.mail';
import { notificationsRepository } from './notifications.repository';

export interface EmailSettings {
  readonly email: Record<ChosenMailKind, EmailCadence>;
  readonly includeMessageText: boolean;
}

const LIST_LENGTH = 30;

/** The bell (a member's latest notifications, marking them read), e-mail choices and unsubscribing. */
export function notificationsService(db: Db, config: Config) {
  const repository = notificationsRepository(db);
  return {
    async settings(viewer: Viewer | null): Promise<EmailSettings> {
      const stored = await repository.settingsOf(requireMember(viewer).userId);
      return { email: cadencesFrom(stored?.cadences), includeMessageText: stored?.include_text === 1 };
    },

    async saveSettings(viewer: Viewer | null, settings: EmailSettings): Promise<EmailSettings> {
      const me = requireMember(viewer).userId;
      const email = Object.fromEntries(CHOSEN_MAIL_KIND.values.map((kind) => [kind, settings.email[kind]]));
      await repository.saveSettings(me, JSON.stringify(email), settings.includeMessageText, Date.now());
      return this.settings(viewer);
    },

    /**
     * Stops the mails an unsubscribe link names (one kind, or all the digest carries), without
     * signing in. A link works once: the settings' version moves on, so a replayed or older link,
     * like an altered one, is refused.
     */
    async unsubscribe(token: string): Promise<{ stopped: ChosenMailKind[] }> {
      const parsed = readUnsubscribeToken(config, token);
      if (!parsed) throw new AppError('token_invalid');
      return db.transaction().execute(async (trx) => {
        const store = notificationsRepository(trx);
        if (!(await findAccount(trx, parsed.userId))) throw new AppError('token_invalid');
        const stored = await store.settingsOf(parsed.userId);
        if ((stored?.version ?? 0) !== parsed.version) throw new AppError('token_invalid');
        const cadences = cadencesFrom(stored?.cadences);
        const stopped =
          parsed.scope === 'digest'
            ? CHOSEN_MAIL_KIND.values.filter((kind) => cadences[kind] === 'daily')
            : [parsed.scope];
        for (const kind of stopped) cadences[kind] = 'never';
        await store.saveSettings(parsed.userId, JSON.stringify(cadences), stored?.include_text === 1, Date.now());
        return { stopped };
      });
    },

    async list(viewer: Viewer | null) {
      const me = requireMember(viewer).userId;
      const [rows, unread] = await Promise.all([repository.latest(me, LIST_LENGTH), repository.unreadCount(me)]);
      const cards = await memberCards(
        db,
        rows.map((row) => row.actor_id).filter((id): id is string => id !== null),
      );
      return {
        unread,
        items: rows.map((row) => {
          const card = row.actor_id ? cards.get(row.actor_id) : undefined;
          return {
            id: row.id,
            kind: row.kind,
            conversationId: row.conversation_id,
            actor: { name: card?.name ?? null, handle: card?.handle ?? null, deleted: !card },
            createdAt: isoTime(row.created_at),
            read: row.read_at !== null,
          };
        }),
      };
    },

    async markRead(viewer: Viewer | null, ids: readonly string[] | undefined): Promise<void> {
      await repository.markRead(requireMember(viewer).userId, ids, Date.now());
    },

    /** Who may open a live stream: a member (answers their id). */
    streamOwner: (viewer: Viewer | null): string => requireMember(viewer).userId,
  };
}
