import { afterAll, describe, expect, test } from 'vitest';
import {
  FACET,
  ORGANIZATION_SIDE,
  PERSON_SIDE,
  SIDE,
  type EntityType,
  type Facet,
} from '../../../../shared/vocabulary';
import { countedFacets } from '../search.service';
import { SEARCH_ENGINE_OPTIONS } from '../search.sync';
import { localEngine } from './local-engine';
import { SearchIndex } from './search-index';
import {
  facetLines,
  valueKey,
  type Audience,
  type EngineDocument,
  type EngineFilter,
  type EngineQuery,
  type EngineResult,
  type FacetValue,
  type SearchEngine,
  type StoredDocument,
  type SuggestionGroup,
  type SuggestionRequest,
  type Tabulation,
} from './types';
import { workerEngineFactory } from './worker-engine';

/*
 * The engine's behaviour, as search.service and matches use it: hand-made rows for each rule, and
 * random documents and queries checked against a reference that filters, counts and sorts the
 * documents directly (slow, but plainly right). The engine is built with the app's options, so the
 * capacity and language-level facets are filter-only here as they are in production.
 */

const OPTIONS = SEARCH_ENGINE_OPTIONS;
const COUNTED = new Set(OPTIONS.countedFacets);
/** Every document's text has this word, so a query can match everything through words. */
const EVERYWHERE = 'cx';

// ---------------------------------------------------------------------------------------------
// Building documents and queries

const f = (facet: Facet, value: string): FacetValue => ({ facet, value });
const capacity = (side: string, id: number) => f(FACET.capacity, `${side}:${id}`);
const capacityAny = (id: number) => f(FACET.capacityAny, String(id));
const keyOfValue = (value: FacetValue) => valueKey(value.facet, value.value);

interface DocumentOptions {
  readonly body?: string;
  readonly facets?: readonly FacetValue[];
  readonly audience?: Audience;
  readonly updatedAt?: number;
  readonly sortName?: string;
}

/** A document of entity `type:id` named `name`; its text is the name, `body` and the word everywhere. */
function doc(key: string, name: string, options: DocumentOptions = {}): EngineDocument {
  const [entityType, entityId] = key.split(':') as [EntityType, string];
  return {
    entityType,
    entityId,
    audience: options.audience ?? 'member',
    address: `/${entityType}/${entityId}`,
    title: name,
    sortName: options.sortName ?? name.toLowerCase(),
    body: [name.toLowerCase(), options.body ?? '', EVERYWHERE].filter(Boolean).join(' '),
    facets: [f(FACET.type, entityType), ...(options.facets ?? [])],
    updatedAt: options.updatedAt ?? 0,
  };
}

const w = (text: string, ...capacityValues: string[]) => ({ text, capacityValues });

function q(query: Partial<EngineQuery> = {}): EngineQuery {
  return {
    audience: 'member',
    words: [],
    filters: [],
    counted: [],
    order: 'name',
    scoreValues: [],
    limit: 1000,
    offset: 0,
    ...query,
  };
}

const filter = (name: Facet, ...values: FacetValue[]): EngineFilter => ({ name, values: values.map(keyOfValue) });
const counted = (facet: Facet, skip: Facet = facet) => ({ facet, skip });

/** The engine takes documents as they are stored: facet values as `facet=value` lines. */
const stored = (document: EngineDocument): StoredDocument => ({ ...document, facets: facetLines(document.facets) });

function indexOf(documents: readonly EngineDocument[]): SearchIndex {
  const index = new SearchIndex(OPTIONS);
  for (const document of documents) index.add(stored(document));
  return index;
}

const keyOf = (document: { entityType: string; entityId: string }) => `${document.entityType}:${document.entityId}`;
const keysOf = (result: EngineResult) => result.hits.map((hit) => `${hit.type}:${hit.entityId}`);

type PlainCounts = Record<string, Record<string, number>>;
const plainCounts = (counts: ReadonlyMap<string, ReadonlyMap<string, number>>): PlainCounts =>
  Object.fromEntries([...counts].map(([facet, values]) => [facet, Object.fromEntries(values)]));

interface Summary {
  total: number;
  keys: string[];
  counts: PlainCounts;
  approximateWords: string[];
}
const summary = (result: EngineResult): Summary => ({
  total: result.total,
  keys: keysOf(result),
  counts: plainCounts(result.counts),
  approximateWords: result.approximateWords,
});

// ---------------------------------------------------------------------------------------------
// The reference: the rules of types.ts and docs/ARCHITECTURE.md applied to each document in turn.
// Its documents have spaced text only (unspaced scripts are checked by hand-made rows).

const termsCache = new WeakMap<EngineDocument, { body: string[]; title: string[]; values: Set<string> }>();
function partsOf(document: EngineDocument) {
  let parts = termsCache.get(document);
  if (!parts) {
    const split = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    parts = {
      body: split(document.body),
      title: split(document.sortName),
      values: new Set(document.facets.map(keyOfValue)),
    };
    termsCache.set(document, parts);
  }
  return parts;
}

/** Latin words of four letters or more are matched by close spelling (and so are the terms they match). */
const approximable = (word: string) => /^[a-z]{4,}$/.test(word);

/** Levenshtein distance of at most one, an adjacent transposition counting as one edit. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    const differing = [...a].flatMap((character, index) => (character === b[index] ? [] : [index]));
    if (differing.length === 1) return true;
    const [i, j] = differing as [number, number];
    return differing.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  if (longer.length - shorter.length !== 1) return false;
  for (let i = 0; i < longer.length; i += 1) if (longer.slice(0, i) + longer.slice(i + 1) === shorter) return true;
  return false;
}

/** A term is a close spelling of a word when it, or its beginning (a word still being typed), is one edit away. */
const closeSpelling = (word: string, term: string) =>
  approximable(term) &&
  [word.length - 1, word.length, word.length + 1].some((n) => oneEditApart(word, term.slice(0, n)));

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last keys of every order: the sort name, then the entity. */
const byName = (a: EngineDocument, b: EngineDocument) =>
  compareText(a.sortName, b.sortName) || compareText(keyOf(a), keyOf(b));

interface Expected extends Summary {
  /** Every hit in order, before the page is cut. */
  ordered: string[];
}

/** What `query` should answer over `live`, the documents that are currently stored (every audience). */
function reference(live: readonly EngineDocument[], query: EngineQuery): Expected {
  const audience = live.filter((document) => document.audience === query.audience);
  const excluded = new Set(query.excludeEntities ?? []);
  const approximateWords: string[] = [];
  const wordTests = query.words.map((word) => {
    const asWritten = (document: EngineDocument) =>
      partsOf(document).body.some((term) => term.startsWith(word.text)) ||
      word.capacityValues.some((value) => partsOf(document).values.has(value));
    // Whether a word matches as written is decided over the audience's documents, excluded ones
    // included (excluding a document hides it, it does not change how words are read).
    if (audience.some(asWritten)) return asWritten;
    const close = (document: EngineDocument) => partsOf(document).body.some((term) => closeSpelling(word.text, term));
    if (approximable(word.text) && audience.some(close)) {
      approximateWords.push(word.text);
      return close;
    }
    return () => false;
  });
  const matching = audience.filter(
    (document) => !excluded.has(keyOf(document)) && wordTests.every((matches) => matches(document)),
  );
  const passes = (document: EngineDocument, one: EngineFilter) =>
    one.values.some((value) => partsOf(document).values.has(value));

  const counts: PlainCounts = {};
  for (const { facet, skip } of query.counted) {
    const values: Record<string, number> = {};
    for (const document of matching) {
      if (!query.filters.every((one) => one.name === skip || passes(document, one))) continue;
      for (const value of document.facets)
        if (value.facet === facet && COUNTED.has(value.facet)) values[value.value] = (values[value.value] ?? 0) + 1;
    }
    counts[facet] = values;
  }

  const hits = matching.filter((document) => query.filters.every((one) => passes(document, one)));
  const scoreValues = new Set(query.scoreValues);
  const score = (document: EngineDocument) =>
    [...partsOf(document).values].filter((value) => scoreValues.has(value)).length;
  const titleWords = (document: EngineDocument) =>
    query.words.filter((word) => partsOf(document).title.some((term) => term.startsWith(word.text))).length;
  const compare: Record<EngineQuery['order'], (a: EngineDocument, b: EngineDocument) => number> = {
    name: byName,
    updated: (a, b) => b.updatedAt - a.updatedAt || byName(a, b),
    capacities: (a, b) => score(b) - score(a) || byName(a, b),
    relevance: (a, b) => titleWords(b) - titleWords(a) || score(b) - score(a) || byName(a, b),
  };
  const ordered = [...hits].sort(compare[query.order]).map(keyOf);
  return {
    total: hits.length,
    keys: ordered.slice(query.offset, query.offset + query.limit),
    ordered,
    counts,
    approximateWords,
  };
}

