import { Type } from 'typebox';
import { DEFAULT_UI_LANGUAGE, isUiLanguage } from '../../../shared/ui-languages';
import { MODERATION_ACTION } from '../../../shared/vocabulary';
import type { Config } from '../../platform/config';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import type { Translator } from '../../platform/i18n';
import { defineJob } from '../../platform/jobs';
import type { Mailer } from '../../platform/mail';
import { findAccount } from '../accounts/accounts.public';
import { moderationRepository } from './moderation.repository';

/** Tells a member what a moderator did (`action`) or how their appeal ended (`appeal`). Always sent: nobody opts out. */
export const MODERATION_MAIL_JOB = defineJob(
  'moderation-mail',
  Type.Object({
    userId: Type.String(),
    actionId: Type.String(),
    about: Type.Union([Type.Literal('action'), Type.Literal('appeal')]),
  }),
);

/** When a suspension ends: the member's profile and organizations are shown again. */
export const STANDING_REVIEW_JOB = defineJob('standing-review', Type.Object({ userId: Type.String() }));

const DAY_MS = 86_400_000;

/**
 * Composes the mail when it is sent (so it is in the member's language of that moment, and says
 * nothing once the member is gone): what was done and why, until when, and how to appeal.
 */
export async function sendModerationMail(
  deps: { db: Db; dialect: SqlDialect; config: Config; translator: Translator; mailer: Mailer },
  payload: { userId: string; actionId: string; about: 'action' | 'appeal' },
): Promise<void> {
  const { db, dialect, config, translator, mailer } = deps;
  const [account, action] = await Promise.all([
    findAccount(db, payload.userId),
    moderationRepository(db, dialect).findAction(payload.actionId),
  ]);
  if (!account?.email || account.email_verified_at === null || !action) return;
  const language = isUiLanguage(account.language) ? account.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const what = t(MODERATION_ACTION.labelKey(action.action));
  const page = `${config.publicUrl}/settings/moderation`;
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  const lines =
    payload.about === 'action'
      ? [
          t('cxc-mail-moderation-action', what),
          '',
          t('cxc-mail-moderation-reason', action.reason),
          ...(action.ends_at === null ? [] : [t('cxc-mail-moderation-until', day(action.ends_at))]),
          '',
          t('cxc-mail-moderation-appeal', day(action.created_at + config.moderation.appealDays * DAY_MS), page),
        ]
      : [
          t(action.appeal_outcome === 'overturned' ? 'cxc-mail-appeal-overturned' : 'cxc-mail-appeal-upheld', what),
          '',
          t('cxc-mail-moderation-reason', action.appeal_reason ?? ''),
          '',
          page,
        ];
  await mailer.send({
    to: account.email,
    language,
    subject: t(payload.about === 'action' ? 'cxc-mail-moderation-subject' : 'cxc-mail-appeal-subject'),
    text: `${lines.join('\n')}\n\n${t('cxc-mail-signature', t('cxc-app-name'))}\n`,
  });
}
