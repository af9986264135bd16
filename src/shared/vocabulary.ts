/**
 * Every closed list of values the platform knows, declared once. The server's request schemas, the
 * database types, the search engine and the web app's menus are all derived from these lists, and
 * each value names the message that labels it (`vocabulary.test.ts` checks that every language has
 * every label). A new content type adds its lists here instead of writing them again in a page.
 */

/** A closed list of values, each with the i18n key of its label. */
export interface Vocabulary<V extends string> {
  readonly values: readonly V[];
  /** The message key of a value's label (`cxc-...`). */
  labelKey(value: V): string;
  /** Whether an untrusted string is one of the values (for addresses and stored rows). */
  has(value: unknown): value is V;
}

/** The type of a vocabulary's values: `ValueOf<typeof VISIBILITY>` is `'public' | 'members' | 'private'`. */
export type ValueOf<T> = T extends Vocabulary<infer V> ? V : never;

export function vocabulary<const V extends string>(
  values: readonly V[],
  labelKey: (value: V) => string,
): Vocabulary<V> {
  const known = new Set<string>(values);
  return { values, labelKey, has: (value: unknown): value is V => typeof value === 'string' && known.has(value) };
}

/** Who may see a field: anyone, signed-in members, only its owner. */
export const VISIBILITY = vocabulary(['public', 'members', 'private'], (value) => `cxc-visibility-${value}`);
export type Visibility = ValueOf<typeof VISIBILITY>;

/** Babel levels 0-5, and N for a native speaker. */
export const LANGUAGE_LEVEL = vocabulary(['0', '1', '2', '3', '4', '5', 'N'], (value) =>
  value === 'N' ? 'cxc-language-level-native' : `cxc-language-level-${value}`,
);
export type LanguageLevel = ValueOf<typeof LANGUAGE_LEVEL>;

export const CAPACITY_LEVEL = vocabulary(
  ['beginner', 'intermediate', 'advanced', 'expert'],
  (value) => `cxc-capacity-level-${value}`,
);
export type CapacityLevel = ValueOf<typeof CAPACITY_LEVEL>;

/** How a person relates to a capacity on their profile. */
export const PERSON_SIDE = vocabulary(['knows', 'shares', 'learns'], (value) => `cxc-search-side-${value}`);
export type PersonSide = ValueOf<typeof PERSON_SIDE>;

/** How an organization relates to a capacity. */
export const ORGANIZATION_SIDE = vocabulary(['offers', 'needs'], (value) => `cxc-search-side-${value}`);
export type OrganizationSide = ValueOf<typeof ORGANIZATION_SIDE>;

/**
 * Every side, the most telling first: a capacity someone shares is one they know too, so search
 * names it by the first side it is on. Written out, not concatenated, because that order is not the
 * profile's; `vocabulary.test.ts` checks that it holds exactly the person and organization sides.
 */
export const SIDE = vocabulary(
  ['shares', 'learns', 'knows', 'offers', 'needs'] satisfies readonly (PersonSide | OrganizationSide)[],
  (value) => `cxc-search-side-${value}`,
);
export type Side = ValueOf<typeof SIDE>;

export const EXCHANGE_FORMAT = vocabulary(
  ['one-on-one', 'mentoring', 'clinic', 'training', 'community-of-practice'],
  (value) => `cxc-exchange-format-${value}`,
);
export type ExchangeFormat = ValueOf<typeof EXCHANGE_FORMAT>;

export const EXCHANGE_MODE = vocabulary(['online', 'in-person'], (value) => `cxc-exchange-mode-${value}`);
export type ExchangeMode = ValueOf<typeof EXCHANGE_MODE>;

export const CONTACT_KIND = vocabulary(
  ['email', 'talk-page', 'telegram', 'matrix', 'link'],
  (value) => `cxc-contact-kind-${value}`,
);
export type ContactKind = ValueOf<typeof CONTACT_KIND>;

