import { Type, type Static } from 'typebox';
import type { Config } from '../../platform/config';
import type { Translator } from '../../platform/i18n';
import { defineJob } from '../../platform/jobs';
import type { OutgoingMail } from '../../platform/mail';
import { DEFAULT_UI_LANGUAGE, isUiLanguage } from '../../../shared/ui-languages';

export const ManagerDecisionMail = Type.Object({
  to: Type.String({ minLength: 1 }),
  language: Type.String(),
  organization: Type.String({ minLength: 1 }),
  slug: Type.String({ minLength: 1 }),
  approved: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type ManagerDecisionMail = Static<typeof ManagerDecisionMail>;

export const MANAGER_DECISION_JOB = defineJob('manager-request-decided', ManagerDecisionMail);

/** Tells a member, in their language, the answer to their request to manage an organization. */
export function composeManagerDecisionMail(
  mail: ManagerDecisionMail,
  config: Config,
  translator: Translator,
): OutgoingMail {
  const language = isUiLanguage(mail.language) ? mail.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const site = t('cxc-app-name');
  const body = mail.approved
    ? t(
        'cxc-mail-manager-approved',
        mail.organization,
        `${config.publicUrl}/organizations/${encodeURIComponent(mail.slug)}`,
      )
    : t('cxc-mail-manager-refused', mail.organization, mail.reason ?? '');
  return {
    to: mail.to,
    language,
    subject: t('cxc-mail-manager-subject', mail.organization),
    text: `${body}\n\n${t('cxc-mail-signature', site)}\n`,
  };
}
