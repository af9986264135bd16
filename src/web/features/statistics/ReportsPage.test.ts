import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import ReportsPage from './ReportsPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ABOUT = {
  computedAt: '2025-03-02T14:05:00.000Z',
  smallestPublished: 5,
  rule: 'Counts from 1 to 4 are withheld.',
  licence: 'CC0-1.0',
};
const MONTHS = [
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-09',
  '2024-10',
  '2024-11',
  '2024-12',
  '2025-01',
  '2025-02',
  '2025-03',
];
const twelve = <T>(value: T): T[] => MONTHS.map(() => value);

const UNMET = {
  ...ABOUT,
  region: null,
  language: null,
  capacities: [
    { id: 12, label: 'Budgeting', offers: null, needs: 31, gap: null },
    { id: 36, label: 'Communication', offers: 8, needs: 20, gap: 12 },
  ],
};
const COHORTS = {
  ...ABOUT,
  smallestCohort: 10,
  cohorts: [
    {
      capacity: { id: 12, label: 'Budgeting' },
      region: { id: 'SSA', label: 'Sub-Saharan Africa' },
      language: { code: 'yo', label: 'Yoruba' },
      learners: 14,
      sharers: null,
    },
  ],
};
const PARTICIPATION = {
  ...ABOUT,
  by: 'region',
  months: MONTHS,
  rows: [
    { value: 'SSA', label: 'Sub-Saharan Africa', months: [...twelve(null).slice(0, 11), 9], total: 25 },
    { value: 'unknown', label: 'Not stated', months: twelve(null), total: null },
  ],
  total: { months: [...twelve(null).slice(0, 11), 11], total: 31 },
};
const ACTIVITY = {
  ...ABOUT,
  months: MONTHS,
  measures: [
    { measure: 'searches', label: 'Searches', months: [...twelve(0).slice(0, 11), 120], total: 120 },
    { measure: 'connections', label: 'Connections', months: twelve(null), total: 6 },
  ],
  activeDays: {
    rows: [
      { value: '1-day', label: '1 day', months: [...twelve(null).slice(0, 11), 40], total: 210 },
      { value: '2-4-days', label: '2 to 4 days', months: [...twelve(null).slice(0, 11), 12], total: 80 },
      { value: '5-9-days', label: '5 to 9 days', months: twelve(null), total: 9 },
      { value: '10-days-or-more', label: '10 days or more', months: twelve(null), total: null },
    ],
    total: { months: [...twelve(null).slice(0, 11), 55], total: 301 },
  },
  visits: {
    rows: [
      { value: 'under-1-minute', label: 'Under a minute', months: [...twelve(0).slice(0, 11), 30], total: 30 },
      { value: '1-4-minutes', label: '1 to 4 minutes', months: [...twelve(0).slice(0, 11), 25], total: 25 },
    ],
    total: { months: [...twelve(0).slice(0, 11), 55], total: 55 },
  },
  satisfaction: { answers: 12, average: 4.25 },
};

function answer(overrides: Record<string, unknown> = {}): void {
  api.GET.mockImplementation(async (path: string, options?: { params?: { query?: Record<string, unknown> } }) => {
    if (path in overrides) return overrides[path];
    if (path === '/api/regions')
      return {
        data: {
          regions: [
            { id: 'SSA', name: 'Sub-Saharan Africa', countries: [] },
            { id: 'MENA', name: 'Middle East and North Africa', countries: [] },
          ],
        },
      };
    if (path === '/api/languages')
      return { data: { languages: [{ code: 'yo', autonym: 'Yorùbá', name: 'Yoruba', dir: 'ltr' }] } };
    if (path === '/api/reports/unmet-needs') return { data: UNMET };
    if (path === '/api/reports/cohorts') return { data: COHORTS };
    if (path === '/api/reports/participation')
      return { data: { ...PARTICIPATION, by: options?.params?.query?.by ?? 'region' } };
    if (path === '/api/reports/activity') return { data: ACTIVITY };
    throw new Error(`unexpected GET ${path}`);
  });
}

