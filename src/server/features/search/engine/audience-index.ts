/**
 * Query execution over one audience's documents: a search finds the words' set once (smallest list
 * first), marks each filter's documents with a bit, and in one pass counts every facet (disjunctive
 * counts: a document passing all filters counts everywhere, one missing exactly one filter counts
 * only for the facets that ignore that filter). Without words, counts over "everything but one
 * filter" come from per-value totals, as do the counts of words that most documents have (less the
 * documents they leave out). Everything is synchronous, so one set of scratch buffers
 * serves every search.
 */
import { DocumentTable, type ValueArena } from './documents';
import { rankKey, smallest, suggestionKey } from './order';
import { Postings, type ValueDictionary } from './storage';
import { TermIndex } from './terms';
import {
  TABULATION_SEPARATOR,
  type StoredDocument,
  type EngineFilter,
  type EngineQuery,
  type EngineResult,
  type SuggestionGroup,
  type SuggestionRequest,
  type Tabulation,
  type TabulationCells,
} from './types';
import { queryTermsOf } from './words';

/** Marks a skipped value: its facet is not counted by this search. */
const NOT_COUNTED = -2;
/** No facet reads pair counts in this search. */
const NOT_PAIRED = -3;

export class AudienceIndex {
  private readonly docs: DocumentTable;
  private readonly terms = new TermIndex();
  // Scratch space reused by every search (searches are synchronous, so never by two at once).
  private marks = new Uint32Array(1024);
  /** Marks of a second set in the same search, with the same stamps (see page). */
  private otherMarks = new Uint32Array(1024);
  private stamp = 0;
  private filterBits = new Uint8Array(1024);
  private titleHits = new Uint8Array(1024);
  private capacityScores = new Uint16Array(1024);
  private orderKeys = new Float64Array(1024);
  private listA = new Int32Array(1024);
  private listB = new Int32Array(1024);

  constructor(
    private readonly values: ValueDictionary,
    countedFacets: readonly number[],
    pairedMinDocuments?: number,
  ) {
    this.docs = new DocumentTable(values, countedFacets, pairedMinDocuments);
  }

  get liveCount(): number {
    return this.docs.liveCount;
  }

  get deadCount(): number {
    return this.docs.deadCount;
  }

  remove(entityKey: string): void {
    this.docs.remove(entityKey);
  }

  add(document: StoredDocument): void {
    const slot = this.docs.add(document);
    this.terms.add(slot, document.body, document.sortName);
  }

  beginBulk(): void {
    this.docs.beginBulk();
    this.terms.beginBulk();
  }

  endBulk(): void {
    this.docs.endBulk();
    this.terms.endBulk();
  }

