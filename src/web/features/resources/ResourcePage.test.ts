import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { ResourceView } from '../../api/client';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSessionStore } from '../accounts/session.store';
import ResourcePage from './ResourcePage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ID = '6f1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

function resource(overrides: Partial<ResourceView> = {}): ResourceView {
  return {
    id: ID,
    title: 'Cómo organizar un editatón',
    description: '<p>Paso a paso.</p>',
    language: 'es',
    texts: [
      { language: 'es', title: 'Cómo organizar un editatón', description: 'Paso a paso.', html: '<p>Paso a paso.</p>' },
    ],
    kind: 'how-to',
    level: 'beginner',
    licence: 'CC-BY-SA-4.0',
    url: 'https://example.org/guide',
    commonsFile: null,
    commonsPage: null,
    publishedOn: '2026-03-04',
    languages: [{ code: 'es', autonym: 'español', name: 'Spanish' }],
    capacities: [{ id: 12, label: 'Edit-a-thons' }],
    authors: [
      { kind: 'member', name: 'Ana Pérez', handle: 'ana', slug: null, erased: false },
      { kind: 'member', name: null, handle: null, slug: null, erased: false },
      { kind: 'member', name: null, handle: null, slug: null, erased: true },
      { kind: 'organization', name: 'Wikimedia Argentina', handle: null, slug: 'wikimedia-argentina', erased: false },
      { kind: 'name', name: 'Grupo de Estudio', handle: null, slug: null, erased: false },
    ],
    organization: { slug: 'wikimedia-argentina', name: 'Wikimedia Argentina' },
    visibility: 'public',
    createdAt: '2026-03-05T10:00:00.000Z',
    updatedAt: '2026-03-06T10:00:00.000Z',
    canEdit: false,
    hidden: false,
    ...overrides,
  };
}

async function mountPage(view: ResourceView, viewer: 'member' | 'visitor' = 'member'): Promise<VueWrapper> {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/resources/{id}') return { data: view };
    throw new Error(`unexpected GET ${path}`);
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSessionStore();
  session.loaded = true;
  if (viewer === 'member') {
    session.setViewer({
      id: 'u1',
      displayName: 'Reader',
      email: null,
      emailVerified: true,
      wikimediaUsername: null,
      role: 'member',
      language: 'en',
      onboarded: true,
      hasPassword: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  }
  const page = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/resources/:id', component: ResourcePage },
      { path: '/resources/:id/edit', component: page },
      { path: '/people/:handle', component: page },
      { path: '/organizations/:slug', component: page },
      { path: '/search', component: page },
    ],
  });
  await router.push(`/resources/${ID}`);
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return wrapper;
}

const section = (wrapper: VueWrapper, heading: string) => {
  const found = wrapper.findAll('section').find((candidate) => candidate.find('h2').text() === heading);
  if (!found) throw new Error(`No section ${heading}`);
  return found;
};

