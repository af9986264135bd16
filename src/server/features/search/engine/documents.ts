/**
 * One audience's documents, by number. Numbers are never reused: a changed document gets a new one
 * and the old one is marked dead (a reload compacts). Each document's facet values sit in one arena,
 * the counted ones first, so counting reads a short run and skips the filter-only ones.
 */
import { ENTITY_TYPE } from '../../../../shared/vocabulary';
import { sortPrefixOf } from './order';
import { grown, Postings, type ValueDictionary } from './storage';
import type { EngineHit, FacetValue, StoredDocument } from './types';

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
  /** Values of a document: counted ones in [facetStart, countedEnd), filter-only ones up to facetEnd. */
  facetStart = new Int32Array(1024);
  countedEnd = new Int32Array(1024);
  facetEnd = new Int32Array(1024);
  facetArena = new Int32Array(16_384);
  facetArenaLength = 0;
  readonly slotsOfEntity = new Map<string, number>();
  readonly valuePostings: Postings[] = [];
  /** Live documents per value: counts without words or filters come from here. */
  readonly liveValueCounts: number[] = [];
  /** The first document of a bulk load; its value lists are filled when the load ends. */
  private bulkFrom: number | undefined;

  constructor(
    readonly values: ValueDictionary,
    private readonly filterOnly: ReadonlySet<string>,
  ) {}

  private isFilterOnly(value: number): boolean {
    return this.filterOnly.has(this.values.facetNames[this.values.facetOfValue[value]!]!);
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
    for (let i = this.facetStart[slot]!; i < this.facetEnd[slot]!; i += 1)
      this.liveValueCounts[this.facetArena[i]!]! -= 1;
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
    this.facetStart = grown(this.facetStart, size);
    this.countedEnd = grown(this.countedEnd, size);
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

    const ids = document.facets === '' ? [] : document.facets.split('\n').map((line) => this.values.idOfLine(line));
    this.facetArena = grown(this.facetArena, this.facetArenaLength + ids.length);
    this.facetStart[slot] = this.facetArenaLength;
    const place = (id: number) => {
      this.facetArena[this.facetArenaLength++] = id;
      if (this.bulkFrom === undefined) (this.valuePostings[id] ??= new Postings()).add(slot);
      this.liveValueCounts[id] = (this.liveValueCounts[id] ?? 0) + 1;
    };
    for (const id of ids) if (!this.isFilterOnly(id)) place(id);
    this.countedEnd[slot] = this.facetArenaLength;
    for (const id of ids) if (this.isFilterOnly(id)) place(id);
    this.facetEnd[slot] = this.facetArenaLength;
    return slot;
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
    for (let slot = from; slot < this.slotCount; slot += 1)
      for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) added[this.facetArena[v]!]! += 1;
    added.forEach((count, value) => {
      if (count > 0) (this.valuePostings[value] ??= new Postings()).reserve(count);
    });
    for (let slot = from; slot < this.slotCount; slot += 1) {
      for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) {
        const list = this.valuePostings[this.facetArena[v]!]!;
        list.data[list.length++] = slot;
      }
    }
    this.facetArena = this.facetArena.slice(0, this.facetArenaLength);
  }

  /** The value lists of `keys` (facet-qualified) that hold any document. */
  listsOf(keys: readonly string[]): Postings[] {
    const lists: Postings[] = [];
    for (const key of keys) {
      const id = this.values.existingId(key);
      const list = id === undefined ? undefined : this.valuePostings[id];
      if (list) lists.push(list);
    }
    return lists;
  }

  /** What a hit carries: `facets` limits its values to those facets (by id), or all when absent. */
  hit(slot: number, facets?: ReadonlySet<number>): EngineHit {
    const values: FacetValue[] = [];
    for (let v = this.facetStart[slot]!; v < this.facetEnd[slot]!; v += 1) {
      const value = this.facetArena[v]!;
      if (facets && !facets.has(this.values.facetOfValue[value]!)) continue;
      values.push({
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
      facets: values,
    };
  }

  /** The final tie-breakers of every order: name (its first characters as a number first), then entity. */
  readonly byName = (a: number, b: number): number =>
    this.sortPrefixes[a]! - this.sortPrefixes[b]! ||
    (this.sortNames[a]! < this.sortNames[b]! ? -1 : this.sortNames[a]! > this.sortNames[b]! ? 1 : 0) ||
    (this.entityKeys[a]! < this.entityKeys[b]! ? -1 : 1);
}
