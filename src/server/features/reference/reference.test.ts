import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { useTestApp } from '../../test-support/test-app';
import { seedReferenceData } from './reference.seed';
import type { LanguagesResponse, ProjectsResponse, RegionsResponse } from './reference.schema';

describe.each(DATABASE_TARGETS)('reference data on $name', (target) => {
  const testApp = useTestApp(target);

  async function get<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
    const response = await testApp.current.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode).toBe(200);
    return response.json() as T;
  }

  test('lists the 8 Wikimedia regions with their countries, named in the requested language', async () => {
    const { regions } = await get<RegionsResponse>('/api/regions?lang=fr');
    expect(regions.map((region) => region.id)).toEqual(['SSA', 'NWE', 'ESEAP', 'LAC', 'CEECA', 'SA', 'MENA', 'NA']);
    const mena = regions.find((region) => region.id === 'MENA');
    expect(mena?.name).toBe('Moyen-Orient et Afrique du Nord');
    expect(mena?.countries).toContainEqual({ code: 'EG', name: 'Égypte' });
    const allCodes = regions.flatMap((region) => region.countries.map((country) => country.code));
    expect(new Set(allCodes).size).toBe(allCodes.length);
  });

  test('names countries in Arabic for an Arabic reader', async () => {
    const { regions } = await get<RegionsResponse>('/api/regions', { 'accept-language': 'ar' });
    expect(regions.find((region) => region.id === 'NA')?.countries).toContainEqual({ code: 'CA', name: 'كندا' });
  });

  test('lists every language with a Wikipedia by its autonym and its localized name', async () => {
    const { languages } = await get<LanguagesResponse>('/api/languages?lang=es');
    expect(languages.length).toBeGreaterThanOrEqual(340);
    const byCode = new Map(languages.map((language) => [language.code, language]));
    expect(byCode.get('ar')).toEqual({ code: 'ar', autonym: 'العربية', name: 'árabe', dir: 'rtl' });
    expect(byCode.get('zh-min-nan')?.autonym).toBe('Bân-lâm-gú');
    expect(byCode.get('simple')?.dir).toBe('ltr');
    // Languages CLDR cannot name fall back to their own name rather than to English.
    expect(byCode.get('ami')?.name).toBe('Pangcah');
  });

  test('lists the 15 Wikimedia projects with localized names', async () => {
    const { projects } = await get<ProjectsResponse>('/api/projects?lang=pt-br');
    expect(projects).toHaveLength(15);
    expect(projects.find((project) => project.id === 'wiktionary')).toEqual({
      id: 'wiktionary', name: 'Wikcionário', domain: 'wiktionary.org', wikidataQid: 'Q151', editions: 'per-language',
    });
    expect(projects.find((project) => project.id === 'commons')?.editions).toBe('single');
  });

  test('seeding again changes nothing', async () => {
    const before = await get<LanguagesResponse>('/api/languages?lang=en');
    await seedReferenceData(testApp.current.database.db);
    expect(await get<LanguagesResponse>('/api/languages?lang=en')).toEqual(before);
  });
});
