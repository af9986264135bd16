import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import type { ServiceView } from '../../api/client';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSessionStore } from '../accounts/session.store';
import ServicePage from './ServicePage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ID = '7a1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

function service(overrides: Partial<ServiceView> = {}): ServiceView {
  return {
    id: ID,
    title: 'Taller de Wikidata',
    description: '<p>Para principiantes.</p>',
    availability: 'Martes, 14:00-16:00 UTC',
    costNote: '',
    language: 'es',
    texts: [
      {
        language: 'es',
        title: 'Taller de Wikidata',
        description: 'Para principiantes.',
        availability: 'Martes, 14:00-16:00 UTC',
        costNote: '',
        html: '<p>Para principiantes.</p>',
      },
    ],
    kind: 'training',
    format: 'both',
    cost: 'free',
    languages: [{ code: 'es', autonym: 'español', name: 'Spanish' }],
    capacities: [{ id: 12, label: 'Wikidata' }],
    countries: [{ code: 'AR', name: 'Argentina' }],
    regions: [{ id: 'LAC', name: 'Latin America and the Caribbean' }],
    provider: { kind: 'member', name: 'Ana Pérez', handle: 'ana', slug: null },
    visibility: 'public',
    createdAt: '2026-03-05T10:00:00.000Z',
    updatedAt: '2026-03-06T10:00:00.000Z',
    canEdit: false,
    hidden: false,
    ...overrides,
  };
}

async function mountPage(
  view: ServiceView,
  viewer: 'member' | 'visitor' = 'member',
): Promise<{ wrapper: VueWrapper; router: Router }> {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/services/{id}') return { data: view };
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
      { path: '/services/:id', component: ServicePage },
      { path: '/services/:id/edit', component: page },
      { path: '/people/:handle', component: page },
      { path: '/organizations/:slug', component: page },
      { path: '/messages/new', component: page },
      { path: '/sign-in', component: page },
      { path: '/search', component: page },
    ],
  });
  await router.push(`/services/${ID}`);
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router };
}

const section = (wrapper: VueWrapper, heading: string) => {
  const found = wrapper.findAll('section').find((candidate) => candidate.find('h2').text() === heading);
  if (!found) throw new Error(`No section ${heading}`);
  return found;
};
const link = (wrapper: VueWrapper, text: string) => {
  const found = wrapper.findAll('a').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No link ${text}`);
  return found;
};

describe('ServicePage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('shows the title in its own language, what it is, how, when, where, what it costs and who offers it', async () => {
    const { wrapper } = await mountPage(service());
    const title = wrapper.get('h1 bdi');
    expect(title.text()).toBe('Taller de Wikidata');
    expect(title.attributes()).toMatchObject({ lang: 'es', dir: 'auto' });
    expect(wrapper.get('.cxc-service__meta').text()).toBe('Training · Online and in person');
    expect(wrapper.get('section div[lang]').attributes()).toMatchObject({ lang: 'es', dir: 'auto' });
    expect(wrapper.get('section div[lang]').html()).toContain('<p>Para principiantes.</p>');
    expect(section(wrapper, 'When').get('p').attributes()).toMatchObject({ lang: 'es', dir: 'auto' });
    expect(section(wrapper, 'When').text()).toContain('Martes, 14:00-16:00 UTC');
    expect(section(wrapper, 'Cost').text()).toBe('CostFree');
    expect(section(wrapper, 'Where it is offered').text()).toContain('Latin America and the Caribbean');
    expect(section(wrapper, 'Where it is offered').text()).toContain('Argentina');
    expect(section(wrapper, 'Languages').text()).toContain('español (Spanish)');
    expect(section(wrapper, 'Capacities').get('a').attributes('href')).toBe('/search?capacity=12');
    expect(wrapper.get('.cxc-service__provider').text()).toBe('Offered by Ana Pérez');
    expect(wrapper.get('.cxc-service__provider a').attributes('href')).toBe('/people/ana');

    // A member who is not an editor may report it, and sees no editor's part.
    expect(wrapper.get('button[aria-label="Report this service"]').text()).toBe('Report');
    expect(wrapper.find(`a[href="/services/${ID}/edit"]`).exists()).toBe(false);
  });

  test('"Ask for this service" opens the composer to the member who offers it, with a first message naming it', async () => {
    const { wrapper, router } = await mountPage(service());
    const ask = link(wrapper, 'Ask for this service');
    expect(ask.classes()).toContain('cdx-button--weight-primary');
    await ask.trigger('click');
    await flushPromises();
    const route = router.currentRoute.value;
    expect(route.path).toBe('/messages/new');
    expect(route.query.to).toBe('ana');
    expect(route.query.text).toBe(
      `Hello! I would like to ask for your service "Taller de Wikidata": ${window.location.origin}/services/${ID}`,
    );
  });

  test('asking for an organization’s service writes to the organization', async () => {
    const { wrapper, router } = await mountPage(
      service({
        cost: 'stated',
        costNote: '',
        texts: [
          { ...service().texts[0]!, costNote: '' },
          {
            language: 'en',
            title: 'Wikidata workshop',
            description: '',
            availability: '',
            costNote: 'USD 20 per person',
            html: '',
          },
        ],
        provider: { kind: 'organization', name: 'Wikimedia Argentina', handle: null, slug: 'wikimedia-argentina' },
      }),
    );
    expect(wrapper.get('.cxc-service__provider a').attributes('href')).toBe('/organizations/wikimedia-argentina');
    // The cost is said in the one language that says it.
    const cost = section(wrapper, 'Cost').get('p');
    expect(cost.text()).toBe('USD 20 per person');
    expect(cost.attributes('lang')).toBe('en');
    await link(wrapper, 'Ask for this service').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/messages/new');
    expect(router.currentRoute.value.query.organization).toBe('wikimedia-argentina');
    expect(String(router.currentRoute.value.query.text)).toContain('"Taller de Wikidata"');
  });

  test('a member provider whose profile the reader may not see: named "A member", and not asked here', async () => {
    const { wrapper } = await mountPage(
      service({ provider: { kind: 'member', name: null, handle: null, slug: null } }),
    );
    expect(wrapper.get('.cxc-service__provider').text()).toBe('Offered by A member');
    expect(wrapper.find('.cxc-service__provider a').exists()).toBe(false);
    expect(wrapper.text()).toContain('this service cannot be asked for here');
    expect(wrapper.findAll('a').some((candidate) => candidate.text() === 'Ask for this service')).toBe(false);
  });

  test('visitors are asked to sign in, and come back to the service', async () => {
    const { wrapper, router } = await mountPage(service(), 'visitor');
    expect(wrapper.findAll('a').some((candidate) => candidate.text() === 'Ask for this service')).toBe(false);
    expect(wrapper.find('button[aria-label="Report this service"]').exists()).toBe(false);
    await link(wrapper, 'Sign in to ask for this service').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/sign-in');
    expect(router.currentRoute.value.query.next).toBe(`/services/${ID}`);
  });

  test('shows its editors Edit, who may see it and that moderators hid it; no Ask, no Report', async () => {
    const { wrapper } = await mountPage(service({ canEdit: true, visibility: 'members', hidden: true }));
    expect(wrapper.get(`a[href="/services/${ID}/edit"]`).text()).toBe('Edit');
    expect(wrapper.text()).toContain('Who can see it: Members only');
    expect(wrapper.text()).toContain('Moderators have hidden this service: only its editors see it.');
    expect(wrapper.findAll('a').some((candidate) => candidate.text() === 'Ask for this service')).toBe(false);
    expect(wrapper.find('button[aria-label="Report this service"]').exists()).toBe(false);
  });
});