const withoutOrdered = ({ ordered: _ordered, ...rest }: Expected): Summary => rest;

/** What `suggest` should answer: see SuggestionRequest and AudienceIndex.suggest. */
function referenceSuggestions(live: readonly EngineDocument[], audience: Audience, request: SuggestionRequest) {
  const excluded = new Set(request.excludeEntities);
  const candidates = live.filter(
    (document) =>
      document.audience === audience &&
      !excluded.has(keyOf(document)) &&
      (request.languages === null || request.languages.some((value) => partsOf(document).values.has(value))),
  );
  const groups = request.groups.map((group) => {
    const found = new Map<EngineDocument, { tier: number; via: string }>();
    group.tiers.forEach((values, tier) => {
      for (const value of values)
        for (const document of candidates)
          if (!found.has(document) && partsOf(document).values.has(value))
            found.set(document, { tier, via: value.slice(value.indexOf('=') + 1) });
    });
    return found;
  });
  const groupsOf = (document: EngineDocument) => groups.filter((found) => found.has(document)).length;
  return groups.map((found) => ({
    total: found.size,
    suggestions: [...found]
      .sort(([a, x], [b, y]) => x.tier - y.tier || groupsOf(b) - groupsOf(a) || byName(a, b))
      .slice(0, request.perGroup)
      .map(([document, { tier, via }]) => ({ key: keyOf(document), tier, via, groups: groupsOf(document) })),
  }));
}

const suggestionSummary = (groups: SuggestionGroup[]) =>
  groups.map((group) => ({
    total: group.total,
    suggestions: group.suggestions.map((suggestion) => ({
      key: `${suggestion.type}:${suggestion.entityId}`,
      tier: suggestion.tier,
      via: suggestion.via,
      groups: suggestion.groups,
    })),
  }));

// ---------------------------------------------------------------------------------------------
// Random documents and queries, from a seeded generator so that every run checks the same cases.

class Dice {
  constructor(private seed: number) {}

  /** mulberry32: small, and good enough to pick test cases. */
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  /** A non-empty subset, in the list's order. */
  some<T>(values: readonly T[], probability = 0.4): T[] {
    const chosen = values.filter(() => this.chance(probability));
    return chosen.length > 0 ? chosen : [this.pick(values)];
  }
}

const FIRST_NAMES = [
  'ana',
  'anabel',
  'bruno',
  'chen',
  'dalia',
  'emeka',
  'farah',
  'jonas',
  'kofi',
  'lea',
  'maria',
  'mario',
];
const LAST_NAMES = ['lopez', 'garcia', 'silva', 'okafor', 'haddad', 'novak', 'berg', 'santos'];
const ORGANIZATION_WORDS = ['chapter', 'group', 'hub'];
// Words sharing beginnings (wiki, edit, photo, transl, budget, mentor, libr), so prefixes match several.
const VOCABULARY = [
  'wikipedia',
  'wikidata',
  'wikisource',
  'commons',
  'editor',
  'editing',
  'photographer',
  'photos',
  'translation',
  'translator',
  'community',
  'budget',
  'budgeting',
  'outreach',
  'education',
  'events',
  'mentor',
  'mentoring',
  'software',
  'research',
  'archives',
  'library',
  'librarian',
  'museum',
  'maps',
];
const LANGUAGES = ['en', 'es', 'fr', 'ar', 'ja'];
const COUNTRIES: readonly (readonly [string, string])[] = [
  ['FR', 'europe'],
  ['DE', 'europe'],
  ['NG', 'africa'],
  ['BR', 'americas'],
  ['JP', 'asia'],
];
const FORMATS = ['one-on-one', 'mentoring', 'clinic', 'training'];
const ORGANIZATION_TYPES = ['chapter', 'user-group', 'hub'];
const CAPACITY_IDS = Array.from({ length: 10 }, (_, index) => index + 1);

/** An entity's documents as search.indexer builds them: a member one, and often a smaller visitor one. */
function randomDocuments(dice: Dice, entityType: EntityType, entityId: string): EngineDocument[] {
  const organization = entityType === 'organization';
  const name = organization
    ? `${dice.pick(LAST_NAMES)} ${dice.pick(ORGANIZATION_WORDS)}`
    : `${dice.pick(FIRST_NAMES)} ${dice.pick(LAST_NAMES)}`;
  const unnamed = dice.chance(0.04);
  const sides = organization ? ORGANIZATION_SIDE.values : PERSON_SIDE.values;
  const capacities = sides.flatMap((side) =>
    dice.chance(0.5) ? dice.some(CAPACITY_IDS, 0.15).map((id) => ({ side, id })) : [],
  );
  const languages = dice.chance(0.8) ? dice.some(LANGUAGES, 0.3).map((code) => ({ code, rank: dice.int(7) })) : [];
  const country = dice.chance(0.7) ? dice.pick(COUNTRIES) : undefined;
  const formats = dice.chance(0.5) ? dice.some(FORMATS, 0.3) : [];
  const facets = (forVisitors: boolean): FacetValue[] => [
    f(FACET.type, entityType),
    ...[...new Set(capacities.map((entry) => entry.side))].map((side) => f(FACET.side, side)),
    ...capacities.map((entry) => capacity(entry.side, entry.id)),
    ...[...new Set(capacities.map((entry) => entry.id))].map(capacityAny),
    ...(forVisitors
      ? []
      : languages.flatMap((entry) => [
          f(FACET.language, entry.code),
          f(FACET.languageLevel, `${entry.code}@${entry.rank}`),
        ])),
    ...(country ? [f(FACET.country, country[0]), f(FACET.region, country[1])] : []),
    ...formats.map((format) => f(FACET.format, format)),
    ...(organization ? [f(FACET.orgType, dice.pick(ORGANIZATION_TYPES))] : []),
  ];
  const words = Array.from({ length: 1 + dice.int(4) }, () => dice.pick(VOCABULARY));
  const document = (audience: Audience, body: string[]): EngineDocument => ({
    entityType,
    entityId,
    audience,
    address: `/${entityType}/${entityId}`,
    title: unnamed ? null : name,
    sortName: unnamed ? '\uffff' : name,
    body: [...(unnamed ? [] : [name]), ...body, EVERYWHERE].join(' '),
    facets: facets(audience === 'visitor'),
    updatedAt: dice.int(40),
  });
  return [document('member', words), ...(dice.chance(0.4) ? [document('visitor', words.slice(0, 1))] : [])];
}

/** A word as typed with one slip: letters swapped, one left out, one wrong, one too many. */
function typo(dice: Dice, word: string): string {
  const at = dice.int(word.length - 1);
  const letter = dice.pick([...'abcdefghijklmnopqrstuvwxyz']);
  switch (dice.int(4)) {
    case 0:
      return word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + letter + word.slice(at + 1);
    default:
      return word.slice(0, at) + letter + word.slice(at);
  }
}

