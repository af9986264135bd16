/**
 * The in-memory search index of one app process: posting lists per word and per facet value, and
 * each document's facet values in one array, so a search finds its matched set once and counts
 * every facet from it in a single pass. Nothing here reads the database; search.sync.ts keeps it
 * in step with the stored documents. Everything is synchronous: a search never sees a half-applied
 * change, and scratch buffers can be shared between searches.
 */
import { lowerBound } from '../../../shared/sorted';
import { ENTITY_TYPE, type EntityType, type Facet, type SearchSort } from '../../../shared/vocabulary';
import { CLOSE_SPELLING_CANDIDATE, queryTermsOf, termsOf, withinOneEdit } from './engine/words';

export type Audience = 'member' | 'visitor';
export const AUDIENCES: readonly Audience[] = ['member', 'visitor'];

export interface FacetValue {
  readonly facet: string;
  readonly value: string;
}

/** A document as stored (see search.indexer.ts): what one audience may find of one entity. */
export interface EngineDocument {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly audience: Audience;
  readonly address: string;
  readonly title: string | null;
  readonly sortName: string;
  /** Folded text: names, usernames, bios, descriptions (capacity labels are matched through facets). */
  readonly body: string;
  readonly facets: readonly FacetValue[];
  readonly updatedAt: number;
}

/** Any of `values` (facet-qualified, see valueKey) satisfies the filter; filters are ANDed. */
export interface EngineFilter {
  /** The facet it narrows, which a count may skip. */
  readonly name: Facet;
  readonly values: readonly string[];
}

export interface EngineQuery {
  readonly audience: Audience;
  /** Each word must match: a word of the text by prefix, or one of its `capacityValues`. */
  readonly words: readonly { readonly text: string; readonly capacityValues: readonly string[] }[];
  readonly filters: readonly EngineFilter[];
  /** Facets to count, each over every filter except the one named `skip`. */
  readonly counted: readonly { readonly facet: Facet; readonly skip: Facet }[];
  readonly order: SearchSort;
  /** Values whose number, per document, orders by "most matching capacities". */
  readonly scoreValues: readonly string[];
  readonly limit: number;
  readonly offset: number;
  /** Entities (`type:id`) this viewer may not find, e.g. members blocked either way: not matched, not counted. */
  readonly excludeEntities?: ReadonlySet<string>;
}

export interface EngineHit {
  readonly type: EntityType;
  readonly entityId: string;
  readonly address: string;
  readonly title: string | null;
  readonly facets: FacetValue[];
}

export interface EngineResult {
  readonly total: number;
  readonly hits: EngineHit[];
  /** Per counted facet: value → number of documents. */
  readonly counts: Map<string, Map<string, number>>;
  /** Query words that matched nothing as written, and were matched as close spellings instead. */
  readonly approximateWords: string[];
}

/** For "peers for my needs": one group per capacity of mine, each with tiers of values (same capacity, narrower, broader). */
export interface SuggestionRequest {
  readonly groups: readonly { readonly tiers: readonly (readonly string[])[] }[];
  /** Only documents with one of these language values; null for any. */
  readonly languages: readonly string[] | null;
  readonly excludeEntities: ReadonlySet<string>;
  readonly perGroup: number;
}

export interface SuggestionGroup {
  /** Documents in the group, before the cut to `perGroup`. */
  readonly total: number;
  readonly suggestions: (EngineHit & { readonly tier: number; readonly via: string; readonly groups: number })[];
}

/** Stored documents name their facets as strings; queries must use the vocabulary's names. */
const keyOf = (facet: string, value: string) => `${facet}=${value}`;
export const valueKey: (facet: Facet, value: string) => string = keyOf;

/** A growable list of document numbers, appended in increasing order. */
class Postings {
  data = new Int32Array(4);
  length = 0;
  /** Entries recorded during a bulk load, added all at once when it ends. */
  pending = 0;

  constructor(readonly id = -1) {}

  add(slot: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = slot;
  }
}

type GrowableArray = Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** `array`, or a copy at least twice as long when it cannot hold `needed` entries. */
function grown<T extends GrowableArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** The first three characters of a sort name as one number: most order comparisons end there. */
function sortPrefixOf(sortName: string): number {
  const code = (index: number) => (index < sortName.length ? sortName.charCodeAt(index) + 1 : 0);
  return (code(0) * 65537 + code(1)) * 65537 + code(2);
}

