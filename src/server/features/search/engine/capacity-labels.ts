/**
 * Capacity labels in every language, by term: "presupuesto" and "budg" both find capacity 12. A
 * query word is matched against them in the app's thread (the labels are few) and then stands for
 * the documents having those capacities.
 */
import { lowerBound } from '../../../../shared/sorted';
import { queryTermsOf, termsOf } from './words';

export class CapacityLabelIndex {
  private readonly terms: { term: string; capacityId: number }[];
  readonly capacityIds: ReadonlySet<number>;

  constructor(labels: readonly { capacityId: number; folded: string }[]) {
    this.terms = labels
      .flatMap(({ capacityId, folded }) => termsOf(folded).map((term) => ({ term, capacityId })))
      .sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.capacityId - b.capacityId));
    this.capacityIds = new Set(labels.map((label) => label.capacityId));
  }

  /** Capacities with a label word starting with every part of `word` (see queryTermsOf). */
  matching(word: string): number[] {
    const perPart = queryTermsOf(word).map((part) => {
      const ids = new Set<number>();
      for (
        let index = lowerBound(this.terms, (entry) => entry.term < part);
        index < this.terms.length && this.terms[index]!.term.startsWith(part);
        index += 1
      )
        ids.add(this.terms[index]!.capacityId);
      return ids;
    });
    return [...(perPart[0] ?? [])].filter((id) => perPart.every((ids) => ids.has(id)));
  }
}
