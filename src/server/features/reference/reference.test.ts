import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { TestClient, type TestResponse } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';
import { seedReferenceData } from './reference.seed';

describe.each(DATABASE_TARGETS)('reference data on $name', (target) => {
  const testApp = useTestApp(target);

  const client = () => new TestClient(testApp.current.app);
  async function ok<Body>(answer: Promise<TestResponse<Body>>): Promise<Body> {
    const response = await answer;
    expect(response.status).toBe(200);
    return response.body;
  }

  test('lists the 8 Wikimedia regions with their countries, named in the requested language', async () => {
    const { regions } = await ok(client().get('/api/regions?lang=fr'));
    expect(regions.map((region) => region.id)).toEqual(['SSA', 'NWE', 'ESEAP', 'LAC', 'CEECA', 'SA', 'MENA', 'NA']);
    const mena = regions.find((region) => region.id === 'MENA');
    expect(mena?.name).toBe('Moyen-Orient et Afrique du Nord');
    expect(mena?.countries).toContainEqual({ code: 'EG', name: 'Égypte' });
    const allCodes = regions.flatMap((region) => region.countries.map((country) => country.code));
    expect(new Set(allCodes).size).toBe(allCodes.length);
  });

  test('names countries in Arabic for an Arabic reader', async () => {
    const { regions } = await ok(client().get('/api/regions', { 'accept-language': 'ar' }));
    expect(regions.find((region) => region.id === 'NA')?.countries).toContainEqual({ code: 'CA', name: 'كندا' });
  });

  test('lists every language with a Wikipedia by its autonym and its localized name', async () => {
    const { languages } = await ok(client().get('/api/languages?lang=es'));
    expect(languages.length).toBeGreaterThanOrEqual(340);
    const byCode = new Map(languages.map((language) => [language.code, language]));
    expect(byCode.get('ar')).toEqual({ code: 'ar', autonym: 'العربية', name: 'árabe', dir: 'rtl' });
    expect(byCode.get('zh-min-nan')?.autonym).toBe('Bân-lâm-gú');
    expect(byCode.get('simple')?.dir).toBe('ltr');
    // Languages CLDR cannot name fall back to their own name rather than to English.
    expect(byCode.get('ami')?.name).toBe('Pangcah');
  });

  test('lists the 15 Wikimedia projects with localized names', async () => {
    const { projects } = await ok(client().get('/api/projects?lang=pt-br'));
    expect(projects).toHaveLength(15);
    expect(projects.find((project) => project.id === 'wiktionary')).toEqual({
      id: 'wiktionary',
      name: 'Wikcionário',
      domain: 'wiktionary.org',
      wikidataQid: 'Q151',
      editions: 'per-language',
    });
    expect(projects.find((project) => project.id === 'commons')?.editions).toBe('single');
  });

  test('seeding again changes nothing', async () => {
    const before = await ok(client().get('/api/languages?lang=en'));
    await seedReferenceData(testApp.current.database.db);
    expect(await ok(client().get('/api/languages?lang=en'))).toEqual(before);
  });
});
