import { describe, expect, test } from 'vitest';
import { foldForMatching } from '../../../../shared/text';
import { queryWords } from '../search.service';
import { queryTermsOf, termsOf, withinOneEdit, wordsOf } from './words';

/** What a stored text is found by: its folded terms, in any order. */
const indexed = (text: string) => [...termsOf(foldForMatching(text))].sort();
/** What a typed word asks for, as the search service hands it to the engine (folded). */
const asked = (word: string) => queryTermsOf(foldForMatching(word));
/**
 * Whether a typed word finds a stored text: each of its prefixes starts one of the text's terms,
 * both as the service splits the query (queryWords) and after queryTermsOf, which the engine and
 * the capacity labels apply to those words again.
 */
const finds = (word: string, text: string) => {
  const terms = termsOf(foldForMatching(text));
  const startsATerm = (part: string) => terms.some((term) => term.startsWith(part));
  const words = queryWords(word);
  return words.every(startsATerm) && words.flatMap(queryTermsOf).every(startsATerm);
};

describe('termsOf', () => {
  const scripts: Record<string, { text: string; terms: string[] }[]> = {
    latin: [
      { text: 'Łukasz Żółw', terms: ['lukasz', 'zolw'] },
      { text: 'Straße 12', terms: ['12', 'strasse'] },
      { text: 'Ærø, Øresund', terms: ['aero', 'oresund'] },
      { text: 'Þórður Guðmundsson', terms: ['gudmundsson', 'thordur'] },
      { text: 'Đặng Văn Đức', terms: ['dang', 'duc', 'van'] },
      { text: 'col·lecció', terms: ['colleccio'] },
    ],
    turkish: [
      { text: 'İstanbul Işık', terms: ['isik', 'istanbul'] },
      { text: 'ISTANBUL', terms: ['istanbul'] },
    ],
    cyrillic: [{ text: 'Пётр Ёлкин', terms: ['елкин', 'петр'] }],
    greek: [
      { text: 'ΟΔΥΣΣΕΑΣ Αθήνα', terms: ['αθηνα', 'οδυσσεασ'] },
      { text: 'Οδυσσέας', terms: ['οδυσσεασ'] },
    ],
    arabic: [
      // The article, alone and after a conjunction or preposition, comes off; the word stays too.
      { text: 'إعداد الميزانية', terms: ['اعداد', 'الميزانيه', 'ميزانيه'] },
      { text: 'والميزانية', terms: ['الميزانيه', 'والميزانيه', 'ميزانيه'] },
      { text: 'بالميزانية', terms: ['الميزانيه', 'بالميزانيه', 'ميزانيه'] },
      { text: 'فالكتاب', terms: ['الكتاب', 'فالكتاب', 'كتاب'] },
      { text: 'كالبحر', terms: ['البحر', 'بحر', 'كالبحر'] },
      { text: 'للمشاركين', terms: ['لمشاركين', 'للمشاركين', 'مشاركين'] },
      // One single-letter proclitic comes off when three letters remain: "وكتاب", but not "بيت".
      { text: 'وكتاب', terms: ['كتاب', 'وكتاب'] },
      { text: 'بيت', terms: ['بيت'] },
      // After a proclitic only the article comes off: a second proclitic would mostly cut into words.
      { text: 'وبالميزانية', terms: ['بالميزانيه', 'ميزانيه', 'وبالميزانيه'] },
      // A word whose own letters start like the article is found without them, as a query asks.
      { text: 'الالتزامات', terms: ['الالتزامات', 'التزامات', 'تزامات'] },
      { text: 'الم', terms: ['الم'] },
      // Hamza and alef forms, alef maqsura, ta marbuta, tatweel and harakat fold away.
      { text: 'أحمد إبراهيم آمنة', terms: ['ابراهيم', 'احمد', 'امنه'] },
      { text: 'مصطفى', terms: ['مصطفي'] },
      { text: 'إعدادُ المِيزانيّـــة', terms: ['اعداد', 'الميزانيه', 'ميزانيه'] },
    ],
    persianAndUrdu: [
      { text: 'کتاب ایران', terms: ['ايران', 'تاب', 'كتاب'] },
      { text: 'می‌خواهم', terms: ['ميخواهم'] },
      { text: 'پاکستان', terms: ['پاكستان'] },
    ],
    hebrew: [
      { text: 'שָׁלוֹם', terms: ['שלומ'] },
      { text: 'ירושלים', terms: ['ירושלימ'] },
    ],
    devanagari: [
      { text: 'वज़ीर', terms: [foldForMatching('वजीर')] },
      { text: 'हिँदुस्तान', terms: [foldForMatching('हिंदुस्तान')] },
    ],
    fullWidth: [{ text: 'ＷＩＫＩ　２０２４', terms: ['2024', 'wiki'] }],
    digits: [
      { text: '٢٠٢٤', terms: ['2024'] },
      { text: '۱۴۰۳', terms: ['1403'] },
      { text: '२०२४', terms: ['2024'] },
      { text: '১২৩', terms: ['123'] },
    ],
    unspaced: [
      { text: '山田健二', terms: ['健', '健二', '二', '山', '山田', '田', '田健'] },
      { text: 'ウィキ', terms: ['ィ', 'ィキ', 'ウ', 'ウィ', 'キ'] },
    ],
  };

  for (const [script, rows] of Object.entries(scripts)) {
    test.each(rows)(`${script}: $text is indexed by $terms`, ({ text, terms }) => {
      expect(indexed(text)).toEqual([...terms].sort());
    });
  }
});

