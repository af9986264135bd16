import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import MapPage from './MapPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const TREE = [
  {
    id: 10,
    label: 'Finance',
    wikidataQid: null,
    children: [{ id: 12, label: 'Budgeting', wikidataQid: null, children: [] }],
  },
];
const REGIONS = [
  {
    id: 'NWE',
    name: 'Northern and Western Europe',
    countries: [
      { code: 'FR', name: 'France' },
      { code: 'BE', name: 'Belgium' },
    ],
  },
  { id: 'SSA', name: 'Sub-Saharan Africa', countries: [{ code: 'NG', name: 'Nigeria' }] },
];
const ABOUT = {
  computedAt: '2025-03-02T14:05:00.000Z',
  smallestPublished: 5,
  rule: 'Counts from 1 to 4 are withheld, and so is any count from which one of them could be worked out.',
  licence: 'CC0-1.0',
};
const BY_COUNTRY = {
  ...ABOUT,
  by: 'country',
  who: 'people',
  capacity: null,
  language: null,
  orgType: null,
  areas: [
    { code: 'NG', name: 'Nigeria', region: 'SSA', merged: false, offers: null, needs: 12, gap: null },
    { code: 'unknown', name: 'Not stated', region: null, merged: false, offers: 6, needs: 9, gap: 3 },
    { code: 'FR', name: 'France', region: 'NWE', merged: false, offers: 23, needs: 40, gap: 17 },
    { code: 'BE', name: 'Belgium', region: 'NWE', merged: false, offers: null, needs: null, gap: null },
  ],
  total: { offers: 41, needs: 70, gap: 29 },
};

function answer(map: unknown = BY_COUNTRY): void {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/capacities') return { data: { capacities: TREE } };
    if (path === '/api/languages')
      return {
        data: {
          languages: [
            { code: 'fr', autonym: 'français', name: 'French', dir: 'ltr' },
            { code: 'yo', autonym: 'Yorùbá', name: 'Yoruba', dir: 'ltr' },
          ],
        },
      };
    if (path === '/api/regions') return { data: { regions: REGIONS } };
    if (path === '/api/reports/map') return { data: map };
    throw new Error(`unexpected GET ${path}`);
  });
}

async function mountPage(address = '/map'): Promise<{ wrapper: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const page = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/map', component: MapPage },
      { path: '/reports', component: page },
    ],
  });
  await router.push(address);
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router };
}

const mapRequests = () =>
  api.GET.mock.calls.filter(([path]) => path === '/api/reports/map').map(([, options]) => options.params.query);

/** The table's rows; a row's heading as its name and the line under it (the region), joined by " / ". */
const tableRows = (wrapper: VueWrapper) =>
  wrapper.findAll('tbody tr').map((row) => [
    row
      .findAll('th > span')
      .map((line) => line.text())
      .join(' / '),
    ...row.findAll('td').map((cell) => cell.text()),
  ]);

/** Chooses the option with this text in the select labelled `label`. */
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

