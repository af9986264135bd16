import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import type { ServiceView } from '../../api/client';
import NativeSelect from '../../components/NativeSelect.vue';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { chooseValue } from '../../test-support/native-select';
import { useSessionStore } from '../accounts/session.store';
import ServiceEditPage from './ServiceEditPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn(), PUT: vi.fn(), DELETE: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ID = '7a1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const TREE = [
  { id: 12, label: 'Budgeting', wikidataQid: null, children: [] },
  { id: 36, label: 'Communication', wikidataQid: null, children: [] },
];
const LANGUAGES = [
  { code: 'en', autonym: 'English', name: 'English' },
  { code: 'es', autonym: 'español', name: 'Spanish' },
];
const REGIONS = [
  { id: 'LAC', name: 'Latin America and the Caribbean', countries: [{ code: 'AR', name: 'Argentina' }] },
  {
    id: 'SSA',
    name: 'Sub-Saharan Africa',
    countries: [
      { code: 'GH', name: 'Ghana' },
      { code: 'KE', name: 'Kenya' },
    ],
  },
];
const SAVED: ServiceView = {
  id: ID,
  title: 'Budget clinic',
  description: '<p>For treasurers.</p>',
  availability: 'On request',
  costNote: 'USD 20',
  language: 'en',
  texts: [
    {
      language: 'en',
      title: 'Budget clinic',
      description: 'For treasurers.',
      availability: 'On request',
      costNote: 'USD 20',
      html: '<p>For treasurers.</p>',
    },
  ],
  kind: 'consulting',
  format: 'online',
  cost: 'stated',
  languages: [{ code: 'en', autonym: 'English', name: 'English' }],
  capacities: [{ id: 12, label: 'Budgeting' }],
  countries: [{ code: 'GH', name: 'Ghana' }],
  regions: [],
  provider: { kind: 'organization', name: 'Wikimedia Argentina', handle: null, slug: 'wikimedia-argentina' },
  visibility: 'members',
  createdAt: '2026-03-05T10:00:00.000Z',
  updatedAt: '2026-03-06T10:00:00.000Z',
  canEdit: true,
  hidden: false,
};

function answerReads(view: ServiceView = SAVED): void {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/capacities') return { data: { capacities: TREE } };
    if (path === '/api/languages') return { data: { languages: LANGUAGES } };
    if (path === '/api/regions') return { data: { regions: REGIONS } };
    if (path === '/api/services/{id}') return { data: view };
    throw new Error(`unexpected GET ${path}`);
  });
}

/** Lets the page's requests and its lower fields' chunk arrive. */
async function settle(): Promise<void> {
  for (let round = 0; round < 6; round += 1) {
    await vi.dynamicImportSettled();
    await flushPromises();
  }
}

async function mountPage(path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSessionStore();
  session.loaded = true;
  session.setViewer({
    id: `u-${path}`,
    displayName: 'Own Member',
    email: null,
    emailVerified: true,
    wikimediaUsername: null,
    role: 'member',
    language: 'en',
    onboarded: true,
    hasPassword: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  const page = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: page },
      { path: '/services/new', component: ServiceEditPage },
      { path: '/services/:id/edit', component: ServiceEditPage },
      { path: '/services/:id', component: page },
      { path: '/organizations/:slug', component: page },
      { path: '/profile', component: page },
    ],
  });
  await router.push(path);
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await settle();
  // The lower fields come at the reader's first scroll.
  window.dispatchEvent(new Event('scroll'));
  await settle();
  return { wrapper, router };
}

