import { Type } from 'typebox';
import { DEFAULT_UI_LANGUAGE, isUiLanguage, type UiLanguage } from '../../../shared/ui-languages';
import {
  CHOSEN_MAIL_KIND,
  EMAIL_CADENCE,
  type ChosenMailKind,
  type EmailCadence,
  type NotificationKind,
} from '../../../shared/vocabulary';
import type { Config } from '../../platform/config';
import { signedToken, verifiedPayload } from '../../platform/crypto';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import type { Translator } from '../../platform/i18n';
import { dailyRunTime, defineDailyJob, defineJob, type JobQueue } from '../../platform/jobs';
import { PREPARED_MAIL_JOB, type Mailer, type OutgoingMail } from '../../platform/mail';
import { latestTextBy } from '../messages/messages.public';
import { memberCards } from '../profiles/profiles.public';
import { notificationsRepository } from './notifications.repository';

/** Until a member chooses: a request mails at once (someone waits for an answer), the rest in a daily digest. */
export const DEFAULT_EMAIL_CADENCES: Readonly<Record<ChosenMailKind, EmailCadence>> = {
  request: 'instant',
  accepted: 'daily',
  declined: 'daily',
  message: 'daily',
  'report-decided': 'daily',
};

/** A member's choices as stored (JSON), completed with the defaults for kinds added since. */
export function cadencesFrom(stored: string | null | undefined): Record<ChosenMailKind, EmailCadence> {
  const chosen: Record<string, unknown> = stored ? (JSON.parse(stored) as Record<string, unknown>) : {};
  return Object.fromEntries(
    CHOSEN_MAIL_KIND.values.map((kind) => {
      const value = chosen[kind];
      return [kind, EMAIL_CADENCE.has(value) ? value : DEFAULT_EMAIL_CADENCES[kind]];
    }),
  ) as Record<ChosenMailKind, EmailCadence>;
}

/** One notification, mailed at once. */
export const NOTIFICATION_MAIL_JOB = defineJob('notification-mail', Type.Object({ notificationId: Type.String() }));
/** Once a day: finds who has notifications for a digest, and queues one digest job each. */
export const DIGEST_SWEEP_JOB = defineDailyJob('digest-sweep', 7);
export const DIGEST_JOB = defineJob('digest', Type.Object({ userId: Type.String(), day: Type.String() }));

/** What an unsubscribe link stops: one kind of notification mail, or every kind the digest carries. */
export type UnsubscribeScope = ChosenMailKind | 'digest';
const TOKEN_PURPOSE = 'unsubscribe';

export function unsubscribeToken(config: Config, userId: string, scope: UnsubscribeScope, version: number): string {
  return signedToken(JSON.stringify({ u: userId, s: scope, v: version }), config.secretKey, TOKEN_PURPOSE);
}

/** The member, scope and settings version of an unsubscribe token; undefined when it was not made here or altered. */
export function readUnsubscribeToken(
  config: Config,
  token: string,
): { userId: string; scope: UnsubscribeScope; version: number } | undefined {
  const payload = verifiedPayload(token, config.secretKey, TOKEN_PURPOSE);
  if (!payload) return undefined;
  try {
    const { u, s, v } = JSON.parse(payload) as { u?: unknown; s?: unknown; v?: unknown };
    const scope = s === 'digest' || CHOSEN_MAIL_KIND.has(s) ? s : undefined;
    if (typeof u !== 'string' || !scope || typeof v !== 'number') return undefined;
    return { userId: u, scope, version: v };
  } catch {
    return undefined;
  }
}

const SWEEP_BATCH = 500;
const TEXT_IN_MAIL = 1000;

export interface NotificationMailDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly config: Config;
  readonly translator: Translator;
  readonly jobs: JobQueue;
  readonly mailer: Mailer;
}

/**
 * Notifications by e-mail: one at once when the member chose that for its kind, else once a day in
 * a digest, in the member's interface language, never with the message's text unless they asked
 * for it, and each with a one-click unsubscribe (RFC 8058) that works without signing in.
 */
