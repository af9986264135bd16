import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Visibility } from '../../../shared/vocabulary';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, type ProfiledMember } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { useTestApp, type TestApp } from '../../test-support/test-app';
import { STATISTICS_FRESH_MS } from './statistics.service';

// Each process keeps a table a minute. The clock moves a minute on before every read unless a test
// asks for the same minute, so each read counts afresh.
const realNow = Date.now.bind(Date);
let clockOffset = 0;
beforeAll(() => {
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
});
afterAll(() => {
  vi.restoreAllMocks();
});

// The taxonomy of data/capacities.json: 10 > 11 > 12, and 15 beside 11 under 10 (the root, asked as capacity=10).
const CHILD = 11;
const GRANDCHILD = 12;
const OTHER = 15;

interface Person {
  country?: string | null;
  countryVisibility?: Visibility;
  shares?: number[];
  learns?: number[];
  capacitiesVisibility?: Visibility;
  languages?: string[];
  inStatistics?: boolean;
}

async function person(testApp: TestApp, spec: Person): Promise<ProfiledMember> {
  const member = await createMember(testApp);
  const entry = (id: number) => ({ id, level: null, note: null });
  return buildProfile(member, {
    location: {
      country: spec.country ?? null,
      visibility: { country: spec.countryVisibility ?? 'members', availability: 'members' },
    },
    capacities: {
      shares: (spec.shares ?? []).map(entry),
      learns: (spec.learns ?? []).map(entry),
      visibility: spec.capacitiesVisibility ?? 'members',
    },
    languages: { languages: (spec.languages ?? []).map((code) => ({ code, level: '3' })), visibility: 'members' },
    settings: { showToVisitors: false, inSearch: true, inStatistics: spec.inStatistics ?? true },
  });
}

async function many(testApp: TestApp, count: number, spec: Person): Promise<ProfiledMember[]> {
  const made: ProfiledMember[] = [];
  for (let n = 0; n < count; n += 1) made.push(await person(testApp, spec));
  return made;
}

type Area = { code: string; region: string | null; offers: number | null; needs: number | null; gap: number | null };
interface MapAnswer {
  areas: Area[];
  total: { offers: number | null; needs: number | null; gap: number | null };
  rule: string;
  computedAt: string;
  licence: string;
}

async function read<T>(path: string, client?: TestClient, sameMinute = false): Promise<T> {
  if (!sameMinute) clockOffset += STATISTICS_FRESH_MS;
  const response = await (client ?? new TestClient(current!.app)).request('GET', path);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as T;
}
let current: TestApp | undefined;
const area = (answer: MapAnswer, code: string) => answer.areas.find((entry) => entry.code === code)!;

