import { describe, expect, test } from 'vitest';
import { readAllMessageFiles } from '../src/server/platform/i18n';
import { UI_LANGUAGE_CODES } from '../src/shared/ui-languages';

const files = readAllMessageFiles();
const english = files.get('en') ?? {};
const documentation = files.get('qqq') ?? {};
const translations = [...files.entries()].filter(([code]) => code !== 'en' && code !== 'qqq');

function parameters(message: string): string[] {
  return [...new Set(message.match(/\$\d+/g) ?? [])].sort();
}

describe('message files', () => {
  test('has a file for every interface language', () => {
    for (const code of UI_LANGUAGE_CODES) expect(files.has(code), `i18n/${code}.json`).toBe(true);
  });

  test('documents every English key in qqq.json, and nothing else', () => {
    expect(Object.keys(english).filter((key) => !documentation[key]?.trim())).toEqual([]);
    expect(Object.keys(documentation).filter((key) => !(key in english))).toEqual([]);
  });

  test('names every key cxc-...', () => {
    expect(Object.keys(english).filter((key) => !key.startsWith('cxc-'))).toEqual([]);
  });

  describe.each(translations)('%s.json', (_code, messages) => {
    test('has no key that English lacks', () => {
      expect(Object.keys(messages).filter((key) => !(key in english))).toEqual([]);
    });

    test('translates every English key (no English fallback left behind)', () => {
      expect(Object.keys(english).filter((key) => !messages[key]?.trim())).toEqual([]);
    });

    test('keeps exactly the $N parameters of the English message', () => {
      const mismatches = Object.entries(messages)
        .filter(
          ([key, message]) => key in english && parameters(message).join() !== parameters(english[key] ?? '').join(),
        )
        .map(
          ([key, message]) => `${key}: ${parameters(english[key] ?? '').join(',')} vs ${parameters(message).join(',')}`,
        );
      expect(mismatches).toEqual([]);
    });
  });
});

describe('message keys used in the code', () => {
  test('all exist in English', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files: string[] = [];
    const walk = (directory: string) => {
      for (const entry of readdirSync(directory)) {
        const path = join(directory, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|vue)$/.test(entry) && !entry.endsWith('.test.ts') && entry !== 'schema.ts') files.push(path);
      }
    };
    walk('src');
    const used = new Set<string>();
    for (const file of files) {
      // Whole keys passed to t() or translate(), or named in a *-key(s) attribute; keys built from a
      // prefix and a value (cxc-role-${role}) are checked by src/shared/vocabulary.test.ts for the
      // closed lists, and by the tests of the pages that list the others.
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:\bt\(|translate\(\w+, |-key=")'?(cxc-[a-z0-9-]+[a-z0-9])['"]/g))
        used.add(match[1]!);
      for (const match of source.matchAll(/-keys="\[([^\]]*)\]"/g)) {
        for (const key of match[1]!.matchAll(/'(cxc-[a-z0-9-]+)'/g)) used.add(key[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(200);
    expect([...used].filter((key) => !(key in english))).toEqual([]);
  });
});
