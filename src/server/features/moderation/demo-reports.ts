import { randomUUID } from 'node:crypto';
import {
  MODERATION_ACTION,
  REPORT_CATEGORY,
  type ModerationAction,
  type ReportCategory,
} from '../../../shared/vocabulary';
import { personPath } from '../../../shared/web-routes';
import type { DatabaseHandle } from '../../platform/db/database';
import type { ReportTable } from '../../platform/db/schema';
import { demoPeople } from '../profiles/profiles.public';
import { seededRandom } from '../profiles/demo-people';
import { monthOf } from './moderation.repository';

const DAY_MS = 86_400_000;
const BATCH = 1000;
/** Spam and harassment are most of what members report; the rest trail off. */
const CATEGORY_WEIGHTS: Readonly<Record<ReportCategory, number>> = {
  spam: 35,
  harassment: 25,
  'off-topic': 12,
  impersonation: 8,
  hate: 8,
  privacy: 6,
  other: 6,
};
const EXPLANATIONS = [
  'Sent me the same advertisement three times.',
  'Keeps writing after I said no, and the tone is threatening.',
  'Este perfil copia el nombre y la foto de otra persona.',
  'يستخدم لغة مسيئة تجاه المتطوعين في رسائله.',
  'Publie l’adresse personnelle d’une bénévole dans sa biographie.',
  'O perfil só contém links para uma loja.',
  'Nothing here is about Wikimedia.',
];

/**
 * Synthetic reports about demo people's profiles, for the moderation queue's benchmark: spread over
 * the last 90 days, the categories weighted as members report, most waiting (open), some claimed,
 * the rest decided; each with a snapshot the size of a real one. The same seed gives the same queue.
 */
export async function seedDemoReports(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  count: number,
  {
    moderators = [],
    seed = 7,
    now = Date.now(),
  }: { moderators?: readonly string[]; seed?: number } & { now?: number } = {},
): Promise<number> {
  const random = seededRandom(seed);
  const people = await demoPeople(db);
  if (people.length < 2) return 0;
  const categories = REPORT_CATEGORY.values.flatMap((category) =>
    Array<ReportCategory>(CATEGORY_WEIGHTS[category]).fill(category),
  );
  const actions = MODERATION_ACTION.values as readonly ModerationAction[];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // A few people draw most reports (as spammers do); a report's reporter is never its subject, and reports once.
  const reported = Array.from({ length: Math.max(1, Math.floor(people.length / 20)) }, () => pick(people));
  const seen = new Set<string>();
  let rows: ReportTable[] = [];
  let added = 0;
  for (let attempt = 0; added + rows.length < count && attempt < count * 4; attempt += 1) {
    const subject = random() < 0.7 ? pick(reported) : pick(people);
    const reporter = pick(people);
    const key = `${reporter.user_id}:${subject.user_id}`;
    if (reporter.user_id === subject.user_id || seen.has(key)) continue;
    seen.add(key);
    const createdAt = now - Math.floor(random() * 90 * DAY_MS);
    const fate = random();
    const status = fate < 0.6 ? 'open' : fate < 0.7 ? 'claimed' : 'decided';
    const moderator = moderators.length > 0 ? pick(moderators) : null;
    const action = status === 'decided' ? pick(actions) : null;
    rows.push({
      id: randomUUID(),
      reporter_id: reporter.user_id,
      reporter_trusted: random() < 0.8 ? 1 : 0,
      subject_type: 'profile',
      subject_id: subject.user_id,
      subject_owner_id: subject.user_id,
      category: pick(categories),
      explanation: pick(EXPLANATIONS),
      snapshot: JSON.stringify({
        label: subject.display_name ?? subject.handle,
        path: personPath(subject.handle),
        content: { handle: subject.handle, displayName: subject.display_name, bio: pick(EXPLANATIONS).repeat(3) },
      }),
      status,
      claimed_by: status === 'open' ? null : moderator,
      claimed_at: status === 'open' ? null : createdAt + DAY_MS,
      decided_by: status === 'decided' ? moderator : null,
      decided_at: status === 'decided' ? createdAt + 2 * DAY_MS : null,
      action,
      decision_reason: action ? 'Decided in the demo data.' : null,
      month: monthOf(createdAt),
      created_at: createdAt,
    });
    if (rows.length >= BATCH) {
      await dialect.insertRows(db, 'reports', rows);
      added += rows.length;
      rows = [];
    }
  }
  if (rows.length > 0) await dialect.insertRows(db, 'reports', rows);
  return added + rows.length;
}
