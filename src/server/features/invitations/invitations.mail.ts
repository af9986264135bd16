import { Type } from 'typebox';
import { DEFAULT_UI_LANGUAGE, isUiLanguage } from '../../../shared/ui-languages';
import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/schema';
import type { Translator } from '../../platform/i18n';
import { defineDailyJob, defineJob } from '../../platform/jobs';
import type { Mailer } from '../../platform/mail';
import { invitationsRepository } from './invitations.repository';

/** The token travels only in the job and the mail; the database keeps its hash. */
export const INVITATION_MAIL_JOB = defineJob(
  'invitation-mail',
  Type.Object({ invitationId: Type.String(), token: Type.String() }),
);
/** Once a day: addresses of invitations nobody accepted within 30 days are forgotten. */
export const INVITATION_FORGET_JOB = defineDailyJob('invitation-forget', 3);

/** Sends an invitation in the language its sender chose, with their note and the link to accept it. */
export async function sendInvitationMail(
  db: Db,
  mailer: Mailer,
  config: Config,
  translator: Translator,
  payload: { invitationId: string; token: string },
): Promise<void> {
  const invitation = await invitationsRepository(db).forMail(payload.invitationId);
  // Accepted or forgotten meanwhile (or its sender erased): nothing to send.
  if (!invitation?.email || invitation.accepted_at !== null) return;
  const language = isUiLanguage(invitation.language) ? invitation.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const site = t('cxc-app-name');
  const inviter = invitation.display_name ?? t('cxc-mail-notification-someone');
  const link = `${config.publicUrl}/invitation#token=${payload.token}`;
  await mailer.send({
    to: invitation.email,
    language,
    subject: t('cxc-mail-invitation-subject', inviter, site),
    text: `${t('cxc-mail-invitation-body', inviter, site, invitation.note ?? '', link)}\n\n${t('cxc-mail-signature', site)}\n`,
  });
}
