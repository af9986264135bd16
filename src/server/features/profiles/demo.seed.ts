import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/schema';
import { capacitiesRepository } from '../capacities/capacities.repository';
import { demoPeopleGenerator, type DemoPerson } from './demo-people';
import { profilesRepository, type DemoRows } from './profiles.repository';

const BATCH = 2000;

function toRows(person: DemoPerson, index: number, now: number): DemoRows {
  const userId = randomUUID();
  const createdAt = now - index * 37_000;
  const capacity = (side: 'knows' | 'shares' | 'learns') => person.capacities[side].map((id, position) => ({
    user_id: userId, capacity_id: id, side, level: person.capacityLevels.get(id) ?? null, note: null, position,
  }));
  return {
    user: {
      id: userId, display_name: person.displayName, email: null, email_verified_at: null, password_hash: null, wikimedia_sub: null,
      wikimedia_username: null, wikimedia_edit_bucket: null, wikimedia_registered_year: null, role: 'member', language: person.uiLanguage,
      created_at: createdAt, updated_at: createdAt,
    },
    profile: {
      user_id: userId, handle: `demo-${index}`, pronouns: null, bio: person.bio, bio_language: person.bioLanguage, avatar_commons_file: null,
      country: person.country, time_zone: person.timeZone, availability: null,
      exchange_formats: person.formats.join(','), exchange_modes: person.modes.join(','),
      show_to_visitors: person.showToVisitors ? 1 : 0, in_search: person.inSearch ? 1 : 0, is_demo: 1, created_at: createdAt, updated_at: createdAt,
      ...Object.fromEntries(Object.entries(person.visibility).map(([field, value]) => [`${field}_visibility`, value])) as Record<`${keyof DemoPerson['visibility']}_visibility`, DemoPerson['visibility']['name']>,
    },
    languages: person.languages.map((language, position) => ({ user_id: userId, language: language.code, level: language.level, position })),
    wikis: person.wikis.map((wiki, position) => ({ user_id: userId, project: wiki.project, language: wiki.language, position })),
    capacities: [...capacity('knows'), ...capacity('shares'), ...capacity('learns')],
  };
}

/**
 * Adds `count` synthetic people (marked as demo) in batched transactions, numbering on from the
 * demo people already there, and reports progress after each batch.
 */
export async function seedDemoPeople(db: Db, count: number, onProgress: (done: number, total: number) => void = () => undefined, seed = 1): Promise<void> {
  const repository = profilesRepository(db);
  const capacityIds = (await capacitiesRepository(db).listWithLabels('en')).map((row) => row.id);
  const existing = await repository.countDemoProfiles();
  const next = demoPeopleGenerator(capacityIds, seed + existing);
  const now = Date.now();
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    await repository.insertDemoPeople(Array.from({ length: size }, (_, offset) => toRows(next(), existing + done + offset, now)));
    onProgress(done + size, count);
  }
}
