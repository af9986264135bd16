import { t } from '../../i18n/i18n';

/** The most a message may hold (the server's limit). */
export const MESSAGE_MAX_LENGTH = 5000;

/** The other member of a conversation or notification, as the server describes them. */
export interface MemberCard {
  readonly name: string | null;
  readonly handle: string | null;
  readonly deleted: boolean;
}

/** What to call a member: their name, else their profile address, else "A member"; "Deleted member" once gone. */
export function memberName(member: MemberCard): string {
  if (member.deleted) return t('cxc-messages-deleted-member');
  return member.name ?? member.handle ?? t('cxc-profile-hidden-name');
}

/** A conversation's organization side, when it is with an organization. */
export interface OrganizationSide {
  readonly slug: string;
  readonly name: string;
  /** The viewer answers for the organization. */
  readonly asManager: boolean;
}

/**
 * Whom a conversation is with, for its title and the inbox: the organization, for the member who
 * wrote to it; "member, to organization" for its managers; else the other member.
 */
export function counterpartName(entry: { other: MemberCard; organization: OrganizationSide | null }): string {
  if (!entry.organization) return memberName(entry.other);
  if (!entry.organization.asManager) return entry.organization.name;
  return t('cxc-conversation-to-organization', isolate(memberName(entry.other)), isolate(entry.organization.name));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When something happened, in the interface language: "5 minutes ago", "yesterday" within a week,
 * else the date (and the time on the same year). `now` is a parameter so tests can fix it.
 */
export function formatWhen(iso: string, language: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  const elapsed = Math.max(0, now - at);
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (elapsed < MINUTE) return relative.format(0, 'second');
  if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return relative.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 7 * DAY) return relative.format(-Math.floor(elapsed / DAY), 'day');
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(language, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(at);
}

/** The full date and time, for a `title` beside a relative time. */
export function formatExactTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));
}

/** A language's own name (its autonym), from the browser; the code itself when the browser does not know it. */
export function autonymOf(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
    return name ?? code;
  } catch {
    return code;
  }
}

/**
 * A name to put inside a translated sentence, isolated (U+2068 ... U+2069) so a right-to-left name in
 * a left-to-right sentence, or the other way round, does not pull the punctuation around it along.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** The beginning of a message as plain words: its light Markdown marks (bold, code, link targets) left out. */
export function plainPreview(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
