import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import type { NotificationList } from './types';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

/** A stand-in for the browser's EventSource: the test sends the events. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.OPEN;
  closed = false;
  private readonly listeners = new Map<string, ((event: { data?: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data ?? {}) });
  }
}

const CONVERSATION = '0b6c1c5e-8a7e-4f4e-9c61-0a1b2c3d4e5f';
const item = (id: string, kind: NotificationList['items'][number]['kind'], read = false) => ({
  id,
  kind,
  conversationId: CONVERSATION,
  actor: { name: 'Bea', handle: 'bea', deleted: false },
  createdAt: new Date().toISOString(),
  read,
});

let list: NotificationList;

async function mountBell() {
  const { default: NotificationBell } = await import('./NotificationBell.vue');
  const wrapper = mount(NotificationBell, {
    attachTo: document.body,
    global: { plugins: [createPinia()], stubs: { RouterLink: RouterLinkStub } },
  });
  await flushPromises();
  return wrapper;
}

describe('NotificationBell', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    list = { unread: 2, items: [item('n2', 'message'), item('n1', 'request')] };
    api.GET.mockImplementation(async () => ({ data: structuredClone(list) }));
    api.POST.mockResolvedValue({ data: undefined });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  test('says in its name how many are unread, and shows the count', async () => {
    const wrapper = await mountBell();
    const button = wrapper.get('button');
    expect(button.attributes('aria-label')).toBe('Notifications, 2 unread');
    expect(button.get('.cxc-bell__badge').text()).toBe('2');
    expect(wrapper.emitted('unread')?.at(-1)).toEqual([2]);
    expect(FakeEventSource.instances.map((source) => source.url)).toEqual(['/api/notifications/stream']);
    wrapper.unmount();
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
  });

  test('lists the latest (kind, who, when), each leading to its conversation; marks all read', async () => {
    const wrapper = await mountBell();
    await wrapper.get('button').trigger('click');
    // The list comes with the first opening (it is not in the header's first load).
    await vi.waitFor(() => expect(wrapper.find('.cxc-bell__list').exists()).toBe(true));
    await flushPromises();
    const entries = wrapper.findAllComponents(RouterLinkStub).filter((link) => link.props('to') !== '/messages');
    expect(entries.map((link) => link.props('to'))).toEqual([`/messages/${CONVERSATION}`, `/messages/${CONVERSATION}`]);
    expect(entries[0]!.text()).toContain('New message');
    expect(entries[0]!.text()).toContain('Bea');
    expect(entries[0]!.text()).toContain('now');
    expect(entries[1]!.text()).toContain('New message request');
    expect(entries[1]!.text()).toContain('Unread');

    const markAll = wrapper.findAll('button').find((button) => button.text() === 'Mark all as read')!;
    await markAll.trigger('click');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/notifications/read', { body: {} });
    expect(wrapper.get('button').attributes('aria-label')).toBe('Notifications');
    expect(wrapper.find('.cxc-bell__badge').exists()).toBe(false);
    wrapper.unmount();
  });

  test('fetches again when something arrives live, and has the new items announced politely', async () => {
    const wrapper = await mountBell();
    list = { unread: 4, items: [item('n4', 'accepted'), item('n3', 'declined'), ...list.items] };
    FakeEventSource.instances[0]!.emit('ready');
    FakeEventSource.instances[0]!.emit('notification', { kind: 'accepted', conversationId: CONVERSATION });
    await flushPromises();
    expect(wrapper.get('button').attributes('aria-label')).toBe('Notifications, 4 unread');
    const announced = () => (wrapper.emitted('announce') ?? []).map(([text]) => text).filter(Boolean);
    expect(announced()).toEqual([
      '\u2068Bea\u2069 accepted your message request. \u2068Bea\u2069 declined your message request.',
    ]);

    // A reconnection fetches what may have been missed, without announcing old news again.
    const calls = api.GET.mock.calls.length;
    FakeEventSource.instances[0]!.emit('resync');
    await flushPromises();
    expect(api.GET.mock.calls.length).toBe(calls + 1);
    expect(announced()).toHaveLength(1);
    wrapper.unmount();
  });

  test('announces every kind with its own sentence', async () => {
    const { announcementOf } = await import('./notifications.store');
    const sentences = (['request', 'accepted', 'declined', 'message'] as const).map((kind) =>
      announcementOf({ ...item('x', kind), actor: { name: null, handle: null, deleted: true } }),
    );
    expect(sentences).toEqual([
      'New message request from \u2068Deleted member\u2069.',
      '\u2068Deleted member\u2069 accepted your message request.',
      '\u2068Deleted member\u2069 declined your message request.',
      'New message from \u2068Deleted member\u2069.',
    ]);
  });
});
