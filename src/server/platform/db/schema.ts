import type { Kysely } from 'kysely';

/** Table types as Kysely sees them. Migrations create these tables; keep the two in step. */
export interface DatabaseSchema {
  regions: RegionTable;
  countries: CountryTable;
  languages: LanguageTable;
  wikimedia_projects: WikimediaProjectTable;
  capacities: CapacityTable;
  capacity_labels: CapacityLabelTable;
  users: UserTable;
  sessions: SessionTable;
  email_tokens: EmailTokenTable;
  consents: ConsentTable;
  oauth_attempts: OAuthAttemptTable;
  rate_limits: RateLimitTable;
  jobs: JobTable;
}

export type Role = 'member' | 'moderator' | 'admin';

/** Times are milliseconds since 1970 (bigint), the same on both databases. */
export interface UserTable {
  id: string;
  display_name: string | null;
  email: string | null;
  email_verified_at: number | null;
  password_hash: string | null;
  wikimedia_sub: string | null;
  wikimedia_username: string | null;
  /** Coarse bucket of the Wikimedia edit count, e.g. `100-999`; never the exact number. */
  wikimedia_edit_bucket: string | null;
  wikimedia_registered_year: number | null;
  role: Role;
  language: string;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  id: string;
  /** SHA-256 of the cookie value: the database never holds a usable session id. */
  token_hash: string;
  user_id: string;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface EmailTokenTable {
  token_hash: string;
  user_id: string;
  purpose: 'verify' | 'reset';
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ConsentTable {
  id: string;
  user_id: string;
  document: 'code-of-conduct' | 'privacy';
  version: string;
  accepted_at: number;
}

export interface OAuthAttemptTable {
  state: string;
  code_verifier: string;
  linking_user_id: string | null;
  expires_at: number;
}

export interface RateLimitTable {
  key: string;
  window_start: number;
  hits: number;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  user_id: string | null;
  run_at: number;
  locked_until: number | null;
  attempts: number;
  last_error: string | null;
  failed_at: number | null;
  created_at: number;
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
