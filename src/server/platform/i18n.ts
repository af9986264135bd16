import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { formatMessage, type MessageParameter } from '../../shared/message-format';
import { DEFAULT_UI_LANGUAGE, UI_LANGUAGE_CODES, type UiLanguage } from '../../shared/ui-languages';

export type Messages = Record<string, string>;

const I18N_DIR = join(PROJECT_ROOT, 'i18n');

/** Reads one message file, without its `@metadata`. */
export function readMessageFile(code: string, directory = I18N_DIR): Messages {
  const parsed = JSON.parse(readFileSync(join(directory, `${code}.json`), 'utf8')) as Record<string, unknown>;
  const messages: Messages = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key !== '@metadata' && typeof value === 'string') messages[key] = value;
  }
  return messages;
}

/** Every message file in the folder (including `qqq`), by language code. */
export function readAllMessageFiles(directory = I18N_DIR): Map<string, Messages> {
  const files = readdirSync(directory).filter((name) => name.endsWith('.json'));
  return new Map(
    files.map((name) => {
      const code = name.slice(0, -'.json'.length);
      return [code, readMessageFile(code, directory)];
    }),
  );
}

/** Translates message keys into the UI languages, with the same files and syntax as the web app. */
export class Translator {
  /** Each language's messages, with English in place of any it lacks. */
  private readonly messages = new Map<UiLanguage, Messages>();
  private readonly englishKeys: ReadonlySet<string>;

  constructor(directory = I18N_DIR) {
    const english = readMessageFile(DEFAULT_UI_LANGUAGE, directory);
    this.englishKeys = new Set(Object.keys(english));
    for (const code of UI_LANGUAGE_CODES) {
      const own = code === DEFAULT_UI_LANGUAGE ? {} : readMessageFile(code, directory);
      this.messages.set(code, { ...english, ...own });
    }
  }

  /** Whether a message exists (every language has every English key). */
  has(key: string): boolean {
    return this.englishKeys.has(key);
  }

  translate(language: UiLanguage, key: string, ...params: readonly MessageParameter[]): string {
    const message = (this.messages.get(language) ?? this.messages.get(DEFAULT_UI_LANGUAGE))?.[key];
    return message === undefined ? key : formatMessage(message, params, language);
  }
}
