/**
 * Folds text for matching: lower case, no accents or other combining marks (so "sao" finds "São"
 * and Arabic matches with or without vowel marks), compatibility forms unified.
 */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('und')
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
  // Fold one code point at a time and remember where each folded character came from.
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const character of text) {
    const piece = foldForMatching(character);
    for (let i = 0; i < piece.length; i += 1) origin.push(index);
    folded += piece;
    index += character.length;
  }
  const at = folded.indexOf(foldedQuery);
  if (at === -1) return undefined;
  const lastOrigin = origin[at + foldedQuery.length - 1] ?? index - 1;
  const endCharacter = text.codePointAt(lastOrigin) ?? 0;
  return { start: origin[at] ?? 0, end: lastOrigin + (endCharacter > 0xffff ? 2 : 1) };
}
