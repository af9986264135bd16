import { describe, expect, test } from 'vitest';
import { readAllMessageFiles } from '../server/platform/i18n';
import { UI_LANGUAGE_CODES } from './ui-languages';
import * as items from './item-vocabulary';
import * as everything from './vocabulary';
import {
  LABELLED_VOCABULARIES as SHELL_VOCABULARIES,
  ORGANIZATION_SIDE,
  PERSON_SIDE,
  SIDE,
  type Vocabulary,
} from './vocabulary';

/** The shell's lists and the items' (kept in a module of their own so that only their pages load them). */
const LABELLED_VOCABULARIES = { ...SHELL_VOCABULARIES, ...items.ITEM_VOCABULARIES };
const files = readAllMessageFiles();
const labels = Object.entries(LABELLED_VOCABULARIES).flatMap(([name, vocabulary]) =>
  vocabulary.values.map((value) => ({ name, value, key: vocabulary.labelKey(value) })),
);

const isVocabulary = (candidate: unknown): candidate is Vocabulary<string> =>
  typeof candidate === 'object' && candidate !== null && 'values' in candidate && 'labelKey' in candidate;

describe('vocabulary labels', () => {
  test('every interface language has a message file, and so has the documentation', () => {
    expect([...UI_LANGUAGE_CODES, 'qqq'].filter((code) => !files.has(code))).toEqual([]);
  });

  // Every file found, not only the interface languages: a translation started for a new language is checked too.
  describe.each([...files.keys()])('%s.json', (code) => {
    test('labels (or, in qqq.json, documents) every value of every vocabulary', () => {
      const messages = files.get(code) ?? {};
      expect(
        labels.filter(({ key }) => !messages[key]?.trim()).map(({ name, value, key }) => `${name} ${value}: ${key}`),
      ).toEqual([]);
    });
  });

  test('checks every vocabulary the module declares', () => {
    const declared = Object.entries({ ...everything, ...items })
      .filter(([, candidate]) => isVocabulary(candidate))
      .map(([name]) => name);
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((name) => !(name in LABELLED_VOCABULARIES))).toEqual([]);
  });
});

describe('vocabularies', () => {
  test.each(Object.entries(LABELLED_VOCABULARIES))(
    '%s holds each value once, and has() knows exactly them',
    (_name, vocabulary) => {
      expect(new Set(vocabulary.values).size).toBe(vocabulary.values.length);
      for (const value of vocabulary.values) expect(vocabulary.has(value)).toBe(true);
      for (const stranger of ['', 'toString', '__proto__', undefined, null, 0, {}])
        expect(vocabulary.has(stranger)).toBe(false);
    },
  );

  test('SIDE holds exactly the sides of people and of organizations', () => {
    expect([...SIDE.values].sort()).toEqual([...PERSON_SIDE.values, ...ORGANIZATION_SIDE.values].sort());
  });

  test('gives each value of a list a label of its own', () => {
    for (const vocabulary of Object.values(LABELLED_VOCABULARIES)) {
      const keys = vocabulary.values.map((value) => vocabulary.labelKey(value));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
