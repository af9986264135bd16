/**
 * Words and folding for the search engine: how folded text becomes the terms a document is found
 * by, and how a query word becomes the prefixes it asks for. Both sides of a match go through here.
 */
/** Han, kana, Hangul and Thai are written without spaces between words: they are indexed in pairs of characters. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const UNSPACED_RUNS =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]+)|([^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]+)/gu;

/** Folded text's words: runs of letters and digits. Queries are split the same way (see queryWords). */
export function wordsOf(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/*
 * Arabic writes the definite article and some conjunctions and prepositions as part of the next
 * word: "الميزانية" is "the budget", "وبالميزانية" "and with the budget". Someone looking for
 * "ميزانية" means all of them, so an indexed word is also found without them: without the article
 * (alone, after و ف ب ك, or لل for ل + ال), and without one single-letter proclitic (و ف ب ل ك),
 * the article then coming off what remains. A query word loses only the article: a single
 * letter is as likely to be the word's own first letter ("بيت" is "house", not "ب" + "يت"), and
 * the index keeps every word whole, so a query written with its proclitic still finds it.
 *
 * Both sides take the article off under the same rule (two letters at least must remain), so a word
 * being typed keeps matching: "الم" stays "الم", "المي" asks for "مي", both found in "الميزانية".
 * The index takes it off again from what remains, as often as it can, so a query word that lost it
 * once or twice (queryWords, then queryTermsOf) still finds what it should: "التزامات" (whose own
 * first letters look like the article) asks for "تزامات", which "الالتزامات" is indexed by too.
 * Text is folded first, so أ إ آ ٱ are already ا.
 */
const ARTICLES = ['وال', 'فال', 'بال', 'كال', 'لل', 'ال'];
const PROCLITICS = new Set(['و', 'ف', 'ب', 'ل', 'ك']);
const LEFT_AFTER_ARTICLE = 2;
const LEFT_AFTER_PROCLITIC = 3;
/** Every article and proclitic starts with a letter between ا (U+0627) and و (U+0648): other words skip the work. */
const mayHaveClitic = (word: string) => {
  const first = word.charCodeAt(0);
  return first >= 0x627 && first <= 0x648;
};

/** `word` without the article it starts with, when enough of it remains; otherwise `undefined`. */
function withoutArticle(word: string): string | undefined {
  for (const article of ARTICLES)
    if (word.startsWith(article) && word.length - article.length >= LEFT_AFTER_ARTICLE)
      return word.slice(article.length);
  return undefined;
}

/** Adds an indexed word and, for Arabic, its forms without the article and a proclitic (see above). */
function addIndexedWord(terms: Set<string>, word: string, procliticAllowed = true): void {
  terms.add(word);
  if (!mayHaveClitic(word)) return;
  const bare = withoutArticle(word);
  if (bare !== undefined) addIndexedWord(terms, bare, false);
  if (procliticAllowed && PROCLITICS.has(word[0]!) && word.length - 1 >= LEFT_AFTER_PROCLITIC)
    addIndexedWord(terms, word.slice(1), false);
}

/** A query word as it is looked up: without the Arabic article it starts with (see above). */
export function queryFormOf(word: string): string {
  return (mayHaveClitic(word) && withoutArticle(word)) || word;
}

/**
 * The terms of folded text: its words of letters and digits (Arabic ones also without the article
 * and proclitics, see above); a run of unspaced script becomes its single characters and every
 * pair of neighbours, so a name is found from any part of it.
 */
export function termsOf(folded: string): string[] {
  const terms = new Set<string>();
  for (const word of wordsOf(folded)) {
    if (!UNSPACED_SCRIPT.test(word)) {
      addIndexedWord(terms, word);
      continue;
    }
    for (const [, unspaced, spaced] of word.matchAll(UNSPACED_RUNS)) {
      if (spaced) addIndexedWord(terms, spaced);
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
 * What a query word asks for: most words are one prefix (an Arabic one without the article, see
 * above); a run of unspaced script asks for each of its pairs of characters (all of them, so "健二"
 * finds "山田健二").
 */
export function queryTermsOf(word: string): string[] {
  if (!UNSPACED_SCRIPT.test(word)) return [queryFormOf(word)];
  const parts: string[] = [];
  for (const [, unspaced, spaced] of word.matchAll(UNSPACED_RUNS)) {
    if (spaced) parts.push(queryFormOf(spaced));
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
