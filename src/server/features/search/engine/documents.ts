/**
 * One audience's documents, by number. Numbers are never reused: a changed document gets a new one
 * and the old one is marked dead (a reload compacts). Each document's facet values sit in one arena,
 * the counted ones first, so counting reads a short run and skips the filter-only ones.
 */
import { ENTITY_TYPE } from '../../../../shared/vocabulary';
import { sortPrefixOf } from './order';
import { grown, Postings, type ValueDictionary } from './storage';
import type { EngineHit, FacetValue, StoredDocument } from './types';

/** Value ids as SlotValues stores them. */
export type ValueArena = Uint16Array<ArrayBuffer> | Int32Array<ArrayBuffer>;

/**
 * Each document's run of value ids, documents one after another in slot order: the run of slot s
 * is arena[from[s], from[s + 1]). Ids take two bytes while the dictionary holds fewer than 2^16
 * values, four from the first one beyond: counting reads tens of thousands of documents' runs, and
 * waiting for memory was most of its time, so the fewer cache lines they fill the better.
 */
export class SlotValues {
  arena: ValueArena = new Uint16Array(16_384);
  from = new Int32Array(1025);

  /** Stores the run of `slot`, the next slot (every earlier one has its run). */
  append(slot: number, ids: readonly number[]): void {
    const start = this.from[slot]!;
    if (this.arena instanceof Uint16Array && ids.some((id) => id > 0xffff)) this.arena = Int32Array.from(this.arena);
    this.arena = grown<ValueArena>(this.arena, start + ids.length);
    this.arena.set(ids, start);
    this.from = grown(this.from, slot + 2);
    this.from[slot + 1] = start + ids.length;
  }

  /** Gives back the room beyond the last run (after a bulk load). */
  trim(slotCount: number): void {
    this.arena = this.arena.slice(0, this.from[slotCount]!);
  }
}

const PAIRED_VALUE_MIN_DOCUMENTS = 2_000;
/** At most this many (each holds a count per value, a few kB). */
const PAIRED_VALUES_AT_MOST = 128;

export class DocumentTable {
  slotCount = 0;
  liveCount = 0;
  /** 1 live, 0 dead; 2 hidden from the search being run (see AudienceIndex.search). */
  alive = new Uint8Array(1024);
  entityKeys: string[] = [];
  /** Each document's entity type, as its position in the vocabulary. */
  types = new Uint8Array(1024);
  addresses: string[] = [];
  titles: (string | null)[] = [];
  sortNames: string[] = [];
  sortPrefixes = new Float64Array(1024);
  updatedAts = new Float64Array(1024);
  /**
   * A document's counted values, grouped by counted facet (group r starts at
   * counted.from[slot] + runStarts[slot * runs + r]); its filter-only values apart, in `filterOnly`.
   * Counting reads only the first, packed with nothing else between documents.
   */
  readonly counted = new SlotValues();
  readonly filterOnly = new SlotValues();
  /** Both, for what reads all of a document's values (counted ones first). */
  readonly allValues: readonly SlotValues[] = [this.counted, this.filterOnly];
  runStarts = new Uint16Array(1024);
  /** How many counted facets, each a group of every document's counted values. */
  readonly runs: number;
  /** Group -> facet id. */
  readonly facetOfRun: readonly number[];
  /** Facet id -> its group, or -1 for facets that are only filtered by. */
  private readonly runOfFacet = new Map<number, number>();
  readonly slotsOfEntity = new Map<string, number>();
  readonly valuePostings: Postings[] = [];
  /** Live documents per value: counts without words or filters come from here. */
  readonly liveValueCounts: number[] = [];
  /**
   * For the common values (EngineOptions.pairedValueMinDocuments): how many live documents have both it and
   * each counted value. A search filtered by one such value counts the other facets from here
   * instead of visiting its tens of thousands of documents.
   */
  private readonly pairs = new Map<number, Int32Array<ArrayBuffer>>();
  /** The first document of a bulk load; its value lists are filled when the load ends. */
  private bulkFrom: number | undefined;
  /**
   * Every document (dead ones too, until a reload) in name order, and each one's place in it: the
   * orders end with the name, and one number per document compares in a step where two names and
   * two entity keys took several. A document added after a load is put in its place; the places
   * after it are renumbered before the next search reads them.
   */
  private nameOrder = new Int32Array(1024);
  private nameRanks = new Int32Array(1024);
  /** From this position of nameOrder on, nameRanks are out of date. */
  private ranksStaleFrom = 0;

