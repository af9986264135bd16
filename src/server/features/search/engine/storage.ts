/**
 * The engine's storage: growable typed arrays, posting lists (document numbers in increasing
 * order), and facet values as small numbers. Typed arrays keep 100,000 documents' lists out of the
 * garbage collector's way and cost four bytes an entry.
 */
import { valueKey } from './types';

type GrowableArray =
  | Int32Array<ArrayBuffer>
  | Uint32Array<ArrayBuffer>
  | Float64Array<ArrayBuffer>
  | Uint8Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>;

/** `array`, or a copy at least twice as long when it cannot hold `needed` entries. */
export function grown<T extends GrowableArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** A growable list of document numbers, appended in increasing order. */
export class Postings {
  data = new Int32Array(4);
  length = 0;
  /** Entries recorded during a bulk load, added all at once when it ends. */
  pending = 0;

  constructor(readonly id = -1) {}

  add(slot: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = slot;
  }

  /** Grows to hold `extra` more entries exactly (a bulk load knows each list's final size). */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const exact = new Int32Array(this.length + extra);
    exact.set(this.data.subarray(0, this.length));
    this.data = exact;
  }
}

/** Facet values as small numbers, shared by both audiences. */
export class ValueDictionary {
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
    const key = valueKey(facet, value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.valueText.length;
      this.ids.set(key, id);
      this.valueText.push(value);
      this.facetOfValue.push(this.facetId(facet));
    }
    return id;
  }

  /** The id of a stored `facet=value` line (the line is the value's key). */
  idOfLine(line: string): number {
    const id = this.ids.get(line);
    if (id !== undefined) return id;
    const at = line.indexOf('=');
    return this.idOf(line.slice(0, at), line.slice(at + 1));
  }

  existingId(key: string): number | undefined {
    return this.ids.get(key);
  }
}