describe('queryTermsOf', () => {
  const scripts: Record<string, { word: string; parts: string[] }[]> = {
    latin: [
      { word: 'Łukasz', parts: ['lukasz'] },
      { word: 'STRASSE', parts: ['strasse'] },
      { word: 'Straße', parts: ['strasse'] },
      { word: 'Øre', parts: ['ore'] },
    ],
    turkish: [
      { word: 'İstanbul', parts: ['istanbul'] },
      { word: 'ışık', parts: ['isik'] },
    ],
    cyrillic: [{ word: 'Ёлкин', parts: ['елкин'] }],
    greek: [{ word: 'Οδυσσέας', parts: ['οδυσσεασ'] }],
    arabic: [
      // The article comes off when two letters at least remain, so a word being typed keeps matching.
      { word: 'الميزانية', parts: ['ميزانيه'] },
      { word: 'والميزانية', parts: ['ميزانيه'] },
      { word: 'بالميزانية', parts: ['ميزانيه'] },
      { word: 'فالكتاب', parts: ['كتاب'] },
      { word: 'كالبحر', parts: ['بحر'] },
      { word: 'للمشاركين', parts: ['مشاركين'] },
      { word: 'المي', parts: ['مي'] },
      { word: 'الم', parts: ['الم'] },
      { word: 'ال', parts: ['ال'] },
      { word: 'الالتزامات', parts: ['التزامات'] },
      // A single proclitic stays: it may be the word's own first letter.
      { word: 'بيت', parts: ['بيت'] },
      { word: 'وكتاب', parts: ['وكتاب'] },
      { word: 'ميزانيّة', parts: ['ميزانيه'] },
      { word: 'مستشفى', parts: ['مستشفي'] },
    ],
    persianAndUrdu: [
      { word: 'ایران', parts: ['ايران'] },
      { word: 'کتاب', parts: ['كتاب'] },
    ],
    hebrew: [{ word: 'שָׁלוֹם', parts: ['שלומ'] }],
    devanagari: [{ word: 'वज़ीर', parts: [foldForMatching('वजीर')] }],
    fullWidth: [{ word: 'ｗｉｋｉ', parts: ['wiki'] }],
    digits: [
      { word: '٢٠٢٤', parts: ['2024'] },
      { word: '۲۰۲۴', parts: ['2024'] },
    ],
    unspaced: [
      { word: '健二', parts: ['健二'] },
      { word: '山田健二', parts: ['山田', '田健', '健二'] },
      { word: '健', parts: ['健'] },
    ],
  };

  for (const [script, rows] of Object.entries(scripts)) {
    test.each(rows)(`${script}: $word asks for $parts`, ({ word, parts }) => {
      expect(asked(word)).toEqual(parts);
    });
  }
});

describe('a typed word and a stored text', () => {
  test.each([
    { word: 'lukasz', text: 'Łukasz Żółw', found: true },
    { word: 'Łukasz', text: 'Lukasz', found: true },
    { word: 'strasse', text: 'Hauptstraße', found: false },
    { word: 'haupt', text: 'Hauptstraße', found: true },
    { word: 'ميزانية', text: 'إعداد الميزانية', found: true },
    { word: 'الميزانية', text: 'ميزانية المؤسسة', found: true },
    { word: 'بالميزانية', text: 'إعداد الميزانية', found: true },
    { word: 'الميزانية', text: 'وبالميزانية', found: true },
    { word: 'التزامات', text: 'الالتزامات القانونية', found: true },
    { word: 'الالتزامات', text: 'التزامات', found: true },
    { word: 'المي', text: 'إعداد الميزانية', found: true },
    { word: 'بيت', text: 'يت', found: false },
    { word: 'كتاب', text: 'وكتاب', found: true },
    { word: 'کتاب', text: 'كتاب', found: true },
    { word: '2024', text: 'منذ ٢٠٢٤', found: true },
    { word: 'οδυσσεας', text: 'ΟΔΥΣΣΕΑΣ', found: true },
    { word: 'שלום', text: 'שָׁלוֹם', found: true },
    { word: 'istanbul', text: 'İSTANBUL', found: true },
    { word: '健二', text: '山田健二', found: true },
    { word: '二山', text: '山田健二', found: false },
  ])('$word finds $text: $found', ({ word, text, found }) => {
    expect(finds(word, text)).toBe(found);
  });

  test('splits text and queries into the same words', () => {
    expect(wordsOf(foldForMatching('Łukasz-Żółw, (café) ٢٠٢٤'))).toEqual(['lukasz', 'zolw', 'cafe', '2024']);
  });

  test('counts a transposed pair of letters as one edit, for close spellings', () => {
    expect(withinOneEdit('lukazs', 'lukasz')).toBe(true);
    expect(withinOneEdit('lukas', 'lukasz')).toBe(true);
    expect(withinOneEdit('lukasz', 'lucas')).toBe(false);
  });
});

describe('queryWords', () => {
  test.each([
    { query: 'Łukasz ŻÓŁW', words: ['lukasz', 'zolw'] },
    { query: 'الميزانية ميزانية بالميزانية', words: ['ميزانيه'] },
    { query: 'الالتزامات القانونية', words: ['التزامات', 'قانونيه'] },
    { query: 'بيت وكتاب', words: ['بيت', 'وكتاب'] },
    { query: '山田健二 ٢٠٢٤', words: ['山田健二', '2024'] },
    { query: 'a b c d e f g h i j', words: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] },
    { query: 'x'.repeat(50), words: ['x'.repeat(40)] },
  ])('the query $query is looked up as $words', ({ query, words }) => {
    expect(queryWords(query)).toEqual(words);
  });
});
