import Banana from 'banana-i18n';
import { ref, readonly } from 'vue';
import {
  DEFAULT_UI_LANGUAGE,
  UI_LANGUAGE_COOKIE,
  directionOf,
  isUiLanguage,
  type UiLanguage,
} from '../../shared/ui-languages';
import ltrStylesheet from '@wikimedia/codex/dist/codex.style.css?url';
import rtlStylesheet from '@wikimedia/codex/dist/codex.style-rtl.css?url';

/** Message files become one small chunk per language, fetched only when that language is used. */
const messageLoaders = import.meta.glob<{ default: Record<string, unknown> }>([
  '../../../i18n/*.json',
  '!../../../i18n/qqq.json',
]);

const banana = new Banana(DEFAULT_UI_LANGUAGE);
const current = ref<UiLanguage>(DEFAULT_UI_LANGUAGE);
/** Bumped after messages load, so templates that call `t()` re-render. */
const revision = ref(0);

async function loadMessages(language: UiLanguage): Promise<void> {
  const loader = messageLoaders[`../../../i18n/${language}.json`];
  if (!loader) throw new Error(`No messages for ${language}`);
  const { default: messages } = await loader();
  const { '@metadata': _metadata, ...rest } = messages;
  banana.load(rest as Record<string, string>, language);
}

/** Swaps Codex's stylesheet for the direction of the page, and waits until it applies. */
function applyStylesheet(language: UiLanguage): Promise<void> {
  const href = directionOf(language) === 'rtl' ? rtlStylesheet : ltrStylesheet;
  let link = document.querySelector<HTMLLinkElement>('link[data-codex-style]');
  if (link?.getAttribute('href') === href) return Promise.resolve();
  const next = document.createElement('link');
  next.rel = 'stylesheet';
  next.href = href;
  next.dataset.codexStyle = '';
  return new Promise((resolve) => {
    next.addEventListener('load', () => {
      link?.remove();
      link = next;
      resolve();
    });
    next.addEventListener('error', () => resolve());
    document.head.append(next);
  });
}

function activate(language: UiLanguage): void {
  banana.setLocale(language);
  current.value = language;
  revision.value += 1;
}

/** Makes `t()` speak `language` without touching the page (for component tests). */
export async function loadInterfaceMessages(language: UiLanguage): Promise<void> {
  await loadMessages(language);
  activate(language);
}

/** Switches the whole interface to `language`, remembering the choice for a year. */
export async function setLanguage(language: UiLanguage): Promise<void> {
  await Promise.all([loadMessages(language), applyStylesheet(language)]);
  activate(language);
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
  document.cookie = `${UI_LANGUAGE_COOKIE}=${language}; path=/; max-age=31536000; samesite=lax`;
}

/** The language the server chose for this page (it set `<html lang>`), or English. */
export function initialLanguage(): UiLanguage {
  const fromPage = document.documentElement.lang.toLowerCase();
  return isUiLanguage(fromPage) ? fromPage : DEFAULT_UI_LANGUAGE;
}

/** Translates a message key; reactive to language changes when used in templates or computed. */
export function t(key: string, ...params: (string | number)[]): string {
  void revision.value;
  return banana.i18n(key, ...params);
}

export const uiLanguage = readonly(current);
