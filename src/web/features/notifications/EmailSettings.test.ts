import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Account } from '../../api/client';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSessionStore } from '../accounts/session.store';
import EmailSettings from './EmailSettings.vue';
import type { EmailSettings as Settings } from './types';
import { chooseValue, nativeSelects } from '../../test-support/native-select';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), PUT: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const DEFAULTS: Settings = {
  email: { request: 'instant', accepted: 'daily', declined: 'daily', message: 'daily', 'report-decided': 'daily' },
  includeMessageText: false,
};

function account(overrides: Partial<Account> = {}): Account {
  return {
    id: 'me',
    displayName: 'Me',
    email: 'me@example.org',
    emailVerified: true,
    wikimediaUsername: null,
    role: 'member',
    language: 'en',
    onboarded: true,
    hasPassword: true,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

async function mountSettings(viewer: Account = account(), path = '/settings') {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().setViewer(viewer);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/settings', component: { template: '<div />' } }],
  });
  await router.push(path);
  const wrapper = mount(EmailSettings, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return wrapper;
}

const selects = (wrapper: Awaited<ReturnType<typeof mountSettings>>) => nativeSelects(wrapper);

describe('EmailSettings', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockResolvedValue({ data: structuredClone(DEFAULTS) });
    api.PUT.mockReset();
    api.PUT.mockImplementation(async (_path: string, { body }: { body: Settings }) => ({
      data: JSON.parse(JSON.stringify(body)) as Settings,
    }));
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('is the #notifications section: one labelled choice per kind, from the server, and the text off', async () => {
    const wrapper = await mountSettings();
    expect(api.GET).toHaveBeenCalledWith('/api/account/notification-settings');
    expect(wrapper.get('section').attributes('id')).toBe('notifications');
    expect(wrapper.get('h2').text()).toBe('E-mail notifications');
    expect(wrapper.findAll('label').map((label) => label.text())).toEqual(
      expect.arrayContaining(['New message request', 'Request accepted', 'Request declined', 'New message']),
    );
    expect(selects(wrapper).map((select) => select.props('selected'))).toEqual([
      'instant',
      'daily',
      'daily',
      'daily',
      'daily',
    ]);
    expect(wrapper.findAll('select').map((handle) => handle.attributes('aria-label'))).toEqual([
      'New message request',
      'Request accepted',
      'Request declined',
      'New message',
      'Your report was decided',
    ]);
    const options = (selects(wrapper)[0]!.props('menuItems') as { value: string; label: string }[]).map(
      (item) => item.label,
    );
    expect(options).toEqual(['At once', 'In a daily digest', 'Never']);
    const checkbox = wrapper.get('input[type=checkbox]');
    expect((checkbox.element as HTMLInputElement).checked).toBe(false);
    expect(wrapper.get(`label[for="${checkbox.attributes('id')}"]`).text()).toBe('Put the message’s text in mails');
    expect(wrapper.text()).toContain('Mails are less private than the Capacity Exchange');
    expect(wrapper.text()).not.toContain('no confirmed e-mail address');
  });

  test('saves the choices and the text setting, then says “Saved.”', async () => {
    const wrapper = await mountSettings();
    await chooseValue(selects(wrapper)[3]!, 'instant');
    await chooseValue(selects(wrapper)[2]!, 'never');
    await wrapper.get('input[type=checkbox]').setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.PUT).toHaveBeenCalledWith('/api/account/notification-settings', {
      body: {
        email: {
          request: 'instant',
          accepted: 'daily',
          declined: 'never',
          message: 'instant',
          'report-decided': 'daily',
        },
        includeMessageText: true,
      },
    });
    expect(wrapper.text()).toContain('Saved.');
    expect(wrapper.get('button[type=submit]').text()).toBe('Save E-mail notifications');
  });

  test('shows the server’s refusal at the top of the form and keeps the choices', async () => {
    api.PUT.mockResolvedValueOnce({
      error: {
        error: {
          code: 'validation_failed',
          message: 'Some fields need attention.',
          details: [{ field: 'body.email.message', code: 'enum', message: 'Choose one of the options.' }],
          requestId: 'r',
        },
      },
    });
    const wrapper = await mountSettings();
    await chooseValue(selects(wrapper)[3]!, 'never');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const summary = wrapper.get('[role=alert]');
    expect(summary.text()).toContain('Some fields need attention.');
    expect(summary.text()).toContain('New message: Choose one of the options.');
    expect(wrapper.get('[data-field="email.message"]').text()).toContain('Choose one of the options.');
    expect(selects(wrapper)[3]!.props('selected')).toBe('never');
    expect(wrapper.text()).not.toContain('Saved.');
  });

  test('says that no mail goes out without a confirmed address', async () => {
    const wrapper = await mountSettings(account({ email: 'me@example.org', emailVerified: false }));
    expect(wrapper.text()).toContain('No mails are sent while your account has no confirmed e-mail address.');
  });

  test('opened from a mail’s link (#notifications), it brings itself into view', async () => {
    const original = HTMLElement.prototype.scrollIntoView;
    const scrolled = vi.fn();
    HTMLElement.prototype.scrollIntoView = scrolled;
    try {
      const wrapper = await mountSettings(account(), '/settings#notifications');
      expect(scrolled).toHaveBeenCalledWith({ block: 'start' });
      expect(document.activeElement).toBe(wrapper.get('#notifications').element);
    } finally {
      HTMLElement.prototype.scrollIntoView = original;
    }
  });
});