/** A query as search.service builds one: words, filters named by facet, the eight counted facets. */
function randomQuery(dice: Dice, entityKeys: readonly string[]): EngineQuery {
  const named: number[] = [];
  const words = Array.from({ length: dice.pick([0, 0, 0, 1, 1, 1, 2]) }, () => {
    const kind = dice.next();
    if (kind < 0.5) {
      const word = dice.pick(VOCABULARY);
      return w(word.slice(0, 2 + dice.int(word.length - 1)));
    }
    if (kind < 0.62) {
      const word = dice.pick([...FIRST_NAMES, ...LAST_NAMES]);
      return w(word.slice(0, 1 + dice.int(word.length)));
    }
    if (kind < 0.78) {
      const word = dice.pick([...VOCABULARY, ...FIRST_NAMES, ...LAST_NAMES]);
      return w(typo(dice, dice.chance(0.3) ? word.slice(0, Math.max(4, word.length - 3)) : word));
    }
    if (kind < 0.92) {
      // A word naming capacities (matched against their labels by the service): found by them, or by its text.
      const ids = dice.some(CAPACITY_IDS, 0.15);
      named.push(...ids);
      const text = dice.chance(0.5) ? 'q7' : dice.pick(VOCABULARY).slice(0, 3);
      return w(text, ...ids.map((id) => valueKey(FACET.capacityAny, String(id))));
    }
    return w('x9y');
  });

  const filters: EngineFilter[] = [];
  let capacityValues: string[] = [];
  if (dice.chance(0.25))
    filters.push(filter(FACET.type, ...dice.some(['person', 'organization']).map((type) => f(FACET.type, type))));
  if (dice.chance(0.25)) {
    const sides = dice.chance(0.5) ? dice.some(SIDE.values) : SIDE.values;
    const ids = dice.some(CAPACITY_IDS, 0.15);
    capacityValues = ids.flatMap((id) => sides.map((side) => valueKey(FACET.capacity, `${side}:${id}`)));
    filters.push({ name: FACET.capacity, values: capacityValues });
  } else if (dice.chance(0.15)) {
    filters.push(filter(FACET.side, ...dice.some(SIDE.values).map((side) => f(FACET.side, side))));
  }
  if (dice.chance(0.3)) {
    const codes = dice.some(LANGUAGES, 0.3);
    const minLevel = dice.chance(0.4) ? 1 + dice.int(6) : 0;
    filters.push(
      minLevel > 0
        ? {
            name: FACET.language,
            values: codes.flatMap((code) =>
              [0, 1, 2, 3, 4, 5, 6]
                .filter((rank) => rank >= minLevel)
                .map((rank) => valueKey(FACET.languageLevel, `${code}@${rank}`)),
            ),
          }
        : filter(FACET.language, ...codes.map((code) => f(FACET.language, code))),
    );
  }
  if (dice.chance(0.15))
    filters.push(
      filter(
        FACET.region,
        ...dice.some(['europe', 'africa', 'asia', 'oceania']).map((region) => f(FACET.region, region)),
      ),
    );
  if (dice.chance(0.2))
    filters.push(
      filter(
        FACET.country,
        ...dice.some([...COUNTRIES.map(([code]) => code), 'ZZ']).map((code) => f(FACET.country, code)),
      ),
    );
  if (dice.chance(0.2))
    filters.push(filter(FACET.format, ...dice.some(FORMATS).map((format) => f(FACET.format, format))));
  if (dice.chance(0.1))
    filters.push(filter(FACET.orgType, ...dice.some(ORGANIZATION_TYPES).map((type) => f(FACET.orgType, type))));

  const facetsCounted = [...countedFacets(capacityValues.length > 0)];
  // Now and then a count skips another facet's filter than its own (as the side count skips the capacity filter).
  if (dice.chance(0.25)) {
    const at = dice.int(facetsCounted.length);
    facetsCounted[at] = counted(facetsCounted[at]!.facet, filters.length > 0 ? dice.pick(filters).name : FACET.format);
  }
  const extraScore = dice.chance(0.3) ? [valueKey(FACET.capacityAny, String(dice.pick(CAPACITY_IDS)))] : [];
  return {
    audience: dice.chance(0.2) ? 'visitor' : 'member',
    words,
    filters,
    counted: facetsCounted,
    order: dice.pick(['relevance', 'name', 'capacities', 'updated'] as const),
    scoreValues: [...capacityValues, ...named.map((id) => valueKey(FACET.capacityAny, String(id))), ...extraScore],
    limit: 1 + dice.int(25),
    offset: dice.chance(0.3) ? dice.int(80) : 0,
    excludeEntities: dice.chance(0.3)
      ? [...Array.from({ length: 1 + dice.int(4) }, () => dice.pick(entityKeys)), 'person:nobody']
      : undefined,
  };
}

function randomSuggestionRequest(dice: Dice, entityKeys: readonly string[]): SuggestionRequest {
  const values = () =>
    dice
      .some(CAPACITY_IDS, 0.15)
      .flatMap((id) => dice.some(SIDE.values).map((side) => valueKey(FACET.capacity, `${side}:${id}`)));
  return {
    groups: Array.from({ length: 1 + dice.int(3) }, () => ({ tiers: [values(), values(), values()] })),
    languages: dice.chance(0.5) ? null : dice.some(LANGUAGES, 0.3).map((code) => valueKey(FACET.language, code)),
    excludeEntities: Array.from({ length: dice.int(5) }, () => dice.pick(entityKeys)),
    perGroup: 1 + dice.int(12),
  };
}

type Change =
  | {
      readonly op: 'replace';
      readonly entityType: EntityType;
      readonly entityId: string;
      readonly documents: EngineDocument[];
    }
  | { readonly op: 'add'; readonly documents: EngineDocument[] };

/** Documents to load (some entities twice: the later version wins), then rounds of changes. */
interface Scenario {
  readonly initial: EngineDocument[];
  readonly rounds: Change[][];
  readonly entityKeys: string[];
}

function scenarioOf(seed: number, people = 300, organizations = 80): Scenario {
  const dice = new Dice(seed);
  const entities: [EntityType, string][] = [
    ...Array.from({ length: people }, (_, n): [EntityType, string] => ['person', String(n + 1)]),
    ...Array.from({ length: organizations }, (_, n): [EntityType, string] => ['organization', String(n + 1)]),
  ];
  const earlier = Array.from({ length: 20 }, () => dice.pick(entities)).flatMap(([type, id]) =>
    randomDocuments(dice, type, id),
  );
  const initial = [...earlier, ...entities.flatMap(([type, id]) => randomDocuments(dice, type, id))];
  const rounds = [0, 1].map(() =>
    Array.from({ length: 60 }, (): Change => {
      const [entityType, entityId] = dice.pick(entities);
      const kind = dice.next();
      if (kind < 0.5)
        return { op: 'replace', entityType, entityId, documents: randomDocuments(dice, entityType, entityId) };
      if (kind < 0.75) return { op: 'replace', entityType, entityId, documents: [] };
      return { op: 'add', documents: randomDocuments(dice, entityType, entityId).slice(0, 1) };
    }),
  );
  return { initial, rounds, entityKeys: entities.map(([type, id]) => `${type}:${id}`) };
}

/** The stored documents, one per entity and audience, as the changes leave them. */
class Model {
  private readonly documents = new Map<string, EngineDocument>();

  add(documents: readonly EngineDocument[]): void {
    for (const document of documents) this.documents.set(`${keyOf(document)}|${document.audience}`, document);
  }

  apply(change: Change): void {
    if (change.op === 'add') return this.add(change.documents);
    for (const audience of ['member', 'visitor'])
      this.documents.delete(`${change.entityType}:${change.entityId}|${audience}`);
    this.add(change.documents);
  }

  get live(): EngineDocument[] {
    return [...this.documents.values()];
  }
}

function applyTo(engine: SearchIndex | SearchEngine, change: Change): void {
  const documents = change.documents.map(stored);
  if (change.op === 'replace') engine.replace(change.entityType, change.entityId, documents);
  else if (engine instanceof SearchIndex) documents.forEach((document) => engine.add(document));
  else engine.add(documents);
}

// ---------------------------------------------------------------------------------------------

