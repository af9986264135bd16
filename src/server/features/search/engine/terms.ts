/**
 * One audience's words: a posting list per term of the documents' text and of their names, looked up
 * by prefix in the sorted term list, and close spellings for a word that matches nothing.
 */
import { lowerBound } from '../../../../shared/sorted';
import { grown, Postings } from './storage';
import { CLOSE_SPELLING_CANDIDATE, termsOf, withinOneEdit } from './words';

/** Body: every word of the document; title: the words of its name (relevance counts those). */
export type TermField = 'body' | 'title';

class TermLists {
  readonly postings = new Map<string, Postings>();
  private sorted: string[] | undefined;

  list(term: string, make: () => Postings): Postings {
    let list = this.postings.get(term);
    if (!list) {
      list = make();
      this.postings.set(term, list);
      this.sorted = undefined;
    }
    return list;
  }

  /** Terms in order, sorted again after new terms arrived. */
  sortedTerms(): string[] {
    this.sorted ??= [...this.postings.keys()].sort();
    return this.sorted;
  }

  startingWith(prefix: string): string[] {
    const sorted = this.sortedTerms();
    const found: string[] = [];
    for (
      let index = lowerBound(sorted, (term) => term < prefix);
      index < sorted.length && sorted[index]!.startsWith(prefix);
      index += 1
    )
      found.push(sorted[index]!);
    return found;
  }
}

export class TermIndex {
  private readonly fields: Record<TermField, TermLists> = { body: new TermLists(), title: new TermLists() };
  /** Lists by id, for the bulk load's deferred entries. */
  private readonly lists: Postings[] = [];
  /**
   * During a bulk load, entries are recorded here and added at the end, so every list is allocated
   * once at its final size: growing lists step by step left the process holding far more memory.
   */
  private bulk: { lists: Int32Array<ArrayBuffer>; slots: Int32Array<ArrayBuffer>; length: number } | undefined;

  add(slot: number, body: string, name: string): void {
    for (const term of termsOf(body)) this.post('body', term, slot);
    for (const term of termsOf(name)) this.post('title', term, slot);
  }

  private post(field: TermField, term: string, slot: number): void {
    const list = this.fields[field].list(term, () => {
      const made = new Postings(this.lists.length);
      this.lists.push(made);
      return made;
    });
    const bulk = this.bulk;
    if (!bulk) {
      list.add(slot);
      return;
    }
    bulk.lists = grown(bulk.lists, bulk.length + 1);
    bulk.slots = grown(bulk.slots, bulk.length + 1);
    bulk.lists[bulk.length] = list.id;
    bulk.slots[bulk.length++] = slot;
    list.pending += 1;
  }

  beginBulk(): void {
    this.bulk = { lists: new Int32Array(65_536), slots: new Int32Array(65_536), length: 0 };
  }

  endBulk(): void {
    const bulk = this.bulk;
    if (!bulk) return;
    this.bulk = undefined;
    for (const list of this.lists) {
      list.reserve(list.pending);
      list.pending = 0;
    }
    for (let i = 0; i < bulk.length; i += 1) {
      const list = this.lists[bulk.lists[i]!]!;
      list.data[list.length++] = bulk.slots[i]!;
    }
  }

  /** The lists of every term starting with `prefix`. */
  listsStartingWith(prefix: string, field: TermField): Postings[] {
    const lists = this.fields[field];
    return lists.startingWith(prefix).map((term) => lists.postings.get(term)!);
  }

  /** Lists of the body terms one edit away from `word`, or whose beginning is (a typo while typing). */
  closeSpellings(word: string): Postings[] {
    if (!CLOSE_SPELLING_CANDIDATE.test(word)) return [];
    const body = this.fields.body;
    return body
      .sortedTerms()
      .filter(
        (term) =>
          term.length >= word.length - 1 &&
          CLOSE_SPELLING_CANDIDATE.test(term) &&
          // The whole term, or its beginning while the word is being typed (with a letter missing, swapped or extra).
          (withinOneEdit(word, term) ||
            withinOneEdit(word, term.slice(0, word.length - 1)) ||
            withinOneEdit(word, term.slice(0, word.length)) ||
            withinOneEdit(word, term.slice(0, word.length + 1))),
      )
      .map((term) => body.postings.get(term)!);
  }
}