export const ORGANIZATION_TYPE = vocabulary(
  ['chapter', 'thematic-organization', 'user-group', 'hub', 'wmf-team', 'partner', 'other'],
  (value) => `cxc-org-type-${value}`,
);
export type OrganizationType = ValueOf<typeof ORGANIZATION_TYPE>;

/** What a search result or a suggestion is, labelled as one of them ("Person"). */
export const ENTITY_TYPE = vocabulary(
  ['person', 'organization', 'resource', 'service'],
  (value) => `cxc-search-kind-${value}`,
);
export type EntityType = ValueOf<typeof ENTITY_TYPE>;
/** The same values labelled as groups ("People"), for the search's type facet. */
export const ENTITY_TYPE_GROUP = vocabulary(ENTITY_TYPE.values, (value) => `cxc-search-type-${value}`);

/** The orders a search can be read in; each is stated on the page. */
export const SEARCH_SORT = vocabulary(
  ['relevance', 'name', 'capacities', 'updated'],
  (value) => `cxc-search-sort-${value}`,
);
export type SearchSort = ValueOf<typeof SEARCH_SORT>;

/** Platform roles, each allowed what the ones before it are. */
export const ROLE = vocabulary(['member', 'moderator', 'admin'], (value) => `cxc-role-${value}`);
export type Role = ValueOf<typeof ROLE>;

/** Where a suggested capacity stands: a moderator approves it, merges it into another, or rejects it. */
export const SUGGESTION_STATUS = vocabulary(
  ['pending', 'approved', 'merged', 'rejected'],
  (value) => `cxc-suggest-status-${value}`,
);
export type SuggestionStatus = ValueOf<typeof SUGGESTION_STATUS>;

/** The two lists of peers: for what I want to learn, and for what I can share. */
export const MATCH_DIRECTION = vocabulary(['learn', 'share'], (value) => `cxc-peers-tab-${value}`);
export type MatchDirection = ValueOf<typeof MATCH_DIRECTION>;

/** Where a conversation stands: a first message waiting for an answer, open, or declined by its recipient. */
export const CONVERSATION_STATUS = vocabulary(
  ['request', 'open', 'declined'],
  (value) => `cxc-conversation-status-${value}`,
);
export type ConversationStatus = ValueOf<typeof CONVERSATION_STATUS>;

/** What a notification in the app tells a member about. */
export const NOTIFICATION_KIND = vocabulary(
  ['request', 'accepted', 'declined', 'message', 'report-decided', 'moderation', 'appeal-decided'],
  (value) => `cxc-notification-kind-${value}`,
);
export type NotificationKind = ValueOf<typeof NOTIFICATION_KIND>;

/**
 * The kinds whose e-mail each member chooses (at once, daily, never). A moderation notice and an
 * appeal's outcome are always mailed, at once, by moderation itself: nobody may opt out of being
 * told what was done about their account and why.
 */
export const CHOSEN_MAIL_KIND = vocabulary(
  ['request', 'accepted', 'declined', 'message', 'report-decided'] satisfies readonly NotificationKind[],
  (value) => `cxc-notification-kind-${value}`,
);
export type ChosenMailKind = ValueOf<typeof CHOSEN_MAIL_KIND>;

/** What a member may report: every content type that can harm someone joins this list. */
export const REPORT_SUBJECT = vocabulary(
  ['profile', 'organization', 'message', 'resource', 'service'],
  (value) => `cxc-report-subject-${value}`,
);
export type ReportSubject = ValueOf<typeof REPORT_SUBJECT>;

/** Why something is reported (the Universal Code of Conduct's main cases). */
export const REPORT_CATEGORY = vocabulary(
  ['harassment', 'hate', 'spam', 'privacy', 'impersonation', 'off-topic', 'other'],
  (value) => `cxc-report-category-${value}`,
);
export type ReportCategory = ValueOf<typeof REPORT_CATEGORY>;

