import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import type { ResourceView } from '../../api/client';
import NativeSelect from '../../components/NativeSelect.vue';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { chooseValue } from '../../test-support/native-select';
import { useSessionStore } from '../accounts/session.store';
import ResourceEditPage from './ResourceEditPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn(), PUT: vi.fn(), DELETE: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ID = '6f1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const TREE = [
  { id: 12, label: 'Budgeting', wikidataQid: null, children: [] },
  { id: 36, label: 'Communication', wikidataQid: null, children: [] },
];
const LANGUAGES = [
  { code: 'en', autonym: 'English', name: 'English' },
  { code: 'es', autonym: 'español', name: 'Spanish' },
];
const SAVED: ResourceView = {
  id: ID,
  title: 'Budget basics',
  description: '<p>For treasurers.</p>',
  language: 'en',
  texts: [{ language: 'en', title: 'Budget basics', description: 'For treasurers.', html: '<p>For treasurers.</p>' }],
  kind: 'slides',
  level: null,
  licence: 'CC-BY-4.0',
  url: null,
  commonsFile: 'Budget basics.pdf',
  commonsPage: 'https://commons.wikimedia.org/wiki/File:Budget_basics.pdf',
  publishedOn: null,
  languages: [{ code: 'en', autonym: 'English', name: 'English' }],
  capacities: [{ id: 12, label: 'Budgeting' }],
  authors: [
    { kind: 'member', name: 'Own Member', handle: 'own-member', slug: null, erased: false },
    { kind: 'member', name: null, handle: null, slug: null, erased: true },
    { kind: 'organization', name: 'Wikimedia Argentina', handle: null, slug: 'wikimedia-argentina', erased: false },
  ],
  organization: { slug: 'wikimedia-argentina', name: 'Wikimedia Argentina' },
  visibility: 'members',
  createdAt: '2026-03-05T10:00:00.000Z',
  updatedAt: '2026-03-06T10:00:00.000Z',
  canEdit: true,
  hidden: false,
};

