/**
 * Letters that decomposition leaves alone, written the way people type them without the letter, and
 * variants of a letter that readers take for the same letter. Applied after lower casing, so only
 * lower-case forms are listed (Ł becomes ł first). An empty value removes the character. Every value
 * is already folded, so folding stays idempotent.
 */
const LETTER_FOLDS: Record<string, string> = {
  // Latin: "lukasz" finds "Łukasz", "strasse" finds "Straße", "oresund" finds "Øresund".
  æ: 'ae',
  ð: 'd',
  ø: 'o',
  þ: 'th',
  ß: 'ss',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ł: 'l',
  ŋ: 'n',
  œ: 'oe',
  ŧ: 't',
  ƀ: 'b',
  ɓ: 'b',
  ƈ: 'c',
  ȼ: 'c',
  ɖ: 'd',
  ɗ: 'd',
  ƌ: 'd',
  ǝ: 'e',
  ə: 'e',
  ɛ: 'e',
  ɇ: 'e',
  ƒ: 'f',
  ǥ: 'g',
  ɠ: 'g',
  ɣ: 'g',
  ɡ: 'g',
  ɦ: 'h',
  ɨ: 'i',
  ɩ: 'i',
  ɉ: 'j',
  ƙ: 'k',
  ƚ: 'l',
  ɫ: 'l',
  ɬ: 'l',
  ɲ: 'n',
  ƞ: 'n',
  ɔ: 'o',
  ɵ: 'o',
  ƥ: 'p',
  ɍ: 'r',
  ʂ: 's',
  ƭ: 't',
  ʈ: 't',
  ʉ: 'u',
  ʋ: 'v',
  ƴ: 'y',
  ɏ: 'y',
  ƶ: 'z',
  ȥ: 'z',
  ʒ: 'z',
  // Small capitals, used for stylised display names ("ᴊᴏʜɴ").
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
  // Apostrophe-like letters and the Catalan middle dot (l·l, and ŀ, which decomposes to l·): people
  // leave them out when typing, and the middle dot would otherwise cut the word in two.
  ʻ: '',
  ʼ: '',
  ʽ: '',
  ʾ: '',
  ʿ: '',
  '\u00b7': '',
  // Greek: lower casing writes a final sigma at the end of a word, but not for a lone Σ.
  ς: 'σ',
  ϲ: 'σ',
  // Hebrew final letters are positional forms of the same letters; Yiddish digraph ligatures.
  ך: 'כ',
  ם: 'מ',
  ן: 'נ',
  ף: 'פ',
  ץ: 'צ',
  װ: 'וו',
  ױ: 'וי',
  ײ: 'יי',
  // Arabic: hamza and alef forms (the ones decomposition leaves), alef maqsura, ta marbuta, tatweel.
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  '\u0674': '',
  ى: 'ي',
  ة: 'ه',
  ۃ: 'ه',
  '\u0640': '',
  '\u06e5': '',
  '\u06e6': '',
  // Persian, Urdu, Pashto and Sindhi forms of yeh, kaf and heh.
  ی: 'ي',
  ۍ: 'ي',
  ے: 'ي',
  ک: 'ك',
  ڪ: 'ك',
  ہ: 'ه',
  ھ: 'ه',
  ە: 'ه',
  // Invisible joiners and the soft hyphen sit inside words (Persian writes "می‌خواهم" with a ZWNJ):
  // removed, so the word is one word, as typed without them.
  '\u00ad': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
};

/**
 * The first code point of each run of ten decimal digits (Unicode general category Nd) that
 * compatibility decomposition does not already turn into ASCII digits: Arabic-Indic, Extended
 * Arabic-Indic (Persian, Urdu), N'Ko, Devanagari, Bengali, ..., Adlam. Unicode encodes every such
 * run contiguously, from 0 to 9.
 */
const DIGIT_ZEROS = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
  0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
  0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0x104a0, 0x10d30, 0x10d40, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
  0x11450, 0x114d0, 0x11650, 0x116c0, 0x116d0, 0x116da, 0x11730, 0x118e0, 0x11950, 0x11bf0, 0x11c50, 0x11d50, 0x11da0,
  0x11de0, 0x11f50, 0x16130, 0x16a60, 0x16ac0, 0x16b50, 0x16d70, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e5f1, 0x1e950,
];

const FOLDS = new Map<string, string>(Object.entries(LETTER_FOLDS));
for (const zero of DIGIT_ZEROS)
  for (let digit = 0; digit < 10; digit += 1) FOLDS.set(String.fromCodePoint(zero + digit), String(digit));

/** Every character with a fold, as one character class: a single pass over the text finds them. */
const FOLDED_CHARACTERS = new RegExp(
  `[${[...FOLDS.keys()].map((character) => character.replace(/[\\\]^-]/g, '\\$&')).join('')}]`,
  'gu',
);
const foldOf = (character: string) => FOLDS.get(character) ?? character;
/** Printable ASCII and line breaks: nothing in it folds but the case. */
const PLAIN_ASCII = /^[\t\n\r -~]*$/;

/**
 * Folds text for matching: lower case, no accents or other combining marks (so "sao" finds "São"
 * and Arabic matches with or without vowel marks), compatibility forms unified (full-width letters,
 * ligatures), letters without a decomposition written as typed without them (ł → l, ß → ss), letter
 * variants unified (Arabic alef and hamza forms, ta marbuta, Persian yeh and kaf, Greek final sigma,
 * Hebrew final letters) and decimal digits of every script as ASCII digits.
 *
 * Each fold works on one character alone, so folding code point by code point (as findFoldedMatch
 * does for highlighting) agrees with folding the whole text; and folding folded text changes nothing.
 * It runs on every stored document when the index is built: text in ASCII takes a shortcut, and the
 * rest is one pass with a lookup table.
 */
export function foldForMatching(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('und')
    .replace(FOLDED_CHARACTERS, foldOf)
    .normalize('NFC');
}

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where `query` occurs in `text`, compared folded (see foldForMatching), as a range of the original
 * text so the match can be highlighted. `undefined` when it does not occur.
 */
export function findFoldedMatch(text: string, query: string): TextRange | undefined {
  const foldedQuery = foldForMatching(query.trim());
  if (foldedQuery === '') return undefined;
  // Fold one character (grapheme) at a time, whole, and remember where each folded unit came from:
  // folding recomposes what belongs together (Hangul jamo into a syllable, a letter with its
  // marks), so folding code points one by one would not find a query folded whole.
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { segment, index } of characters(text)) {
    const piece = foldForMatching(segment);
    for (let i = 0; i < piece.length; i += 1) {
      starts.push(index);
      ends.push(index + segment.length);
    }
    folded += piece;
  }
  const at = folded.indexOf(foldedQuery);
  if (at === -1) return undefined;
  return { start: starts[at] ?? 0, end: ends[at + foldedQuery.length - 1] ?? text.length };
}

const graphemes =
  typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'grapheme' }) : undefined;

/** The characters of `text` as a reader sees them (graphemes), each with where it starts. */
function characters(text: string): Iterable<{ segment: string; index: number }> {
  if (graphemes) return graphemes.segment(text);
  const points: { segment: string; index: number }[] = [];
  let index = 0;
  for (const segment of text) {
    points.push({ segment, index });
    index += segment.length;
  }
  return points;
}
