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

async function start(): Promise<void> {
  await setLanguage(requestedLanguage());
  createApp(App).use(createPinia()).use(createAppRouter()).mount('#app');
}

void start();