/** Document numbers are never reused: a changed document gets a new one, and the old one is marked dead. */
class AudienceIndex {
  slotCount = 0;
  liveCount = 0;
  private alive = new Uint8Array(1024);
  private entityKeys: string[] = [];
  /** Each document's entity type, as its position in the vocabulary. */
  private types = new Uint8Array(1024);
  private addresses: string[] = [];
  private titles: (string | null)[] = [];
  private sortNames: string[] = [];
  private sortPrefixes = new Float64Array(1024);
  private updatedAts = new Float64Array(1024);
  private facetStart = new Int32Array(1024);
  private facetEnd = new Int32Array(1024);
  private facetArena = new Int32Array(16_384);
  private facetArenaLength = 0;
  private readonly slotsOfEntity = new Map<string, number>();
  private readonly termPostings = new Map<string, Postings>();
  private readonly titlePostings = new Map<string, Postings>();
  private sortedTerms: string[] | undefined;
  private sortedTitleTerms: string[] | undefined;
  private readonly valuePostings: Postings[] = [];
  /** Word lists by id, for the bulk load's deferred entries. */
  private readonly wordLists: Postings[] = [];
  /**
   * During a bulk load, word entries are recorded here and facet entries read back from the facet
   * arena at the end, so every list is allocated once at its final size: growing 100,000 lists
   * step by step left the process holding far more memory than the index needs.
   */
  private bulk:
    { lists: Int32Array<ArrayBuffer>; slots: Int32Array<ArrayBuffer>; length: number; firstSlot: number } | undefined;
  private readonly liveValueCounts: number[] = [];
  // Scratch space reused by every search (searches are synchronous, so never by two at once).
  private marks = new Uint32Array(1024);
  private stamp = 0;
  private filterBits = new Uint8Array(1024);
  private titleHits = new Uint8Array(1024);
  private capacityScores = new Uint16Array(1024);
  private listA = new Int32Array(1024);
  private listB = new Int32Array(1024);

  constructor(private readonly values: ValueDictionary) {}

  get deadCount(): number {
    return this.slotCount - this.liveCount;
  }

  remove(entityKey: string): void {
    const slot = this.slotsOfEntity.get(entityKey);
    if (slot === undefined) return;
    this.slotsOfEntity.delete(entityKey);
    this.alive[slot] = 0;
    this.liveCount -= 1;
    for (let i = this.facetStart[slot]!; i < this.facetEnd[slot]!; i += 1)
      this.liveValueCounts[this.facetArena[i]!]! -= 1;
  }

  add(document: EngineDocument): void {
    const entityKey = `${document.entityType}:${document.entityId}`;
    this.remove(entityKey);
    const slot = this.slotCount++;
    const size = this.slotCount;
    this.alive = grown(this.alive, size);
    this.types = grown(this.types, size);
    this.sortPrefixes = grown(this.sortPrefixes, size);
    this.updatedAts = grown(this.updatedAts, size);
    this.facetStart = grown(this.facetStart, size);
    this.facetEnd = grown(this.facetEnd, size);
    this.alive[slot] = 1;
    this.liveCount += 1;
    this.slotsOfEntity.set(entityKey, slot);
    this.entityKeys[slot] = entityKey;
    this.types[slot] = ENTITY_TYPE.values.indexOf(document.entityType);
    this.addresses[slot] = document.address;
    this.titles[slot] = document.title;
    this.sortNames[slot] = document.sortName;
    this.sortPrefixes[slot] = sortPrefixOf(document.sortName);
    this.updatedAts[slot] = document.updatedAt;

    this.facetArena = grown(this.facetArena, this.facetArenaLength + document.facets.length);
    this.facetStart[slot] = this.facetArenaLength;
    for (const { facet, value } of document.facets) {
      const id = this.values.idOf(facet, value);
      this.facetArena[this.facetArenaLength++] = id;
      if (!this.bulk) (this.valuePostings[id] ??= new Postings()).add(slot);
      this.liveValueCounts[id] = (this.liveValueCounts[id] ?? 0) + 1;
    }
    this.facetEnd[slot] = this.facetArenaLength;

    for (const term of termsOf(document.body)) this.post(this.termPostings, term, slot, 'body');
    for (const term of termsOf(document.sortName)) this.post(this.titlePostings, term, slot, 'title');
  }

