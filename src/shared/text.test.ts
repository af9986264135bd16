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
        // Cut between characters as a reader sees them (graphemes): a person types whole characters.
        const characters = Array.from(
          new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text),
          (part) => part.segment,
        );
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

describe('foldForMatching', () => {
  // One table per script: how a person may type a word without its special letters, and what it folds to.
  const scripts: Record<string, { text: string; folded: string }[]> = {
    latin: [
      { text: 'Łukasz Żółw', folded: 'lukasz zolw' },
      { text: 'Straße, STRASSE, ẞ', folded: 'strasse, strasse, ss' },
      { text: 'Ærøskøbing', folded: 'aeroskobing' },
      { text: 'Œuvre, cœur', folded: 'oeuvre, coeur' },
      { text: 'Þórður Guðmundsson', folded: 'thordur gudmundsson' },
      { text: 'Đặng Văn Đức', folded: 'dang van duc' },
      { text: 'Ħamrun', folded: 'hamrun' },
      { text: 'Ŧ ŧ Đ đ Ð ð Ø ø Æ æ Þ þ Ħ ħ Ł ł', folded: 't t d d d d o o ae ae th th h h l l' },
      { text: 'Ŋ ɓ ɗ ƙ ƴ ɛ ɔ ə', folded: 'n b d k y e o e' },
      { text: 'ᴊᴏʜɴ', folded: 'john' },
      { text: 'col·lecció, coŀlecció', folded: 'colleccio, colleccio' },
      { text: 'Hawaiʻi', folded: 'hawaii' },
      { text: 'São Conceição', folded: 'sao conceicao' },
    ],
    turkish: [
      { text: 'İstanbul', folded: 'istanbul' },
      { text: 'ISTANBUL', folded: 'istanbul' },
      { text: 'Işık Ilıca', folded: 'isik ilica' },
      { text: 'Ağaç Şeker', folded: 'agac seker' },
    ],
    cyrillic: [
      { text: 'Ёлка, ёж', folded: 'елка, еж' },
      { text: 'Пётр Фёдоров', folded: 'петр федоров' },
    ],
    greek: [
      { text: 'ΟΔΥΣΣΕΑΣ', folded: 'οδυσσεασ' },
      { text: 'Οδυσσέας', folded: 'οδυσσεασ' },
      { text: 'Αθήνα Ελλάδα', folded: 'αθηνα ελλαδα' },
      { text: 'ϊ ΐ ϲ', folded: 'ι ι σ' },
    ],
    arabic: [
      { text: 'أحمد إبراهيم آمنة ٱلله', folded: 'احمد ابراهيم امنه الله' },
      { text: 'مصطفى', folded: 'مصطفي' },
      { text: 'الميزانيـــة', folded: 'الميزانيه' },
      { text: 'إعدادُ المِيزانيّة', folded: 'اعداد الميزانيه' },
      { text: 'مؤتمر، شيئ', folded: 'موتمر، شيي' },
      { text: 'ﻣﺮﺣﺒﺎ', folded: 'مرحبا' },
    ],
    persianAndUrdu: [
      { text: 'ایران', folded: 'ايران' },
      { text: 'کتاب', folded: 'كتاب' },
      { text: 'می‌خواهم', folded: 'ميخواهم' },
      { text: 'پاکستان ہے', folded: 'پاكستان هي' },
      { text: 'بھائی', folded: 'بهايي' },
      { text: 'خانۀ', folded: 'خانه' },
    ],
    hebrew: [
      { text: 'שָׁלוֹם', folded: 'שלומ' },
      { text: 'שלום', folded: 'שלומ' },
      { text: 'ספר ספרים', folded: 'ספר ספרימ' },
      { text: 'ﭏ', folded: 'אל' },
    ],
    devanagari: [
      { text: 'फ़िल्म', folded: 'फलम' },
      { text: 'फिल्म', folded: 'फलम' },
      { text: 'ज़िंदगी', folded: 'जदग' },
      { text: 'हिँदी', folded: 'हिंदी'.normalize('NFKD').replace(/\p{M}/gu, '') },
      { text: 'क़', folded: 'क' },
    ],
    fullWidth: [
      { text: 'ＷＩＫＩ２０２４', folded: 'wiki2024' },
      { text: 'ｗｉｋｉ', folded: 'wiki' },
      { text: 'ｶﾀｶﾅ', folded: 'カタカナ'.normalize('NFKD').replace(/\p{M}/gu, '') },
    ],
    digits: [
      { text: '٢٠٢٤', folded: '2024' },
      { text: '۱۴۰۳', folded: '1403' },
      { text: '२०२४', folded: '2024' },
      { text: '২০২৪', folded: '2024' },
      { text: '๒๕๖๗', folded: '2567' },
      { text: '𞥑𞥒', folded: '12' },
      { text: '① ²', folded: '1 2' },
    ],
    unchanged: [
      { text: '山田健二', folded: '山田健二' },
      { text: '김민준', folded: '김민준' },
      { text: 'wiki 2024', folded: 'wiki 2024' },
    ],
  };

  for (const [script, rows] of Object.entries(scripts)) {
    test.each(rows)(`${script}: $text folds to $folded`, ({ text, folded }) => {
      expect(foldForMatching(text)).toBe(folded);
    });
  }

  test('folds the same whether it sees a whole text or one code point at a time', () => {
    for (const rows of Object.values(scripts))
      for (const { text } of rows)
        expect(
          Array.from(text)
            .map((character) => foldForMatching(character))
            .join(''),
        ).toBe(foldForMatching(text));
  });

  test('is idempotent, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const once = foldForMatching(text);
        expect(foldForMatching(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  test('is idempotent for every single code point', () => {
    for (let codePoint = 0; codePoint <= 0x2ffff; codePoint += 1) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const once = foldForMatching(String.fromCodePoint(codePoint));
      if (foldForMatching(once) !== once) expect({ codePoint, once, twice: foldForMatching(once) }).toBeUndefined();
    }
  });

  test('folds a whole text as its code points one at a time, outside Hangul jamo (which compose)', () => {
    const jamo = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff\uffa0-\uffdc]/u;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        fc.pre(!jamo.test(text));
        expect(
          Array.from(text)
            .map((character) => foldForMatching(character))
            .join(''),
        ).toBe(foldForMatching(text));
      }),
      { numRuns: 2000 },
    );
  });
});
