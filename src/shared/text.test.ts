import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findFoldedMatch, foldForMatching } from './text';

describe('findFoldedMatch', () => {
  test.each([
    { text: 'São Paulo', query: 'sao', expected: 'São' },
    { text: 'Budgeting', query: 'BUDGET', expected: 'Budget' },
    { text: 'إعداد الميزانية', query: 'الميزانية', expected: 'الميزانية' },
    { text: 'إعدادُ المِيزانيّة', query: 'الميزانية', expected: 'المِيزانيّة' },
    { text: 'Élément Wikidata', query: 'element', expected: 'Élément' },
    { text: 'Rapports financiers', query: 'financ', expected: 'financ' },
  ])('finds "$query" in "$text"', ({ text, query, expected }) => {
    const range = findFoldedMatch(text, query);
    expect(range && text.slice(range.start, range.end)).toBe(expected);
  });

  test('finds nothing for an absent or empty query', () => {
    expect(findFoldedMatch('Budgeting', 'xyz')).toBeUndefined();
    expect(findFoldedMatch('Budgeting', '   ')).toBeUndefined();
  });

  test('returns a range whose text folds to the query, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(), fc.nat(), (text, a, b) => {
        // Cut on code point boundaries: a person types whole characters.
        const characters = Array.from(text);
        const start = Math.min(a, b) % (characters.length + 1);
        const end = Math.max(a, b) % (characters.length + 1);
        const query = characters.slice(start, end).join('');
        const range = findFoldedMatch(text, query);
        if (foldForMatching(query).trim() === '') return;
        expect(range).toBeDefined();
        if (range) expect(foldForMatching(text.slice(range.start, range.end))).toContain(foldForMatching(query).trim());
      }),
    );
  });
});
