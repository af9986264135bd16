import type { PersonSide } from '../../../shared/vocabulary';
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../../platform/db/database';
import { capacitiesWithLabels } from '../capacities/capacities.service';
import { demoPeopleGenerator, type DemoPerson } from './demo-people';
import { profilesRepository, type DemoRows } from './profiles.repository';
import { regionsByCountry } from '../reference/reference.service';
import { searchIndexer } from '../search/search.indexer';
import { personDocuments } from './profiles.search';
import type { ProfileData } from './visibility';

const BATCH = 2000;
const DEMO_DAYS = 540;

/**
 * Six demo people in ten signed in with a Wikimedia account: its registration year and edit-count
 * range vary with the index, so the participation report's experience and edits have rows.
 */
const DEMO_EDIT_BUCKETS = ['0', '1-9', '10-99', '100-999', '1000-9999', '10000+'];
function demoWikimediaAccount(index: number): { registeredYear: number; editBucket: string } | null {
  if (index % 10 >= 6) return null;
  return {
    registeredYear: 2004 + ((index * 7) % 22),
    editBucket: DEMO_EDIT_BUCKETS[(index * 13) % DEMO_EDIT_BUCKETS.length]!,
  };
}

function toRows(person: DemoPerson, index: number, now: number): DemoRows {
  const userId = randomUUID();
  // Spread over the last eighteen months (a few seconds apart within a day), so the reports' months
  // have people in each of them whatever the number of demo people.
  const createdAt = now - (index % DEMO_DAYS) * 86_400_000 - Math.floor(index / DEMO_DAYS) * 1_000;
  const wikimedia = demoWikimediaAccount(index);
  const capacity = (side: PersonSide) =>
    person.capacities[side].map((id, position) => ({
      user_id: userId,
      capacity_id: id,
      side,
      level: person.capacityLevels.get(id) ?? null,
      note: null,
      position,
    }));
  return {
    user: {
      id: userId,
      display_name: person.displayName,
      email: null,
      email_verified_at: null,
      password_hash: null,
      wikimedia_sub: null,
      wikimedia_username: null,
      wikimedia_edit_bucket: wikimedia?.editBucket ?? null,
      wikimedia_registered_year: wikimedia?.registeredYear ?? null,
      role: 'member',
      language: person.uiLanguage,
      created_at: createdAt,
      updated_at: createdAt,
    },
    profile: {
      user_id: userId,
      handle: `demo-${index}`,
      pronouns: null,
      bio: person.bio,
      bio_language: person.bioLanguage,
      avatar_commons_file: null,
      country: person.country,
      time_zone: person.timeZone,
      availability: null,
      exchange_formats: person.formats.join(','),
      exchange_modes: person.modes.join(','),
      show_to_visitors: person.showToVisitors ? 1 : 0,
      in_search: person.inSearch ? 1 : 0,
      in_statistics: 1,
      is_demo: 1,
      created_at: createdAt,
      updated_at: createdAt,
      ...(Object.fromEntries(
        Object.entries(person.visibility).map(([field, value]) => [`${field}_visibility`, value]),
      ) as Record<`${keyof DemoPerson['visibility']}_visibility`, DemoPerson['visibility']['name']>),
    },
    languages: person.languages.map((language, position) => ({
      user_id: userId,
      language: language.code,
      level: language.level,
      position,
    })),
    wikis: person.wikis.map((wiki, position) => ({
      user_id: userId,
      project: wiki.project,
      language: wiki.language,
      position,
    })),
    capacities: [...capacity('knows'), ...capacity('shares'), ...capacity('learns')],
  };
}

/**
 * Adds `count` synthetic people (marked as demo) in batched transactions, numbering on from the
 * demo people already there, and reports progress after each batch.
 */
export async function seedDemoPeople(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  count: number,
  onProgress: (done: number, total: number) => void = () => undefined,
  seed = 1,
): Promise<void> {
  const capacityIds = (await capacitiesWithLabels(db, 'en')).map((row) => row.id);
  const existing = await profilesRepository(db).countDemoProfiles();
  const next = demoPeopleGenerator(capacityIds, seed + existing);
  const regions = await regionsByCountry(db);
  // Only writes documents given to it, so it needs no sources.
  const index = searchIndexer({ db, dialect }, []);
  const now = Date.now();
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const people = Array.from({ length: size }, (_, offset) => {
      const person = next();
      return { person, rows: toRows(person, existing + done + offset, now) };
    });
    // Their search documents are built from what was generated, in the same transaction: reading a
    // hundred thousand profiles back to index them took longer than writing them.
    await db.transaction().execute(async (trx) => {
      await profilesRepository(trx).insertDemoPeople(
        dialect,
        people.map((entry) => entry.rows),
      );
      await index.insertNew(
        trx,
        people.flatMap(({ person, rows }) => personDocuments(profileDataOf(person, rows), regions)),
      );
    });
    onProgress(done + size, count);
  }
  await index.logFullReload();
}

/** The profile as `profilesRepository.load` would read it back, from what was generated. */
function profileDataOf(person: DemoPerson, rows: DemoRows): ProfileData {
  const side = (name: PersonSide) =>
    person.capacities[name].map((id) => ({ id, level: person.capacityLevels.get(id) ?? null, note: null }));
  return {
    userId: rows.user.id,
    handle: rows.profile.handle,
    displayName: person.displayName,
    wikimediaUsername: null,
    visibility: person.visibility,
    showToVisitors: person.showToVisitors,
    inSearch: person.inSearch,
    inStatistics: true,
    pronouns: null,
    bio: person.bio,
    bioLanguage: person.bioLanguage,
    avatarCommonsFile: null,
    country: person.country,
    timeZone: person.timeZone,
    availability: null,
    languages: person.languages,
    wikis: person.wikis,
    capacities: { knows: side('knows'), shares: side('shares'), learns: side('learns') },
    exchange: { formats: person.formats, modes: person.modes },
    contacts: [],
    affiliations: [],
    updatedAt: Number(rows.profile.updated_at),
    accountCreatedAt: Number(rows.user.created_at),
    wikimediaRegisteredYear: rows.user.wikimedia_registered_year,
    wikimediaEditBucket: rows.user.wikimedia_edit_bucket,
  };
}