async function mountPage(address = '/reports'): Promise<{ wrapper: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const page = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/reports', component: ReportsPage },
      { path: '/map', component: page },
      { path: '/search', component: page },
    ],
  });
  await router.push(address);
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router };
}

/** The charts are a chunk of their own, fetched once the page shows its tables. */
async function chartsArrived(): Promise<void> {
  await vi.dynamicImportSettled();
  await flushPromises();
}

const requests = (path: string) =>
  api.GET.mock.calls.filter(([called]) => called === path).map(([, options]) => options?.params?.query);
const section = (wrapper: VueWrapper, heading: string) =>
  wrapper.findAll('section').find((candidate) => candidate.get('h2').text() === heading)!;
const rowsOf = (table: Pick<DOMWrapper<Element>, 'findAll'>) =>
  table.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));

async function choose(wrapper: VueWrapper, label: string, option: string): Promise<void> {
  const id = wrapper
    .findAll('label')
    .find((candidate) => candidate.text() === label)!
    .attributes('for');
  const select = wrapper.get(`select#${id}`);
  const item = select.findAll('option').find((candidate) => candidate.text().trim() === option);
  if (!item) throw new Error(`No option ${option} in ${label}`);
  await select.setValue(item.element.getAttribute('value'));
  await flushPromises();
}

