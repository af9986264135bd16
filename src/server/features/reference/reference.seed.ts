import { readJsonData } from '../../platform/data-files';
import type { Db } from '../../platform/db/schema';
import { referenceRepository } from './reference.repository';

interface RegionData {
  id: string;
  countries: string[];
}
interface LanguageData {
  code: string;
  bcp47: string;
  autonym: string;
  englishName: string;
  dir: 'ltr' | 'rtl';
}
interface ProjectData {
  id: string;
  domain: string;
  wikidata: string | null;
  editions: 'per-language' | 'single';
}

/** Loads regions, languages and projects from `data/`; safe to run at every start and concurrently. */
export async function seedReferenceData(db: Db): Promise<void> {
  const repository = referenceRepository(db);
  await repository.insertMissingRegions(readJsonData<RegionData[]>('wikimedia-regions.json'));
  await repository.upsertLanguages(readJsonData<LanguageData[]>('languages.json'));
  await repository.upsertProjects(readJsonData<ProjectData[]>('wikimedia-projects.json'));
}