function answerReads(): void {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/capacities') return { data: { capacities: TREE } };
    if (path === '/api/languages') return { data: { languages: LANGUAGES } };
    if (path === '/api/profile') return { data: { handle: 'own-member', languages: [] } };
    if (path === '/api/resources/{id}') return { data: SAVED };
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
      { path: '/resources/new', component: ResourceEditPage },
      { path: '/resources/:id/edit', component: ResourceEditPage },
      { path: '/resources/:id', component: page },
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

describe('ResourceEditPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    for (const call of [api.GET, api.POST, api.PUT, api.DELETE]) call.mockReset();
    answerReads();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  test('adds a resource with its texts, details, capacities and authors, the member first, then opens its page', async () => {
    api.POST.mockResolvedValue({ data: { id: ID } });
    const { wrapper, router } = await mountPage('/resources/new');
    expect(wrapper.get('h1').text()).toBe('Add a learning resource');
    // The member themselves is the first author.
    expect(field(wrapper, 'authors.0.handle').get('input').element.value).toBe('own-member');

    await field(wrapper, 'texts.0.title').get('input').setValue('Budget basics');
    await field(wrapper, 'texts.0.description').get('textarea').setValue('For **treasurers**.');
    await chooseValue(selectIn(wrapper, 'kind'), 'slides');
    await chooseValue(selectIn(wrapper, 'level'), 'beginner');
    await chooseValue(selectIn(wrapper, 'licence'), 'CC-BY-4.0');
    await field(wrapper, 'url').get('input').setValue(' https://example.org/budget ');
    await field(wrapper, 'publishedOn').get('input').setValue('2026-03-04');
    await wrapper.get(`button[aria-label="Add Budgeting to the resource's capacities"]`).trigger('click');
    await button(wrapper, 'Add an author').trigger('click');
    await chooseValue(selectLabelled(wrapper, 'Author 2 is'), 'name');
    await field(wrapper, 'authors.1.name').get('input').setValue('Grupo de Estudio');
    await chooseValue(selectLabelled(wrapper, 'Who can see it'), 'members');

    await button(wrapper, 'Add the resource').trigger('click');
    await settle();

    expect(api.POST.mock.calls).toEqual([
      [
        '/api/resources',
        {
          body: {
            texts: [{ language: 'en', title: 'Budget basics', description: 'For **treasurers**.' }],
            kind: 'slides',
            level: 'beginner',
            licence: 'CC-BY-4.0',
            url: 'https://example.org/budget',
            commonsFile: null,
            publishedOn: '2026-03-04',
            languages: ['en'],
            capacities: [12],
            authors: [
              { kind: 'member', handle: 'own-member' },
              { kind: 'name', name: 'Grupo de Estudio' },
            ],
            organization: null,
            visibility: 'members',
          },
        },
      ],
    ]);
    expect(router.currentRoute.value.fullPath).toBe(`/resources/${ID}`);
  });

  test('shows the server’s problems beside their fields and in the summary, by the lines as they were typed', async () => {
    api.POST.mockResolvedValue({
      error: {
        error: {
          code: 'validation_failed',
          message: 'Some of the values sent are not valid.',
          requestId: 'r1',
          details: [
            { field: 'body.texts.0.title', code: 'required', message: 'This field is required.' },
            { field: 'body.url', code: 'required', message: 'This field is required.' },
            { field: 'body.authors.1.handle', code: 'unknown-member', message: 'No member has this address.' },
          ],
        },
      },
    });
    const { wrapper, router } = await mountPage('/resources/new?organization=wikimedia-argentina');
    // Added for the organization it came from; an empty author line is not sent.
    await button(wrapper, 'Add an author').trigger('click');
    await button(wrapper, 'Add an author').trigger('click');
    await field(wrapper, 'authors.2.handle').get('input').setValue('https://example.org/people/nobody-here');

    await button(wrapper, 'Add the resource').trigger('click');
    await settle();

    const body = api.POST.mock.calls[0]![1].body;
    expect(body.authors).toEqual([
      { kind: 'member', handle: 'own-member' },
      { kind: 'member', handle: 'nobody-here' },
    ]);
    expect(body.organization).toBe('wikimedia-argentina');
    expect(router.currentRoute.value.path).toBe('/resources/new');
    expect(field(wrapper, 'texts.0.title').text()).toContain('This field is required.');
    expect(field(wrapper, 'url').text()).toContain('This field is required.');
    expect(field(wrapper, 'authors.2.handle').text()).toContain('No member has this address.');
    expect(field(wrapper, 'authors.1.handle').text()).not.toContain('No member has this address.');
    const summary = wrapper.get('[role=alert]').text();
    expect(summary).toContain('Some of the values sent are not valid.');
    expect(summary).toContain('Title (Title and description): This field is required.');
    expect(summary).toContain('Web address (https://...): This field is required.');
    expect(summary).toContain('Author 3: No member has this address.');
    // What was typed stays.
    expect(field(wrapper, 'authors.2.handle').get('input').element.value).toBe(
      'https://example.org/people/nobody-here',
    );
  });

  test('saves an existing resource in place, says which authors it cannot show, and deletes it after asking', async () => {
    api.PUT.mockResolvedValue({ data: SAVED });
    api.DELETE.mockResolvedValue({ data: undefined });
    const { wrapper, router } = await mountPage(`/resources/${ID}/edit`);
    expect(wrapper.get('h1').text()).toBe('Edit learning resource');
    expect(wrapper.text()).toContain('One author cannot be shown here');
    expect(field(wrapper, 'commonsFile').get('input').element.value).toBe('Budget basics.pdf');
    expect(field(wrapper, 'authors.1.slug').get('input').element.value).toBe('wikimedia-argentina');

    await field(wrapper, 'texts.0.title').get('input').setValue('Budget basics for treasurers');
    await button(wrapper, 'Save the resource').trigger('click');
    await settle();
    expect(api.PUT).toHaveBeenCalledTimes(1);
    expect(api.PUT.mock.calls[0]![0]).toBe('/api/resources/{id}');
    expect(api.PUT.mock.calls[0]![1]).toMatchObject({
      params: { path: { id: ID } },
      body: {
        texts: [{ language: 'en', title: 'Budget basics for treasurers', description: 'For treasurers.' }],
        url: null,
        commonsFile: 'Budget basics.pdf',
        level: null,
        authors: [
          { kind: 'member', handle: 'own-member' },
          { kind: 'organization', slug: 'wikimedia-argentina' },
        ],
        organization: 'wikimedia-argentina',
        visibility: 'members',
      },
    });
    expect(wrapper.text()).toContain('Saved.');

    await button(wrapper, 'Delete the resource').trigger('click');
    // The title is isolated inside the sentence, whatever its direction.
    expect(wrapper.text()).toContain('Delete "\u2068Budget basics\u2069" for good?');
    expect(api.DELETE).not.toHaveBeenCalled();
    await button(wrapper, 'Delete for good').trigger('click');
    await settle();
    expect(api.DELETE).toHaveBeenCalledWith('/api/resources/{id}', { params: { path: { id: ID } } });
    expect(router.currentRoute.value.fullPath).toBe('/organizations/wikimedia-argentina');
  });

  test('an editor page for a resource the reader may not edit is a missing page', async () => {
    api.GET.mockImplementation(async (path: string) => {
      if (path === '/api/resources/{id}') return { data: { ...SAVED, canEdit: false } };
      if (path === '/api/capacities') return { data: { capacities: TREE } };
      if (path === '/api/languages') return { data: { languages: LANGUAGES } };
      throw new Error(`unexpected GET ${path}`);
    });
    const { wrapper } = await mountPage(`/resources/${ID}/edit`);
    expect(wrapper.find('form').exists()).toBe(false);
    expect(api.PUT).not.toHaveBeenCalled();
  });
});
