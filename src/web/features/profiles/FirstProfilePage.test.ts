import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import FirstProfilePage from './FirstProfilePage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), PUT: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const VISIBILITY = {
  name: 'members',
  username: 'members',
  pronouns: 'members',
  bio: 'members',
  country: 'members',
  availability: 'members',
  languages: 'members',
  wikis: 'members',
  capacities: 'members',
  exchange: 'members',
};
const NEW_PROFILE = {
  handle: 'm-1a2b3c',
  displayName: 'New Member',
  visibility: VISIBILITY,
  country: null,
  timeZone: null,
  availability: null,
  languages: [],
  capacities: { knows: [], shares: [], learns: [] },
};
const TREE = [
  { id: 12, label: 'Budgeting', wikidataQid: null, children: [] },
  { id: 36, label: 'Communication', wikidataQid: null, children: [] },
];

function answerReads(): void {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/profile') return { data: NEW_PROFILE };
    if (path === '/api/capacities') return { data: { capacities: TREE } };
    if (path === '/api/languages') return { data: { languages: [{ code: 'yo', autonym: 'Yorùbá', name: 'Yoruba' }] } };
    if (path === '/api/regions') {
      return { data: { regions: [{ name: 'Sub-Saharan Africa', countries: [{ code: 'NG', name: 'Nigeria' }] }] } };
    }
    throw new Error(`unexpected GET ${path}`);
  });
}

async function mountPage(): Promise<{ wrapper: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const page = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: page },
      { path: '/welcome/profile', component: FirstProfilePage },
      { path: '/peers', component: page },
      { path: '/profile/edit', component: page },
    ],
  });
  await router.push('/welcome/profile');
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router };
}

/** Types into a type-ahead field and picks the option with this text. */
async function choose(wrapper: VueWrapper, accessibleName: string, typed: string, option: string): Promise<void> {
  const input = wrapper.get(`input[aria-label="${accessibleName}"]`);
  await input.trigger('focus');
  await input.setValue(typed);
  await flushPromises();
  const item = wrapper.findAll('[role=option]').find((candidate) => candidate.text().includes(option));
  if (!item) throw new Error(`No option ${option}`);
  await item.trigger('click');
  await flushPromises();
}

async function fillIn(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('button[aria-label="Add Communication to Can share"]').trigger('click');
  await wrapper.get('button[aria-label="Add Budgeting to Wants to learn"]').trigger('click');
  await choose(wrapper, 'Add a language', 'yor', 'Yorùbá');
  await wrapper
    .findAll('button')
    .find((button) => button.text() === 'Add a language')!
    .trigger('click');
  await choose(wrapper, 'Your country', 'nige', 'Nigeria');
}

const saveButton = (wrapper: VueWrapper) =>
  wrapper.findAll('button').find((button) => button.text() === 'Save and find peers')!;

