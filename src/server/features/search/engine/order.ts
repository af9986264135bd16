/**
 * Ordering: the first page out of many matches, in a total order (every order ends with the
 * document's place in the name order, unique per document), found with a bounded heap so that most
 * matches cost one number comparison.
 */

/** The first three characters of a sort name as one number: most name comparisons end there. */
export function sortPrefixOf(sortName: string): number {
  const code = (index: number) => (index < sortName.length ? sortName.charCodeAt(index) + 1 : 0);
  return (code(0) * 65537 + code(1)) * 65537 + code(2);
}

/** Places in the name order are below 2^32 (documents are far fewer); two more keys fit above. */
const NAME_ROOM = 2 ** 32;
const MAX_SCORE = 65_535;
const MAX_TITLE_WORDS = 8;

/**
 * One number per document that sorts as the relevance and capacities orders do (smaller first): the
 * number of query words in the name (more first), then the matching capacities (more first), then
 * the place in the name order. It stays below 2^53, so it is exact, and no two documents share it.
 */
export function rankKey(titleWords: number, score: number, nameRank: number): number {
  return (
    ((MAX_TITLE_WORDS - Math.min(titleWords, MAX_TITLE_WORDS)) * (MAX_SCORE + 1) +
      (MAX_SCORE - Math.min(score, MAX_SCORE))) *
      NAME_ROOM +
    nameRank
  );
}

const MAX_TIER = 7;
const MAX_GROUPS = 8_191;

/**
 * The suggestions' order as one number (smaller first): the tier, then the number of groups the
 * document is in (more first), then the place in the name order. Below 2^53 and distinct.
 */
export function suggestionKey(tier: number, groups: number, nameRank: number): number {
  return (
    (Math.min(tier, MAX_TIER) * (MAX_GROUPS + 1) + (MAX_GROUPS - Math.min(groups, MAX_GROUPS))) * NAME_ROOM + nameRank
  );
}

/**
 * The first `wanted` of `count` slots in `compare` order. `keys`, when given, must order as
 * `compare` begins (a smaller key sorts first): a slot whose key is above the heap's largest is
 * skipped without calling `compare`.
 */
export function smallest(
  slots: Int32Array,
  count: number,
  wanted: number,
  compare: (a: number, b: number) => number,
  keys?: Float64Array | Int32Array,
): number[] {
  const heap: number[] = [];
  if (wanted <= 0) return heap;
  const siftDown = () => {
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let largest = index;
      if (left < heap.length && compare(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && compare(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === index) return;
      [heap[index], heap[largest]] = [heap[largest]!, heap[index]!];
      index = largest;
    }
  };
  for (let i = 0; i < count; i += 1) {
    const slot = slots[i]!;
    if (heap.length < wanted) {
      heap.push(slot);
      let index = heap.length - 1;
      while (index > 0) {
        const parent = (index - 1) >> 1;
        if (compare(heap[index]!, heap[parent]!) <= 0) break;
        [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
        index = parent;
      }
      continue;
    }
    if (keys !== undefined && keys[slot]! > keys[heap[0]!]!) continue;
    if (compare(slot, heap[0]!) < 0) {
      heap[0] = slot;
      siftDown();
    }
  }
  return heap.sort(compare);
}
