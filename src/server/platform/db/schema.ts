import type { Kysely } from 'kysely';

/** Table types as Kysely sees them. Migrations create these tables; keep the two in step. */
export interface DatabaseSchema {
  regions: RegionTable;
  countries: CountryTable;
  languages: LanguageTable;
  wikimedia_projects: WikimediaProjectTable;
  capacities: CapacityTable;
  capacity_labels: CapacityLabelTable;
}

export interface RegionTable {
  id: string;
  position: number;
}

export interface CountryTable {
  code: string;
  region_id: string;
}

export interface LanguageTable {
  code: string;
  bcp47: string;
  autonym: string;
  english_name: string;
  dir: 'ltr' | 'rtl';
}

export interface WikimediaProjectTable {
  id: string;
  domain: string;
  wikidata_qid: string | null;
  /** `per-language` projects (Wikipedia...) have one wiki per language; `single` ones (Commons...) do not. */
  editions: 'per-language' | 'single';
  position: number;
}

export interface CapacityTable {
  id: number;
  parent_id: number | null;
  wikidata_qid: string | null;
  position: number;
}

export interface CapacityLabelTable {
  capacity_id: number;
  language: string;
  label: string;
}

export type Db = Kysely<DatabaseSchema>;
