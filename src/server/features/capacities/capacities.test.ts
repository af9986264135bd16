import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { TestClient } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';
import { seedCapacities } from './capacities.seed';
import type { CapacityNode } from './capacities.schema';

function flatten(nodes: CapacityNode[]): CapacityNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

describe.each(DATABASE_TARGETS)('GET /api/capacities on $name', (target) => {
  const testApp = useTestApp(target);

  async function fetchTree(query: '' | `?${string}`, headers: Record<string, string> = {}) {
    const response = await new TestClient(testApp.current.app).get(`/api/capacities${query}`, headers);
    return { response, body: response.body };
  }

  test('returns the whole taxonomy as a tree of 7 roots and 134 capacities', async () => {
    const { response, body } = await fetchTree('?lang=en');
    expect(response.status).toBe(200);
    expect(body.capacities.map((root) => root.label)).toEqual([
      'Organizational structure',
      'Communication',
      'Learning and evaluation',
      'Community health',
      'Social skills',
      'Strategic management',
      'Technology',
    ]);
    expect(flatten(body.capacities)).toHaveLength(134);
    expect(body.capacities[0]?.wikidataQid).toBe('Q759524');
  });

  test.each([
    { lang: 'en', label: 'Budgeting' },
    { lang: 'ar', label: 'إعداد الميزانية' },
    { lang: 'es', label: 'Elaboración de presupuestos' },
    { lang: 'fr', label: 'Budgétisation' },
    { lang: 'pt-br', label: 'Elaboração de orçamento' },
  ])('labels budgeting in $lang', async ({ lang, label }) => {
    const { body } = await fetchTree(`?lang=${lang}`);
    expect(body.language).toBe(lang);
    expect(flatten(body.capacities).find((node) => node.id === 12)?.label).toBe(label);
  });

  test('labels every capacity in every language', async () => {
    for (const lang of ['ar', 'es', 'fr', 'pt-br']) {
      const english = flatten((await fetchTree('?lang=en')).body.capacities);
      const translated = flatten((await fetchTree(`?lang=${lang}`)).body.capacities);
      expect(translated.every((node) => node.label.trim() !== '')).toBe(true);
      expect(translated.map((node) => node.id)).toEqual(english.map((node) => node.id));
    }
  });

  test('falls back to the negotiated language when lang is not given', async () => {
    const { body } = await fetchTree('', { 'accept-language': 'pt-PT,pt;q=0.9' });
    expect(body.language).toBe('pt-br');
  });

  test('refuses an unknown lang with a translated field error', async () => {
    const { response } = await fetchTree('?lang=xx', { 'accept-language': 'es' });
    expect(response.status).toBe(400);
    const { error } = response;
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Algunos de los valores enviados no son válidos.');
    expect(error.details).toEqual([
      { field: 'query.lang', code: 'enum', message: 'Debe ser uno de estos valores: en, ar, es, fr, pt-br.' },
    ]);
    expect(error.requestId).toBe(response.headers['x-request-id']);
  });

  test('seeding again changes nothing', async () => {
    const before = (await fetchTree('?lang=fr')).body;
    await seedCapacities(testApp.current.database.db);
    await seedCapacities(testApp.current.database.db);
    expect((await fetchTree('?lang=fr')).body).toEqual(before);
  });
});
