import type { Config } from '../../platform/config';
import type { Translator } from '../../platform/i18n';
import type { OutgoingMail } from '../../platform/mail';
import { isUiLanguage, DEFAULT_UI_LANGUAGE } from '../../../shared/ui-languages';

export type AccountMail =
  | { readonly kind: 'verify'; readonly to: string; readonly language: string; readonly token: string }
  | { readonly kind: 'reset'; readonly to: string; readonly language: string; readonly token: string }
  | { readonly kind: 'already-registered'; readonly to: string; readonly language: string };

/** Writes an account e-mail in the member's language, from the same message files as the interface. */
export function composeAccountMail(mail: AccountMail, config: Config, translator: Translator): OutgoingMail {
  const language = isUiLanguage(mail.language) ? mail.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const site = t('cxc-app-name');
  const lines = (() => {
    switch (mail.kind) {
      case 'verify':
        return { subject: t('cxc-mail-verify-subject', site), body: t('cxc-mail-verify-body', site, `${config.publicUrl}/verify#token=${mail.token}`) };
      case 'reset':
        return { subject: t('cxc-mail-reset-subject', site), body: t('cxc-mail-reset-body', site, `${config.publicUrl}/reset-password#token=${mail.token}`) };
      case 'already-registered':
        return { subject: t('cxc-mail-already-subject', site), body: t('cxc-mail-already-body', site, `${config.publicUrl}/reset-password`) };
    }
  })();
  return { to: mail.to, language, subject: lines.subject, text: `${lines.body}\n\n${t('cxc-mail-signature', site)}\n` };
}