  private post(postings: Map<string, Postings>, term: string, slot: number, which: 'body' | 'title'): void {
    let list = postings.get(term);
    if (!list) {
      list = new Postings(this.wordLists.length);
      this.wordLists.push(list);
      postings.set(term, list);
      if (which === 'body') this.sortedTerms = undefined;
      else this.sortedTitleTerms = undefined;
    }
    if (!this.bulk) {
      list.add(slot);
      return;
    }
    const bulk = this.bulk;
    bulk.lists = grown(bulk.lists, bulk.length + 1);
    bulk.slots = grown(bulk.slots, bulk.length + 1);
    bulk.lists[bulk.length] = list.id;
    bulk.slots[bulk.length++] = slot;
    list.pending += 1;
  }

  beginBulk(): void {
    this.bulk = { lists: new Int32Array(65_536), slots: new Int32Array(65_536), length: 0, firstSlot: this.slotCount };
  }

  /** Adds the bulk load's entries, each list grown once to its final size. */
  endBulk(): void {
    const bulk = this.bulk;
    if (!bulk) return;
    this.bulk = undefined;
    const reserve = (list: Postings, extra: number) => {
      if (list.length + extra > list.data.length) {
        const exact = new Int32Array(list.length + extra);
        exact.set(list.data.subarray(0, list.length));
        list.data = exact;
      }
    };
    for (const list of this.wordLists) {
      reserve(list, list.pending);
      list.pending = 0;
    }
    for (let i = 0; i < bulk.length; i += 1) {
      const list = this.wordLists[bulk.lists[i]!]!;
      list.data[list.length++] = bulk.slots[i]!;
    }
    const added = new Int32Array(this.values.size);
    for (let slot = bulk.firstSlot; slot < this.slotCount; slot += 1)
      for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) added[this.facetArena[v]!]! += 1;
    added.forEach((count, value) => {
      if (count > 0) reserve((this.valuePostings[value] ??= new Postings()), count);
    });
    for (let slot = bulk.firstSlot; slot < this.slotCount; slot += 1) {
      for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) {
        const list = this.valuePostings[this.facetArena[v]!]!;
        list.data[list.length++] = slot;
      }
    }
    this.facetArena = this.facetArena.slice(0, this.facetArenaLength);
  }

  /** The final tie-breakers of every order: name (its first characters as a number first), then entity. */
  private readonly byName = (a: number, b: number): number =>
    this.sortPrefixes[a]! - this.sortPrefixes[b]! ||
    (this.sortNames[a]! < this.sortNames[b]! ? -1 : this.sortNames[a]! > this.sortNames[b]! ? 1 : 0) ||
    (this.entityKeys[a]! < this.entityKeys[b]! ? -1 : 1);

  private nextStamp(): number {
    if (this.stamp >= 0xfffffff0) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private ensureScratch(): void {
    if (this.marks.length < this.slotCount) {
      this.marks = new Uint32Array(this.alive.length);
      this.stamp = 0;
      this.filterBits = new Uint8Array(this.alive.length);
      this.titleHits = new Uint8Array(this.alive.length);
      this.capacityScores = new Uint16Array(this.alive.length);
      this.listA = new Int32Array(this.alive.length);
      this.listB = new Int32Array(this.alive.length);
    }
  }

  /** Terms starting with `prefix`, from the sorted term list (rebuilt after new terms arrived). */
  private termsStartingWith(prefix: string, which: 'body' | 'title'): string[] {
    let sorted = which === 'body' ? this.sortedTerms : this.sortedTitleTerms;
    if (!sorted) {
      sorted = [...(which === 'body' ? this.termPostings : this.titlePostings).keys()].sort();
      if (which === 'body') this.sortedTerms = sorted;
      else this.sortedTitleTerms = sorted;
    }
    const found: string[] = [];
    for (
      let index = lowerBound(sorted, (term) => term < prefix);
      index < sorted.length && sorted[index]!.startsWith(prefix);
      index += 1
    )
      found.push(sorted[index]!);
    return found;
  }

  /** Dictionary words one edit away from `word`, or whose beginning is (a typo while typing). */
  private closeSpellings(word: string): string[] {
    if (!CLOSE_SPELLING_CANDIDATE.test(word)) return [];
    if (!this.sortedTerms) this.termsStartingWith('', 'body');
    return this.sortedTerms!.filter(
      (term) =>
        term.length >= word.length - 1 &&
        CLOSE_SPELLING_CANDIDATE.test(term) &&
        (withinOneEdit(word, term) ||
          withinOneEdit(word, term.slice(0, word.length)) ||
          withinOneEdit(word, term.slice(0, word.length + 1))),
    );
  }

  /** The posting lists, any of which satisfies one query word. */
  private listsForWord(word: EngineQuery['words'][number], approximate: string[]): Postings[] {
    const capacityLists = word.capacityValues.flatMap((key) => {
      const id = this.values.existingId(key);
      return id !== undefined && this.valuePostings[id] ? [this.valuePostings[id]] : [];
    });
    const parts = queryTermsOf(word.text);
    if (parts.length > 1) {
      // Unspaced script: every pair of characters must occur; the documents that have them all form one list.
      const groups = parts.map((part) =>
        this.termsStartingWith(part, 'body').map((term) => this.termPostings.get(term)!),
      );
      const together = new Postings();
      together.data = new Int32Array(
        Math.max(4, Math.min(...groups.map((lists) => lists.reduce((sum, list) => sum + list.length, 0)))),
      );
      together.length = this.intersect(groups, together.data);
      return [together, ...capacityLists];
    }
    const lists = [
      ...this.termsStartingWith(word.text, 'body').map((term) => this.termPostings.get(term)!),
      ...capacityLists,
    ];
    if (lists.length === 0) {
      const close = this.closeSpellings(word.text);
      if (close.length > 0) approximate.push(word.text);
      for (const term of close) lists.push(this.termPostings.get(term)!);
    }
    return lists;
  }

  /**
   * Live documents in every group of lists (each group is ORed, the groups ANDed), into `out`;
   * returns how many. Smaller groups go first, so later ones only test marks.
   */
  private intersect(groups: Postings[][], out: Int32Array): number {
    const sized = groups
      .map((lists) => ({ lists, size: lists.reduce((sum, list) => sum + list.length, 0) }))
      .sort((a, b) => a.size - b.size);
    let count = 0;
    const first = this.nextStamp();
    for (const list of sized[0]?.lists ?? []) {
      for (let i = 0; i < list.length; i += 1) {
        const slot = list.data[i]!;
        if (this.alive[slot] === 1 && this.marks[slot] !== first) {
          this.marks[slot] = first;
          out[count++] = slot;
        }
      }
    }
    for (const { lists } of sized.slice(1)) {
      if (count === 0) break;
      const stamp = this.nextStamp();
      for (const list of lists) for (let i = 0; i < list.length; i += 1) this.marks[list.data[i]!] = stamp;
      let kept = 0;
      for (let i = 0; i < count; i += 1) if (this.marks[out[i]!] === stamp) out[kept++] = out[i]!;
      count = kept;
    }
    return count;
  }

  search(query: EngineQuery): EngineResult {
    // Excluded documents are marked not alive (2) for this search only: every path below takes live
    // documents alone; counts taken from the per-value totals subtract theirs.
    const hidden: number[] = [];
    for (const key of query.excludeEntities ?? []) {
      const slot = this.slotsOfEntity.get(key);
      if (slot !== undefined && this.alive[slot] === 1) {
        this.alive[slot] = 2;
        hidden.push(slot);
      }
    }
    try {
      return this.searchLive(query, hidden);
    } finally {
      for (const slot of hidden) this.alive[slot] = 1;
    }
  }

  private searchLive(query: EngineQuery, hidden: readonly number[]): EngineResult {
    this.ensureScratch();
    const approximateWords: string[] = [];
    const hiddenValueCounts = new Map<number, number>();
    for (const slot of hidden)
      for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) {
        const value = this.facetArena[v]!;
        hiddenValueCounts.set(value, (hiddenValueCounts.get(value) ?? 0) + 1);
      }
    const filters = query.filters.map((filter) => ({
      name: filter.name,
      lists: filter.values.flatMap((key) => {
        const id = this.values.existingId(key);
        return id !== undefined && this.valuePostings[id] ? [this.valuePostings[id]] : [];
      }),
    }));
    const filterIndex = new Map(filters.map((filter, index) => [filter.name, index]));
    const everyFilter = (1 << filters.length) - 1;

    // Which facet (by filter bit) each counted facet ignores; -1 when that filter is not in use.
    const skipBitOfFacet = new Map(query.counted.map((entry) => [entry.facet, filterIndex.get(entry.skip) ?? -1]));
    const countedFacetIds = new Int8Array(this.values.facetNames.length).fill(-2);
    for (const [facet, bit] of skipBitOfFacet) countedFacetIds[this.values.facetId(facet)] = bit;

    // 1. The documents that the words allow (all, without words).
    let base: Int32Array | undefined;
    let baseCount = 0;
    if (query.words.length > 0) {
      const groups = query.words.map((word) => this.listsForWord(word, approximateWords));
      baseCount = this.intersect(groups, this.listA);
      base = this.listA;
    }

    // 2. Each filter sets its bit on the documents it allows.
    this.filterBits.fill(0, 0, this.slotCount);
    filters.forEach((filter, bit) => {
      for (const list of filter.lists)
        for (let i = 0; i < list.length; i += 1) this.filterBits[list.data[i]!]! |= 1 << bit;
    });

    // Without words, only documents allowed by all filters but one can count: those in one of the two smallest filters.
    const valueCounts = new Int32Array(this.values.size);
    const countsFromTotals = new Set<number>();
    if (!base) {
      if (filters.length === 0) {
        countsFromTotals.add(-1);
      } else {
        if (filters.length === 1) countsFromTotals.add(0);
        const smallest = filters
          .map((filter, bit) => ({ bit, size: filter.lists.reduce((sum, list) => sum + list.length, 0) }))
          .sort((a, b) => a.size - b.size)
          .slice(0, 2);
        const stamp = this.nextStamp();
        for (const { bit } of smallest) {
          for (const list of filters[bit]!.lists) {
            for (let i = 0; i < list.length; i += 1) {
              const slot = list.data[i]!;
              if (this.alive[slot] === 1 && this.marks[slot] !== stamp) {
                this.marks[slot] = stamp;
                this.listA[baseCount++] = slot;
              }
            }
          }
        }
        base = this.listA;
      }
    }

    // 3. One pass: matched documents count for every facet; a document missing exactly one filter counts for the facets that ignore it.
    const matched = this.listB;
    let total = 0;
    if (base) {
      for (let i = 0; i < baseCount; i += 1) {
        const slot = base[i]!;
        const bits = this.filterBits[slot]!;
        if (bits === everyFilter) {
          matched[total++] = slot;
          for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) valueCounts[this.facetArena[v]!]! += 1;
          continue;
        }
        const missing = everyFilter & ~bits;
        if ((missing & (missing - 1)) !== 0) continue;
        const missingBit = 31 - Math.clz32(missing);
        for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) {
          const value = this.facetArena[v]!;
          if (countedFacetIds[this.values.facetOfValue[value]!] === missingBit) valueCounts[value]! += 1;
        }
      }
    } else {
      for (let slot = 0; slot < this.slotCount; slot += 1) if (this.alive[slot] === 1) matched[total++] = slot;
    }

    const counts = new Map<string, Map<string, number>>();
    for (const { facet } of query.counted) counts.set(facet, new Map());
    for (let value = 0; value < this.values.size; value += 1) {
      const facetId = this.values.facetOfValue[value]!;
      const bit = countedFacetIds[facetId]!;
      if (bit === -2) continue;
      const fromTotals = countsFromTotals.has(-1) || (countsFromTotals.has(0) && bit === 0);
      const count = fromTotals
        ? (this.liveValueCounts[value] ?? 0) - (hiddenValueCounts.get(value) ?? 0)
        : valueCounts[value]!;
      if (count > 0) counts.get(this.values.facetNames[facetId]!)!.set(this.values.valueText[value]!, count);
    }

    const hits = this.page(query, matched, total).map((slot) => this.hit(slot));
    return { total, hits, counts, approximateWords };
  }

  /** The requested page of `matched`, in the query's order; ties broken by name, then by entity. */
  private page(query: EngineQuery, matched: Int32Array, total: number): number[] {
    const wanted = Math.min(total, query.offset + query.limit);
    if (query.offset >= total) return [];
    if (query.order === 'capacities' || query.order === 'relevance')
      this.scoreCapacities(query.scoreValues, matched, total);
    if (query.order === 'relevance') this.markTitleWords(query, matched, total);
    const capacityScore = (slot: number) => this.capacityScores[slot]!;
    const byName = this.byName;
    const compare: (a: number, b: number) => number =
      query.order === 'updated'
        ? (a, b) => this.updatedAts[b]! - this.updatedAts[a]! || byName(a, b)
        : query.order === 'capacities'
          ? (a, b) => capacityScore(b) - capacityScore(a) || byName(a, b)
          : query.order === 'relevance'
            ? (a, b) => this.titleHits[b]! - this.titleHits[a]! || capacityScore(b) - capacityScore(a) || byName(a, b)
            : byName;
    return smallest(matched, total, wanted, compare).slice(query.offset);
  }

  /** For the capacities and relevance orders: how many of `scoreValues` each matched document has. */
  private scoreCapacities(scoreValues: readonly string[], matched: Int32Array, total: number): void {
    const isScored = new Uint8Array(this.values.size);
    for (const key of scoreValues) {
      const id = this.values.existingId(key);
      if (id !== undefined) isScored[id] = 1;
    }
    for (let i = 0; i < total; i += 1) {
      const slot = matched[i]!;
      let score = 0;
      for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) score += isScored[this.facetArena[v]!]!;
      this.capacityScores[slot] = score;
    }
  }

  /** For the relevance order: how many query words each matched document has in its name. */
  private markTitleWords(query: EngineQuery, matched: Int32Array, total: number): void {
    for (let i = 0; i < total; i += 1) this.titleHits[matched[i]!] = 0;
    for (const word of query.words) {
      const stamp = this.nextStamp();
      for (const part of queryTermsOf(word.text)) {
        for (const term of this.termsStartingWith(part, 'title')) {
          const list = this.titlePostings.get(term)!;
          for (let i = 0; i < list.length; i += 1) this.marks[list.data[i]!] = stamp;
        }
      }
      for (let i = 0; i < total; i += 1) if (this.marks[matched[i]!] === stamp) this.titleHits[matched[i]!]! += 1;
    }
  }

  private hit(slot: number): EngineHit {
    const facets: FacetValue[] = [];
    for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) {
      const value = this.facetArena[v]!;
      facets.push({
        facet: this.values.facetNames[this.values.facetOfValue[value]!]!,
        value: this.values.valueText[value]!,
      });
    }
    const entityKey = this.entityKeys[slot]!;
    return {
      type: ENTITY_TYPE.values[this.types[slot]!]!,
      entityId: entityKey.slice(entityKey.indexOf(':') + 1),
      address: this.addresses[slot]!,
      title: this.titles[slot]!,
      facets,
    };
  }

  /**
   * Suggestions per group (see SuggestionRequest): each document once per group, at the first tier
   * that holds it, ordered by tier, then by how many groups it appears in, then by name.
   */
  suggest(request: SuggestionRequest): SuggestionGroup[] {
    this.ensureScratch();
    // Bit 1: speaks one of the languages asked for; bit 2: excluded (myself, hidden suggestions).
    const flags = this.filterBits;
    flags.fill(request.languages === null ? 1 : 0, 0, this.slotCount);
    for (const key of request.languages ?? []) {
      const id = this.values.existingId(key);
      const list = id === undefined ? undefined : this.valuePostings[id];
      if (list) for (let i = 0; i < list.length; i += 1) flags[list.data[i]!] = 1;
    }
    for (const key of request.excludeEntities) {
      const slot = this.slotsOfEntity.get(key);
      if (slot !== undefined) flags[slot] = 2;
    }
    // Each group's documents, with the tier and the value that brought them, in typed arrays: a
    // popular capacity brings tens of thousands, and an object each cost more than the search.
    const groups = request.groups.map((group) => {
      const stamp = this.nextStamp();
      let slots = new Int32Array(256);
      let tiers = new Uint8Array(256);
      let vias = new Int32Array(256);
      let count = 0;
      group.tiers.forEach((values, tier) => {
        for (const key of values) {
          const id = this.values.existingId(key);
          const list = id === undefined ? undefined : this.valuePostings[id];
          if (!list) continue;
          for (let i = 0; i < list.length; i += 1) {
            const slot = list.data[i]!;
            if (this.alive[slot] !== 1 || flags[slot] !== 1 || this.marks[slot] === stamp) continue;
            this.marks[slot] = stamp;
            if (count === slots.length) {
              slots = grown(slots, count + 1);
              tiers = grown(tiers, count + 1);
              vias = grown(vias, count + 1);
            }
            slots[count] = slot;
            tiers[count] = tier;
            vias[count++] = id!;
          }
        }
      });
      return { slots, tiers, vias, count };
    });
    const groupsOfSlot = this.capacityScores;
    for (const group of groups) for (let i = 0; i < group.count; i += 1) groupsOfSlot[group.slots[i]!] = 0;
    for (const group of groups) for (let i = 0; i < group.count; i += 1) groupsOfSlot[group.slots[i]!]! += 1;
    const tierOfSlot = this.titleHits;
    const byName = this.byName;
    const compare = (a: number, b: number) =>
      tierOfSlot[a]! - tierOfSlot[b]! || groupsOfSlot[b]! - groupsOfSlot[a]! || byName(a, b);
    return groups.map(({ slots, tiers, vias, count }) => {
      for (let i = 0; i < count; i += 1) tierOfSlot[slots[i]!] = tiers[i]!;
      const chosen = smallest(slots, count, request.perGroup, compare);
      const viaOf = new Map<number, number>();
      for (let i = 0; i < count && viaOf.size < chosen.length; i += 1)
        if (chosen.includes(slots[i]!)) viaOf.set(slots[i]!, vias[i]!);
      return {
        total: count,
        suggestions: chosen.map((slot) => ({
          ...this.hit(slot),
          tier: tierOfSlot[slot]!,
          via: this.values.valueText[viaOf.get(slot)!]!,
          groups: groupsOfSlot[slot]!,
        })),
      };
    });
  }
}

