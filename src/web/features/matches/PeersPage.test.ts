import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import PeersPage from './PeersPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn(), DELETE: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const SERVICE = '7a1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

const suggestion = (type: 'person' | 'service', address: string, title: string) => ({
  type,
  address,
  title,
  relation: 'same',
  via: { id: 12, label: 'Budgeting' },
  side: type === 'person' ? 'shares' : 'offers',
  sharedLanguages: [],
  alsoMatches: 0,
});

async function mountPage(): Promise<VueWrapper> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const page = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/peers', component: PeersPage },
      { path: '/people/:handle', component: page },
      { path: '/organizations/:slug', component: page },
      { path: '/services/:id', component: page },
      { path: '/messages/new', component: page },
      { path: '/profile/edit', component: page },
    ],
  });
  await router.push('/peers');
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return wrapper;
}

describe('PeersPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    for (const call of [api.GET, api.POST, api.DELETE]) call.mockReset();
    api.GET.mockResolvedValue({
      data: {
        direction: 'learn',
        languagesLimited: true,
        myLanguages: [],
        hiddenCount: 0,
        groups: [
          {
            capacity: { id: 12, label: 'Budgeting' },
            total: 2,
            suggestions: [suggestion('person', 'ana', 'Ana Pérez'), suggestion('service', SERVICE, 'Budget clinic')],
          },
        ],
      },
    });
    api.POST.mockResolvedValue({ data: undefined });
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('a suggested service leads to its page, says it is a service, and can be hidden like the others', async () => {
    const wrapper = await mountPage();
    const entries = wrapper.findAll('.cxc-result-list > li');
    expect(entries).toHaveLength(2);
    const service = entries[1]!;
    expect(service.get('a.cxc-peers__name').attributes('href')).toBe(`/services/${SERVICE}`);
    expect(service.get('.cxc-meta').text()).toBe('Service');
    expect(service.text()).toContain('A service for this');
    // Only people get "Send a message" here; a service is asked for on its page.
    expect(service.text()).not.toContain('Send a message');
    expect(entries[0]!.text()).toContain('Can share this');

    await service.get('button[aria-label="Hide Budget clinic from my suggestions"]').trigger('click');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/matches/hidden', { body: { type: 'service', address: SERVICE } });
  });
});
