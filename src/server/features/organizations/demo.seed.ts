import type { DatabaseHandle } from '../../platform/db/database';
import { capacitiesWithLabels } from '../capacities/capacities.service';
import { demoOrganizationsGenerator } from './demo-organizations';
import { organizationsRepository } from './organizations.repository';

const BATCH = 1000;

/** Adds `count` synthetic, unclaimed organizations, numbering on from the demo organizations already there. */
export async function seedDemoOrganizations(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  count: number,
  seed = 1,
): Promise<void> {
  const repository = organizationsRepository(db);
  const capacityIds = (await capacitiesWithLabels(db, 'en')).map((row) => row.id);
  const existing = await repository.countDemoOrganizations();
  const next = demoOrganizationsGenerator(capacityIds, seed + existing);
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    await repository.insertDemoOrganizations(
      dialect,
      Array.from({ length: size }, (_, offset) => {
        const number = existing + done + offset + 1;
        return { number, ...next(number) };
      }),
    );
  }
}
