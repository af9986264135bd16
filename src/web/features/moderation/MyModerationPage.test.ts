import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import MyModerationPage from './MyModerationPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const DAY = 24 * 60 * 60 * 1000;
const iso = (time: number) => new Date(time).toISOString();

function warning(overrides: Record<string, unknown> = {}) {
  return {
    id: 'a1',
    action: 'warn',
    type: 'message',
    category: 'harassment',
    reason: 'Insults in a message.',
    createdAt: iso(Date.now() - DAY),
    endsAt: null,
    lifted: false,
    appeal: null,
    appealUntil: iso(Date.now() + 13 * DAY),
    ...overrides,
  };
}

const SUSPENSION = warning({
  id: 'a2',
  action: 'suspend',
  type: 'profile',
  category: 'spam',
  reason: 'Adverts on the profile.',
  endsAt: iso(Date.now() + 6 * DAY),
  appealUntil: null,
  appeal: {
    text: 'They were not adverts.',
    appealedAt: iso(Date.now() - DAY / 2),
    outcome: 'upheld',
    reason: 'They were adverts.',
    decidedAt: iso(Date.now() - DAY / 4),
  },
});

async function mountPage() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/settings/moderation', component: { template: '<div />' } },
      { path: '/transparency', component: { template: '<div />' } },
    ],
  });
  await router.push('/settings/moderation');
  const wrapper = mount(MyModerationPage, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return wrapper;
}

describe('MyModerationPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
    api.POST.mockReset();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('lists what moderators did, with reasons, the end of a suspension and a decided appeal; then my reports', async () => {
    api.GET.mockResolvedValue({
      data: {
        actions: [warning(), SUSPENSION],
        reports: [
          {
            type: 'organization',
            category: 'impersonation',
            status: 'claimed',
            createdAt: iso(Date.now()),
            decidedAt: null,
          },
        ],
      },
    });
    const wrapper = await mountPage();
    expect(api.GET).toHaveBeenCalledWith('/api/account/moderation');
    expect(wrapper.get('h1').text()).toBe('Moderation and my account');
    const [first, second] = wrapper.findAll('.cxc-my-moderation__action');
    expect(first!.get('h3').text()).toBe('Warn');
    expect(first!.text()).toContain('Message');
    expect(first!.text()).toContain('Harassment');
    expect(first!.text()).toContain('Insults in a message.');
    expect(first!.find('form').exists()).toBe(true);
    expect(first!.text()).toContain('You may appeal once, until');

    expect(second!.get('h3').text()).toBe('Suspend');
    expect(second!.text()).toContain('Until');
    expect(second!.text()).toContain('Your appeal');
    expect(second!.text()).toContain('They were not adverts.');
    expect(second!.text()).toContain('Upheld');
    expect(second!.text()).toContain('They were adverts.');
    expect(second!.find('form').exists()).toBe(false);

    const cells = wrapper.findAll('tbody td').map((cell) => cell.text());
    expect(cells.slice(0, 3)).toEqual(['Organization', 'Impersonation', 'Claimed']);
  });

  test('sends an appeal, then reloads and says it was sent', async () => {
    api.GET.mockResolvedValueOnce({ data: { actions: [warning()], reports: [] } });
    api.GET.mockResolvedValueOnce({
      data: {
        actions: [
          warning({
            appealUntil: null,
            appeal: {
              text: 'I was quoting someone.',
              appealedAt: iso(Date.now()),
              outcome: null,
              reason: null,
              decidedAt: null,
            },
          }),
        ],
        reports: [],
      },
    });
    api.POST.mockResolvedValue({ data: undefined });
    const wrapper = await mountPage();
    expect(wrapper.text()).toContain('You have not reported anything.');
    const textarea = wrapper.get('textarea');
    expect(wrapper.get(`label[for="${textarea.attributes('id')}"]`).text()).toBe(
      'Appeal: why should this action be undone?',
    );
    await textarea.setValue('I was quoting someone.');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/account/moderation/{id}/appeal', {
      params: { path: { id: 'a1' } },
      body: { text: 'I was quoting someone.' },
    });
    expect(api.GET).toHaveBeenCalledTimes(2);
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.text()).toContain('Your appeal was sent.');
    expect(wrapper.text()).toContain('A moderator other than the one who acted will decide on it.');
  });

  test('refuses an empty appeal without calling the server, and shows the server’s refusal', async () => {
    api.GET.mockResolvedValue({ data: { actions: [warning()], reports: [] } });
    api.POST.mockResolvedValue({
      error: {
        error: {
          code: 'appeal_closed',
          message: 'This action can no longer be appealed: it was appealed already, or the time to appeal has passed.',
          requestId: 'r',
        },
      },
    });
    const wrapper = await mountPage();
    await wrapper.get('form').trigger('submit');
    expect(api.POST).not.toHaveBeenCalled();
    expect(wrapper.get('[role=alert]').text()).toContain('Your appeal is empty.');
    await wrapper.get('textarea').setValue('Please look again.');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role=alert]').text()).toContain('This action can no longer be appealed');
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('Please look again.');
  });

  test('says so when the moderators did nothing and there are no reports', async () => {
    api.GET.mockResolvedValue({ data: { actions: [], reports: [] } });
    const wrapper = await mountPage();
    expect(wrapper.text()).toContain('The moderators have taken no action about your account or your content.');
    expect(wrapper.text()).toContain('You have not reported anything.');
    expect(wrapper.find('table').exists()).toBe(false);
  });
});