/** Where a report stands in the moderation queue. */
export const REPORT_STATUS = vocabulary(['open', 'claimed', 'decided'], (value) => `cxc-report-status-${value}`);
export type ReportStatus = ValueOf<typeof REPORT_STATUS>;

/** What a moderator does about a report, from the mildest. */
export const MODERATION_ACTION = vocabulary(
  ['dismiss', 'hide', 'warn', 'suspend', 'ban'],
  (value) => `cxc-moderation-action-${value}`,
);
export type ModerationAction = ValueOf<typeof MODERATION_ACTION>;

/** How an appeal ends: the action stands, or it is undone. */
export const APPEAL_OUTCOME = vocabulary(['upheld', 'overturned'], (value) => `cxc-appeal-outcome-${value}`);
export type AppealOutcome = ValueOf<typeof APPEAL_OUTCOME>;

/** When a kind of notification goes out by e-mail: at once, in a daily digest, or never. */
export const EMAIL_CADENCE = vocabulary(['instant', 'daily', 'never'], (value) => `cxc-email-cadence-${value}`);
export type EmailCadence = ValueOf<typeof EMAIL_CADENCE>;

/**
 * The facets of a search document (stored as `facet=value` lines). Internal names, not shown:
 * `capacity` is `<side>:<id>`, `capacity-any` the id whatever the side, `language-level` `<code>@<rank>`.
 */
export const FACET = {
  type: 'type',
  side: 'side',
  capacity: 'capacity',
  capacityAny: 'capacity-any',
  language: 'language',
  languageLevel: 'language-level',
  country: 'country',
  region: 'region',
  format: 'format',
  orgType: 'orgtype',
  /** A learning resource's kind, licence and level (CAPACITY_LEVEL). */
  resourceKind: 'resource-kind',
  licence: 'licence',
  level: 'level',
  /** A service's kind and format (SERVICE_FORMAT). */
  serviceKind: 'service-kind',
  serviceFormat: 'service-format',
  /** Only the statistics read these: counted or not (its value the type), joined when, wikis, Wikimedia account's year. */
  statistics: 'stats',
  joined: 'joined',
  wiki: 'wiki',
  wikimediaSince: 'wikimedia-since',
  /** The range of a member's Wikimedia edit count (EDIT_COUNT_BUCKET), from their Wikimedia sign-in. */
  wikimediaEdits: 'wikimedia-edits',
} as const;
export type Facet = (typeof FACET)[keyof typeof FACET];

/** The map and reports (`/api/reports/...`): what the map's areas are. */
export const MAP_AREA = vocabulary(['country', 'region'], (value) => `cxc-map-by-${value}`);
export type MapArea = ValueOf<typeof MAP_AREA>;

/** Whom the map counts: people (who share / want to learn), or organizations (that offer / need). */
export const MAP_WHO = vocabulary(['people', 'organizations'], (value) => `cxc-map-who-${value}`);
export type MapWho = ValueOf<typeof MAP_WHO>;

/** What the map colours areas by: offers, needs, or the gap (needs minus offers). */
export const MAP_MEASURE = vocabulary(['offers', 'needs', 'gap'], (value) => `cxc-map-measure-${value}`);
export type MapMeasure = ValueOf<typeof MAP_MEASURE>;

/** What participation is broken down by (and the learning resources added: by kind, language, capacity). */
export const PARTICIPATION_DIMENSION = vocabulary(
  [
    'region',
    'country',
    'language',
    'wiki',
    'org-type',
    'experience',
    'edits',
    'resource-kind',
    'resource-language',
    'resource-capacity',
  ],
  (value) => `cxc-participation-by-${value}`,
);
export type ParticipationDimension = ValueOf<typeof PARTICIPATION_DIMENSION>;

