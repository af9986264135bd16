import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { newMessagePath, newOrganizationMessagePath } from '../../../shared/web-routes';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSessionStore } from '../accounts/session.store';
import NewMessagePage from './NewMessagePage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const CONVERSATION = '9b1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

async function mountPage(path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSessionStore();
  session.loaded = true;
  session.setViewer({
    id: 'me',
    displayName: 'Me',
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
      { path: '/messages/new', component: NewMessagePage },
      { path: '/messages', component: page },
      { path: '/messages/:id', component: page },
      { path: '/people/:handle', component: page },
      { path: '/organizations/:slug', component: page },
    ],
  });
  await router.push(path);
  const wrapper = mount(RouterView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router };
}

describe('NewMessagePage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
    api.POST.mockReset();
    api.GET.mockImplementation(async (path: string) => {
      if (path === '/api/people/{handle}')
        return { data: { handle: 'ana', relation: 'member', displayName: 'Ana Pérez', initials: 'AP' } };
      if (path === '/api/organizations/{slug}')
        return { data: { slug: 'wikimedia-argentina', name: 'Wikimedia Argentina', canManage: false } };
      if (path === '/api/profile') return { data: { handle: 'me', languages: [] } };
      throw new Error(`unexpected GET ${path}`);
    });
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('starts the message with the text it was given, which the writer may change before sending', async () => {
    api.POST.mockResolvedValue({ data: { id: CONVERSATION } });
    const text = 'Hello! I would like to ask for your service "Taller": https://example.org/services/1';
    const { wrapper, router } = await mountPage(newMessagePath('ana', text));
    const textarea = wrapper.get('textarea');
    expect((textarea.element as HTMLTextAreaElement).value).toBe(text);
    await textarea.setValue(`${text}\nThanks!`);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/conversations', {
      body: { handle: 'ana', body: `${text}\nThanks!`, language: 'en' },
    });
    expect(router.currentRoute.value.path).toBe(`/messages/${CONVERSATION}`);
  });

  test('to an organization too; without a text the message starts empty', async () => {
    const prefilled = await mountPage(newOrganizationMessagePath('wikimedia-argentina', 'About your service'));
    expect((prefilled.wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('About your service');
    prefilled.wrapper.unmount();
    const empty = await mountPage(newMessagePath('ana'));
    expect((empty.wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('');
  });
});
