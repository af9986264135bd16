import '@wikimedia/codex-design-tokens/dist/theme-wikimedia-ui-root.css';
import './styles/base.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { isUiLanguage } from '../shared/ui-languages';
import App from './App.vue';
import { initialLanguage, setLanguage } from './i18n/i18n';
import { createAppRouter } from './router';

/** `?uselang=xx` wins over the page's language, as on Wikimedia wikis. */
function requestedLanguage() {
  const uselang = new URLSearchParams(window.location.search).get('uselang')?.toLowerCase();
  return uselang && isUiLanguage(uselang) ? uselang : initialLanguage();
}

/**
 * The router starts its first navigation as it is installed, so the page's chunk and the shell's
 * messages download side by side; the app appears once both are there.
 */
async function start(): Promise<void> {
  const router = createAppRouter();
  const app = createApp(App).use(createPinia()).use(router);
  await Promise.all([setLanguage(requestedLanguage()), router.isReady()]);
  app.mount('#app');
}

void start();