const field = (wrapper: VueWrapper, name: string) => wrapper.get(`[data-field="${name}"]`);
/** The NativeSelect inside the field the server calls `name`. */
function selectIn(wrapper: VueWrapper, name: string): VueWrapper {
  const container = field(wrapper, name).element;
  const found = wrapper.findAllComponents(NativeSelect).find((select) => container.contains(select.element));
  if (!found) throw new Error(`No select in ${name}`);
  return found;
}
const button = (wrapper: VueWrapper, text: string) => {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button ${text}`);
  return found;
};
/** The NativeSelect labelled `label` (its CdxField's label). */
function selectLabelled(wrapper: VueWrapper, label: string): VueWrapper {
  const found = wrapper
    .findAllComponents(NativeSelect)
    .find(
      (select) =>
        document.querySelector(`label[for="${select.get('select').attributes('id')}"]`)?.textContent?.trim() === label,
    );
  if (!found) throw new Error(`No select labelled ${label}`);
  return found;
}

describe('ServiceEditPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    for (const call of [api.GET, api.POST, api.PUT, api.DELETE]) call.mockReset();
    answerReads();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('offers a service with its texts, kind, format, cost, places, capacities and audience, then opens its page', async () => {
    api.POST.mockResolvedValue({ data: { id: ID } });
    const { wrapper, router } = await mountPage('/services/new');
    expect(wrapper.get('h1').text()).toBe('Offer a service');

    await field(wrapper, 'texts.0.title').get('input').setValue('Budget clinic');
    await field(wrapper, 'texts.0.description').get('textarea').setValue('For **treasurers**.');
    await field(wrapper, 'texts.0.availability').get('input').setValue('Tuesdays, 14:00-16:00 UTC');
    await chooseValue(selectIn(wrapper, 'kind'), 'consulting');
    await chooseValue(selectIn(wrapper, 'format'), 'both');
    // No cost note while it is free.
    expect(wrapper.find('[data-field="texts.0.costNote"]').exists()).toBe(false);
    await chooseValue(selectIn(wrapper, 'cost'), 'stated');
    await field(wrapper, 'texts.0.costNote').get('textarea').setValue('USD 20 per session');
    await wrapper.get(`button[aria-label="Add Budgeting to the service's capacities"]`).trigger('click');
    const regions = field(wrapper, 'regions');
    const africa = regions.findAll('label').find((label) => label.text() === 'Sub-Saharan Africa')!;
    await regions.get(`input[id="${africa.attributes('for')}"]`).setValue(true);
    await chooseValue(selectLabelled(wrapper, 'Who can see it'), 'members');

    await button(wrapper, 'Offer the service').trigger('click');
    await settle();

    expect(api.POST.mock.calls).toEqual([
      [
        '/api/services',
        {
          body: {
            texts: [
              {
                language: 'en',
                title: 'Budget clinic',
                description: 'For **treasurers**.',
                availability: 'Tuesdays, 14:00-16:00 UTC',
                costNote: 'USD 20 per session',
              },
            ],
            kind: 'consulting',
            format: 'both',
            cost: 'stated',
            languages: ['en'],
            capacities: [12],
            countries: [],
            regions: ['SSA'],
            organization: null,
            visibility: 'members',
          },
        },
      ],
    ]);
    expect(router.currentRoute.value.fullPath).toBe(`/services/${ID}`);
  });

  test('shows the server’s problems beside their fields and in the summary, and keeps what was typed', async () => {
    api.POST.mockResolvedValue({
      error: {
        error: {
          code: 'validation_failed',
          message: 'Some of the values sent are not valid.',
          requestId: 'r1',
          details: [
            { field: 'body.texts.0.costNote', code: 'required', message: 'This field is required.' },
            {
              field: 'body.organization',
              code: 'not-manager',
              message: 'You can add resources only for organizations you manage.',
            },
          ],
        },
      },
    });
    const { wrapper, router } = await mountPage('/services/new?organization=wikimedia-ghana');
    await field(wrapper, 'texts.0.title').get('input').setValue('Budget clinic');
    await chooseValue(selectIn(wrapper, 'cost'), 'stated');

    await button(wrapper, 'Offer the service').trigger('click');
    await settle();

    const body = api.POST.mock.calls[0]![1].body;
    expect(body.organization).toBe('wikimedia-ghana');
    expect(body.cost).toBe('stated');
    expect(router.currentRoute.value.path).toBe('/services/new');
    expect(field(wrapper, 'texts.0.costNote').text()).toContain('This field is required.');
    expect(field(wrapper, 'organization').text()).toContain('only for organizations you manage');
    const summary = wrapper.get('[role=alert]').text();
    expect(summary).toContain('Some of the values sent are not valid.');
    expect(summary).toContain('What it costs: This field is required.');
    expect(summary).toContain('Organization address: You can add resources only for organizations you manage.');
    expect(field(wrapper, 'texts.0.title').get('input').element.value).toBe('Budget clinic');
  });

  test('saves an existing service in place, and deletes it after asking', async () => {
    api.PUT.mockResolvedValue({ data: SAVED });
    api.DELETE.mockResolvedValue({ data: undefined });
    const { wrapper, router } = await mountPage(`/services/${ID}/edit`);
    expect(wrapper.get('h1').text()).toBe('Edit service');
    expect(field(wrapper, 'organization').get('input').element.value).toBe('wikimedia-argentina');
    expect(field(wrapper, 'texts.0.costNote').get('textarea').element.value).toBe('USD 20');

    await field(wrapper, 'texts.0.title').get('input').setValue('Budget clinic for treasurers');
    // Free from now on: the cost note is not sent.
    await chooseValue(selectIn(wrapper, 'cost'), 'free');
    await button(wrapper, 'Save the service').trigger('click');
    await settle();
    expect(api.PUT).toHaveBeenCalledTimes(1);
    expect(api.PUT.mock.calls[0]![0]).toBe('/api/services/{id}');
    expect(api.PUT.mock.calls[0]![1]).toEqual({
      params: { path: { id: ID } },
      body: {
        texts: [
          {
            language: 'en',
            title: 'Budget clinic for treasurers',
            description: 'For treasurers.',
            availability: 'On request',
            costNote: '',
          },
        ],
        kind: 'consulting',
        format: 'online',
        cost: 'free',
        languages: ['en'],
        capacities: [12],
        countries: ['GH'],
        regions: [],
        organization: 'wikimedia-argentina',
        visibility: 'members',
      },
    });
    expect(wrapper.text()).toContain('Saved.');

    await button(wrapper, 'Delete the service').trigger('click');
    // The title is isolated inside the sentence, whatever its direction.
    expect(wrapper.text()).toContain('Delete "\u2068Budget clinic\u2069" for good?');
    expect(api.DELETE).not.toHaveBeenCalled();
    await button(wrapper, 'Delete for good').trigger('click');
    await settle();
    expect(api.DELETE).toHaveBeenCalledWith('/api/services/{id}', { params: { path: { id: ID } } });
    expect(router.currentRoute.value.fullPath).toBe('/organizations/wikimedia-argentina');
  });

  test('an editor page for a service the reader may not edit is a missing page', async () => {
    answerReads({ ...SAVED, canEdit: false });
    const { wrapper } = await mountPage(`/services/${ID}/edit`);
    expect(wrapper.find('form').exists()).toBe(false);
    expect(api.PUT).not.toHaveBeenCalled();
  });
});
