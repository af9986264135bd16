import { Type, type Static } from 'typebox';
import type { Config } from '../../platform/config';
import type { Translator } from '../../platform/i18n';
import { defineJob } from '../../platform/jobs';
import type { OutgoingMail } from '../../platform/mail';
import { DEFAULT_UI_LANGUAGE, isUiLanguage } from '../../../shared/ui-languages';

export const SuggestionMail = Type.Object({
  to: Type.String({ minLength: 1 }),
  language: Type.String(),
  name: Type.String({ minLength: 1 }),
  status: Type.Union([Type.Literal('approved'), Type.Literal('merged'), Type.Literal('rejected')]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type SuggestionMail = Static<typeof SuggestionMail>;

export const SUGGESTION_MAIL_JOB = defineJob('capacity-suggestion-decided', SuggestionMail);

/** Tells a member, in their language, what became of the capacity they suggested. */
export function composeSuggestionMail(mail: SuggestionMail, config: Config, translator: Translator): OutgoingMail {
  const language = isUiLanguage(mail.language) ? mail.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const site = t('cxc-app-name');
  const body =
    mail.status === 'rejected'
      ? t('cxc-mail-suggestion-rejected', mail.name, mail.reason ?? '')
      : t(`cxc-mail-suggestion-${mail.status}`, mail.name, `${config.publicUrl}/capacities`);
  return {
    to: mail.to,
    language,
    subject: t('cxc-mail-suggestion-subject', site),
    text: `${body}\n\n${t('cxc-mail-signature', site)}\n`,
  };
}