describe('words', () => {
  const people = [
    doc('person:1', 'Ana Lopez', { body: 'wikipedia editor', facets: [capacityAny(12)] }),
    doc('person:2', 'Bruno Garcia', { body: 'commons photographer' }),
    doc('person:3', '山田健二'),
    doc('person:4', 'Maria Silva', { body: 'wikidata budgeting' }),
    doc('person:5', 'Mario Rossi', { body: 'wikisource' }),
    doc('person:6', '健太郎'),
    doc('person:7', 'Anabel Berg'),
  ];
  const index = indexOf(people);

  test.each([
    // Prefixes: a word matches every term it begins.
    { name: 'a prefix matches every term it begins', words: ['wiki'], hits: ['person:1', 'person:4', 'person:5'] },
    { name: 'a longer prefix narrows', words: ['wikip'], hits: ['person:1'] },
    { name: 'a whole word is a prefix too', words: ['ana'], hits: ['person:1', 'person:7'] },
    { name: 'a word matches names as well as text', words: ['garc'], hits: ['person:2'] },
    // Every word must match.
    { name: 'two words: documents with both', words: ['ana', 'wiki'], hits: ['person:1'] },
    { name: 'two words that never meet match nothing', words: ['ana', 'commons'], hits: [] },
    { name: 'a word that matches nothing voids the others', words: ['wiki', 'x9y'], hits: [] },
    // Unspaced scripts: pairs of characters.
    { name: 'a pair inside a Han name', words: ['健二'], hits: ['person:3'] },
    { name: 'the first pair of a Han name', words: ['山田'], hits: ['person:3'] },
    { name: 'a pair across the two parts of a Han name', words: ['田健'], hits: ['person:3'] },
    { name: 'a whole Han name (every pair must occur)', words: ['山田健二'], hits: ['person:3'] },
    { name: 'one Han character matches every name with it', words: ['健'], hits: ['person:6', 'person:3'] },
    { name: 'Han characters that are not neighbours match nothing', words: ['山健'], hits: [] },
    { name: 'a Han name whose pairs do not all occur', words: ['健二郎'], hits: [] },
  ])('$name', ({ words, hits }) => {
    const result = index.search(q({ words: words.map((text) => w(text)) }));
    // Han names sort after Latin ones (by code unit), and '健太郎' before '山田健二'.
    expect(keysOf(result)).toEqual(hits);
    expect(result.total).toBe(hits.length);
    expect(result.approximateWords).toEqual([]);
  });

  test.each([
    {
      name: 'a word found by a capacity it names, not by its text',
      word: w('presupuesto', valueKey(FACET.capacityAny, '12')),
      hits: ['person:1'],
    },
    {
      name: 'a word found by its text or by a capacity it names',
      word: w('budget', valueKey(FACET.capacityAny, '12')),
      hits: ['person:1', 'person:4'],
    },
    {
      name: 'a capacity no document has adds nothing',
      word: w('budget', valueKey(FACET.capacityAny, '99')),
      hits: ['person:4'],
    },
  ])('$name', ({ word, hits }) => {
    const result = index.search(q({ words: [word] }));
    expect(keysOf(result)).toEqual(hits);
    expect(result.approximateWords).toEqual([]);
  });

  test('a capacity word and a text word must both match', () => {
    const result = index.search(q({ words: [w('q7', valueKey(FACET.capacityAny, '12')), w('lopez')] }));
    expect(keysOf(result)).toEqual(['person:1']);
    expect(keysOf(index.search(q({ words: [w('q7', valueKey(FACET.capacityAny, '12')), w('silva')] })))).toEqual([]);
  });

  test.each([
    { name: 'a letter wrong', words: ['garsia'], hits: ['person:2'], approximate: ['garsia'] },
    { name: 'a letter left out', words: ['wikidta'], hits: ['person:4'], approximate: ['wikidta'] },
    { name: 'two letters swapped', words: ['comomns'], hits: ['person:2'], approximate: ['comomns'] },
    { name: 'a letter too many', words: ['lopezz'], hits: ['person:1'], approximate: ['lopezz'] },
    { name: 'a slip in a word still being typed', words: ['photgr'], hits: ['person:2'], approximate: ['photgr'] },
    { name: 'every term one edit away', words: ['mariz'], hits: ['person:4', 'person:5'], approximate: ['mariz'] },
    { name: 'four letters are enough', words: ['mrio'], hits: ['person:5'], approximate: ['mrio'] },
    {
      name: 'only the word that matched nothing is approximate',
      words: ['silva', 'mariz'],
      hits: ['person:4'],
      approximate: ['mariz'],
    },
    // An exact match wins: "maria" is one edit from "mario", but matches as written.
    {
      name: 'a word that matches as written is not approximated',
      words: ['maria'],
      hits: ['person:4'],
      approximate: [],
    },
    {
      name: 'a prefix that matches as written is not approximated',
      words: ['mari'],
      hits: ['person:4', 'person:5'],
      approximate: [],
    },
    { name: 'three letters are never approximated', words: ['gqr'], hits: [], approximate: [] },
    { name: 'a word with a digit is never approximated', words: ['maria2'], hits: [], approximate: [] },
    { name: 'nothing close: nothing found and nothing said', words: ['zzzzzz'], hits: [], approximate: [] },
  ])('approximate words: $name', ({ words, hits, approximate }) => {
    const result = index.search(q({ words: words.map((text) => w(text)) }));
    expect(keysOf(result)).toEqual(hits);
    expect(result.approximateWords).toEqual(approximate);
  });

  // A word still being typed with one letter too many ("eddit" for "edit…") is as close as the
  // whole word typed the same way ("edditor").
  test.each([
    { word: 'eddit', hits: ['person:1'] },
    { word: 'wikkip', hits: ['person:1'] },
    { word: 'comnmo', hits: ['person:2'] },
  ])('approximate words: a letter too many in a word still being typed ($word)', ({ word, hits }) => {
    const result = index.search(q({ words: [w(word)] }));
    expect({ keys: keysOf(result), approximate: result.approximateWords }).toEqual({ keys: hits, approximate: [word] });
  });

  test('a word found by a capacity is not approximated', () => {
    const result = index.search(q({ words: [w('garsia', valueKey(FACET.capacityAny, '12'))] }));
    expect(keysOf(result)).toEqual(['person:1']);
    expect(result.approximateWords).toEqual([]);
  });

  test('hits carry what the page shows: type, id, address, title and every facet value', () => {
    const [hit] = indexOf([
      doc('organization:7', 'Wiki Hub', {
        facets: [capacity('offers', 3), capacityAny(3), f(FACET.country, 'FR'), f(FACET.languageLevel, 'fr@6')],
      }),
    ]).search(q({ words: [w('hub')] })).hits;
    expect(hit).toMatchObject({ type: 'organization', entityId: '7', address: '/organization/7', title: 'Wiki Hub' });
    expect(new Set(hit!.facets.map(keyOfValue))).toEqual(
      new Set(['type=organization', 'capacity=offers:3', 'capacity-any=3', 'country=FR', 'language-level=fr@6']),
    );
  });

  test('audiences are apart: a visitor search never finds a member document', () => {
    const both = indexOf([
      doc('person:1', 'Ana', { body: 'membersonly' }),
      doc('person:1', 'Ana', { audience: 'visitor' }),
      doc('person:2', 'Bruno', { body: 'membersonly' }),
    ]);
    expect(keysOf(both.search(q({ audience: 'visitor', words: [w('membersonly')] })))).toEqual([]);
    expect(keysOf(both.search(q({ audience: 'visitor' })))).toEqual(['person:1']);
    expect(keysOf(both.search(q({ words: [w('membersonly')] })))).toEqual(['person:1', 'person:2']);
  });
});

