import { readJsonData } from '../../platform/data-files';
import type { Db } from '../../platform/db/schema';
import { capacitiesRepository, type CapacitySeed } from './capacities.repository';

/** Loads the taxonomy from `data/capacities.json`; safe to run at every start and concurrently. */
export async function seedCapacities(db: Db): Promise<void> {
  await capacitiesRepository(db).insertMissing(readJsonData<CapacitySeed[]>('capacities.json'));
}