  constructor(
    readonly values: ValueDictionary,
    countedFacets: readonly number[],
    private readonly pairedMinDocuments = PAIRED_VALUE_MIN_DOCUMENTS,
  ) {
    this.runs = countedFacets.length;
    this.facetOfRun = [...countedFacets];
    countedFacets.forEach((facet, run) => this.runOfFacet.set(facet, run));
  }

  /** The counted facet group of a facet (by id), or -1. */
  runOf(facet: number): number {
    return this.runOfFacet.get(facet) ?? -1;
  }

  private isFilterOnly(value: number): boolean {
    return this.runOf(this.values.facetOfValue[value]!) === -1;
  }

  get deadCount(): number {
    return this.slotCount - this.liveCount;
  }

  remove(entityKey: string): void {
    const slot = this.slotsOfEntity.get(entityKey);
    if (slot === undefined) return;
    this.slotsOfEntity.delete(entityKey);
    this.alive[slot] = 0;
    this.liveCount -= 1;
    for (const { arena, from } of this.allValues)
      for (let i = from[slot]!; i < from[slot + 1]!; i += 1) this.liveValueCounts[arena[i]!]! -= 1;
    this.countPairs(slot, -1);
  }

  /** Adds (1) or takes away (-1) a document's counted values in the pair counts of its common values. */
  private countPairs(slot: number, change: 1 | -1): void {
    if (this.pairs.size === 0) return;
    const { arena, from } = this.counted;
    const end = from[slot + 1]!;
    for (let i = from[slot]!; i < end; i += 1) {
      let counts = this.pairs.get(arena[i]!);
      if (!counts) continue;
      if (counts.length < this.values.size) {
        counts = grown(counts, this.values.size);
        this.pairs.set(arena[i]!, counts);
      }
      for (let v = from[slot]!; v < end; v += 1) counts[arena[v]!]! += change;
    }
  }

  /** How many live documents have `value` and each other counted value; only for common values. */
  pairCounts(value: number): Int32Array | undefined {
    return this.pairs.get(value);
  }

  /** Stores the document under a new number (which it returns); its words are the term index's. */
  add(document: StoredDocument): number {
    const entityKey = `${document.entityType}:${document.entityId}`;
    this.remove(entityKey);
    const slot = this.slotCount++;
    const size = this.slotCount;
    this.alive = grown(this.alive, size);
    this.types = grown(this.types, size);
    this.sortPrefixes = grown(this.sortPrefixes, size);
    this.updatedAts = grown(this.updatedAts, size);
    this.runStarts = grown(this.runStarts, size * this.runs);
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

    const ids = document.facets === '' ? [] : document.facets.split('\n').map((line) => this.values.idOfLine(line));
    const runOfValue = ids.map((id) => this.runOf(this.values.facetOfValue[id]!));
    const counted: number[] = [];
    for (let run = 0; run < this.runs; run += 1) {
      this.runStarts[slot * this.runs + run] = counted.length;
      ids.forEach((id, index) => {
        if (runOfValue[index] === run) counted.push(id);
      });
    }
    this.counted.append(slot, counted);
    this.filterOnly.append(
      slot,
      ids.filter((_, index) => runOfValue[index] === -1),
    );
    for (const id of ids) {
      if (this.bulkFrom === undefined) (this.valuePostings[id] ??= new Postings()).add(slot);
      this.liveValueCounts[id] = (this.liveValueCounts[id] ?? 0) + 1;
    }
    if (this.bulkFrom === undefined) {
      this.countPairs(slot, 1);
      this.placeByName(slot);
    }
    return slot;
  }

