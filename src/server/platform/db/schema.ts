import type { Generated, Kysely } from 'kysely';
import type {
  CapacityLevel,
  ConversationStatus,
  EntityType,
  AppealOutcome,
  ModerationAction,
  NotificationKind,
  OrganizationSide,
  ReportCategory,
  ReportStatus,
  ReportSubject,
  OrganizationType,
  PersonSide,
  Role,
  SuggestionStatus,
  Visibility,
} from '../../../shared/vocabulary';
import type {
  AuthorKind,
  ItemVisibility,
  ResourceKind,
  ResourceLicence,
  ServiceCost,
  ServiceFormat,
  ServiceKind,
} from '../../../shared/item-vocabulary';

export type { OrganizationType, Role, Visibility };

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
  profiles: ProfileTable;
  profile_languages: ProfileLanguageTable;
  profile_wikis: ProfileWikiTable;
  profile_capacities: ProfileCapacityTable;
  profile_contacts: ProfileContactTable;
  profile_view_marks: ProfileViewMarkTable;
  capacity_suggestions: CapacitySuggestionTable;
  organizations: OrganizationTable;
  organization_names: OrganizationNameTable;
  organization_descriptions: OrganizationDescriptionTable;
  organization_countries: { organization_id: string; country: string };
  organization_languages: { organization_id: string; language: string };
  organization_capacities: OrganizationCapacityTable;
  organization_managers: { organization_id: string; user_id: string; added_at: number };
  organization_manager_requests: ManagerRequestTable;
  organization_audit: OrganizationAuditTable;
  organization_contacts: {
    organization_id: string;
    position: number;
    kind: string;
    value: string;
    visibility: Visibility;
  };
  search_documents: SearchDocumentTable;
  search_changes: { seq: Generated<number>; entity_type: string; entity_id: string };
  /** One row: changes pruned from the log, and whether documents were once compared with their records. */
  search_index_state: { id: number; pruned_through: number; stale_checked: number };
  hidden_matches: { user_id: string; entity_type: EntityType; entity_id: string; hidden_at: number };
  search_daily_counts: { day: string; searches: number; with_results: number; followed: number };
  profile_affiliations: { user_id: string; organization_id: string; visibility: Visibility; position: number };
  blocks: { id: string; blocker_id: string; blocked_id: string; created_at: number };
  reports: ReportTable;
  moderation_actions: ModerationActionTable;
  audit_log: AuditLogTable;
  conversations: ConversationTable;
  conversation_members: {
    conversation_id: string;
    user_id: string;
    unread_count: number;
    last_message_at: number;
  };
  messages: MessageTable;
  notifications: NotificationTable;
  notification_settings: {
    user_id: string;
    /** JSON: notification kind → e-mail cadence. */
    cadences: string;
    include_text: number;
    version: number;
    updated_at: number;
  };
  email_digests: { user_id: string; day: string; notifications: number; created_at: number };
  connections: { id: string; conversation_id: string; connected_at: number };
  follow_ups: FollowUpTable;
  learnings: {
    id: string;
    follow_up_id: string;
    learner_id: string | null;
    sharer_id: string | null;
    capacity_id: number;
    stated_by: 'learner' | 'sharer';
    created_at: number;
  };
  invitations: InvitationTable;
  connect_daily_counts: ConnectDailyCountsTable;
  /** Members or visits per month, measure and bucket: how often members come, how long they stay. */
  presence_counts: { month: string; measure: string; bucket: string; count: number };
  resources: ResourceTable;
  resource_texts: { resource_id: string; language: string; title: string; description: string; position: number };
  resource_languages: { resource_id: string; language: string };
  resource_capacities: { resource_id: string; capacity_id: number; position: number };
  resource_authors: ResourceAuthorTable;
  resource_history: ResourceHistoryTable;
  services: ServiceTable;
  service_texts: ServiceTextTable;
  service_languages: { service_id: string; language: string };
  service_countries: { service_id: string; country: string };
  service_regions: { service_id: string; region: string };
  service_capacities: { service_id: string; capacity_id: number; position: number };
  /** A member's last active day (days since 1970-01-01, UTC) and their active days in its month. */
  member_presence: { user_id: string; active_day: number; active_days: number };
  /** A session's current visit. */
  session_presence: { session_id: string; visit_started_at: number; visit_seen_at: number };
}

export interface FollowUpTable {
  id: string;
  connection_id: string;
  user_id: string;
  other_id: string | null;
  asked_at: number;
  answered_at: number | null;
  dismissed_at: number | null;
  /** 1 (not at all) to 5 (very much). */
  satisfaction: number | null;
  /** Private to its author. */
  note: string | null;
}