/**
 * The first `wanted` of `count` slots in `compare` order, found with a bounded max-heap, so a page
 * of 20 out of 60,000 matches costs one comparison for most of them.
 */
function smallest(
  slots: Int32Array,
  count: number,
  wanted: number,
  compare: (a: number, b: number) => number,
): number[] {
  const heap: number[] = [];
  const siftDown = (start: number) => {
    let index = start;
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
    } else if (wanted > 0 && compare(slot, heap[0]!) < 0) {
      heap[0] = slot;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}

/** Facet values as small numbers, shared by both audiences. */
class ValueDictionary {
  readonly facetNames: string[] = [];
  readonly facetOfValue: number[] = [];
  readonly valueText: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly facetIds = new Map<string, number>();

  get size(): number {
    return this.valueText.length;
  }

  facetId(facet: string): number {
    let id = this.facetIds.get(facet);
    if (id === undefined) {
      id = this.facetNames.length;
      this.facetNames.push(facet);
      this.facetIds.set(facet, id);
    }
    return id;
  }

  idOf(facet: string, value: string): number {
    const key = keyOf(facet, value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.valueText.length;
      this.ids.set(key, id);
      this.valueText.push(value);
      this.facetOfValue.push(this.facetId(facet));
    }
    return id;
  }

  existingId(key: string): number | undefined {
    return this.ids.get(key);
  }
}

/** Both audiences' indexes. Replaced whole when the stored documents are reloaded. */
export class SearchEngine {
  private readonly values = new ValueDictionary();
  private readonly audiences = new Map<Audience, AudienceIndex>(
    AUDIENCES.map((audience) => [audience, new AudienceIndex(this.values)]),
  );

  /** Replaces an entity's documents (none: it is no longer findable). */
  replace(entityType: EntityType, entityId: string, documents: readonly EngineDocument[]): void {
    for (const index of this.audiences.values()) index.remove(`${entityType}:${entityId}`);
    for (const document of documents) this.add(document);
  }

  add(document: EngineDocument): void {
    this.audiences.get(document.audience)!.add(document);
  }

  search(query: EngineQuery): EngineResult {
    return this.audiences.get(query.audience)!.search(query);
  }

  suggest(audience: Audience, request: SuggestionRequest): SuggestionGroup[] {
    return this.audiences.get(audience)!.suggest(request);
  }

  /** Many additions at once (a full load): see AudienceIndex.bulk. Searches wait for `endBulk`. */
  beginBulk(): void {
    for (const index of this.audiences.values()) index.beginBulk();
  }

  endBulk(): void {
    for (const index of this.audiences.values()) index.endBulk();
  }

  /** Documents held, and changed ones still taking room (a reload frees them). */
  get size(): { live: number; dead: number } {
    let live = 0;
    let dead = 0;
    for (const index of this.audiences.values()) {
      live += index.liveCount;
      dead += index.deadCount;
    }
    return { live, dead };
  }
}

/** Capacity labels in every language, by term: "presupuesto" and "budg" both find capacity 12. */
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