describe('disjunctive counts', () => {
  const people = [
    doc('person:1', 'P1', { facets: [f(FACET.language, 'en'), f(FACET.country, 'FR')] }),
    doc('person:2', 'P2', { facets: [f(FACET.language, 'es'), f(FACET.country, 'FR')] }),
    doc('person:3', 'P3', { facets: [f(FACET.language, 'fr'), f(FACET.country, 'DE')] }),
    doc('organization:1', 'O1', { facets: [f(FACET.language, 'en'), f(FACET.country, 'DE')] }),
    doc('organization:2', 'O2', { facets: [f(FACET.language, 'fr'), f(FACET.country, 'DE')] }),
  ];
  const sides = [
    doc('person:1', 'P1', {
      facets: [f(FACET.side, 'shares'), capacity('shares', 1), capacityAny(1), f(FACET.country, 'FR')],
    }),
    doc('person:2', 'P2', {
      facets: [f(FACET.side, 'learns'), capacity('learns', 1), capacityAny(1), f(FACET.country, 'FR')],
    }),
    doc('person:3', 'P3', {
      facets: [f(FACET.side, 'shares'), capacity('shares', 2), capacityAny(2), f(FACET.country, 'FR')],
    }),
    doc('person:4', 'P4', {
      facets: [f(FACET.side, 'knows'), capacity('knows', 1), capacityAny(1), f(FACET.country, 'DE')],
    }),
  ];
  const allSidesOf1 = SIDE.values.map((side) => capacity(side, 1));
  const threeFacets = [counted(FACET.type), counted(FACET.language), counted(FACET.country)];

  test.each([
    {
      name: 'no filter: every matched document counts everywhere',
      documents: people,
      query: q({ counted: threeFacets }),
      hits: ['organization:1', 'organization:2', 'person:1', 'person:2', 'person:3'],
      counts: { type: { person: 3, organization: 2 }, language: { en: 2, es: 1, fr: 2 }, country: { FR: 2, DE: 3 } },
    },
    {
      name: 'one filter: its own facet ignores it, the others apply it',
      documents: people,
      query: q({ filters: [filter(FACET.language, f(FACET.language, 'fr'))], counted: threeFacets }),
      hits: ['organization:2', 'person:3'],
      counts: { type: { person: 1, organization: 1 }, language: { en: 2, es: 1, fr: 2 }, country: { DE: 2 } },
    },
    {
      name: 'two filters: each facet ignores its own filter and applies the other',
      documents: people,
      query: q({
        filters: [filter(FACET.type, f(FACET.type, 'person')), filter(FACET.language, f(FACET.language, 'en'))],
        counted: threeFacets,
      }),
      // O1 misses only the type filter: it counts for the type. P2 and P3 miss only the language
      // filter: they count for the language. O2 misses both and counts nowhere.
      hits: ['person:1'],
      counts: { type: { person: 1, organization: 1 }, language: { en: 1, es: 1, fr: 1 }, country: { FR: 1 } },
    },
    {
      name: 'three filters: a document failing two counts nowhere',
      documents: people,
      query: q({
        filters: [
          filter(FACET.type, f(FACET.type, 'person')),
          filter(FACET.language, f(FACET.language, 'en')),
          filter(FACET.country, f(FACET.country, 'FR')),
        ],
        counted: threeFacets,
      }),
      // P2 misses the language only; P3 (language, country) and O1 (type, country) miss two.
      hits: ['person:1'],
      counts: { type: { person: 1 }, language: { en: 1, es: 1 }, country: { FR: 1 } },
    },
    {
      name: 'a filter with several values allows any of them',
      documents: people,
      query: q({
        filters: [filter(FACET.language, f(FACET.language, 'en'), f(FACET.language, 'es'))],
        counted: threeFacets,
      }),
      hits: ['organization:1', 'person:1', 'person:2'],
      counts: { type: { person: 2, organization: 1 }, language: { en: 2, es: 1, fr: 2 }, country: { FR: 2, DE: 1 } },
    },
    {
      name: 'a filter on a value nobody has: nothing found, its own facet still counted',
      documents: people,
      query: q({ filters: [filter(FACET.country, f(FACET.country, 'ZZ'))], counted: threeFacets }),
      hits: [],
      counts: { type: {}, language: {}, country: { FR: 2, DE: 3 } },
    },
    {
      name: 'the side facet skips the capacity filter (and applies the others)',
      documents: sides,
      query: q({
        filters: [
          { name: FACET.capacity, values: allSidesOf1.map(keyOfValue) },
          filter(FACET.country, f(FACET.country, 'FR')),
        ],
        counted: [
          counted(FACET.side, FACET.capacity),
          counted(FACET.capacityAny, FACET.capacity),
          counted(FACET.country),
        ],
      }),
      hits: ['person:1', 'person:2'],
      counts: { side: { shares: 2, learns: 1 }, 'capacity-any': { 1: 2, 2: 1 }, country: { FR: 2, DE: 1 } },
    },
    {
      name: 'a count skipping a facet without a filter applies every filter',
      documents: sides,
      query: q({
        filters: [
          { name: FACET.capacity, values: allSidesOf1.map(keyOfValue) },
          filter(FACET.country, f(FACET.country, 'FR')),
        ],
        counted: [counted(FACET.side), counted(FACET.capacityAny, FACET.format)],
      }),
      hits: ['person:1', 'person:2'],
      counts: { side: { shares: 1, learns: 1 }, 'capacity-any': { 1: 2 } },
    },
    {
      name: 'the capacity-any count skips the capacity filter (whose values are filter-only)',
      documents: sides,
      query: q({
        filters: [{ name: FACET.capacity, values: [capacity('shares', 2)].map(keyOfValue) }],
        counted: [counted(FACET.capacityAny, FACET.capacity), counted(FACET.side)],
      }),
      hits: ['person:3'],
      counts: { 'capacity-any': { 1: 3, 2: 1 }, side: { shares: 1 } },
    },
  ])('$name', ({ documents, query, hits, counts }) => {
    const index = indexOf(documents);
    const withoutWords = index.search(query);
    expect(keysOf(withoutWords)).toEqual(hits);
    expect(withoutWords.total).toBe(hits.length);
    expect(plainCounts(withoutWords.counts)).toEqual(counts);
    // Without words the counts come from per-value totals; with a word matching everything they are
    // counted document by document: both must agree.
    expect(summary(index.search({ ...query, words: [w(EVERYWHERE)] }))).toEqual(summary(withoutWords));
    expect(withoutOrdered(reference(documents, query))).toEqual(summary(withoutWords));
  });

  test('words narrow the counts as they narrow the hits', () => {
    const index = indexOf([
      ...people.slice(0, 2),
      doc('person:9', 'Zed', { body: 'p1', facets: [f(FACET.language, 'ar')] }),
    ]);
    const result = index.search(
      q({ words: [w('p1')], filters: [filter(FACET.language, f(FACET.language, 'en'))], counted: threeFacets }),
    );
    expect(keysOf(result)).toEqual(['person:1']);
    expect(plainCounts(result.counts)).toEqual({ type: { person: 1 }, language: { en: 1, ar: 1 }, country: { FR: 1 } });
  });
});

describe('against a brute-force reference', () => {
  // A bulk load keeps pair counts for common values (usually those on 2,000 documents or more); with
  // a low threshold here, the searches that read them are compared too, also after changes.
  test.each([
    { name: 'as configured', options: OPTIONS },
    { name: 'with pair counts for values on 20 documents', options: { ...OPTIONS, pairedValueMinDocuments: 20 } },
  ])(
    'random documents, changes and queries ($name): hits, totals, counts and approximate words',
    async ({ options }) => {
      const scenario = scenarioOf(20_240_611);
      const single = indexOf(scenario.initial);
      const bulk = localEngine(options, { bulk: true });
      bulk.add(scenario.initial.map(stored));
      await bulk.endBulk();
      const model = new Model();
      model.add(scenario.initial);
      const dice = new Dice(7);
      let approximated = 0;
      let fromTotals = 0;
      let withHits = 0;
      for (const changes of [[], ...scenario.rounds]) {
        for (const change of changes) {
          applyTo(single, change);
          applyTo(bulk, change);
          model.apply(change);
        }
        const live = model.live;
        for (let n = 0; n < 150; n += 1) {
          const query = randomQuery(dice, scenario.entityKeys);
          const result = single.search(query);
          const expected = reference(live, query);
          expect(summary(result), JSON.stringify(query)).toEqual(withoutOrdered(expected));
          // A bulk load answers exactly as documents added one by one, hit facets included.
          expect(await bulk.search(query)).toEqual(result);
          if (query.words.length === 0) {
            fromTotals += 1;
            expect(summary(single.search({ ...query, words: [w(EVERYWHERE)] })), JSON.stringify(query)).toEqual(
              summary(result),
            );
          }
          if (result.approximateWords.length > 0) approximated += 1;
          if (result.total > 0) withHits += 1;
        }
        for (let n = 0; n < 30; n += 1) {
          const request = randomSuggestionRequest(dice, scenario.entityKeys);
          const groups = single.suggest('member', request);
          expect(suggestionSummary(groups), JSON.stringify(request)).toEqual(
            referenceSuggestions(live, 'member', request),
          );
          expect(await bulk.suggest('member', request)).toEqual(groups);
        }
        expect(await bulk.size()).toEqual(single.size());
        expect(single.size().live).toBe(live.length);
      }
      // The random queries do reach each path: approximations, counts from totals, and hits.
      expect(approximated).toBeGreaterThan(10);
      expect(fromTotals).toBeGreaterThan(100);
      expect(withHits).toBeGreaterThan(200);
    },
  );
});

