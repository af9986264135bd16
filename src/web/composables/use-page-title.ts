import { watchEffect } from 'vue';
import { t } from '../i18n/i18n';

/** Keeps the browser tab's title in step with the page and the interface language. */
export function usePageTitle(titleKey: string): void {
  watchEffect(() => {
    document.title = t('cxc-page-title', t(titleKey));
  });
}
