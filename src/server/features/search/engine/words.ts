/**
 * Words and folding for the search engine: how folded text becomes the terms a document is found
 * by, and how a query word becomes the prefixes it asks for. Both sides of a match go through here.
 */
/** Han, kana, Hangul and Thai are written without spaces between words: they are indexed in pairs of characters. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const UNSPACED_RUNS =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]+)|([^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]+)/gu;

/**
 * The terms of folded text: its words of letters and digits; a run of unspaced script becomes its
 * single characters and every pair of neighbours, so a name is found from any part of it.
 */
export function termsOf(folded: string): string[] {
  const terms = new Set<string>();
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    if (!UNSPACED_SCRIPT.test(word)) {
      terms.add(word);
      continue;
    }
    for (const [, unspaced, spaced] of word.matchAll(UNSPACED_RUNS)) {
      if (spaced) terms.add(spaced);
      if (!unspaced) continue;
      const characters = [...unspaced];
      characters.forEach((character, index) => {
        terms.add(character);
        if (index + 1 < characters.length) terms.add(character + characters[index + 1]!);
      });
    }
  }
  return [...terms];
}

/**
 * What a query word asks for: most words are one prefix; a run of unspaced script asks for each of
 * its pairs of characters (all of them, so "健二" finds "山田健二").
 */
export function queryTermsOf(word: string): string[] {
  if (!UNSPACED_SCRIPT.test(word)) return [word];
  const parts: string[] = [];
  for (const [, unspaced, spaced] of word.matchAll(UNSPACED_RUNS)) {
    if (spaced) parts.push(spaced);
    if (!unspaced) continue;
    const characters = [...unspaced];
    if (characters.length === 1) parts.push(unspaced);
    for (let index = 0; index + 1 < characters.length; index += 1)
      parts.push(characters[index]! + characters[index + 1]!);
  }
  return parts;
}

/** Levenshtein distance with adjacent transpositions, stopping early once it exceeds 1. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (i === a.length && i === b.length) return true;
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  if (a.length === b.length)
    return restA === restB || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
/** Words long enough, and in Latin letters, to be matched by close spelling. */
export const CLOSE_SPELLING_CANDIDATE = /^[a-z]{4,}$/;