describe('total order', () => {
  test.each([
    {
      name: 'name: by sort name, then by entity (type:id as text)',
      documents: [
        doc('person:2', 'Ana'),
        doc('person:10', 'Ana'),
        doc('organization:9', 'Ana'),
        doc('person:3', 'Anabel'),
        doc('person:4', 'Abe'),
        doc('person:5', 'Anaa'),
        doc('person:6', 'Nameless', { sortName: '\uffff' }),
        doc('person:7', 'Zoë'),
        doc('person:8', 'Zoe'),
      ],
      query: q(),
      hits: [
        'person:4',
        'organization:9',
        'person:10',
        'person:2',
        'person:5',
        'person:3',
        'person:8',
        'person:7',
        'person:6',
      ],
    },
    {
      name: 'relevance: query words in the name first, then matching capacities, then name',
      documents: [
        doc('person:1', 'Ana Lopez', { facets: [capacityAny(1)] }),
        doc('person:2', 'Zoe Ana', { body: 'lopez' }),
        doc('person:3', 'Chen Wu', { body: 'ana lopez', facets: [capacityAny(1), capacityAny(2)] }),
        doc('person:4', 'Dalia Ana Lopez'),
        doc('person:5', 'Eva Lopez', { body: 'ana', facets: [capacityAny(1), capacityAny(2)] }),
      ],
      query: q({
        order: 'relevance',
        words: [w('ana'), w('lopez')],
        scoreValues: ['capacity-any=1', 'capacity-any=2'],
      }),
      // Two words in the name (1, 4: 1 has a capacity), one (5 before 2: capacities), none (3).
      hits: ['person:1', 'person:4', 'person:5', 'person:2', 'person:3'],
    },
    {
      name: 'relevance: a word found by a capacity does not count as in the name',
      documents: [
        doc('person:1', 'Budget Bea'),
        doc('person:2', 'Alma', { facets: [capacityAny(5)] }),
        doc('person:3', 'Carl', { facets: [capacityAny(5)] }),
      ],
      query: q({ order: 'relevance', words: [w('budget', 'capacity-any=5')], scoreValues: ['capacity-any=5'] }),
      hits: ['person:1', 'person:2', 'person:3'],
    },
    {
      name: 'relevance without scored capacities: words in the name, then name',
      documents: [
        doc('person:1', 'Carl', { body: 'wiki' }),
        doc('person:2', 'Wiki Bea'),
        doc('person:3', 'Alma', { body: 'wiki' }),
      ],
      query: q({ order: 'relevance', words: [w('wiki')] }),
      hits: ['person:2', 'person:3', 'person:1'],
    },
    {
      name: 'capacities: most matching scored values first (filter-only values too), then name',
      documents: [
        doc('person:1', 'Alma', { facets: [capacity('shares', 1)] }),
        doc('person:2', 'Bea', { facets: [capacity('shares', 1), capacity('learns', 2)] }),
        doc('person:3', 'Carl'),
        doc('person:4', 'Dora', { facets: [capacity('learns', 2), capacityAny(2)] }),
        doc('person:5', 'Abe'),
      ],
      query: q({
        order: 'capacities',
        scoreValues: ['capacity=shares:1', 'capacity=learns:2', 'capacity-any=2', 'capacity=shares:1'],
      }),
      // A value listed twice scores once.
      hits: ['person:2', 'person:4', 'person:1', 'person:5', 'person:3'],
    },
    {
      name: 'updated: newest first, ties by name, then entity',
      documents: [
        doc('person:1', 'Carl', { updatedAt: 5 }),
        doc('person:2', 'Alma', { updatedAt: 9 }),
        doc('person:3', 'Bea', { updatedAt: 5 }),
        doc('organization:3', 'Bea', { updatedAt: 5 }),
        doc('person:4', 'Zed', { updatedAt: 10 }),
      ],
      query: q({ order: 'updated' }),
      hits: ['person:4', 'person:2', 'organization:3', 'person:3', 'person:1'],
    },
  ])('$name', ({ documents, query, hits }) => {
    const index = indexOf(documents);
    expect(keysOf(index.search(query))).toEqual(hits);
    expect(reference(documents, query).ordered).toEqual(hits);
    // Any page is a slice of that order.
    for (let offset = 0; offset < hits.length; offset += 1)
      expect(keysOf(index.search({ ...query, offset, limit: 2 }))).toEqual(hits.slice(offset, offset + 2));
    expect(keysOf(index.search({ ...query, offset: hits.length, limit: 5 }))).toEqual([]);
  });

  test('pages concatenate to the whole order, with many equal names, for every order and deep pages', () => {
    const dice = new Dice(99);
    const names = ['ana', 'ana', 'ana lopez', 'anabel', 'bruno', 'bru', 'wiki ana', 'žofia', '山田', ''];
    const documents = Array.from({ length: 1000 }, (_, n) => {
      const name = dice.pick(names);
      return doc(`${dice.chance(0.8) ? 'person' : 'organization'}:${n}`, name, {
        sortName: name,
        updatedAt: dice.int(5),
        facets: dice.some([capacityAny(1), capacityAny(2), capacityAny(3), capacity('shares', 1)], 0.3),
      });
    });
    const index = indexOf(documents);
    // "an" is in some names; it matches everyone through the type values, so every document is a hit.
    const everyone = w('an', 'type=person', 'type=organization');
    for (const order of ['relevance', 'name', 'capacities', 'updated'] as const) {
      const query = q({
        order,
        words: [everyone],
        scoreValues: ['capacity-any=1', 'capacity-any=2', 'capacity=shares:1'],
      });
      const expected = reference(documents, query).ordered;
      expect(expected).toHaveLength(1000);
      for (const size of [20, 37]) {
        const pages: string[] = [];
        for (let offset = 0; offset < 1000; offset += size) {
          const result = index.search({ ...query, offset, limit: size });
          expect(result.total).toBe(1000);
          pages.push(...keysOf(result));
        }
        expect(pages).toEqual(expected);
        expect(new Set(pages).size).toBe(1000);
      }
      expect(keysOf(index.search({ ...query, offset: 800, limit: 20 }))).toEqual(expected.slice(800, 820));
      expect(keysOf(index.search({ ...query, offset: 990, limit: 20 }))).toEqual(expected.slice(990));
      expect(keysOf(index.search({ ...query, offset: 1000, limit: 20 }))).toEqual([]);
    }
  });
});

