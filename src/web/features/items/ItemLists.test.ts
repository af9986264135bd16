import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import ItemLists from './ItemLists.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const SERVICE = {
  id: '7a1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  title: 'Taller de Wikidata',
  language: 'es',
  kind: 'training',
  format: 'in-person',
  cost: 'free',
  visibility: 'public',
  updatedAt: '2026-03-06T10:00:00.000Z',
};

function answer(services: unknown[]): void {
  api.GET.mockImplementation(async (path: string) => {
    if (path === '/api/resources') return { data: { resources: [], page: 1, hasMore: false } };
    if (path === '/api/services') return { data: { services, page: 1, hasMore: false } };
    throw new Error(`unexpected GET ${path}`);
  });
}

async function mountLists(props: Record<string, unknown>): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: {} }] });
  const wrapper = mount(ItemLists, { props, attachTo: document.body, global: { plugins: [router] } });
  await flushPromises();
  return wrapper;
}
const hrefOf = (wrapper: VueWrapper, text: string) =>
  wrapper
    .findAll('a')
    .find((link) => link.text() === text)
    ?.attributes('href');

describe('ItemLists', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('lists an organization’s services, each leading to its page; its managers offer another under them', async () => {
    answer([SERVICE]);
    const wrapper = await mountLists({ organization: 'wikimedia-argentina', canAdd: true });
    expect(api.GET).toHaveBeenCalledWith('/api/services', {
      params: { query: { organization: 'wikimedia-argentina' } },
    });
    const services = wrapper.findAll('section').find((section) => section.get('h2').text() === 'Services')!;
    const title = services.get('a bdi');
    expect(title.text()).toBe('Taller de Wikidata');
    expect(title.attributes()).toMatchObject({ lang: 'es', dir: 'auto' });
    expect(services.text()).toContain('Training · In person');
    expect(hrefOf(wrapper, 'Taller de Wikidata')).toBe(`/services/${SERVICE.id}`);
    expect(services.text()).toContain('Offer a service');
    expect(hrefOf(wrapper, 'Offer a service')).toBe('/services/new?organization=wikimedia-argentina');
  });

  test('no services: no Services region; whoever may add finds "Offer a service" beside "Add a learning resource"', async () => {
    answer([]);
    const own = await mountLists({ member: 'ana', canAdd: true });
    expect(api.GET).toHaveBeenCalledWith('/api/services', { params: { query: { provider: 'ana' } } });
    expect(own.findAll('h2').map((heading) => heading.text())).toEqual(['Learning resources']);
    expect(own.get('.cxc-item-list__add').text()).toContain('Add a learning resource');
    expect(hrefOf(own, 'Offer a service')).toBe('/services/new');
    own.unmount();

    const visitor = await mountLists({ member: 'ana' });
    expect(visitor.findAll('section')).toHaveLength(0);
  });
});
