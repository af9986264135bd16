import type { Config } from '../../platform/config';
import type { Translator } from '../../platform/i18n';
import type { OutgoingMail } from '../../platform/mail';
import { DEFAULT_UI_LANGUAGE, isUiLanguage } from '../../../shared/ui-languages';
import type { SuggestionMail } from './capacity-suggestions.service';

/** Tells a member, in their language, what became of the capacity they suggested. */
export function composeSuggestionMail(mail: SuggestionMail, config: Config, translator: Translator): OutgoingMail {
  const language = isUiLanguage(mail.language) ? mail.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const site = t('cxc-app-name');
  const body = mail.status === 'rejected'
    ? t('cxc-mail-suggestion-rejected', mail.name, mail.reason ?? '')
    : t(`cxc-mail-suggestion-${mail.status}`, mail.name, `${config.publicUrl}/capacities`);
  return { to: mail.to, language, subject: t('cxc-mail-suggestion-subject', site), text: `${body}\n\n${t('cxc-mail-signature', site)}\n` };
}