describe('dead documents, reloads and exclusions', () => {
  const ana = doc('person:1', 'Ana', { body: 'wikipedia', facets: [f(FACET.country, 'FR')] });
  const anaForVisitors = doc('person:1', 'Ana', { audience: 'visitor', facets: [f(FACET.country, 'FR')] });
  const bruno = doc('person:2', 'Bruno', { body: 'commons', facets: [f(FACET.country, 'DE')] });
  const country = [counted(FACET.country)];

  test('a replaced document no longer matches or counts; the new one does', () => {
    const index = indexOf([ana, anaForVisitors, bruno]);
    expect(index.size()).toEqual({ live: 3, dead: 0 });
    index.replace('person', '1', [
      stored(doc('person:1', 'Ana', { body: 'wikidata', facets: [f(FACET.country, 'ES')] })),
    ]);
    expect(keysOf(index.search(q({ words: [w('wikipedia')] })))).toEqual([]);
    expect(keysOf(index.search(q({ words: [w('wikidata')] })))).toEqual(['person:1']);
    // Counts from totals, from one filter and from words all forget the old document.
    expect(plainCounts(index.search(q({ counted: country })).counts)).toEqual({ country: { ES: 1, DE: 1 } });
    expect(
      plainCounts(
        index.search(q({ counted: country, filters: [filter(FACET.country, f(FACET.country, 'FR'))] })).counts,
      ),
    ).toEqual({
      country: { ES: 1, DE: 1 },
    });
    expect(plainCounts(index.search(q({ words: [w('ana')], counted: country })).counts)).toEqual({
      country: { ES: 1 },
    });
    // Replacing drops the entity's documents of both audiences: the visitor one is gone too.
    expect(keysOf(index.search(q({ audience: 'visitor' })))).toEqual([]);
    expect(index.size()).toEqual({ live: 2, dead: 2 });
  });

  test('replacing with no documents removes the entity', () => {
    const index = indexOf([ana, anaForVisitors, bruno]);
    index.replace('person', '2', []);
    expect(keysOf(index.search(q({ words: [w('commons')] })))).toEqual([]);
    const result = index.search(q({ counted: country }));
    expect(summary(result)).toEqual({
      total: 1,
      keys: ['person:1'],
      counts: { country: { FR: 1 } },
      approximateWords: [],
    });
    expect(index.size()).toEqual({ live: 2, dead: 1 });
    // Removing what is not there changes nothing.
    index.replace('person', '2', []);
    index.replace('organization', '1', []);
    expect(index.size()).toEqual({ live: 2, dead: 1 });
    // And the entity can come back.
    index.replace('person', '2', [stored(bruno)]);
    expect(keysOf(index.search(q({ words: [w('commons')] })))).toEqual(['person:2']);
    expect(index.size()).toEqual({ live: 3, dead: 1 });
  });

  test('adding a document again replaces the one of the same audience only', () => {
    const index = indexOf([ana, anaForVisitors]);
    index.add(stored(doc('person:1', 'Ana', { body: 'wikidata' })));
    expect(keysOf(index.search(q({ words: [w('wikipedia')] })))).toEqual([]);
    expect(keysOf(index.search(q({ words: [w('wikidata')] })))).toEqual(['person:1']);
    expect(keysOf(index.search(q({ audience: 'visitor' })))).toEqual(['person:1']);
    expect(index.size()).toEqual({ live: 2, dead: 1 });
  });

  test('a bulk load answers as documents added one by one', () => {
    const scenario = scenarioOf(5, 120, 30);
    const single = indexOf(scenario.initial);
    const bulk = new SearchIndex(OPTIONS);
    bulk.beginBulk();
    for (const document of scenario.initial) bulk.add(stored(document));
    bulk.endBulk();
    expect(bulk.size()).toEqual(single.size());
    const dice = new Dice(11);
    for (const changes of [[], ...scenario.rounds]) {
      for (const change of changes) {
        applyTo(single, change);
        applyTo(bulk, change);
      }
      for (let n = 0; n < 60; n += 1) {
        const query = randomQuery(dice, scenario.entityKeys);
        expect(bulk.search(query), JSON.stringify(query)).toEqual(single.search(query));
      }
    }
  });

  test('past 65,536 different values, every document keeps its values (they are stored in four bytes from then on)', () => {
    const index = new SearchIndex(OPTIONS);
    index.beginBulk();
    for (let n = 0; n < 70_000; n += 1)
      index.add(
        stored(
          doc(`person:${n}`, `P${n}`, {
            facets: [f(FACET.country, `C${n}`), f(FACET.region, n % 2 === 1 ? 'odd' : 'even')],
          }),
        ),
      );
    index.endBulk();
    index.add(stored(doc('person:late', 'Late', { facets: [f(FACET.country, 'C69999'), f(FACET.region, 'odd')] })));
    const inCountry = (code: string) =>
      index.search(
        q({ filters: [filter(FACET.country, f(FACET.country, code))], counted: [counted(FACET.region)], limit: 10 }),
      );
    const first = inCountry('C0');
    expect(keysOf(first)).toEqual(['person:0']);
    expect(plainCounts(first.counts)).toEqual({ region: { even: 1 } });
    const last = inCountry('C69999');
    expect(keysOf(last)).toEqual(['person:late', 'person:69999']);
    expect(plainCounts(last.counts)).toEqual({ region: { odd: 2 } });
    const everyone = index.search(q({ words: [w(EVERYWHERE)], counted: [counted(FACET.region)], limit: 1 }));
    expect(everyone.total).toBe(70_001);
    expect(plainCounts(everyone.counts)).toEqual({ region: { even: 35_000, odd: 35_001 } });
  });

  test('a bulk load may be followed by another one on the same index', () => {
    const index = new SearchIndex(OPTIONS);
    index.beginBulk();
    index.add(stored(ana));
    index.endBulk();
    index.beginBulk();
    index.add(stored(bruno));
    index.add(stored(doc('person:1', 'Ana', { body: 'wikidata', facets: [f(FACET.country, 'FR')] })));
    index.endBulk();
    expect(keysOf(index.search(q({ words: [w('wiki')] })))).toEqual(['person:1']);
    expect(keysOf(index.search(q({ words: [w('wikipedia')] })))).toEqual([]);
    expect(plainCounts(index.search(q({ counted: country })).counts)).toEqual({ country: { FR: 1, DE: 1 } });
    expect(index.size()).toEqual({ live: 2, dead: 1 });
  });

  const three = [
    ana,
    bruno,
    doc('person:3', 'Chen', { body: 'wikipedia', facets: [f(FACET.country, 'FR'), f(FACET.format, 'clinic')] }),
    doc('organization:1', 'Hub', { body: 'wikipedia', facets: [f(FACET.country, 'FR'), f(FACET.format, 'clinic')] }),
  ];
  test.each([
    {
      name: 'no words, no filters (counts from totals)',
      query: q({ counted: [counted(FACET.country), counted(FACET.format)] }),
    },
    {
      name: 'no words, one filter (its facet from totals)',
      query: q({
        filters: [filter(FACET.format, f(FACET.format, 'clinic'))],
        counted: [counted(FACET.country), counted(FACET.format)],
      }),
    },
    {
      name: 'no words, two filters',
      query: q({
        filters: [filter(FACET.format, f(FACET.format, 'clinic')), filter(FACET.country, f(FACET.country, 'FR'))],
        counted: [counted(FACET.country), counted(FACET.format)],
      }),
    },
    { name: 'with a word', query: q({ words: [w('wiki')], counted: [counted(FACET.country), counted(FACET.format)] }) },
  ])('excluded entities neither match nor count: $name', ({ query }) => {
    const index = indexOf(three);
    const excludeEntities = ['person:3', 'person:3', 'organization:1', 'person:404'];
    const result = index.search({ ...query, excludeEntities });
    const remaining = three.filter((document) => !excludeEntities.includes(keyOf(document)));
    // Hidden for this search only: the same as if the excluded entities were not stored at all.
    expect(summary(result)).toEqual(summary(indexOf(remaining).search(query)));
    expect(summary(result)).toEqual(withoutOrdered(reference(three, { ...query, excludeEntities })));
    expect(keysOf(result)).not.toContain('person:3');
    expect(keysOf(index.search(query))).toContain('person:3');
  });

  test('an entity is excluded in its own audience, whatever its type', () => {
    const index = indexOf([
      doc('person:1', 'Same'),
      doc('organization:1', 'Same'),
      doc('person:1', 'Same', { audience: 'visitor' }),
    ]);
    expect(keysOf(index.search(q({ excludeEntities: ['organization:1'] })))).toEqual(['person:1']);
    expect(keysOf(index.search(q({ audience: 'visitor', excludeEntities: ['person:1'] })))).toEqual([]);
  });

  // A term that only replaced documents had matches nothing as written: the same live documents give
  // the same answer before and after a reload.
  test('a word found only in a replaced document is approximated as after a reload', () => {
    const changed = indexOf([doc('person:1', 'Maria Silva')]);
    changed.replace('person', '1', [stored(doc('person:1', 'Mario Silva'))]);
    const reloaded = indexOf([doc('person:1', 'Mario Silva')]);
    const query = q({ words: [w('maria')] });
    expect(summary(reloaded.search(query))).toMatchObject({ keys: ['person:1'], approximateWords: ['maria'] });
    expect(summary(changed.search(query))).toEqual(summary(reloaded.search(query)));
  });
});

describe('suggestions', () => {
  const languageEn = f(FACET.language, 'en');
  const people = [
    doc('person:1', 'Ana', { facets: [capacity('shares', 1), languageEn] }),
    doc('person:2', 'Bruno', { facets: [capacity('shares', 2), f(FACET.language, 'es')] }),
    doc('person:3', 'Chen', { facets: [capacity('shares', 3), languageEn] }),
    doc('person:4', 'Dalia', { facets: [capacity('shares', 1), capacity('shares', 2), languageEn] }),
    doc('person:5', 'Emeka', { facets: [capacity('learns', 1), languageEn] }),
    doc('organization:1', 'Hub', { facets: [capacity('offers', 1)] }),
    doc('person:6', 'Farah', { audience: 'visitor', facets: [capacity('shares', 1)] }),
  ];
  const sharesOf = (id: number) => [valueKey(FACET.capacity, `shares:${id}`), valueKey(FACET.capacity, `offers:${id}`)];
  /** My capacity 1: the same one, a narrower one (2), a broader one (3). */
  const tiersOf1 = { tiers: [sharesOf(1), sharesOf(2), sharesOf(3)] };
  const request = (over: Partial<SuggestionRequest> = {}): SuggestionRequest => ({
    groups: [tiersOf1],
    languages: null,
    excludeEntities: [],
    perGroup: 10,
    ...over,
  });
  const index = indexOf(people);

  test.each([
    {
      name: 'by tier, each document once at its first tier, then by name',
      request: request(),
      expected: [
        { total: 5, keys: ['person:1', 'person:4', 'organization:1', 'person:2', 'person:3'], tiers: [0, 0, 0, 1, 2] },
      ],
    },
    {
      name: 'only documents with one of the languages asked for',
      request: request({ languages: [valueKey(FACET.language, 'en'), valueKey(FACET.language, 'ja')] }),
      expected: [{ total: 3, keys: ['person:1', 'person:4', 'person:3'], tiers: [0, 0, 2] }],
    },
    {
      name: 'excluded entities (myself, hidden, blocked) are left out',
      request: request({ excludeEntities: ['person:1', 'organization:1', 'person:99'] }),
      expected: [{ total: 3, keys: ['person:4', 'person:2', 'person:3'], tiers: [0, 1, 2] }],
    },
    {
      name: 'cut to perGroup; the total is before the cut',
      request: request({ perGroup: 2 }),
      expected: [{ total: 5, keys: ['person:1', 'person:4'], tiers: [0, 0] }],
    },
    {
      name: 'a document in more groups comes first within its tier',
      request: request({ groups: [{ tiers: [sharesOf(1)] }, { tiers: [sharesOf(2)] }] }),
      expected: [
        { total: 3, keys: ['person:4', 'person:1', 'organization:1'], tiers: [0, 0, 0] },
        { total: 2, keys: ['person:4', 'person:2'], tiers: [0, 0] },
      ],
    },
    {
      name: 'a value nobody has brings nobody',
      request: request({ groups: [{ tiers: [[valueKey(FACET.capacity, 'shares:77')]] }, { tiers: [] }] }),
      expected: [
        { total: 0, keys: [], tiers: [] },
        { total: 0, keys: [], tiers: [] },
      ],
    },
  ])('$name', ({ request, expected }) => {
    const groups = index.suggest('member', request);
    expect(
      groups.map((group) => ({
        total: group.total,
        keys: group.suggestions.map((s) => `${s.type}:${s.entityId}`),
        tiers: group.suggestions.map((s) => s.tier),
      })),
    ).toEqual(expected);
    expect(suggestionSummary(groups)).toEqual(referenceSuggestions(people, 'member', request));
  });

  test('via names the first value of the tier that brought the document, groups how many groups it is in', () => {
    const [group] = index.suggest(
      'member',
      request({ groups: [{ tiers: [[...sharesOf(2), ...sharesOf(1)]] }, { tiers: [sharesOf(1)] }] }),
    );
    // Everyone the second group holds is in both groups, and so ahead of Bruno; Dalia came by shares:2, listed first.
    expect(group!.suggestions.map((s) => ({ key: `${s.type}:${s.entityId}`, via: s.via, groups: s.groups }))).toEqual([
      { key: 'person:1', via: 'shares:1', groups: 2 },
      { key: 'person:4', via: 'shares:2', groups: 2 },
      { key: 'organization:1', via: 'offers:1', groups: 2 },
      { key: 'person:2', via: 'shares:2', groups: 1 },
    ]);
  });

  test('a replaced document is suggested as it is now; audiences are apart', () => {
    const changed = indexOf(people);
    changed.replace('person', '1', [stored(doc('person:1', 'Ana', { facets: [capacity('shares', 3), languageEn] }))]);
    const [group] = changed.suggest('member', request());
    // Ana now has only the broader capacity 3: she moves to the last tier.
    expect(group!.suggestions.map((s) => [`${s.type}:${s.entityId}`, s.tier])).toEqual([
      ['person:4', 0],
      ['organization:1', 0],
      ['person:2', 1],
      ['person:1', 2],
      ['person:3', 2],
    ]);
    const [visitors] = changed.suggest('visitor', request());
    expect(visitors!.suggestions.map((s) => s.entityId)).toEqual(['6']);
  });
});