export function notificationMail({ db, dialect, config, translator, jobs, mailer }: NotificationMailDependencies) {
  const repository = notificationsRepository(db);

  function writer(languageCode: string) {
    const language: UiLanguage = isUiLanguage(languageCode) ? languageCode : DEFAULT_UI_LANGUAGE;
    const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
    return { language, t };
  }

  /** The List-Unsubscribe headers and the footer every notification mail ends with. */
  function unsubscribeParts(t: (key: string, ...params: string[]) => string, token: string) {
    const oneClick = `${config.publicUrl}/api/unsubscribe?token=${encodeURIComponent(token)}`;
    const page = `${config.publicUrl}/unsubscribe#token=${encodeURIComponent(token)}`;
    return {
      headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      footer: t('cxc-mail-notification-footer', `${config.publicUrl}/settings#notifications`, page),
    };
  }

  /** One line of a mail about a notification: what happened, who did it (as members may see them). */
  function describe(
    t: (key: string, ...params: string[]) => string,
    kind: NotificationKind,
    actorName: string | null,
  ): string {
    const who = actorName ?? t('cxc-mail-notification-someone');
    return t(`cxc-mail-notification-${kind}`, who);
  }

  const conversationLink = (conversationId: string | null) =>
    conversationId ? `${config.publicUrl}/messages/${conversationId}` : `${config.publicUrl}/messages`;

  async function quoted(
    includeText: boolean,
    kind: NotificationKind,
    conversationId: string | null,
    actorId: string | null,
  ): Promise<string | null> {
    if (!includeText || !conversationId || !actorId || (kind !== 'message' && kind !== 'request')) return null;
    const text = await latestTextBy(db, dialect, conversationId, actorId);
    return text === null ? null : text.slice(0, TEXT_IN_MAIL);
  }

  return {
    /** Mails one notification, unless it was read in the app meanwhile, mailed already, or no longer wanted at once. */
    async sendInstant(notificationId: string): Promise<void> {
      const row = await repository.forMail(notificationId);
      if (!row || row.read_at !== null || row.mailed_at !== null) return;
      if (!CHOSEN_MAIL_KIND.has(row.kind) || cadencesFrom(row.cadences)[row.kind] !== 'instant') return;
      if (!row.email || row.email_verified_at === null) return;
      const { language, t } = writer(row.language);
      const cards = await memberCards(db, row.actor_id ? [row.actor_id] : []);
      const actorName = row.actor_id ? (cards.get(row.actor_id)?.name ?? null) : null;
      const text = await quoted(row.include_text === 1, row.kind, row.conversation_id, row.actor_id);
      const parts = unsubscribeParts(t, unsubscribeToken(config, row.user_id, row.kind, row.version ?? 0));
      const body = [
        describe(t, row.kind, actorName),
        ...(text === null ? [] : ['', ...text.split('\n').map((line) => `> ${line}`)]),
        '',
        t('cxc-mail-notification-open', conversationLink(row.conversation_id)),
        '',
        parts.footer,
      ].join('\n');
      const mail: OutgoingMail = {
        to: row.email,
        language,
        subject: t(`cxc-mail-notification-subject-${row.kind}`, actorName ?? t('cxc-mail-notification-someone')),
        text: `${body}\n`,
        headers: parts.headers,
      };
      await mailer.send(mail);
      await repository.markMailed([row.id], Date.now());
    },

    /** Queues the digest of `day` for every member with something in it. */
    async sweep(day: string): Promise<void> {
      const cutoff = dailyRunTime(DIGEST_SWEEP_JOB, day);
      let after = '';
      for (;;) {
        const members = await repository.membersWithUnmailed(cutoff, after, SWEEP_BATCH);
        for (const userId of members)
          await jobs.enqueue(db, DIGEST_JOB, { userId, day }, { key: `${userId}:${day}`, userId });
        if (members.length < SWEEP_BATCH) break;
        after = members.at(-1)!;
      }
    },

    /**
     * Composes a member's digest of `day` once: in one transaction it records the digest, marks its
     * notifications mailed and queues the mail (sent at least once by the prepared-mail job). Run
     * again, it finds the digest recorded and does nothing, so no member gets two digests for a day.
     */
    async digest(userId: string, day: string): Promise<void> {
      const cutoff = dailyRunTime(DIGEST_SWEEP_JOB, day);
      await db.transaction().execute(async (trx) => {
        const store = notificationsRepository(trx);
        const recipient = await store.recipient(userId);
        if (!recipient?.email || recipient.email_verified_at === null) return;
        const cadences = cadencesFrom(recipient.cadences);
        const due = (await store.unmailedOf(userId, cutoff)).filter(
          (row) => CHOSEN_MAIL_KIND.has(row.kind) && cadences[row.kind] === 'daily',
        );
        if (due.length === 0) return;
        if (!(await store.claimDigest(userId, day, due.length, Date.now()))) return;
        const { language, t } = writer(recipient.language);
        const cards = await memberCards(
          trx,
          due.map((row) => row.actor_id).filter((id): id is string => id !== null),
        );
        const lines: string[] = [];
        for (const row of due) {
          const actorName = row.actor_id ? (cards.get(row.actor_id)?.name ?? null) : null;
          lines.push(`• ${describe(t, row.kind, actorName)}`, `  ${conversationLink(row.conversation_id)}`);
          const text = await quoted(recipient.include_text === 1, row.kind, row.conversation_id, row.actor_id);
          if (text !== null) lines.push(...text.split('\n').map((line) => `  > ${line}`));
        }
        const parts = unsubscribeParts(t, unsubscribeToken(config, userId, 'digest', recipient.version ?? 0));
        await store.markMailed(
          due.map((row) => row.id),
          Date.now(),
        );
        await jobs.enqueue(trx, PREPARED_MAIL_JOB, {
          to: recipient.email,
          language,
          subject: t('cxc-mail-digest-subject', String(due.length)),
          text: `${t('cxc-mail-digest-intro', String(due.length))}\n\n${lines.join('\n')}\n\n${parts.footer}\n`,
          headers: parts.headers,
        });
      });
    },
  };
}