describe('FirstProfilePage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
    api.PUT.mockReset();
    answerReads();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  test('says so when what it needs cannot be fetched, and “Try again” loads it', async () => {
    const answer = api.GET.getMockImplementation()!;
    api.GET.mockImplementation(async (path: string) => {
      if (path === '/api/languages') throw new TypeError('Failed to fetch');
      return answer(path);
    });
    const { wrapper } = await mountPage();
    expect(wrapper.find('h1').exists()).toBe(false);
    expect(wrapper.get('[role=alert]').text()).toBe(
      'This page could not be loaded. Check your connection and try again.',
    );
    answerReads();
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Try again')!
      .trigger('click');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Start your profile');
    expect(wrapper.find('[role=alert]').exists()).toBe(false);
  });

  test('saves capacities, languages and country one after another with the default visibility, then opens Peers for me', async () => {
    api.PUT.mockResolvedValue({ data: NEW_PROFILE });
    const { wrapper, router } = await mountPage();
    expect(wrapper.get('h1').text()).toBe('Start your profile');
    expect(wrapper.findAll('h2').map((heading) => heading.text())).toEqual([
      'What you can share',
      'What you want to learn',
      'Your languages',
      'Your country',
    ]);
    expect(wrapper.text()).toContain('Only signed-in members see these answers.');
    expect(wrapper.get('a[href="/profile/edit"]').text()).toBe('Open the full profile editor');
    expect(wrapper.text()).not.toMatch(/%|percent/);
    // No visibility is asked here.
    expect(wrapper.text()).not.toContain('Who can see');

    await fillIn(wrapper);
    expect(wrapper.find('button[aria-label="Remove Communication"]').exists()).toBe(true);
    expect(wrapper.find('[aria-label="Level of Yorùbá (Yoruba)"]').exists()).toBe(true);
    await saveButton(wrapper).trigger('click');
    await flushPromises();

    expect(api.PUT.mock.calls).toEqual([
      [
        '/api/profile/capacities',
        {
          body: {
            knows: [],
            shares: [{ id: 36, level: null, note: null }],
            learns: [{ id: 12, level: null, note: null }],
            visibility: 'members',
          },
        },
      ],
      ['/api/profile/languages', { body: { languages: [{ code: 'yo', level: '3' }], visibility: 'members' } }],
      [
        '/api/profile/location',
        {
          body: {
            country: 'NG',
            timeZone: null,
            availability: null,
            visibility: { country: 'members', availability: 'members' },
          },
        },
      ],
    ]);
    expect(router.currentRoute.value.fullPath).toBe('/peers');
  });

  test('shows a refused part’s problem where it is, keeps what was entered, stays, and saves only what is left', async () => {
    api.PUT.mockImplementation(async (path: string) =>
      path === '/api/profile/location'
        ? {
            error: {
              error: {
                code: 'validation_failed',
                message: 'Some of the values sent are not valid.',
                requestId: 'r1',
                details: [{ field: 'body.country', code: 'unknown-country', message: 'This country is not known.' }],
              },
            },
          }
        : { data: NEW_PROFILE },
    );
    const { wrapper, router } = await mountPage();
    await fillIn(wrapper);
    await saveButton(wrapper).trigger('click');
    await flushPromises();

    expect(api.PUT).toHaveBeenCalledTimes(3);
    expect(router.currentRoute.value.fullPath).toBe('/welcome/profile');
    expect(wrapper.get('[role=alert]').text()).toContain('Your country: This country is not known.');
    expect(wrapper.get('[data-field=country]').text()).toContain('This country is not known.');
    expect(wrapper.text()).toContain('Not everything was saved');
    expect(wrapper.get<HTMLInputElement>('input[aria-label="Your country"]').element.value).toBe('Nigeria');
    expect(wrapper.find('button[aria-label="Remove Budgeting"]').exists()).toBe(true);

    api.PUT.mockReset();
    api.PUT.mockResolvedValue({ data: NEW_PROFILE });
    await saveButton(wrapper).trigger('click');
    await flushPromises();
    expect(api.PUT.mock.calls.map(([path]) => path)).toEqual(['/api/profile/location']);
    expect(router.currentRoute.value.fullPath).toBe('/peers');
  });

  test('“Skip for now” goes home, saves nothing and does not ask about what was chosen', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { wrapper, router } = await mountPage();
    const skips = wrapper.findAll('a').filter((link) => link.text() === 'Skip for now');
    expect(skips).toHaveLength(2);
    await wrapper.get('button[aria-label="Add Budgeting to Wants to learn"]').trigger('click');
    await skips[1]!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/');
    expect(api.PUT).not.toHaveBeenCalled();
    expect(confirm).not.toHaveBeenCalled();
  });

  test('asks before another link leaves what was chosen unsaved', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { wrapper, router } = await mountPage();
    await wrapper.get('button[aria-label="Add Budgeting to Wants to learn"]').trigger('click');
    await wrapper.get('a[href="/profile/edit"]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledWith('You have changes that are not saved. Leave anyway?');
    expect(router.currentRoute.value.fullPath).toBe('/welcome/profile');
  });
});
