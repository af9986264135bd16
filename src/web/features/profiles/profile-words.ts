import { t } from '../../i18n/i18n';

/** Labels for the coded values of a profile, in the interface language. */
export const levelLabel = (level: string) => t(level === 'N' ? 'cxc-language-level-native' : `cxc-language-level-${level}`);
export const capacityLevelLabel = (level: string) => t(`cxc-capacity-level-${level}`);
export const formatLabel = (format: string) => t(`cxc-exchange-format-${format}`);
export const modeLabel = (mode: string) => t(`cxc-exchange-mode-${mode}`);
export const contactKindLabel = (kind: string) => t(`cxc-contact-kind-${kind}`);
export const visibilityLabel = (visibility: string) => t(`cxc-visibility-${visibility}`);

/** A link for a contact option where one makes sense; the server has checked the value. */
export function contactHref(kind: string, value: string): string | undefined {
  if (kind === 'email') return `mailto:${value}`;
  if (kind === 'telegram') return `https://t.me/${value.replace(/^@/, '')}`;
  if (kind === 'matrix') return `https://matrix.to/#/${value}`;
  if (kind === 'link' || kind === 'talk-page') return value;
  return undefined;
}