export interface InvitationTable {
  id: string;
  inviter_id: string;
  email: string | null;
  note: string | null;
  language: string;
  token_hash: string | null;
  created_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
}

/** Counters per UTC day for the reports: how people connect, with no person in them. */
export interface ConnectDailyCountsTable {
  day: string;
  requests: number;
  requests_accepted: number;
  connections: number;
  invitations_sent: number;
  invitations_accepted: number;
  follow_ups_answered: number;
}

export interface ConversationTable {
  id: string;
  /** Who wrote first; null once erased. */
  starter_id: string | null;
  recipient_id: string | null;
  /** The two user ids in order (`a:b`): one conversation per pair. Null after an erasure. */
  pair_key: string | null;
  status: ConversationStatus;
  created_at: number;
  last_message_at: number;
  last_message_id: string | null;
  /** When the recipient accepted or declined the request. */
  decided_at: number | null;
  /** Set for a conversation with an organization (its managers answer); `recipient_id` is null then. */
  organization_id: string | null;
}

export interface MessageTable {
  id: string;
  conversation_id: string;
  /** Null once the author is erased; the text goes with them. */
  author_id: string | null;
  body: string | null;
  /** The language the author wrote in (BCP 47), when they said. */
  language: string | null;
  created_at: number;
  /** A manager answering as this organization. */
  organization_id: string | null;
  /** Hidden by moderators, or held as spam until a moderator looks. */
  hidden_at: number | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  conversation_id: string | null;
  /** Who caused it; null once erased. */
  actor_id: string | null;
  created_at: number;
  read_at: number | null;
  mailed_at: number | null;
}

export interface OrganizationTable {
  id: string;
  slug: string;
  acronym: string | null;
  type: OrganizationType;
  active: number;
  website: string | null;
  meta_page: string | null;
  wikidata_qid: string | null;
  logo_commons_file: string | null;
  /** For organizations loaded by `cxc import affiliates`: what the import recognises them by. */
  import_key: string | null;
  created_at: number;
  updated_at: number;
  /** Hidden by moderators (or by reports, until a moderator decides). */
  hidden_at: number | null;
}

export interface OrganizationNameTable {
  organization_id: string;
  language: string;
  name: string;
  /** 0 for the main name. */
  position: number;
}

export interface OrganizationDescriptionTable {
  organization_id: string;
  language: string;
  body: string;
}

export interface OrganizationCapacityTable {
  organization_id: string;
  capacity_id: number;
  side: OrganizationSide;
  note: string | null;
  position: number;
}

export interface ManagerRequestTable {
  id: string;
  organization_id: string;
  user_id: string;
  message: string;
  /** `pending`: the member asked, an admin answers; `invited`: a manager asked, the member answers. */
  status: 'pending' | 'invited' | 'approved' | 'refused';
  reason: string | null;
  created_at: number;
  decided_at: number | null;
}

export interface OrganizationAuditTable {
  id: string;
  organization_id: string;
  actor_id: string | null;
  action: string;
  subject_id: string | null;
  detail: string | null;
  created_at: number;
}

export interface ProfileTable {
  user_id: string;
  handle: string;
  name_visibility: Visibility;
  username_visibility: Visibility;
  pronouns: string | null;
  pronouns_visibility: Visibility;
  bio: string | null;
  bio_language: string | null;
  bio_visibility: Visibility;
  avatar_commons_file: string | null;
  country: string | null;
  country_visibility: Visibility;
  time_zone: string | null;
  availability: string | null;
  availability_visibility: Visibility;
  languages_visibility: Visibility;
  wikis_visibility: Visibility;
  capacities_visibility: Visibility;
  /** Comma-separated codes, e.g. `one-on-one,mentoring`. */
  exchange_formats: string;
  exchange_modes: string;
  exchange_visibility: Visibility;
  show_to_visitors: number;
  in_search: number;
  /** Counted in the map and reports (never by name); on unless the member turns it off. */
  in_statistics: number;
  is_demo: number;
  created_at: number;
  updated_at: number;
  /** Hidden by moderators (or by reports, until a moderator decides). */
  hidden_at: number | null;
}

export interface ProfileLanguageTable {
  user_id: string;
  language: string;
  /** Babel level `0`-`5`, or `N` for native. */
  level: string;
  position: number;
}

export interface ProfileWikiTable {
  user_id: string;
  project: string;
  /** Empty for projects without language editions (Commons, Wikidata...). */
  language: string;
  position: number;
}

/** How a person relates to a capacity; the vocabulary's `PersonSide` under the name the tables use. */
export type CapacitySide = PersonSide;

export interface ProfileCapacityTable {
  user_id: string;
  capacity_id: number;
  side: CapacitySide;
  level: string | null;
  note: string | null;
  position: number;
}