describe('MapPage', () => {
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

  test('a table of every area, withheld counts as “insufficient data”, “not stated” last, and the rule', async () => {
    const { wrapper } = await mountPage();
    expect(wrapper.get('h1').text()).toBe('Map of capacities');
    expect(mapRequests()).toEqual([
      { by: 'country', who: 'people', capacity: undefined, language: undefined, orgType: undefined },
    ]);
    const table = wrapper.get('table');
    expect(table.get('caption').text()).toBe('People who can share and who want to learn, by country');
    expect(table.findAll('thead th').map((cell) => cell.text())).toEqual([
      'Country ▲',
      'Can share',
      'Want to learn',
      'Gap',
    ]);
    expect(table.findAll('thead th').every((cell) => cell.attributes('scope') === 'col')).toBe(true);
    expect(tableRows(wrapper)).toEqual([
      ['Belgium / Northern and Western Europe', 'insufficient data', 'insufficient data', 'insufficient data'],
      ['France / Northern and Western Europe', '23', '40', '+17'],
      ['Nigeria / Sub-Saharan Africa', 'insufficient data', '12', 'insufficient data'],
      ['Country not stated', '6', '9', '+3'],
    ]);
    expect(table.get('tbody th').attributes('scope')).toBe('row');
    expect(table.findAll('tfoot th, tfoot td').map((cell) => cell.text())).toEqual(['Total', '41', '70', '+29']);
    expect(wrapper.text()).toContain(ABOUT.rule);
    expect(wrapper.text()).toContain('Counted on March 2, 2025');
  });

  test('sorts by a column, the withheld last', async () => {
    const { wrapper } = await mountPage();
    const header = wrapper.findAll('thead th').find((cell) => cell.text().startsWith('Want to learn'))!;
    await header.get('button').trigger('click');
    expect(header.attributes('aria-sort')).toBe('descending');
    expect(tableRows(wrapper).map((row) => row[0]!.split(' / ')[0])).toEqual([
      'France',
      'Nigeria',
      'Belgium',
      'Country not stated',
    ]);
  });

  test('draws the map: areas with a count are focusable and named by what they show; the withheld are hatched', async () => {
    const { wrapper } = await mountPage('/map?show=gap');
    await vi.waitFor(() => expect(wrapper.findAll('path[role=img]').length).toBeGreaterThan(0), { timeout: 5000 });
    const named = wrapper.findAll('path[role=img]').map((path) => path.attributes('aria-label'));
    expect(named).toEqual([
      'Nigeria: insufficient data on who can share, 12 want to learn',
      'France: 23 can share, 40 want to learn (17 more want to learn than can share)',
    ]);
    expect(wrapper.findAll('path[role=img]').every((path) => path.attributes('tabindex') === '0')).toBe(true);
    // Nigeria's gap is withheld (who can share is): hatched, but still focusable for what is published.
    // Belgium has nothing published: hatched, and not in the way of the keyboard.
    const hatched = wrapper.findAll('path.cxc-world-map__area--withheld');
    expect(hatched).toHaveLength(2);
    expect(hatched.map((path) => path.attributes('fill'))).toEqual([
      'url(#cxc-world-map-withheld)',
      'url(#cxc-world-map-withheld)',
    ]);
    expect(hatched.map((path) => path.attributes('tabindex'))).toEqual(['0', undefined]);

    // Focus shows the same words in a tooltip.
    await wrapper.findAll('path[role=img]')[1]!.trigger('focus');
    expect(wrapper.get('.cxc-world-map__tip').text()).toBe(named[1]);
    await wrapper.findAll('path[role=img]')[1]!.trigger('blur');
    expect(wrapper.find('.cxc-world-map__tip').exists()).toBe(false);

    // The legend names each colour's range and the hatch.
    const legend = wrapper.get('.cxc-map-legend');
    expect(legend.text()).toContain('Gap (learn minus share)');
    expect(legend.text()).toContain('Insufficient data: none, fewer than 5');
  });

  test('by region, each region is one shape named by the region', async () => {
    answer({
      ...BY_COUNTRY,
      by: 'region',
      areas: [
        {
          code: 'NWE',
          name: 'Northern and Western Europe',
          region: null,
          merged: false,
          offers: 30,
          needs: 41,
          gap: 11,
        },
        { code: 'SSA', name: 'Sub-Saharan Africa', region: null, merged: false, offers: null, needs: 14, gap: null },
      ],
    });
    const { wrapper } = await mountPage('/map?by=region');
    expect(mapRequests()[0]).toMatchObject({ by: 'region' });
    await vi.waitFor(() => expect(wrapper.findAll('path[role=img]').length).toBe(2), { timeout: 5000 });
    expect(wrapper.findAll('path[role=img]').map((path) => path.attributes('aria-label'))).toEqual([
      'Northern and Western Europe: 30 can share, 41 want to learn',
      'Sub-Saharan Africa: insufficient data on who can share, 14 want to learn',
    ]);
    expect(wrapper.findAll('thead th').map((cell) => cell.text())[0]).toBe('Wikimedia region ▲');
  });

  test('the filters go into the address and the request; the CSV and JSON links carry them', async () => {
    const { wrapper, router } = await mountPage();
    await choose(wrapper, 'Capacity', 'Budgeting');
    expect(router.currentRoute.value.query).toEqual({ capacity: '12' });
    await choose(wrapper, 'Language spoken', 'Yorùbá (Yoruba)');
    expect(router.currentRoute.value.query).toEqual({ capacity: '12', language: 'yo' });
    expect(mapRequests().at(-1)).toEqual({
      by: 'country',
      who: 'people',
      capacity: 12,
      language: 'yo',
      orgType: undefined,
    });
    // The organization type only counts organizations.
    expect(wrapper.findAll('label').map((label) => label.text())).not.toContain('Organization type');
    await choose(wrapper, 'Who', 'Organizations');
    await choose(wrapper, 'Organization type', 'Chapter');
    expect(router.currentRoute.value.query).toEqual({
      capacity: '12',
      language: 'yo',
      who: 'organizations',
      orgType: 'chapter',
    });
    const csv = wrapper.findAll('a').find((link) => link.text() === 'Download as CSV')!;
    expect(csv.attributes('href')).toBe(
      '/api/reports/map?by=country&who=organizations&capacity=12&language=yo&orgType=chapter&format=csv&lang=en',
    );
    expect(csv.attributes('aria-describedby')).toBe(wrapper.get('caption').attributes('id'));
    const json = wrapper.findAll('a').find((link) => link.text() === 'Download as JSON')!;
    expect(json.attributes('href')).toBe(
      '/api/reports/map?by=country&who=organizations&capacity=12&language=yo&orgType=chapter&lang=en',
    );
    // What to show changes only the colours: no new request.
    const asked = mapRequests().length;
    await choose(wrapper, 'What to show', 'Can share');
    expect(router.currentRoute.value.query.show).toBe('offers');
    expect(mapRequests()).toHaveLength(asked);
  });

  test('a shared address opens the same view, its capacity indented under its broader one', async () => {
    const { wrapper } = await mountPage('/map?capacity=12&who=organizations&orgType=hub&show=gap');
    expect(mapRequests()[0]).toEqual({
      by: 'country',
      who: 'organizations',
      capacity: 12,
      language: undefined,
      orgType: 'hub',
    });
    const capacity = wrapper
      .findAll('select')
      .find((select) => select.findAll('option').some((option) => option.text().includes('Budgeting')))!;
    const chosen = (capacity.element as HTMLSelectElement).selectedOptions[0]!.text;
    expect(chosen).toBe('\u00a0\u00a0\u00a0Budgeting');
  });

  test('says so when the counts cannot be fetched', async () => {
    api.GET.mockImplementation(async (path: string) => {
      if (path === '/api/reports/map') return { error: { error: { code: 'internal_error', message: 'x' } } };
      if (path === '/api/capacities') return { data: { capacities: TREE } };
      if (path === '/api/languages') return { data: { languages: [] } };
      return { data: { regions: REGIONS } };
    });
    const { wrapper } = await mountPage();
    expect(wrapper.get('[role=alert]').text()).toContain('could not be loaded');
    expect(wrapper.find('table').exists()).toBe(false);
  });
});