describe('tabulations', () => {
  const people = [
    doc('person:1', 'Ana', { facets: [capacity('shares', 1), capacity('learns', 2), f(FACET.country, 'FR')] }),
    doc('person:2', 'Bruno', { facets: [capacity('learns', 2), capacity('learns', 3), f(FACET.country, 'FR')] }),
    doc('person:3', 'Chen', { facets: [capacity('learns', 3), f(FACET.country, 'CN')] }),
    doc('person:4', 'Dara', { facets: [capacity('shares', 3)] }),
    doc('organization:5', 'Orga', { facets: [f(FACET.orgType, 'chapter'), f(FACET.country, 'FR')] }),
  ];

  test.each([
    { name: 'no groups: only how many pass', tabulation: { filters: [], groupBy: [] }, cells: {}, matched: 5 },
    {
      name: 'by a facet: a document counts in each of its values',
      tabulation: { filters: [], groupBy: [{ facet: FACET.country }] },
      cells: { FR: 3, CN: 1 },
      matched: 5,
    },
    {
      name: 'values cut to a prefix, crossed with another facet',
      tabulation: { filters: [], groupBy: [{ facet: FACET.capacity, prefix: 'learns:' }, { facet: FACET.country }] },
      cells: { 'learns:2\tFR': 2, 'learns:3\tFR': 1, 'learns:3\tCN': 1 },
      matched: 5,
    },
    {
      name: 'filters narrow what is counted; one with no list matches nothing',
      tabulation: { filters: [filter(FACET.type, f(FACET.type, 'person'))], groupBy: [{ facet: FACET.country }] },
      cells: { FR: 2, CN: 1 },
      matched: 4,
    },
    {
      name: 'a filter nobody has',
      tabulation: { filters: [filter(FACET.country, f(FACET.country, 'ZZ'))], groupBy: [] },
      cells: {},
      matched: 0,
    },
  ])('$name', ({ tabulation, cells, matched }) => {
    const [answer] = indexOf(people).tabulate('member', [tabulation as Tabulation]);
    expect(Object.fromEntries(answer!.cells)).toEqual(cells);
    expect(answer!.matched).toBe(matched);
  });

  test('random documents and changes: the same cells as counting each document in turn', () => {
    const scenario = scenarioOf(5_151);
    const index = indexOf(scenario.initial);
    const model = new Model();
    model.add(scenario.initial);
    const dice = new Dice(11);
    const facets = [FACET.country, FACET.region, FACET.language, FACET.orgType, FACET.capacity, FACET.side];
    for (const changes of [[], ...scenario.rounds]) {
      for (const change of changes) {
        applyTo(index, change);
        model.apply(change);
      }
      for (let n = 0; n < 60; n += 1) {
        const query = randomQuery(dice, scenario.entityKeys);
        const groupBy = dice
          .some(facets, 0.3)
          .slice(0, 3)
          .map((facet) => ({
            facet,
            ...(facet === FACET.capacity && dice.chance(0.5) ? { prefix: dice.pick(['shares:', 'learns:']) } : {}),
          }));
        const tabulation: Tabulation = { filters: query.filters, groupBy };
        const expected = new Map<string, number>();
        let matched = 0;
        for (const document of model.live.filter((entry) => entry.audience === 'member')) {
          const values = partsOf(document).values;
          if (!query.filters.every((one) => one.values.some((value) => values.has(value)))) continue;
          matched += 1;
          let keys = [''];
          groupBy.forEach(({ facet, prefix }, position) => {
            const own = document.facets
              .filter((value) => value.facet === facet && value.value.startsWith(prefix ?? ''))
              .map((value) => value.value);
            keys = keys.flatMap((key) => own.map((value) => (position === 0 ? value : `${key}\t${value}`)));
          });
          if (groupBy.length > 0) for (const key of keys) expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const [answer] = index.tabulate('member', [tabulation]);
        expect(Object.fromEntries(answer!.cells), JSON.stringify(tabulation)).toEqual(Object.fromEntries(expected));
        expect(answer!.matched, JSON.stringify(tabulation)).toBe(matched);
      }
    }
  });

  test('the worker answers as the in-thread engine', async () => {
    const factory = workerEngineFactory(OPTIONS);
    try {
      const worker = factory.create({ bulk: false });
      worker.add(people.map(stored));
      const tabulations: Tabulation[] = [
        { filters: [], groupBy: [{ facet: FACET.country }] },
        { filters: [], groupBy: [] },
      ];
      expect(await worker.tabulate('member', tabulations)).toEqual(indexOf(people).tabulate('member', tabulations));
    } finally {
      await factory.close();
    }
  });
});

describe('in a worker thread', () => {
  const factory = workerEngineFactory(OPTIONS);
  afterAll(() => factory.close());

  test('answers as the in-thread engine: bulk load, random searches, changes, suggestions, size', async () => {
    const scenario = scenarioOf(31, 150, 40);
    const worker = factory.create({ bulk: true });
    const local = localEngine(OPTIONS, { bulk: true });
    for (const engine of [worker, local]) engine.add(scenario.initial.map(stored));
    await Promise.all([worker.endBulk(), local.endBulk()]);
    const dice = new Dice(3);
    for (const changes of [[], ...scenario.rounds]) {
      for (const change of changes) {
        applyTo(worker, change);
        applyTo(local, change);
      }
      const queries = Array.from({ length: 40 }, () => randomQuery(dice, scenario.entityKeys));
      const answers = await Promise.all(queries.map((query) => worker.search(query)));
      for (const [n, query] of queries.entries())
        expect(answers[n], JSON.stringify(query)).toEqual(await local.search(query));
      const request = randomSuggestionRequest(dice, scenario.entityKeys);
      expect(await worker.suggest('member', request)).toEqual(await local.suggest('member', request));
      expect(await worker.size()).toEqual(await local.size());
    }
    expect(worker.lost).toBe(false);
    worker.dispose();
    await expect(worker.search(q())).rejects.toThrow('No such search index');
  });

  test('changes are applied in order before a search asked after them, without waiting', async () => {
    const engine = factory.create({ bulk: false });
    engine.add(
      [doc('person:1', 'Ana', { body: 'wikipedia' }), doc('person:2', 'Bruno', { body: 'wikipedia' })].map(stored),
    );
    const before = engine.search(q({ words: [w('wikipedia')] }));
    engine.replace('person', '1', [stored(doc('person:1', 'Ana', { body: 'wikidata' }))]);
    engine.replace('person', '2', []);
    const after = engine.search(q({ words: [w('wiki')], counted: [counted(FACET.type)] }));
    expect(keysOf(await before)).toEqual(['person:1', 'person:2']);
    expect(summary(await after)).toEqual({
      total: 1,
      keys: ['person:1'],
      counts: { type: { person: 1 } },
      approximateWords: [],
    });
    expect(await engine.size()).toEqual({ live: 1, dead: 2 });
    engine.dispose();
  });
});
