import { REPORT_SUBJECT, ROLE } from '../../../shared/vocabulary';
import { t } from '../../i18n/i18n';
import { vocabularyLabel } from '../../i18n/vocabulary-labels';
import { formatExactTime } from '../messages/format';

/** The longest reason a moderator may write (the server's limit). */
export const REASON_MAX_LENGTH = 2000;
/** The longest suspension, in days (the server's limit). */
export const SUSPENSION_DAYS_MAX = 365;

/**
 * The labels the editors already give a reported item's fields (profiles, organizations, messages),
 * so a moderator reads "Pronouns" or «الضمائر», not `pronouns`. A field without one shows its name.
 */
const FIELD_LABEL_KEYS: Readonly<Record<string, string>> = {
  handle: 'cxc-profile-handle',
  displayName: 'cxc-field-display-name',
  wikimediaUsername: 'cxc-admin-users-wikimedia',
  avatarCommonsFile: 'cxc-profile-avatar',
  pronouns: 'cxc-profile-pronouns',
  bio: 'cxc-profile-bio',
  country: 'cxc-profile-country',
  'availability.timeZone': 'cxc-profile-time-zone-label',
  'availability.note': 'cxc-profile-availability',
  languages: 'cxc-profile-languages',
  wikis: 'cxc-profile-wikis',
  'capacities.knows': 'cxc-search-side-knows',
  'capacities.shares': 'cxc-search-side-shares',
  'capacities.learns': 'cxc-search-side-learns',
  'exchange.formats': 'cxc-profile-exchange-formats',
  'exchange.modes': 'cxc-profile-exchange-modes',
  contacts: 'cxc-profile-contact',
  affiliations: 'cxc-profile-affiliations',
  names: 'cxc-org-names',
  acronym: 'cxc-org-acronym',
  website: 'cxc-org-website',
  metaPage: 'cxc-org-meta-page',
  descriptions: 'cxc-org-descriptions',
  logoCommonsFile: 'cxc-org-logo',
  text: 'cxc-report-page-field-text',
  language: 'cxc-report-page-field-language',
  sentAt: 'cxc-report-page-field-sent-at',
  asOrganization: 'cxc-report-page-field-as-organization',
};

/** The label of a reported item's field, in the interface language when the editors name it. */
export function fieldLabel(key: string): string {
  const labelKey = FIELD_LABEL_KEYS[key];
  return labelKey ? t(labelKey) : key;
}

/** One field of a reported item, as plain text for a definition list. */
export interface ContentEntry {
  readonly key: string;
  readonly text: string;
  /** Text written by a member in a known language (a message's text). */
  readonly lang?: string;
  /** Structured values (lists, records) keep their line breaks. */
  readonly structured: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function entryOf(key: string, value: unknown, language: string | undefined): ContentEntry {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return { key, text: t('cxc-report-page-empty-value'), structured: false };
  if (typeof value === 'string')
    return { key, text: value, structured: false, ...(key === 'text' && language ? { lang: language } : {}) };
  if (typeof value === 'number' || typeof value === 'boolean') return { key, text: String(value), structured: false };
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return { key, text: value.join(', '), structured: false };
  return { key, text: JSON.stringify(value, null, 2), structured: true };
}

/**
 * A reported item's fields as key and text, in the order stored; nested records become dotted keys
 * (`availability.timeZone`). Only ever shown as text: strings as they are, lists of strings joined,
 * lists of records as indented JSON. A message's `language` is given to its `text`, so it is shown in its
 * own language and direction.
 */
export function contentEntries(content: Record<string, unknown>): ContentEntry[] {
  const language = typeof content.language === 'string' && content.language !== '' ? content.language : undefined;
  const entries: ContentEntry[] = [];
  const walk = (record: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(record)) {
      const name = prefix + key;
      if (isRecord(value) && Object.keys(value).length > 0) walk(value, `${name}.`);
      else entries.push(entryOf(name, isRecord(value) ? null : value, prefix === '' ? language : undefined));
    }
  };
  walk(content, '');
  return entries;
}

/** The audit log's actions the interface names; any other is shown as it is stored. */
const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'item.hide-automatically': 'cxc-audit-action-item-hide-automatically',
  'report.claim': 'cxc-audit-action-report-claim',
  'report.dismiss': 'cxc-audit-action-report-dismiss',
  'report.hide': 'cxc-audit-action-report-hide',
  'report.warn': 'cxc-audit-action-report-warn',
  'report.suspend': 'cxc-audit-action-report-suspend',
  'report.ban': 'cxc-audit-action-report-ban',
  'appeal.file': 'cxc-audit-action-appeal-file',
  'appeal.upheld': 'cxc-audit-action-appeal-upheld',
  'appeal.overturned': 'cxc-audit-action-appeal-overturned',
  'role.set': 'cxc-audit-action-role-set',
  'capacity-suggestion.approved': 'cxc-audit-action-capacity-suggestion-approved',
  'capacity-suggestion.merged': 'cxc-audit-action-capacity-suggestion-merged',
  'capacity-suggestion.rejected': 'cxc-audit-action-capacity-suggestion-rejected',
  'manager-request.approve': 'cxc-audit-action-manager-request-approve',
  'manager-request.refuse': 'cxc-audit-action-manager-request-refuse',
};

/** Every audit action the interface names (for the label test). */
export const NAMED_AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS);

/**
 * What an audit entry records, in words. Two details are worth reading: a role's new value
 * (`member -> moderator`) and a suspension's end (`until <ISO time>`).
 */
export function auditActionLabel(action: string, detail: string | null = null, language = 'en'): string {
  if (action === 'role.set') {
    const role = /^\w+ -> (\w+)$/.exec(detail ?? '')?.[1];
    if (ROLE.has(role)) return t('cxc-audit-action-role-set-to', vocabularyLabel(ROLE, role));
  }
  if (action === 'report.suspend') {
    const until = /^until (.+)$/.exec(detail ?? '')?.[1];
    if (until && !Number.isNaN(Date.parse(until)))
      return t('cxc-audit-action-report-suspend-until', formatExactTime(until, language));
  }
  const key = AUDIT_ACTION_LABELS[action];
  return key ? t(key) : action;
}

/** What an audit entry is about: a reportable type, an account or a capacity suggestion; others as stored. */
export function auditSubjectLabel(type: string | null): string {
  if (type === null) return '';
  if (type === 'account') return t('cxc-audit-subject-account');
  if (type === 'capacity-suggestion') return t('cxc-audit-subject-capacity-suggestion');
  return vocabularyLabel(REPORT_SUBJECT, type);
}