  private nextStamp(): number {
    if (this.stamp >= 0xfffffff0) {
      this.marks.fill(0);
      this.otherMarks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private ensureScratch(): void {
    const size = this.docs.alive.length;
    if (this.marks.length >= this.docs.slotCount) return;
    this.marks = new Uint32Array(size);
    this.otherMarks = new Uint32Array(size);
    this.stamp = 0;
    this.filterBits = new Uint8Array(size);
    this.titleHits = new Uint8Array(size);
    this.capacityScores = new Uint16Array(size);
    this.orderKeys = new Float64Array(size);
    this.listA = new Int32Array(size);
    this.listB = new Int32Array(size);
  }

  /** The posting lists, any of which satisfies one query word. */
  private listsForWord(word: EngineQuery['words'][number], approximate: string[]): Postings[] {
    // Lists left with only replaced (or, for this viewer, excluded) documents match nothing as written.
    const capacityLists = this.docs.listsOf(word.capacityValues).filter((list) => this.holdsLive(list));
    const parts = queryTermsOf(word.text);
    if (parts.length > 1) {
      // Unspaced script: every pair of characters must occur; the documents that have them all form one list.
      const groups = parts.map((part) => this.terms.listsStartingWith(part, 'body'));
      const together = new Postings();
      together.data = new Int32Array(
        Math.max(4, Math.min(...groups.map((lists) => lists.reduce((sum, list) => sum + list.length, 0)))),
      );
      together.length = this.intersect(groups, together.data);
      return [together, ...capacityLists];
    }
    const lists = [
      ...this.terms.listsStartingWith(word.text, 'body').filter((list) => this.holdsLive(list)),
      ...capacityLists,
    ];
    if (lists.length === 0) {
      const close = this.terms.closeSpellings(word.text);
      if (close.length > 0) approximate.push(word.text);
      lists.push(...close);
    }
    return lists;
  }

  private facetIdsOf(facets: readonly string[] | undefined): ReadonlySet<number> | undefined {
    return facets && new Set(facets.map((facet) => this.values.facetId(facet)));
  }

  /**
   * Among one or two filters (no words), one that is a single value with pair counts: the one whose
   * counts save the most, i.e. the larger one when both have them.
   */
  private pairedFilter(
    filters: readonly { ids: readonly number[]; lists: readonly Postings[] }[],
  ): { bit: number; value: number; counts: Int32Array } | undefined {
    if (filters.length > 2) return undefined;
    let best: { bit: number; value: number; counts: Int32Array; size: number } | undefined;
    filters.forEach((filter, bit) => {
      if (filter.ids.length !== 1) return;
      const counts = this.docs.pairCounts(filter.ids[0]!);
      const size = filter.lists[0]!.length;
      if (counts && (!best || size > best.size)) best = { bit, value: filter.ids[0]!, counts, size };
    });
    return best;
  }

  /** Whether any of the list's documents is live (most lists answer at their first entry). */
  private holdsLive(list: Postings): boolean {
    const alive = this.docs.alive;
    for (let i = 0; i < list.length; i += 1) if (alive[list.data[i]!] === 1) return true;
    return false;
  }

  /**
   * Live documents in every group of lists (each group is ORed, the groups ANDed), into `out` in
   * increasing order; returns how many. Smaller groups go first, so later ones only test marks.
   */
  private intersect(groups: Postings[][], out: Int32Array): number {
    const sized = groups
      .map((lists) => ({ lists, size: lists.reduce((sum, list) => sum + list.length, 0) }))
      .sort((a, b) => a.size - b.size);
    const marks = this.marks;
    let count = this.unionOf(sized[0]?.lists ?? [], out);
    for (const { lists } of sized.slice(1)) {
      if (count === 0) break;
      const stamp = this.nextStamp();
      for (const list of lists) for (let i = 0; i < list.length; i += 1) marks[list.data[i]!] = stamp;
      let kept = 0;
      for (let i = 0; i < count; i += 1) if (marks[out[i]!] === stamp) out[kept++] = out[i]!;
      count = kept;
    }
    return count;
  }

  /**
   * Live documents in any of `lists`, each once, into `out` in increasing order (as the lists are);
   * returns how many. Counting then reads the documents' values in the order they are stored,
   * which is several times faster than in a scattered one.
   */
  private unionOf(lists: readonly Postings[], out: Int32Array): number {
    const alive = this.docs.alive;
    let count = 0;
    if (lists.length === 1) {
      const { data, length } = lists[0]!;
      for (let i = 0; i < length; i += 1) if (alive[data[i]!] === 1) out[count++] = data[i]!;
      return count;
    }
    const marks = this.marks;
    const stamp = this.nextStamp();
    for (const { data, length } of lists) {
      for (let i = 0; i < length; i += 1) {
        const slot = data[i]!;
        if (alive[slot] === 1 && marks[slot] !== stamp) {
          marks[slot] = stamp;
          out[count++] = slot;
        }
      }
    }
    const slots = this.docs.slotCount;
    if (count * 8 < slots) {
      out.subarray(0, count).sort();
      return count;
    }
    // Many: reading the marks in order costs less than sorting.
    count = 0;
    for (let slot = 0; slot < slots; slot += 1) if (marks[slot] === stamp) out[count++] = slot;
    return count;
  }

  search(query: EngineQuery): EngineResult {
    // Excluded documents are marked not alive (2) for this search only: every path below takes live
    // documents alone; counts taken from the per-value totals subtract theirs.
    const hidden: number[] = [];
    for (const key of query.excludeEntities ?? []) {
      const slot = this.docs.slotsOfEntity.get(key);
      if (slot !== undefined && this.docs.alive[slot] === 1) {
        this.docs.alive[slot] = 2;
        hidden.push(slot);
      }
    }
    try {
      return this.searchLive(query, hidden);
    } finally {
      for (const slot of hidden) this.docs.alive[slot] = 1;
    }
  }

  private searchLive(query: EngineQuery, hidden: readonly number[]): EngineResult {
    this.ensureScratch();
    const { docs, values } = this;
    const counted = docs.counted;
    const approximateWords: string[] = [];
    const filters = query.filters.map((filter) => {
      const ids = docs.valuesWithLists(filter.values);
      return { name: filter.name, ids, lists: ids.map((id) => docs.valuePostings[id]!) };
    });
    const filterIndex = new Map(filters.map((filter, index) => [filter.name, index]));

    const valueCounts = new Int32Array(values.size);
    // Per value: the filter bit its facet's count ignores (-1: none in use), or NOT_COUNTED.
    const bitOfFacet = new Int8Array(values.facetNames.length).fill(NOT_COUNTED);
    for (const { facet, skip } of query.counted) bitOfFacet[values.facetId(facet)] = filterIndex.get(skip) ?? -1;
    const bitOfValue = new Int8Array(values.size);
    for (let value = 0; value < values.size; value += 1) bitOfValue[value] = bitOfFacet[values.facetOfValue[value]!]!;
    // Per filter bit, the groups of counted values (see DocumentTable) of the facets that ignore it:
    // a document missing only that filter counts those groups and nothing else.
    const runsOfBit: number[][] = filters.map(() => []);
    for (const { facet, skip } of query.counted) {
      const run = docs.runOf(values.facetId(facet));
      if (run === -1) throw new Error(`The engine was not set up to count ${facet}`);
      const bit = filterIndex.get(skip);
      if (bit !== undefined) runsOfBit[bit]!.push(run);
    }
    // 1. The documents that the words allow (all, without words).
    let base: Int32Array | undefined;
    let baseCount = 0;
    if (query.words.length > 0) {
      const groups = query.words.map((word) => this.listsForWord(word, approximateWords));
      baseCount = this.intersect(groups, this.listA);
      base = this.listA;
    }

    // 2. Each filter sets its bit on the documents it allows.
    const filterBits = this.filterBits;
    filterBits.fill(0, 0, docs.slotCount);
    filters.forEach((filter, bit) => {
      for (const list of filter.lists) for (let i = 0; i < list.length; i += 1) filterBits[list.data[i]!]! |= 1 << bit;
    });

    // Without words, only documents allowed by all filters but one can count: those in one of the two
    // smallest filters. When one of one or two filters is a single common value, the facets that
    // ignore the other filter (all of them, with one filter) count from its pair counts instead.
    let countsFromTotals: 'all' | 'all but unmatched' | 'first filter' | 'none' = 'none';
    let paired: { bit: number; value: number; counts: Int32Array } | undefined;
    if (!base) {
      if (filters.length === 0) {
        countsFromTotals = 'all';
      } else {
        if (filters.length === 1) countsFromTotals = 'first filter';
        paired = this.pairedFilter(filters);
        const visited =
          paired === undefined
            ? filters
                .map((filter, bit) => ({ bit, size: filter.lists.reduce((sum, list) => sum + list.length, 0) }))
                .sort((a, b) => a.size - b.size)
                .slice(0, 2)
            : filters.length === 1
              ? [{ bit: 0 }]
              : [{ bit: 1 - paired.bit }];
        baseCount = this.unionOf(
          visited.flatMap(({ bit }) => filters[bit]!.lists),
          this.listA,
        );
        base = this.listA;
      }
    }
    // With pair counts, the facets that ignore this filter bit (-1: none, with a single filter) are read from them.
    const pairedSkip = paired === undefined ? NOT_PAIRED : filters.length === 1 ? -1 : 1 - paired.bit;
    // The groups a matched document counts when some facets are read from pair counts.
    const unpairedRuns =
      paired === undefined
        ? undefined
        : docs.facetOfRun.flatMap((facet, run) => (bitOfFacet[facet] === pairedSkip ? [] : [run]));

    // 3. One pass over the counted values only: matched documents count for every facet; a document
    // missing exactly one filter counts for the facets that ignore it.
    const matched = this.listB;
    let total = 0;
    if (paired !== undefined && filters.length === 1) {
      for (let i = 0; i < baseCount; i += 1) matched[total++] = base![i]!;
    } else if (base && filters.length === 0 && baseCount * 2 > docs.liveCount) {
      // Words that most documents have ("wiki"): count the live documents they leave out, fewer, and
      // take those from the per-value totals below.
      countsFromTotals = 'all but unmatched';
      matched.set(base.subarray(0, baseCount));
      total = baseCount;
      countLiveOutside(docs, base, baseCount, valueCounts);
    } else if (base) {
      // The groups as flat typed arrays: the counting loop then sees the same kinds of arrays in every search.
      const runsFrom = new Int32Array(filters.length + 1);
      runsOfBit.forEach((runs, bit) => (runsFrom[bit + 1] = runsFrom[bit]! + runs.length));
      total = countMatches(
        { from: counted.from, arena: counted.arena, runStarts: docs.runStarts, runs: docs.runs },
        { base, baseCount, filterBits, matched },
        {
          runsOfBit: Int32Array.from(runsOfBit.flat()),
          runsFrom,
          everyRun: unpairedRuns === undefined,
          unpairedRuns: Int32Array.from(unpairedRuns ?? []),
        },
        valueCounts,
      );
    } else {
      total = this.allLive(matched);
    }
    if (paired !== undefined) {
      // The pair counts hold every live document; those hidden from this search are taken away.
      const pairCounts = paired.counts;
      for (let value = 0; value < values.size; value += 1)
        if (bitOfValue[value] === pairedSkip) valueCounts[value] = pairCounts[value] ?? 0;
      const { arena, from } = counted;
      for (const slot of hidden) {
        let hasPairedValue = false;
        for (let v = from[slot]!; v < from[slot + 1]!; v += 1) if (arena[v] === paired.value) hasPairedValue = true;
        if (!hasPairedValue) continue;
        for (let v = from[slot]!; v < from[slot + 1]!; v += 1)
          if (bitOfValue[arena[v]!] === pairedSkip) valueCounts[arena[v]!]! -= 1;
      }
    }

    const hiddenValueCounts = new Int32Array(countsFromTotals === 'none' ? 0 : values.size);
    if (countsFromTotals !== 'none')
      for (const slot of hidden)
        for (const { arena, from } of docs.allValues)
          for (let v = from[slot]!; v < from[slot + 1]!; v += 1) hiddenValueCounts[arena[v]!]! += 1;
    // Per counted facet, its values with a count; then the most frequent `countLimit` (ties by value).
    const perFacet = new Map<number, { value: number; count: number }[]>();
    for (const { facet } of query.counted) perFacet.set(values.facetId(facet), []);
    for (let value = 0; value < values.size; value += 1) {
      const bit = bitOfValue[value]!;
      if (bit === NOT_COUNTED) continue;
      const fromTotals =
        countsFromTotals === 'all' ||
        countsFromTotals === 'all but unmatched' ||
        (countsFromTotals === 'first filter' && bit === 0);
      const unmatched = countsFromTotals === 'all but unmatched' ? valueCounts[value]! : 0;
      const count = fromTotals
        ? (docs.liveValueCounts[value] ?? 0) - hiddenValueCounts[value]! - unmatched
        : valueCounts[value]!;
      if (count > 0) perFacet.get(values.facetOfValue[value]!)!.push({ value, count });
    }
    const counts = new Map<string, Map<string, number>>();
    const text = values.valueText;
    for (const [facetId, entries] of perFacet) {
      if (query.countLimit !== undefined && entries.length > query.countLimit)
        entries
          .sort((a, b) => b.count - a.count || (text[a.value]! < text[b.value]! ? -1 : 1))
          .splice(query.countLimit);
      counts.set(values.facetNames[facetId]!, new Map(entries.map((entry) => [text[entry.value]!, entry.count])));
    }

    const hitFacets = this.facetIdsOf(query.hitFacets);
    const hits = this.page(query, matched, total).map((slot) => docs.hit(slot, hitFacets));
    return { total, hits, counts, approximateWords };
  }

  /** The requested page of `matched`, in the query's order; ties broken by the place in the name order. */
  private page(query: EngineQuery, matched: Int32Array, total: number): number[] {
    if (query.offset >= total) return [];
    const wanted = Math.min(total, query.offset + query.limit);
    const { updatedAts } = this.docs;
    const ranks = this.docs.ranksByName();
    const keys = this.orderKeys;
    if (query.order === 'updated') {
      for (let i = 0; i < total; i += 1) keys[matched[i]!] = -updatedAts[matched[i]!]!;
      const compare = (a: number, b: number) => updatedAts[b]! - updatedAts[a]! || ranks[a]! - ranks[b]!;
      return smallest(matched, total, wanted, compare, keys).slice(query.offset);
    }
    if (query.order === 'capacities' || query.order === 'relevance') {
      const scoreLists = this.docs.listsOf([...new Set(query.scoreValues)]);
      const titleLists =
        query.order === 'relevance'
          ? query.words.map((word) =>
              queryTermsOf(word.text).flatMap((part) => this.terms.listsStartingWith(part, 'title')),
            )
          : [];
      const entries = [...scoreLists, ...titleLists.flat()].reduce((sum, list) => sum + list.length, 0);
      if (entries * 2 < total)
        return this.pageOfFew(matched, total, wanted, scoreLists, titleLists).slice(query.offset);
      const scores = this.capacityScores;
      const titleHits = this.titleHits;
      this.scoreCapacities(scoreLists, matched, total);
      if (query.order === 'relevance') this.markTitleWords(titleLists, matched, total);
      else for (let i = 0; i < total; i += 1) titleHits[matched[i]!] = 0;
      for (let i = 0; i < total; i += 1) {
        const slot = matched[i]!;
        keys[slot] = rankKey(titleHits[slot]!, scores[slot]!, ranks[slot]!);
      }
      // The keys are distinct: they alone decide.
      return smallest(matched, total, wanted, (a, b) => keys[a]! - keys[b]!, keys).slice(query.offset);
    }
    // By name, when the first `wanted` of the name order are likely met soon among the matches.
    if (wanted * (this.docs.slotCount / total) * 2 < total)
      return this.pageOfFew(matched, total, wanted, [], []).slice(query.offset);
    return smallest(matched, total, wanted, (a, b) => ranks[a]! - ranks[b]!, ranks).slice(query.offset);
  }

  /**
   * The first `wanted` matches in the relevance (or capacities) order when few matches have a
   * scored capacity or a query word in their name (the candidates): those come first, in their
   * order; the rest of the page is the other matches in name order, found by walking the name
   * order until there are enough, instead of giving every match a key.
   */
  private pageOfFew(
    matched: Int32Array,
    total: number,
    wanted: number,
    scoreLists: readonly Postings[],
    titleLists: readonly (readonly Postings[])[],
  ): number[] {
    const { marks, otherMarks } = this;
    const scores = this.capacityScores;
    const titleHits = this.titleHits;
    const isMatched = this.nextStamp();
    for (let i = 0; i < total; i += 1) marks[matched[i]!] = isMatched;
    const candidates: number[] = [];
    const candidate = (slot: number) => {
      if (otherMarks[slot] === isMatched) return;
      otherMarks[slot] = isMatched;
      scores[slot] = 0;
      titleHits[slot] = 0;
      candidates.push(slot);
    };
    for (const { data, length } of scoreLists)
      for (let i = 0; i < length; i += 1) {
        const slot = data[i]!;
        if (marks[slot] !== isMatched) continue;
        candidate(slot);
        scores[slot]! += 1;
      }
    for (const lists of titleLists) {
      const named = new Set<number>();
      for (const { data, length } of lists)
        for (let i = 0; i < length; i += 1) if (marks[data[i]!] === isMatched) named.add(data[i]!);
      for (const slot of named) {
        candidate(slot);
        titleHits[slot]! += 1;
      }
    }
    const ranks = this.docs.ranksByName();
    const keys = this.orderKeys;
    for (const slot of candidates) keys[slot] = rankKey(titleHits[slot]!, scores[slot]!, ranks[slot]!);
    const first = smallest(Int32Array.from(candidates), candidates.length, wanted, (a, b) => keys[a]! - keys[b]!, keys);
    const byName = this.docs.slotsByName();
    for (let position = 0; first.length < wanted && position < byName.length; position += 1) {
      const slot = byName[position]!;
      if (marks[slot] === isMatched && otherMarks[slot] !== isMatched) first.push(slot);
    }
    return first;
  }

  /** For the capacities and relevance orders: how many of the scored values' lists hold each matched document. */
  private scoreCapacities(lists: readonly Postings[], matched: Int32Array, total: number): void {
    const scores = this.capacityScores;
    for (let i = 0; i < total; i += 1) scores[matched[i]!] = 0;
    if (lists.length === 0) return;
    // Walking the scored values' lists costs less than walking every matched document's values.
    const stamp = this.nextStamp();
    const marks = this.marks;
    for (let i = 0; i < total; i += 1) marks[matched[i]!] = stamp;
    for (const list of lists)
      for (let i = 0; i < list.length; i += 1) if (marks[list.data[i]!] === stamp) scores[list.data[i]!]! += 1;
  }

  /** For the relevance order: how many query words (each its name lists) each matched document has in its name. */
  private markTitleWords(titleLists: readonly (readonly Postings[])[], matched: Int32Array, total: number): void {
    const titleHits = this.titleHits;
    const marks = this.marks;
    for (let i = 0; i < total; i += 1) titleHits[matched[i]!] = 0;
    for (const lists of titleLists) {
      const stamp = this.nextStamp();
      for (const list of lists) for (let i = 0; i < list.length; i += 1) marks[list.data[i]!] = stamp;
      for (let i = 0; i < total; i += 1) if (marks[matched[i]!] === stamp) titleHits[matched[i]!]! += 1;
    }
  }

  /**
   * How many live documents pass every filter, per combination of their values of the grouped
   * facets (see Tabulation). Cells are counted under a number made of the values' ids (at most
   * three facets, whose ids multiply below 2^53) and named only at the end.
   */
  tabulate({ filters, groupBy }: Tabulation): TabulationCells {
    if (groupBy.length > 3) throw new Error('At most three facets make a cell');
    this.ensureScratch();
    const { docs, values } = this;
    const matched = this.listA;
    const total = filters.length > 0 ? this.filtered(filters, matched) : this.allLive(matched);
    if (groupBy.length === 0) return { matched: total, cells: new Map() };
    const cells = new Map<number, number>();
    // Which grouped facet (its position) each value counts for, or -1; decided once per value.
    const facetIds = groupBy.map(({ facet }) => values.facetId(facet));
    const groupOfValue = new Int8Array(values.size).fill(-1);
    for (let value = 0; value < values.size; value += 1) {
      const group = facetIds.indexOf(values.facetOfValue[value]!);
      if (group === -1) continue;
      const prefix = groupBy[group]!.prefix;
      if (prefix === undefined || values.valueText[value]!.startsWith(prefix)) groupOfValue[value] = group;
    }
    const base = values.size + 1;
    const found: number[][] = groupBy.map(() => []);
    // Where each grouped facet's values sit in a document: a counted facet in its own run, any
    // other among the filter-only values; so a document is read only where its cells can be.
    const { runs, runStarts, counted, filterOnly } = docs;
    const runOfGroup = facetIds.map((facet) => docs.runOf(facet));
    const readsFilterOnly = runOfGroup.includes(-1);
    const collect = (arena: ValueArena, from: number, to: number) => {
      for (let v = from; v < to; v += 1) {
        const group = groupOfValue[arena[v]!]!;
        if (group !== -1) found[group]!.push(arena[v]!);
      }
    };
    for (let i = 0; i < total; i += 1) {
      const slot = matched[i]!;
      for (const list of found) list.length = 0;
      const start = counted.from[slot]!;
      for (const run of runOfGroup) {
        if (run === -1) continue;
        collect(
          counted.arena,
          start + runStarts[slot * runs + run]!,
          run + 1 < runs ? start + runStarts[slot * runs + run + 1]! : counted.from[slot + 1]!,
        );
      }
      if (readsFilterOnly) collect(filterOnly.arena, filterOnly.from[slot]!, filterOnly.from[slot + 1]!);
      const add = (key: number) => cells.set(key, (cells.get(key) ?? 0) + 1);
      const [first, second, third] = found;
      for (const a of first!) {
        if (!second) add(a);
        else
          for (const b of second) {
            if (!third) add(a * base + b);
            else for (const c of third) add((a * base + b) * base + c);
          }
      }
    }
    const named = new Map<string, number>();
    for (const [key, count] of cells) {
      const parts: string[] = [];
      let rest = key;
      for (let group = groupBy.length - 1; group >= 0; group -= 1) {
        parts.unshift(values.valueText[rest % base]!);
        rest = Math.floor(rest / base);
      }
      named.set(parts.join(TABULATION_SEPARATOR), count);
    }
    return { matched: total, cells: named };
  }

  private allLive(out: Int32Array): number {
    const alive = this.docs.alive;
    let count = 0;
    for (let slot = 0; slot < this.docs.slotCount; slot += 1) if (alive[slot] === 1) out[count++] = slot;
    return count;
  }

  /**
   * Live documents passing every filter, into `out`; returns how many. The smallest filter's
   * documents are the candidates; a larger filter is then checked on each candidate's own values
   * when that is cheaper than marking its whole lists (a filter every document passes, such as
   * "counted in the statistics", would otherwise be marked in full every time).
   */
  private filtered(filters: readonly EngineFilter[], out: Int32Array): number {
    const { docs } = this;
    const groups = filters
      .map((filter) => {
        const values = docs.valuesWithLists(filter.values);
        return { values, size: values.reduce((sum, value) => sum + docs.valuePostings[value]!.length, 0) };
      })
      .sort((a, b) => a.size - b.size);
    if (groups.some((group) => group.values.length === 0)) return 0;
    let count = this.intersect([groups[0]!.values.map((value) => docs.valuePostings[value]!)], out);
    const stores = docs.allValues;
    for (const group of groups.slice(1)) {
      if (count === 0) break;
      // About the values a document holds, against the entries of the group's lists.
      if (count * 32 < group.size) {
        const wanted = new Uint8Array(this.values.size);
        for (const value of group.values) wanted[value] = 1;
        let kept = 0;
        for (let i = 0; i < count; i += 1) {
          const slot = out[i]!;
          const holds = stores.some(({ arena, from }) => {
            for (let v = from[slot]!; v < from[slot + 1]!; v += 1) if (wanted[arena[v]!] === 1) return true;
            return false;
          });
          if (holds) out[kept++] = slot;
        }
        count = kept;
      } else {
        const stamp = this.nextStamp();
        const marks = this.marks;
        for (const value of group.values) {
          const list = docs.valuePostings[value]!;
          for (let i = 0; i < list.length; i += 1) marks[list.data[i]!] = stamp;
        }
        let kept = 0;
        for (let i = 0; i < count; i += 1) if (marks[out[i]!] === stamp) out[kept++] = out[i]!;
        count = kept;
      }
    }
    return count;
  }

  /**
   * One suggestion group's live documents whose flag is 1 (see suggest), each once, at the first
   * tier that holds it: their slots, tiers and the value that brought each.
   */
  private suggestionGroup(
    tierValues: readonly (readonly string[])[],
    flags: Uint8Array,
  ): { slots: Int32Array; tiers: Uint8Array; vias: Int32Array; count: number } {
    const lists: { tier: number; id: number; list: Postings }[] = [];
    tierValues.forEach((keys, tier) => {
      for (const key of keys) {
        const id = this.values.existingId(key);
        const list = id === undefined ? undefined : this.docs.valuePostings[id];
        if (list) lists.push({ tier, id: id!, list });
      }
    });
    const room = Math.max(
      1,
      lists.reduce((sum, { list }) => sum + list.length, 0),
    );
    const slots = new Int32Array(room);
    const tiers = new Uint8Array(room);
    const vias = new Int32Array(room);
    const alive = this.docs.alive;
    const marks = this.marks;
    const stamp = this.nextStamp();
    let count = 0;
    for (const { tier, id, list } of lists) {
      const data = list.data;
      for (let i = 0; i < list.length; i += 1) {
        const slot = data[i]!;
        if (alive[slot] !== 1 || flags[slot] !== 1 || marks[slot] === stamp) continue;
        marks[slot] = stamp;
        slots[count] = slot;
        tiers[count] = tier;
        vias[count++] = id;
      }
    }
    return { slots, tiers, vias, count };
  }

  /**
   * Suggestions per group (see SuggestionRequest): each document once per group, at the first tier
   * that holds it, ordered by tier, then by how many groups it appears in, then by name.
   */
  suggest(request: SuggestionRequest): SuggestionGroup[] {
    this.ensureScratch();
    const docs = this.docs;
    // 1: speaks one of the languages asked for; 2: excluded (myself, hidden suggestions).
    const flags = this.filterBits;
    flags.fill(request.languages === null ? 1 : 0, 0, docs.slotCount);
    for (const list of docs.listsOf(request.languages ?? []))
      for (let i = 0; i < list.length; i += 1) flags[list.data[i]!] = 1;
    for (const key of request.excludeEntities) {
      const slot = docs.slotsOfEntity.get(key);
      if (slot !== undefined) flags[slot] = 2;
    }
    // Each group's documents, with the tier and the value that brought them, in typed arrays: a
    // popular capacity brings tens of thousands, and an object each cost more than the search.
    const groups = request.groups.map((group) => this.suggestionGroup(group.tiers, flags));
    const groupsOfSlot = this.capacityScores;
    for (const group of groups) for (let i = 0; i < group.count; i += 1) groupsOfSlot[group.slots[i]!] = 0;
    for (const group of groups) for (let i = 0; i < group.count; i += 1) groupsOfSlot[group.slots[i]!]! += 1;
    const tierOfSlot = this.titleHits;
    const ranks = docs.ranksByName();
    const keys = this.orderKeys;
    // One distinct number per document, ordered as the suggestions are: tier, more groups first, name.
    const compare = (a: number, b: number) => keys[a]! - keys[b]!;
    const hitFacets = this.facetIdsOf(request.hitFacets);
    return groups.map(({ slots, tiers, vias, count }) => {
      for (let i = 0; i < count; i += 1) {
        const slot = slots[i]!;
        tierOfSlot[slot] = tiers[i]!;
        keys[slot] = suggestionKey(tiers[i]!, groupsOfSlot[slot]!, ranks[slot]!);
      }
      const chosen = smallest(slots, count, request.perGroup, compare, keys);
      const viaOf = new Map<number, number>();
      for (let i = 0; i < count && viaOf.size < chosen.length; i += 1)
        if (chosen.includes(slots[i]!)) viaOf.set(slots[i]!, vias[i]!);
      return {
        total: count,
        suggestions: chosen.map((slot) => ({
          ...docs.hit(slot, hitFacets),
          tier: tierOfSlot[slot]!,
          via: this.values.valueText[viaOf.get(slot)!]!,
          groups: groupsOfSlot[slot]!,
        })),
      };
    });
  }
}

/** What counting reads: the counted values (DocumentTable.counted) and where each group starts. */
interface CountedValues {
  readonly from: Int32Array;
  readonly arena: ValueArena;
  readonly runStarts: Uint16Array;
  readonly runs: number;
}

/** Adds to `counts` the values of one group of counted values of a document. */
function countGroup(table: CountedValues, slot: number, run: number, counts: Int32Array): void {
  const { from, runStarts, runs, arena } = table;
  const first = from[slot]!;
  const to = run + 1 < runs ? first + runStarts[slot * runs + run + 1]! : from[slot + 1]!;
  for (let v = first + runStarts[slot * runs + run]!; v < to; v += 1) counts[arena[v]!]! += 1;
}

/**
 * One pass over the documents the words allow (`base`, in increasing order): one passing every
 * filter is matched (into `matched`) and counts for every facet (`everyRun`), or only for
 * `unpairedRuns` when the others come from pair counts; one missing exactly one filter counts for
 * the facets that ignore that filter (bit b's groups are runsOfBit[runsFrom[b]..runsFrom[b + 1])).
 * Returns how many matched. It lives outside the search method and takes only typed arrays and
 * numbers, so the optimizer keeps one fast version of it: captured variables, or arrays of
 * different kinds from one search to the next, left it running unoptimized at a quarter the speed.
 */
function countMatches(
  table: CountedValues,
  {
    base,
    baseCount,
    filterBits,
    matched,
  }: { base: Int32Array; baseCount: number; filterBits: Uint8Array; matched: Int32Array },
  groups: { runsOfBit: Int32Array; runsFrom: Int32Array; everyRun: boolean; unpairedRuns: Int32Array },
  counts: Int32Array,
): number {
  const { from, arena } = table;
  const { runsOfBit, runsFrom, everyRun, unpairedRuns } = groups;
  const everyFilter = (1 << (runsFrom.length - 1)) - 1;
  let total = 0;
  for (let i = 0; i < baseCount; i += 1) {
    const slot = base[i]!;
    const bits = filterBits[slot]!;
    if (bits === everyFilter) {
      matched[total++] = slot;
      if (everyRun) {
        const end = from[slot + 1]!;
        for (let v = from[slot]!; v < end; v += 1) counts[arena[v]!]! += 1;
      } else for (let r = 0; r < unpairedRuns.length; r += 1) countGroup(table, slot, unpairedRuns[r]!, counts);
      continue;
    }
    const missing = everyFilter & ~bits;
    if ((missing & (missing - 1)) !== 0) continue;
    const bit = 31 - Math.clz32(missing);
    for (let r = runsFrom[bit]!; r < runsFrom[bit + 1]!; r += 1) countGroup(table, slot, runsOfBit[r]!, counts);
  }
  return total;
}

/** Adds to `counts` the counted values of every live document not in `slots` (increasing). */
function countLiveOutside(docs: DocumentTable, slots: Int32Array, count: number, counts: Int32Array): void {
  const { alive, slotCount } = docs;
  const { arena, from } = docs.counted;
  let next = 0;
  for (let slot = 0; slot < slotCount; slot += 1) {
    if (next < count && slots[next] === slot) {
      next += 1;
      continue;
    }
    if (alive[slot] !== 1) continue;
    const end = from[slot + 1]!;
    for (let v = from[slot]!; v < end; v += 1) counts[arena[v]!]! += 1;
  }
}
