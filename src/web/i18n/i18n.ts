import { ref, readonly } from 'vue';
import {
  DEFAULT_UI_LANGUAGE,
  UI_LANGUAGE_COOKIE,
  directionOf,
  isUiLanguage,
  type UiLanguage,
} from '../../shared/ui-languages';
import { formatMessage, type MessageParameter } from '../../shared/message-format';

import shellMessages from 'virtual:interface-messages/shell';

/**
 * One language's messages, fetched when needed. The build splits each language by who uses the
 * messages (scripts/build/page-messages.ts): the shell's come first, each page's with the page.
 */
export type MessageLoaders = Readonly<Record<string, () => Promise<{ default: Record<string, string> }>>>;

/** Every page loaded so far: its messages are fetched for the current language, and on a switch. */
const pageMessageLoaders: MessageLoaders[] = [];
const loaded = new Set<() => Promise<unknown>>();

/** The messages fetched so far, by language. */
const messagesByLanguage = new Map<UiLanguage, Record<string, string>>();
const current = ref<UiLanguage>(DEFAULT_UI_LANGUAGE);
/** The language being switched to (or `current`): a page loading meanwhile fetches its messages. */
let wanted: UiLanguage = DEFAULT_UI_LANGUAGE;
/** Bumped after messages load, so templates that call `t()` re-render. */
const revision = ref(0);

async function loadOne(loader: () => Promise<{ default: Record<string, string> }>, language: UiLanguage) {
  const { default: messages } = await loader();
  messagesByLanguage.set(language, { ...messagesByLanguage.get(language), ...messages });
  loaded.add(loader);
}

/**
 * Fetches `language`'s messages for the shell and every page registered so far. A page may register
 * while this waits (its chunk arrived): it goes round until none is missing.
 */
async function loadMessages(language: UiLanguage): Promise<void> {
  for (;;) {
    const missing = [shellMessages, ...pageMessageLoaders]
      .map((loaders) => loaders[language])
      .filter((loader) => loader !== undefined && !loaded.has(loader));
    if (missing.length === 0) return;
    await Promise.all(missing.map((loader) => loadOne(loader!, language)));
  }
}

/** Called by every page module as it loads (the build adds the call): its messages come with it. */
export function registerPageMessages(loaders: MessageLoaders): void {
  pageMessageLoaders.push(loaders);
}

/**
 * Fetches the messages of the pages loaded since, in the current language (the router awaits it),
 * again if the language changed meanwhile.
 */
export async function loadPageMessages(): Promise<void> {
  let language: UiLanguage;
  do {
    language = wanted;
    await loadMessages(language);
  } while (language !== wanted);
  revision.value += 1;
}

function activate(language: UiLanguage): void {
  wanted = language;
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
  wanted = language;
  await loadMessages(language);
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
export function t(key: string, ...params: MessageParameter[]): string {
  void revision.value;
  const language = current.value;
  const message = messagesByLanguage.get(language)?.[key] ?? messagesByLanguage.get(DEFAULT_UI_LANGUAGE)?.[key] ?? key;
  return formatMessage(message, params, language);
}

export const uiLanguage = readonly(current);