export interface ProfileContactTable {
  user_id: string;
  position: number;
  kind: string;
  value: string;
  visibility: Visibility;
}

export interface ProfileViewMarkTable {
  profile_user_id: string;
  /** Days since 1970 (UTC). */
  day: number;
  /** A daily-salted hash: counts one visit per viewer per day and cannot be traced back to them. */
  viewer_hash: string;
}

export interface CapacitySuggestionTable {
  id: string;
  proposer_id: string;
  name: string;
  language: string;
  wikidata_qid: string | null;
  parent_id: number | null;
  status: SuggestionStatus;
  reason: string | null;
  result_capacity_id: number | null;
  created_at: number;
  decided_at: number | null;
}

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
  /** Suspended by moderators until then (ms); past means no longer. */
  suspended_until: number | null;
  banned_at: number | null;
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

export interface SearchDocumentTable {
  /** `<type>:<entity id>:<audience>`. */
  id: string;
  entity_type: EntityType;
  entity_id: string;
  /** `member` or `visitor`: who may find this version of the entity. */
  audience: 'member' | 'visitor';
  /** The page's address: a profile handle or an organization slug. */
  address: string;
  title: string | null;
  sort_name: string;
  /** Folded (lower case, no accents) text that this audience may search. */
  body: string;
  /** `facet=value` lines, e.g. `capacity=shares:12`, `language=pt`. */
  facets: string;
  updated_at: number;
}

export interface ReportTable {
  id: string;
  reporter_id: string | null;
  reporter_trusted: number;
  subject_type: ReportSubject;
  subject_id: string;
  subject_owner_id: string | null;
  category: ReportCategory;
  explanation: string;
  /** JSON: what the reporter saw when they reported it. */
  snapshot: string;
  status: ReportStatus;
  claimed_by: string | null;
  claimed_at: number | null;
  decided_by: string | null;
  decided_at: number | null;
  action: ModerationAction | null;
  decision_reason: string | null;
  month: string;
  created_at: number;
}

export interface ModerationActionTable {
  id: string;
  report_id: string | null;
  user_id: string | null;
  subject_type: ReportSubject;
  subject_id: string;
  action: Exclude<ModerationAction, 'dismiss'>;
  category: ReportCategory;
  reason: string;
  moderator_id: string | null;
  created_at: number;
  month: string;
  ends_at: number | null;
  lifted_at: number | null;
  appeal_text: string | null;
  appealed_at: number | null;
  appeal_moderator_id: string | null;
  appeal_outcome: AppealOutcome | null;
  appeal_reason: string | null;
  appeal_decided_at: number | null;
}

export interface AuditLogTable {
  id: string;
  actor: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  target: string | null;
  reason: string | null;
  detail: string | null;
  created_at: number;
}

export interface ResourceTable {
  id: string;
  kind: ResourceKind;
  level: CapacityLevel | null;
  licence: ResourceLicence;
  url: string | null;
  commons_file: string | null;
  /** YYYY-MM-DD. */
  published_on: string | null;
  visibility: ItemVisibility;
  /** The organization it was added for (its managers edit it too); null when added by members for themselves. */
  organization_id: string | null;
  created_at: number;
  updated_at: number;
  hidden_at: number | null;
  /** The daily link check: the last HTTP status (0 when nothing answered), when it ran, since when it fails. */
  link_status: number | null;
  link_checked_at: number | null;
  link_failing_since: number | null;
}

export interface ResourceAuthorTable {
  resource_id: string;
  position: number;
  kind: AuthorKind;
  /** The member (kind `member`); null once that member's account is erased. */
  user_id: string | null;
  organization_id: string | null;
  /** A name as written (kind `name`). */
  name: string | null;
}

export interface ResourceHistoryTable {
  id: string;
  resource_id: string;
  actor_id: string | null;
  /** `created`, `edited`, `hidden`, `shown`. */
  action: string;
  /** JSON array of the names of the fields changed. */
  fields: string;
  created_at: number;
}

export interface ServiceTable {
  id: string;
  kind: ServiceKind;
  format: ServiceFormat;
  cost: ServiceCost;
  visibility: ItemVisibility;
  /** The member who offers it (null when an organization does). */
  provider_id: string | null;
  /** The organization that offers it (its managers edit it and answer requests for it). */
  organization_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  hidden_at: number | null;
}

export interface ServiceTextTable {
  service_id: string;
  language: string;
  title: string;
  description: string;
  /** When it is offered, as written (e.g. "Tuesdays, 14-16 UTC"). */
  availability: string;
  /** What it costs, as written, when its cost is `stated`. */
  cost_note: string;
  position: number;
}
