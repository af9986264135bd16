import { Type, type Static } from 'typebox';
import type { Config } from '../../platform/config';
import type { Translator } from '../../platform/i18n';
import { defineJob } from '../../platform/jobs';
import type { OutgoingMail } from '../../platform/mail';
import { isUiLanguage, DEFAULT_UI_LANGUAGE } from '../../../shared/ui-languages';

const Recipient = { to: Type.String({ minLength: 1 }), language: Type.String() };

export const AccountMail = Type.Union([
  Type.Object({ kind: Type.Literal('verify'), ...Recipient, token: Type.String({ minLength: 1 }) }),
  Type.Object({ kind: Type.Literal('reset'), ...Recipient, token: Type.String({ minLength: 1 }) }),
  Type.Object({ kind: Type.Literal('already-registered'), ...Recipient }),
]);
export type AccountMail = Static<typeof AccountMail>;

export const ACCOUNT_MAIL_JOB = defineJob('account-mail', AccountMail);

/** Writes an account e-mail in the member's language, from the same message files as the interface. */
export function composeAccountMail(mail: AccountMail, config: Config, translator: Translator): OutgoingMail {
  const language = isUiLanguage(mail.language) ? mail.language : DEFAULT_UI_LANGUAGE;
  const t = (key: string, ...params: string[]) => translator.translate(language, key, ...params);
  const site = t('cxc-app-name');
  const lines = (() => {
    switch (mail.kind) {
      case 'verify':
        return {
          subject: t('cxc-mail-verify-subject', site),
          body: t('cxc-mail-verify-body', site, `${config.publicUrl}/verify#token=${mail.token}`),
        };
      case 'reset':
        return {
          subject: t('cxc-mail-reset-subject', site),
          body: t('cxc-mail-reset-body', site, `${config.publicUrl}/reset-password#token=${mail.token}`),
        };
      case 'already-registered':
        return {
          subject: t('cxc-mail-already-subject', site),
          body: t('cxc-mail-already-body', site, `${config.publicUrl}/reset-password`),
        };
    }
  })();
  return { to: mail.to, language, subject: lines.subject, text: `${lines.body}\n\n${t('cxc-mail-signature', site)}\n` };
}
