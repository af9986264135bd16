import Banana from 'banana-i18n';
import { describe, expect, test } from 'vitest';
import { formatMessage, usesOnlyKnownSyntax, type MessageParameter } from './message-format';
import { readAllMessageFiles } from '../server/platform/i18n';
import { UI_LANGUAGE_CODES } from './ui-languages';

/** Languages whose plural rules differ: the interface's, and a few more to come (#20's list). */
const LANGUAGES = [...UI_LANGUAGE_CODES, 'ru', 'fa', 'hi', 'bn', 'id', 'zh-hans', 'de', 'sw', 'pl', 'cy'];

describe('formatMessage', () => {
  test.each<[string, string, MessageParameter[], string]>([
    ['en', 'Plain text', [], 'Plain text'],
    ['en', 'Hello $1, from $2', ['Ana', 'Ben'], 'Hello Ana, from Ben'],
    ['en', 'Missing $3 stays', ['a'], 'Missing $3 stays'],
    ['en', 'Price: $ 5 and $x', [], 'Price: $ 5 and $x'],
    ['en', '$1$1', ['ab'], 'abab'],
    ['en', '{{PLURAL:$1|one peer|$1 peers}}', [1], 'one peer'],
    ['en', '{{PLURAL:$1|one peer|$1 peers}}', [0], '0 peers'],
    ['en', '{{PLURAL:$1|one peer|$1 peers}}', [1.5], '1.5 peers'],
    ['en', '{{plural:$1|one|other}}', [2], 'other'],
    ['en', '{{PLURAL:$1|0=nobody yet|one person|$1 people}}', [0], 'nobody yet'],
    ['en', '{{PLURAL:$1|0=nobody yet|one person|$1 people}}', [1], 'one person'],
    ['en', '{{PLURAL:$1|12=a dozen|one|$1 many}}', [12], 'a dozen'],
    ['en', '{{PLURAL:$1|only}}', [7], 'only'],
    ['en', '{{PLURAL:$1}}', [7], ''],
    ['en', '$2: {{PLURAL:$1|$1 peer waits|$1 peers wait}}', [3, 'Editing'], 'Editing: 3 peers wait'],
    ['en', '{{PLURAL:$1|a {{GENDER:$2|he|she|they}}|many}}', [1, 'female'], 'a she'],
    ['en', '{{GENDER:$1|He|She|They}} shares', ['male'], 'He shares'],
    ['en', '{{GENDER:$1|He|She|They}} shares', ['unknown'], 'They shares'],
    ['en', '{{GENDER:$1|He|She}} shares', ['female'], 'She shares'],
    ['en', '{{GENDER:$1|He}} shares', ['female'], 'He shares'],
    ['en', 'Unclosed {{PLURAL:$1|one|other', [1], 'Unclosed {{PLURAL:1|one|other'],
    ['en', 'Not a template {{FOO}} here', [], 'Not a template {{FOO}} here'],
    ['ar', '{{PLURAL:$1|صفر|واحد|اثنان|قليل|كثير|آخر}}', [0], 'صفر'],
    ['ar', '{{PLURAL:$1|صفر|واحد|اثنان|قليل|كثير|آخر}}', [2], 'اثنان'],
    ['ar', '{{PLURAL:$1|صفر|واحد|اثنان|قليل|كثير|آخر}}', [3], 'قليل'],
    ['ar', '{{PLURAL:$1|صفر|واحد|اثنان|قليل|كثير|آخر}}', [11], 'كثير'],
    ['ar', '{{PLURAL:$1|صفر|واحد|اثنان|قليل|كثير|آخر}}', [100], 'آخر'],
    ['ar', '{{PLURAL:$1|صفر|واحد|اثنان|قليل|كثير|آخر}}', ['٣'], 'قليل'],
    ['ar', '{{PLURAL:$1|صفر|واحد|قليل}}', [100], 'قليل'],
    ['fa', '{{PLURAL:$1|یک|چند}}', ['۵'], 'چند'],
    ['hi', '{{PLURAL:$1|एक|अनेक}}', ['५'], 'अनेक'],
    ['ru', '{{PLURAL:$1|$1 участник|$1 участника|$1 участников}}', [21], '21 участник'],
    ['ru', '{{PLURAL:$1|$1 участник|$1 участника|$1 участников}}', [3], '3 участника'],
    ['ru', '{{PLURAL:$1|$1 участник|$1 участника|$1 участников}}', [11], '11 участников'],
    ['zh-hans', '{{PLURAL:$1|$1 位同伴}}', [4], '4 位同伴'],
  ])('%s: %s with %j', (language, message, parameters, expected) => {
    expect(formatMessage(message, parameters, language)).toBe(expected);
  });
});

describe('the interface message files', () => {
  const files = [...readAllMessageFiles().entries()].filter(([code]) => code !== 'qqq');

  test.each(files)('%s.json uses only the syntax formatMessage knows', (_code, messages) => {
    expect(Object.entries(messages).filter(([, message]) => !usesOnlyKnownSyntax(message))).toEqual([]);
  });

  /** Counts that fall in every CLDR category of the languages above. */
  const COUNTS: MessageParameter[] = [0, 1, 2, 3, 5, 11, 21, 22, 100, 101, 102, 1_000_000, 1.5, '11'];
  /**
   * Counts written in a language's own digits. banana-i18n reads only those (Arabic's, here); ours
   * reads any script's, so a count in Arabic-Indic digits on a Portuguese page is 0, not "not a number".
   */
  const OWN_DIGITS: Readonly<Record<string, MessageParameter[]>> = { ar: ['٠', '٣', '١١', '١٠٠'] };
  const GENDERS = ['male', 'female', 'unknown', ''];

  test.each(files)('%s.json: every message formats as banana-i18n formats it', (code, messages) => {
    const banana = new Banana(code);
    banana.load(messages, code);
    const differences: string[] = [];
    for (const [key, message] of Object.entries(messages)) {
      const parameterCount = Math.max(0, ...[...message.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
      const sets: MessageParameter[][] = message.includes('{{GENDER')
        ? GENDERS.map((gender) => Array.from({ length: parameterCount }, () => gender))
        : [...COUNTS, ...(OWN_DIGITS[code] ?? [])].map((count, index) =>
            Array.from({ length: parameterCount }, (_, position) => (position === 0 ? count : `value ${index}`)),
          );
      for (const parameters of sets) {
        const ours = formatMessage(message, parameters, code);
        const theirs = banana.i18n(key, ...parameters);
        if (ours !== theirs) differences.push(`${key} ${JSON.stringify(parameters)}: ${ours} ≠ ${theirs}`);
      }
    }
    expect(differences).toEqual([]);
  });

  test.each(LANGUAGES)('%s: plural forms are chosen as banana-i18n chooses them', (language) => {
    const banana = new Banana(language);
    const message = '{{PLURAL:$1|a|b|c|d|e|f}}';
    banana.load({ probe: message }, language);
    for (let count = 0; count <= 250; count += 1) {
      expect(formatMessage(message, [count], language), `${count}`).toBe(banana.i18n('probe', count));
    }
  });
});