/** Months since a member's Wikimedia account was registered, in buckets (experience in the movement). */
export const EXPERIENCE_BUCKET = vocabulary(
  ['under-1-year', '1-4-years', '5-9-years', '10-years-or-more', 'unknown'],
  (value) => `cxc-experience-${value}`,
);
export type ExperienceBucket = ValueOf<typeof EXPERIENCE_BUCKET>;

/**
 * A Wikimedia account's edit count in ranges, as kept at Wikimedia sign-in (never the number
 * itself); `unknown` for members who signed up here.
 */
export const EDIT_COUNT_BUCKET = vocabulary(
  ['0', '1-9', '10-99', '100-999', '1000-9999', '10000+', 'unknown'],
  (value) => `cxc-edit-count-${value === '10000+' ? '10000-or-more' : value}`,
);
export type EditCountBucket = ValueOf<typeof EDIT_COUNT_BUCKET>;

/** On how many days of a month a member used the platform signed in. */
export const ACTIVE_DAYS_BUCKET = vocabulary(
  ['1-day', '2-4-days', '5-9-days', '10-days-or-more'],
  (value) => `cxc-active-days-${value}`,
);
export type ActiveDaysBucket = ValueOf<typeof ACTIVE_DAYS_BUCKET>;

/**
 * How long a signed-in visit lasted: from its first request to its last, a visit ending after
 * half an hour without one.
 */
export const VISIT_LENGTH_BUCKET = vocabulary(
  ['under-1-minute', '1-4-minutes', '5-14-minutes', '15-29-minutes', '30-59-minutes', '1-hour-or-more'],
  (value) => `cxc-visit-length-${value}`,
);
export type VisitLengthBucket = ValueOf<typeof VISIT_LENGTH_BUCKET>;

/** What the activity report counts month by month (the plan's measures of interaction and outcomes). */
export const ACTIVITY_MEASURE = vocabulary(
  [
    'profiles',
    'organizations',
    'resources',
    'searches',
    'successful-searches',
    'profile-visits',
    'invitations-sent',
    'invitations-accepted',
    'requests',
    'connections',
    'follow-ups-answered',
    'capacities-learned',
  ],
  (value) => `cxc-activity-${value}`,
);
export type ActivityMeasure = ValueOf<typeof ACTIVITY_MEASURE>;

/** A published table's file format. */
export const TABLE_FORMAT = vocabulary(['json', 'csv'], (value) => `cxc-table-format-${value}`);
export type TableFormat = ValueOf<typeof TABLE_FORMAT>;

/** Every vocabulary whose values are shown to people, for the label check. */
export const LABELLED_VOCABULARIES: Readonly<Record<string, Vocabulary<string>>> = {
  VISIBILITY,
  LANGUAGE_LEVEL,
  CAPACITY_LEVEL,
  PERSON_SIDE,
  ORGANIZATION_SIDE,
  SIDE,
  EXCHANGE_FORMAT,
  EXCHANGE_MODE,
  CONTACT_KIND,
  ORGANIZATION_TYPE,
  ENTITY_TYPE,
  ENTITY_TYPE_GROUP,
  SEARCH_SORT,
  ROLE,
  SUGGESTION_STATUS,
  MATCH_DIRECTION,
  CONVERSATION_STATUS,
  NOTIFICATION_KIND,
  CHOSEN_MAIL_KIND,
  EMAIL_CADENCE,
  REPORT_SUBJECT,
  REPORT_CATEGORY,
  REPORT_STATUS,
  MODERATION_ACTION,
  APPEAL_OUTCOME,
  MAP_AREA,
  MAP_WHO,
  MAP_MEASURE,
  PARTICIPATION_DIMENSION,
  EXPERIENCE_BUCKET,
  EDIT_COUNT_BUCKET,
  ACTIVE_DAYS_BUCKET,
  VISIT_LENGTH_BUCKET,
  ACTIVITY_MEASURE,
  TABLE_FORMAT,
};
