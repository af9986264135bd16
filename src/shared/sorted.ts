/**
 * The first index of a sorted list whose item is not below `target` (the list's length when all
 * are): where `target` is, or would go. `below(item)` says whether an item sorts before the target.
 */
export function lowerBound<T>(sorted: ArrayLike<T>, below: (item: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (below(sorted[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}