describe.each(DATABASE_TARGETS)('the map and reports on $name', (target) => {
  const testApp = useTestApp(target);
  beforeAll(async () => {
    current = testApp.current;
    // Sharers of the grandchild capacity: France 10, Germany 6, Italy 5 (all in NWE), and 6 who show
    // no country; learners of the child: Brazil 12 in Portuguese, Mexico 5 in Spanish (both LAC).
    // Two more in France who are not counted: one keeps capacities private, one left the statistics.
    await many(testApp.current, 10, { country: 'FR', shares: [GRANDCHILD], languages: ['fr'] });
    await many(testApp.current, 6, { country: 'DE', shares: [GRANDCHILD], languages: ['de'] });
    await many(testApp.current, 5, { country: 'IT', shares: [GRANDCHILD], languages: ['it'] });
    await many(testApp.current, 6, { shares: [GRANDCHILD] });
    await many(testApp.current, 12, { country: 'BR', learns: [CHILD], languages: ['pt'] });
    await many(testApp.current, 5, { country: 'MX', learns: [CHILD], languages: ['es'] });
    await person(testApp.current, { country: 'FR', shares: [GRANDCHILD], capacitiesVisibility: 'private' });
    await person(testApp.current, { country: 'FR', shares: [GRANDCHILD], inStatistics: false });
  });

  test('counts what members may see of everyone in the statistics, per country, region and overall', async () => {
    const map = await read<MapAnswer>('/api/reports/map?capacity=12');
    // The private one and the one out of the statistics are not counted.
    expect(area(map, 'FR')).toMatchObject({ region: 'NWE', offers: 10, needs: null, gap: null });
    expect(area(map, 'DE').offers).toBe(6);
    // Italy's 5 is withheld: with it, the region's 21 would show that its other countries have nobody.
    expect(area(map, 'IT').offers).toBeNull();
    // Nobody in a country reads as withheld, as a small count does: absence is not a signal.
    expect(area(map, 'JP')).toMatchObject({ offers: null, needs: null, gap: null });
    expect(map.total.offers).toBe(27);
    const byRegion = await read<MapAnswer>('/api/reports/map?capacity=12&by=region', undefined, true);
    expect(area(byRegion, 'NWE').offers).toBe(21);
    for (const entry of [...map.areas, ...byRegion.areas])
      for (const value of [entry.offers, entry.needs]) if (value !== null) expect(value).toBeGreaterThanOrEqual(5);
  });

  test('a capacity counts with its narrower ones', async () => {
    const root = await read<MapAnswer>('/api/reports/map?capacity=10');
    expect(area(root, 'FR').offers).toBe(10);
    expect(area(root, 'BR').needs).toBe(12);
    const child = await read<MapAnswer>('/api/reports/map?capacity=11&by=region');
    expect(area(child, 'LAC').needs).toBe(17);
  });

  test('a count that a wider view tells apart by 1 to 4 is withheld', async () => {
    // Two more French sharers, of another capacity under the root: the root's 12 in France against
    // the grandchild's 10 would tell that 2 people there share something else.
    await many(testApp.current, 2, { country: 'FR', shares: [OTHER] });
    expect(area(await read<MapAnswer>('/api/reports/map?capacity=12'), 'FR').offers).toBeNull();
    expect(area(await read<MapAnswer>('/api/reports/map?capacity=10'), 'FR').offers).toBe(12);
    // Three more: 15 against 10 tells of a group of 5, which may be shown.
    await many(testApp.current, 3, { country: 'FR', shares: [OTHER] });
    expect(area(await read<MapAnswer>('/api/reports/map?capacity=12'), 'FR').offers).toBe(10);
  });

  test('unmet needs: capacities by learners, with the sharers shown where they may be', async () => {
    type Unmet = { capacities: { id: number; needs: number | null; offers: number | null; gap: number | null }[] };
    const unmet = await read<Unmet>('/api/reports/unmet-needs');
    expect(unmet.capacities.find((row) => row.id === CHILD)).toMatchObject({ needs: 17, offers: null, gap: null });
    // Needs withheld (nobody wants to learn it): not listed.
    expect(unmet.capacities.find((row) => row.id === GRANDCHILD)).toBeUndefined();
    expect(unmet.capacities.every((row) => row.needs !== null && row.needs >= 5)).toBe(true);
    const inRegion = await read<Unmet & { region: { id: string } }>('/api/reports/unmet-needs?region=LAC');
    expect(inRegion.region.id).toBe('LAC');
    expect(inRegion.capacities.map((row) => [row.id, row.needs])).toEqual([[CHILD, 17]]);
    const inPortuguese = await read<Unmet>('/api/reports/unmet-needs?language=pt');
    expect(inPortuguese.capacities.map((row) => [row.id, row.needs])).toEqual([[CHILD, 12]]);
  });

  test('cohorts: ten or more learners of one capacity in one region and language', async () => {
    const cohorts = await read<{
      smallestCohort: number;
      cohorts: {
        capacity: { id: number };
        region: { id: string };
        language: { code: string };
        learners: number | null;
      }[];
    }>('/api/reports/cohorts');
    expect(cohorts.smallestCohort).toBe(10);
    expect(cohorts.cohorts.map((row) => [row.capacity.id, row.region.id, row.language.code, row.learners])).toEqual([
      [CHILD, 'LAC', 'pt', 12],
    ]);
  });

  test('participation by region this month, and activity month by month', async () => {
    const thisMonth = new Date(realNow()).toISOString().slice(0, 7);
    const table = await read<{
      months: string[];
      rows: { value: string; months: (number | null)[]; total: number | null }[];
      total: { months: (number | null)[]; total: number | null };
    }>('/api/reports/participation?by=region');
    expect(table.months).toHaveLength(12);
    const month = table.months.indexOf(thisMonth);
    expect(month).toBeGreaterThanOrEqual(10);
    // Everyone counted joined this month: 22 in NWE (the one with private capacities shows a
    // country), 17 in LAC, 6 who show no country; the one out of the statistics is not counted.
    expect(table.total.months[month]).toBe(50);
    expect(table.rows.find((row) => row.value === 'NWE')!.months[month]).toBe(27);
    expect(table.rows.find((row) => row.value === 'LAC')!.months[month]).toBe(17);
    expect(table.rows.find((row) => row.value === 'unknown')!.months[month]).toBe(6);
    const activity = await read<{ measures: { measure: string; months: (number | null)[] }[] }>(
      '/api/reports/activity',
    );
    expect(activity.measures.find((row) => row.measure === 'profiles')!.months[month]).toBe(50);
    expect(activity.measures.find((row) => row.measure === 'searches')!.months[month]).toBe(0);
  });

  test('participation by Wikimedia edits: the range kept at Wikimedia sign-in, the rest not stated', async () => {
    const editors = await many(testApp.current, 5, { country: 'FR' });
    const db = testApp.current.app.database.db;
    for (const editor of editors) {
      // As a Wikimedia sign-in keeps it (the range, never the number), then a save refreshes the documents.
      await db.updateTable('users').set({ wikimedia_edit_bucket: '100-999' }).where('id', '=', editor.userId).execute();
      const saved = await editor.client.put('/api/profile/settings', {
        showToVisitors: false,
        inSearch: true,
        inStatistics: true,
      });
      expect(saved.status).toBe(200);
    }
    const table = await read<{
      months: string[];
      rows: { value: string; label: string; months: (number | null)[] }[];
    }>('/api/reports/participation?by=edits');
    const month = table.months.indexOf(new Date(Date.now()).toISOString().slice(0, 7));
    const editorsRow = table.rows.find((row) => row.value === '100-999')!;
    expect(editorsRow.label).toBe('100 to 999 edits');
    expect(editorsRow.months[month]).toBe(5);
    expect(table.rows.find((row) => row.value === 'unknown')!.months[month]).toBeGreaterThan(5);
  });

  test('every table as CSV: the same cells, the time, the rule and the licence', async () => {
    const json = await read<MapAnswer>('/api/reports/map?capacity=11&lang=fr');
    const response = await new TestClient(testApp.current.app).request(
      'GET',
      '/api/reports/map?capacity=11&lang=fr&format=csv',
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="capacity-map-country.csv"');
    const lines = (response.body as unknown as string).split('\r\n');
    expect(lines[1]).toBe(`# Computed at ${json.computedAt}`);
    expect(lines[2]).toContain(json.rule);
    expect(lines[3]).toContain('CC0-1.0');
    expect(lines[4]).toBe('area,name,region,offers,needs,gap');
    expect(lines).toContain('BR,Brésil,LAC,,12,');
    for (const path of ['unmet-needs', 'cohorts', 'participation?by=language', 'activity']) {
      const file = await new TestClient(testApp.current.app).request(
        'GET',
        `/api/reports/${path}${path.includes('?') ? '&' : '?'}format=csv`,
      );
      expect(file.status, path).toBe(200);
      expect(String(file.body).split('\r\n')[3], path).toContain('CC0-1.0');
    }
  });

  test.each([
    ['/api/reports/map?capacity=abc', 'capacity'],
    ['/api/reports/map?capacity=99999', 'capacity'],
    ['/api/reports/map?language=xx-unknown', 'language'],
    ['/api/reports/map?by=planet', 'by'],
    ['/api/reports/map?format=xml', 'format'],
    ['/api/reports/unmet-needs?region=MARS', 'region'],
    ['/api/reports/participation?by=height', 'by'],
  ])('bad input %s answers 400 with the field named', async (url) => {
    const response = await new TestClient(testApp.current.app).request('GET', url);
    expect(response.status).toBe(400);
    const body = response.body as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBeTruthy();
    expect(body.error.requestId).toBeTruthy();
  });

  test('taking oneself out of the statistics is in the export, and takes effect in the next count', async () => {
    const leaving = await person(testApp.current, { country: 'BR', learns: [CHILD], languages: ['pt'] });
    const counted = area(await read<MapAnswer>('/api/reports/map?capacity=11'), 'BR').needs!;
    const saved = await leaving.client.put('/api/profile/settings', {
      showToVisitors: false,
      inSearch: true,
      inStatistics: false,
    });
    expect(saved.status).toBe(200);
    expect((saved.body as { inStatistics: boolean }).inStatistics).toBe(false);
    expect(area(await read<MapAnswer>('/api/reports/map?capacity=11'), 'BR').needs).toBe(counted - 1);
    const exported = await leaving.client.get('/api/account/export');
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain('"inStatistics":false');
  });
  test('the gap is below 0 where more share than want to learn', async () => {
    await many(testApp.current, 5, { country: 'ES', learns: [GRANDCHILD] });
    const unmet = await read<{
      capacities: { id: number; needs: number | null; offers: number | null; gap: number | null }[];
    }>('/api/reports/unmet-needs');
    const grandchild = unmet.capacities.find((row) => row.id === GRANDCHILD)!;
    expect(grandchild.needs).toBe(5);
    expect(grandchild.gap).toBe(5 - grandchild.offers!);
    expect(grandchild.gap).toBeLessThan(0);
  });
});

describe.each(DATABASE_TARGETS)('protected countries on $name', (target) => {
  const testApp = useTestApp(target, { STATISTICS_PROTECTED_COUNTRIES: 'DE' });

  test('are never shown apart from their region, and their people still count in it', async () => {
    current = testApp.current;
    await many(testApp.current, 6, { country: 'FR', shares: [GRANDCHILD] });
    await many(testApp.current, 6, { country: 'DE', shares: [GRANDCHILD] });
    const map = await read<MapAnswer & { areas: (Area & { merged: boolean })[] }>('/api/reports/map?capacity=12');
    expect(area(map, 'DE')).toMatchObject({ offers: null, merged: true });
    expect(area(map, 'FR')).toMatchObject({ offers: 6, merged: false });
    // The region is withheld too here, as all 12 are in it and the other regions would read as empty.
    expect(map.total.offers).toBe(12);
  });
});

describe.each(DATABASE_TARGETS)('how often members come and how long they stay, on $name', (target) => {
  const testApp = useTestApp(target);
  type Buckets = {
    rows: { value: string; months: (number | null)[]; total: number | null }[];
    total: { months: (number | null)[]; total: number | null };
  };
  const row = (table: Buckets, value: string) => table.rows.find((entry) => entry.value === value)!;
  const MINUTE = 60_000;

  test('counted as each signed-in visit goes on, with nothing kept of anyone but where they stand now', async () => {
    current = testApp.current;
    // The tenth of this month at noon (UTC), so that the next day is in the same month.
    const now = new Date(realNow());
    const tenth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 10, 12);
    const at = (time: number) => (clockOffset = time - realNow());
    at(tenth);
    const members = await many(testApp.current, 6, { country: 'FR' });
    const leaver = await person(testApp.current, { country: 'FR', inStatistics: false });
    const everyone = [...members, leaver];
    const visitAll = async (time: number) => {
      at(time);
      for (const member of everyone) expect((await member.client.get('/api/account')).status).toBe(200);
    };

    await visitAll(tenth + 2 * MINUTE); // a visit begins: under a minute so far
    await visitAll(tenth + 8 * MINUTE); // six minutes on
    let activity = await read<{ months: string[]; activeDays: Buckets; visits: Buckets }>('/api/reports/activity');
    const month = activity.months.indexOf(new Date(tenth).toISOString().slice(0, 7));
    expect(row(activity.visits, '5-14-minutes').months[month]).toBe(6);
    expect(row(activity.visits, 'under-1-minute').months[month]).toBe(0);
    expect(row(activity.activeDays, '1-day').months[month]).toBe(6);
    expect(activity.activeDays.total.months[month]).toBe(6);

    // The next day: a second day for each, and a new visit (more than half an hour since the last request).
    await visitAll(tenth + 24 * 60 * MINUTE);
    activity = await read('/api/reports/activity');
    expect(row(activity.activeDays, '1-day').months[month]).toBe(0);
    expect(row(activity.activeDays, '2-4-days').months[month]).toBe(6);
    expect(row(activity.visits, 'under-1-minute').months[month]).toBe(6);
    expect(row(activity.visits, '5-14-minutes').months[month]).toBe(6);
    expect(activity.visits.total.months[month]).toBe(12);

    // What is kept of a member: their last active day and its month's count, their session's visit.
    const exported = (await members[0]!.client.get('/api/account/export')).body as {
      presence: { lastActiveDay: string; activeDaysThatMonth: number; currentVisits: { startedAt: string }[] };
    };
    expect(exported.presence.lastActiveDay).toBe(new Date(tenth + 24 * 60 * MINUTE).toISOString().slice(0, 10));
    expect(exported.presence.activeDaysThatMonth).toBe(2);
    expect(exported.presence.currentVisits).toHaveLength(1);
    const leaverExport = (await leaver.client.get('/api/account/export')).body as { presence: unknown };
    expect(leaverExport.presence).toEqual({ lastActiveDay: null, activeDaysThatMonth: null, currentVisits: [] });

    // The CSV holds both tables below the measures.
    const csv = await new TestClient(testApp.current.app).request('GET', '/api/reports/activity?format=csv');
    const lines = String(csv.body).split('\r\n');
    expect(lines.some((line) => line.startsWith('active-days:2-4-days,'))).toBe(true);
    expect(lines.some((line) => line.startsWith('visits:5-14-minutes,'))).toBe(true);
    expect(lines.some((line) => line.startsWith('active-members,'))).toBe(true);

    // Erased, a member leaves the counts (no one is in them) but nothing of where they stood.
    const erased = await members[1]!.client.post('/api/account/delete', { confirmation: members[1]!.displayName });
    expect(erased.status, JSON.stringify(erased.body)).toBe(204);
    const db = testApp.current.app.database.db;
    expect(
      await db.selectFrom('member_presence').where('user_id', '=', members[1]!.userId).selectAll().execute(),
    ).toEqual([]);
  });
});