  /** Inserts a new document into the name order (binary search, then one move of the rest). */
  private placeByName(slot: number): void {
    // Every earlier document is in the order already: `slot` of them.
    this.nameOrder = grown(this.nameOrder, slot + 1);
    let low = 0;
    let high = slot;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.byName(this.nameOrder[middle]!, slot) < 0) low = middle + 1;
      else high = middle;
    }
    this.nameOrder.copyWithin(low + 1, low, slot);
    this.nameOrder[low] = slot;
    this.ranksStaleFrom = Math.min(this.ranksStaleFrom, low);
  }

  /** Every document (dead ones too) in name order. */
  slotsByName(): Int32Array {
    return this.nameOrder.subarray(0, this.slotCount);
  }

  /** Each document's place in the name order (see nameOrder), brought up to date. */
  ranksByName(): Int32Array {
    if (this.ranksStaleFrom < this.slotCount) {
      this.nameRanks = grown(this.nameRanks, this.slotCount);
      for (let position = this.ranksStaleFrom; position < this.slotCount; position += 1)
        this.nameRanks[this.nameOrder[position]!] = position;
      this.ranksStaleFrom = this.slotCount;
    }
    return this.nameRanks;
  }

  beginBulk(): void {
    this.bulkFrom = this.slotCount;
  }

  /** Fills the value lists of the bulk load's documents, each list grown once to its final size. */
  endBulk(): void {
    const from = this.bulkFrom;
    if (from === undefined) return;
    this.bulkFrom = undefined;
    const added = new Int32Array(this.values.size);
    const stores = this.allValues;
    for (const { arena, from: start } of stores)
      for (let v = start[from]!; v < start[this.slotCount]!; v += 1) added[arena[v]!]! += 1;
    added.forEach((count, value) => {
      if (count > 0) (this.valuePostings[value] ??= new Postings()).reserve(count);
    });
    for (let slot = from; slot < this.slotCount; slot += 1) {
      for (const { arena, from: start } of stores) {
        for (let v = start[slot]!; v < start[slot + 1]!; v += 1) {
          const list = this.valuePostings[arena[v]!]!;
          list.data[list.length++] = slot;
        }
      }
    }
    for (const store of stores) store.trim(this.slotCount);
    this.buildPairs();
    this.nameOrder = new Int32Array(this.slotCount);
    for (let slot = 0; slot < this.slotCount; slot += 1) this.nameOrder[slot] = slot;
    this.nameOrder.sort(this.byName);
    this.ranksStaleFrom = 0;
  }

  /** Pair counts for the most common counted values (see `pairs`), from scratch. */
  private buildPairs(): void {
    this.pairs.clear();
    const common: number[] = [];
    this.liveValueCounts.forEach((count, value) => {
      if (count >= this.pairedMinDocuments && !this.isFilterOnly(value)) common.push(value);
    });
    common.sort((a, b) => this.liveValueCounts[b]! - this.liveValueCounts[a]!);
    for (const value of common.slice(0, PAIRED_VALUES_AT_MOST)) {
      const counts = new Int32Array(this.values.size);
      const list = this.valuePostings[value]!;
      const { arena, from } = this.counted;
      for (let i = 0; i < list.length; i += 1) {
        const slot = list.data[i]!;
        if (this.alive[slot] !== 1) continue;
        for (let v = from[slot]!; v < from[slot + 1]!; v += 1) counts[arena[v]!]! += 1;
      }
      this.pairs.set(value, counts);
    }
  }

  /** The value lists of `keys` (facet-qualified) that hold any document. */
  listsOf(keys: readonly string[]): Postings[] {
    return this.valuesWithLists(keys).map((value) => this.valuePostings[value]!);
  }

  /** The values of `keys` (facet-qualified) that have a list. */
  valuesWithLists(keys: readonly string[]): number[] {
    const found: number[] = [];
    for (const key of keys) {
      const id = this.values.existingId(key);
      if (id !== undefined && this.valuePostings[id]) found.push(id);
    }
    return found;
  }

  /** What a hit carries: `facets` limits its values to those facets (by id), or all when absent. */
  hit(slot: number, facets?: ReadonlySet<number>): EngineHit {
    const values: FacetValue[] = [];
    for (const { arena, from } of this.allValues) {
      for (let v = from[slot]!; v < from[slot + 1]!; v += 1) {
        const value = arena[v]!;
        if (facets && !facets.has(this.values.facetOfValue[value]!)) continue;
        values.push({
          facet: this.values.facetNames[this.values.facetOfValue[value]!]!,
          value: this.values.valueText[value]!,
        });
      }
    }
    const entityKey = this.entityKeys[slot]!;
    return {
      type: ENTITY_TYPE.values[this.types[slot]!]!,
      entityId: entityKey.slice(entityKey.indexOf(':') + 1),
      address: this.addresses[slot]!,
      title: this.titles[slot]!,
      facets: values,
    };
  }

  /**
   * The final tie-breakers of every order: name (its first characters as a number first), then
   * entity. Searches compare places in the name order instead (ranksByName), which agree with it.
   */
  readonly byName = (a: number, b: number): number =>
    this.sortPrefixes[a]! - this.sortPrefixes[b]! ||
    (this.sortNames[a]! < this.sortNames[b]! ? -1 : this.sortNames[a]! > this.sortNames[b]! ? 1 : 0) ||
    (this.entityKeys[a]! < this.entityKeys[b]! ? -1 : 1);
}