describe('ReportsPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
    answer();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('four sections, each table with its caption, rule, time and files, withheld counts as “insufficient data”', async () => {
    const { wrapper } = await mountPage();
    expect(wrapper.get('h1').text()).toBe('Reports');
    expect(wrapper.findAll('h2').map((heading) => heading.text())).toEqual([
      'Unmet needs',
      'Cohort needs',
      'Participation',
      'Interaction and outcomes',
    ]);
    const unmet = section(wrapper, 'Unmet needs').get('table');
    expect(unmet.get('caption').text()).toBe('Capacities with the most people waiting to learn');
    expect(rowsOf(unmet)).toEqual([
      ['Budgeting', '31', 'insufficient data', 'insufficient data'],
      ['Communication', '20', '8', '+12'],
    ]);
    expect(wrapper.findAll('caption')).toHaveLength(6);
    expect(wrapper.findAll('a').filter((link) => link.text() === 'Download as CSV')).toHaveLength(4);
    expect(wrapper.findAll('a').filter((link) => link.text() === 'Download as JSON')).toHaveLength(4);
    expect(wrapper.text().match(/Counts from 1 to 4 are withheld\./g)).toHaveLength(4);
    expect(wrapper.text()).toContain('Counted on March 2, 2025');
  });

  test('each cohort links to the people who can share its capacity in its region and language', async () => {
    const { wrapper } = await mountPage();
    const cohorts = section(wrapper, 'Cohort needs');
    expect(cohorts.text()).toContain('Groups of at least 10 people in one region');
    expect(rowsOf(cohorts.get('table'))).toEqual([
      ['Budgeting', 'Sub-Saharan Africa', 'Yoruba', '14', 'insufficient data', 'Find who can share Budgeting'],
    ]);
    expect(cohorts.get('tbody a').attributes('href')).toBe('/search?capacity=12&side=shares&region=SSA&language=yo');
  });

  test('participation: rows by the twelve months with totals; the dimension changes the request and the files', async () => {
    const { wrapper, router } = await mountPage();
    const participation = section(wrapper, 'Participation');
    const table = participation.get('table');
    expect(table.get('caption').text()).toBe('New participants month by month: Wikimedia region');
    const headings = table.findAll('thead th').map((cell) => cell.text());
    expect(headings).toHaveLength(14);
    expect(headings[0]).toBe('Wikimedia region');
    expect(headings[1]).toBe('Apr 2024');
    expect(headings[12]).toBe('Mar 2025');
    expect(headings[13]).toBe('Total');
    expect(rowsOf(table)[0]).toEqual(['Sub-Saharan Africa', ...twelve('insufficient data').slice(0, 11), '9', '25']);
    expect(rowsOf(table)[1]).toEqual(['Not stated', ...twelve('insufficient data'), 'insufficient data']);
    expect(
      table
        .findAll('tfoot th, tfoot td')
        .map((cell) => cell.text())
        .slice(-2),
    ).toEqual(['11', '31']);

    await choose(wrapper, 'Break down by', 'Home wiki');
    expect(router.currentRoute.value.query).toEqual({ by: 'wiki' });
    expect(requests('/api/reports/participation').at(-1)).toEqual({ by: 'wiki' });
    const csv = section(wrapper, 'Participation')
      .findAll('a')
      .find((link) => link.text() === 'Download as CSV')!;
    expect(csv.attributes('href')).toBe('/api/reports/participation?by=wiki&format=csv&lang=en');
    expect(section(wrapper, 'Participation').get('caption').text()).toBe('New participants month by month: Home wiki');
  });

  test('unmet needs filtered by region and language, in the address, the request and the files', async () => {
    const { wrapper, router } = await mountPage('/reports?region=MENA');
    expect(requests('/api/reports/unmet-needs')[0]).toEqual({ region: 'MENA', language: undefined });
    await choose(wrapper, 'Language spoken', 'Yorùbá (Yoruba)');
    expect(router.currentRoute.value.query).toEqual({ region: 'MENA', language: 'yo' });
    expect(requests('/api/reports/unmet-needs').at(-1)).toEqual({ region: 'MENA', language: 'yo' });
    const csv = section(wrapper, 'Unmet needs')
      .findAll('a')
      .find((link) => link.text() === 'Download as CSV')!;
    expect(csv.attributes('href')).toBe('/api/reports/unmet-needs?region=MENA&language=yo&format=csv&lang=en');
    // The other tables do not depend on these filters.
    expect(requests('/api/reports/cohorts')).toHaveLength(1);
  });

  test('activity by month, and satisfaction, withheld when too few answered', async () => {
    const { wrapper } = await mountPage();
    const activity = section(wrapper, 'Interaction and outcomes');
    expect(rowsOf(activity.get('table')).map((row) => [row[0], row.at(-2), row.at(-1)])).toEqual([
      ['Searches', '120', '120'],
      ['Connections', 'insufficient data', '6'],
    ]);
    expect(activity.text()).toContain(
      '12 follow-ups were answered with a rating in the last twelve months; the average rating is 4.3 out of 5.',
    );
    wrapper.unmount();

    answer({ '/api/reports/activity': { data: { ...ACTIVITY, satisfaction: { answers: null, average: null } } } });
    const withheld = await mountPage();
    expect(section(withheld.wrapper, 'Interaction and outcomes').text()).toContain(
      'Insufficient data: too few follow-ups have been answered with a rating to publish.',
    );
  });

  test('activity: how often members come and how long visits last, each a table of buckets by month with its total', async () => {
    const { wrapper } = await mountPage();
    const activity = section(wrapper, 'Interaction and outcomes');
    expect(activity.findAll('h3').map((heading) => heading.text())).toEqual([
      'Satisfaction',
      'How often members come',
      'How long visits last',
    ]);
    const tables = activity.findAll('table');
    expect(tables.map((table) => table.get('caption').text())).toEqual([
      'Activity month by month',
      'Members by days active in the month',
      'Visits by length',
    ]);
    const [, activeDays, visits] = tables;
    expect(activeDays!.get('thead th').text()).toBe('Days active');
    expect(rowsOf(activeDays!).map((row) => [row[0], row.at(-2), row.at(-1)])).toEqual([
      ['1 day', '40', '210'],
      ['2 to 4 days', '12', '80'],
      ['5 to 9 days', 'insufficient data', '9'],
      ['10 days or more', 'insufficient data', 'insufficient data'],
    ]);
    expect(
      activeDays!
        .findAll('tfoot th, tfoot td')
        .map((cell) => cell.text())
        .slice(-2),
    ).toEqual(['55', '301']);
    expect(visits!.get('thead th').text()).toBe('Length');
    expect(rowsOf(visits!)[0]!.slice(0, 2)).toEqual(['Under a minute', '0']);
    // Each between its introduction and the words about the activity tables (time, rule, files).
    expect(activity.text()).toContain('Members who signed in, by the number of days of each month');
    expect(activity.text()).toContain('Visits of signed-in members, by length');
    expect(activity.findAll('.cxc-table-about')).toHaveLength(1);
    expect(activity.element.lastElementChild!.classList.contains('cxc-table-about')).toBe(true);
  });

  test('every month-by-month table has its chart right above it, named after it; the others have none', async () => {
    const { wrapper } = await mountPage();
    await chartsArrived();
    const regions = wrapper.findAll('.cxc-report-scroll');
    const charted = regions.filter((region) => region.find('.cxc-month-table').exists());
    expect(charted).toHaveLength(4);
    for (const region of charted) {
      const chart = region.element.previousElementSibling?.querySelector('[role=img]');
      expect(chart?.getAttribute('aria-label')).toBe(
        `Chart of the table “${region.get('caption').text()}”, which follows with every count.`,
      );
    }
    expect(section(wrapper, 'Unmet needs').find('[role=img]').exists()).toBe(false);
    // Participation and the distributions as lines and bars, the activity measures as small charts.
    expect(section(wrapper, 'Participation').findAll('.cxc-line-plot .cxc-chart__line')).toHaveLength(2);
    const activity = section(wrapper, 'Interaction and outcomes');
    expect(activity.findAll('.cxc-chart-multiples li')).toHaveLength(2);
    expect(activity.findAll('rect.cxc-chart__bar').length).toBeGreaterThan(0);
  });

  test('participation by many rows: the chart draws the eight largest and says so; the table has them all', async () => {
    const rows = Array.from({ length: 12 }, (_, index) => ({
      value: `C${index}`,
      label: `Country ${index}`,
      months: [...twelve(null).slice(0, 11), 5 + index],
      total: 5 + index,
    }));
    answer({ '/api/reports/participation': { data: { ...PARTICIPATION, by: 'country', rows } } });
    const { wrapper } = await mountPage('/reports?by=country');
    await chartsArrived();
    const participation = section(wrapper, 'Participation');
    expect(rowsOf(participation.get('table'))).toHaveLength(12);
    expect(participation.findAll('.cxc-line-plot .cxc-chart__line')).toHaveLength(8);
    expect(participation.findAll('.cxc-chart-legend li')[0]!.text()).toBe('Country 11');
    expect(participation.text()).toContain('The 8 largest rows are drawn; the table has them all.');
  });

  test('a long table shows its first twenty rows until the reader asks for all', async () => {
    const capacities = Array.from({ length: 25 }, (_, index) => ({
      id: index + 1,
      label: `Capacity ${index + 1}`,
      offers: 5,
      needs: 30 - index,
      gap: 25 - index,
    }));
    answer({ '/api/reports/unmet-needs': { data: { ...UNMET, capacities } } });
    const { wrapper } = await mountPage();
    const unmet = () => section(wrapper, 'Unmet needs');
    expect(unmet().findAll('tbody tr')).toHaveLength(20);
    const more = unmet()
      .findAll('button')
      .find((button) => button.text() === 'Show all 25 rows')!;
    await more.trigger('click');
    await flushPromises();
    expect(unmet().findAll('tbody tr')).toHaveLength(25);
    expect(
      unmet()
        .findAll('button')
        .some((button) => button.text().startsWith('Show all')),
    ).toBe(false);
    // The focus goes to the table, not to the page's start.
    expect(document.activeElement?.getAttribute('aria-labelledby')).toBe('cxc-reports-unmet-caption');
  });

  test('a table that cannot be fetched says so; the others still show', async () => {
    answer({ '/api/reports/cohorts': { error: { error: { code: 'internal_error', message: 'x' } } } });
    const { wrapper } = await mountPage();
    expect(section(wrapper, 'Cohort needs').get('[role=alert]').text()).toBe(
      'This table could not be loaded. Check your connection and reload the page.',
    );
    expect(section(wrapper, 'Unmet needs').find('table').exists()).toBe(true);
  });
});