describe('ResourcePage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('shows the title in its own language, what it is, where it lives and who made it', async () => {
    const wrapper = await mountPage(resource());
    const title = wrapper.get('h1 bdi');
    expect(title.text()).toBe('Cómo organizar un editatón');
    expect(title.attributes('lang')).toBe('es');
    expect(wrapper.text()).toContain('How-to guide · Level: beginner · Published March 4, 2026');
    expect(wrapper.get('section div[lang]').attributes()).toMatchObject({ lang: 'es', dir: 'auto' });
    expect(wrapper.get('section div[lang]').html()).toContain('<p>Paso a paso.</p>');

    const link = wrapper.get('a[href="https://example.org/guide"]');
    expect(link.attributes('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(section(wrapper, 'Licence').text()).toBe('LicenceCC BY-SA 4.0');

    const authors = section(wrapper, 'Authors').findAll('li');
    expect(authors.map((author) => author.text())).toEqual([
      'Ana Pérez',
      'A member',
      'Deleted member',
      'Wikimedia Argentina',
      'Grupo de Estudio',
    ]);
    expect(authors[0]!.get('a').attributes('href')).toBe('/people/ana');
    expect(authors[1]!.find('a').exists()).toBe(false);
    expect(authors[3]!.get('a').attributes('href')).toBe('/organizations/wikimedia-argentina');
    expect(authors[4]!.find('a').exists()).toBe(false);
    expect(section(wrapper, 'Added for').get('a').attributes('href')).toBe('/organizations/wikimedia-argentina');
    expect(section(wrapper, 'Capacities').get('a').attributes('href')).toBe('/search?capacity=12');

    // A member who is not an editor may report it, and sees no editor's part.
    expect(wrapper.get('button[aria-label="Report this learning resource"]').text()).toBe('Report');
    expect(wrapper.find(`a[href="/resources/${ID}/edit"]`).exists()).toBe(false);
    expect(wrapper.text()).not.toContain('Link check');
    expect(wrapper.text()).not.toContain('History');
  });

  test('says clearly when a resource is not freely licensed; visitors get no Report button', async () => {
    const wrapper = await mountPage(resource({ licence: 'all-rights-reserved' }), 'visitor');
    expect(section(wrapper, 'Licence').text()).toContain(
      'This resource is not freely licensed: all rights are reserved.',
    );
    expect(wrapper.find('button[aria-label="Report this learning resource"]').exists()).toBe(false);
  });

  test('shows its editors the Edit link, the link check, who may see it and its history', async () => {
    const wrapper = await mountPage(
      resource({
        canEdit: true,
        visibility: 'draft',
        hidden: true,
        link: { status: 404, checkedAt: '2026-03-09T06:00:00.000Z', failingSince: '2026-03-07T06:00:00.000Z' },
        history: [
          {
            action: 'edited',
            actor: 'Ana Pérez',
            fields: ['texts', 'licence', 'authors'],
            at: '2026-03-06T10:00:00.000Z',
          },
          { action: 'created', actor: null, fields: ['texts'], at: '2026-03-05T10:00:00.000Z' },
        ],
      }),
    );
    expect(wrapper.get(`a[href="/resources/${ID}/edit"]`).text()).toBe('Edit');
    expect(wrapper.text()).toContain('Who can see it: Draft: only its editors see it');
    expect(wrapper.text()).toContain('Moderators have hidden this learning resource: only its editors see it.');
    expect(section(wrapper, 'Where it lives').text()).toContain('This link has answered 404 since Mar 7, 2026.');
    expect(
      section(wrapper, 'History')
        .findAll('li')
        .map((entry) => entry.text()),
    ).toEqual([
      '\u2068Ana Pérez\u2069 changed Title and description, Licence, and Authors on Mar 6, 2026.',
      'Someone added it on Mar 5, 2026.',
    ]);
    expect(wrapper.find('button[aria-label="Report this learning resource"]').exists()).toBe(false);
  });

  test('words the link check for a link that does not answer, one that works, and one not checked yet', async () => {
    const silent = await mountPage(
      resource({
        canEdit: true,
        link: { status: 0, checkedAt: '2026-03-09T06:00:00.000Z', failingSince: '2026-03-08T06:00:00.000Z' },
      }),
    );
    expect(silent.text()).toContain('No answer from this link since Mar 8, 2026.');
    silent.unmount();
    const fine = await mountPage(
      resource({ canEdit: true, link: { status: 200, checkedAt: '2026-03-09T06:00:00.000Z', failingSince: null } }),
    );
    expect(fine.text()).toContain('The link answered when checked on Mar 9, 2026.');
    fine.unmount();
    const unchecked = await mountPage(
      resource({ canEdit: true, link: { status: null, checkedAt: null, failingSince: null } }),
    );
    expect(unchecked.text()).toContain('The link has not been checked yet.');
  });

  test('a Commons file links to its page on Commons', async () => {
    const wrapper = await mountPage(
      resource({
        url: null,
        commonsFile: 'Editatón guía.pdf',
        commonsPage: 'https://commons.wikimedia.org/wiki/File:Edit%C3%B3n_gu%C3%ADa.pdf',
      }),
    );
    const link = wrapper.get('a[href^="https://commons.wikimedia.org/"]');
    expect(link.text()).toBe('Editatón guía.pdf on Wikimedia Commons');
  });
});
