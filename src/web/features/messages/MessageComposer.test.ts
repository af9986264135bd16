import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSessionStore } from '../accounts/session.store';
import MessageComposer from './MessageComposer.vue';
import { nativeSelects } from '../../test-support/native-select';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

function mountComposer(
  send: (input: { body: string; language?: string }) => Promise<{ data?: unknown; error?: unknown }>,
) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().setViewer({
    id: 'me',
    displayName: 'Me',
    email: null,
    emailVerified: false,
    wikimediaUsername: null,
    role: 'member',
    language: 'en',
    onboarded: true,
    hasPassword: false,
    createdAt: new Date().toISOString(),
  });
  return mount(MessageComposer, {
    attachTo: document.body,
    props: { send, label: 'Your message' },
    global: { plugins: [pinia] },
  });
}

describe('MessageComposer', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockResolvedValue({ data: { handle: 'me', languages: [{ code: 'yo', level: '3' }] } });
  });

  test('counts the characters left, writes in the interface language by default, and offers the profile’s languages', async () => {
    const wrapper = mountComposer(async () => ({ data: {} }));
    await flushPromises();
    const textarea = wrapper.get('textarea');
    expect(textarea.attributes('maxlength')).toBe('5000');
    expect(textarea.attributes('lang')).toBe('en');
    expect(textarea.attributes('dir')).toBe('auto');
    expect(wrapper.text()).toContain('5000 characters left');
    await textarea.setValue('Hello');
    expect(wrapper.text()).toContain('4995 characters left');
    expect(wrapper.get(`label[for="${textarea.attributes('id')}"]`).text()).toBe('Your message');
    expect(wrapper.text()).toContain('English');
    const options = (nativeSelects(wrapper)[0]!.props('menuItems') as { value: string }[]).map((entry) => entry.value);
    expect(options).toEqual(['en', 'ar', 'es', 'fr', 'pt-br', 'yo']);
    wrapper.unmount();
  });

  test('refuses an empty message, beside the field and in the summary, without calling the server', async () => {
    const send = vi.fn(async () => ({ data: {} }));
    const wrapper = mountComposer(send);
    await wrapper.get('textarea').setValue('   ');
    await wrapper.get('form').trigger('submit');
    expect(send).not.toHaveBeenCalled();
    expect(wrapper.get('[role=alert]').text()).toContain('Your message is empty.');
    expect(wrapper.get('[role=alert]').text()).toContain('Your message: Write something first.');
    wrapper.unmount();
  });

  test('shows the server’s translated refusal and keeps the text; sends, then empties the field', async () => {
    const refusal = {
      error: { code: 'request_limit', message: 'You can send 3 new message requests a day.', requestId: 'r' },
    };
    const send = vi
      .fn()
      .mockResolvedValueOnce({ error: refusal })
      .mockResolvedValueOnce({ data: { id: 'm1' } });
    const wrapper = mountComposer(send);
    await wrapper.get('textarea').setValue('Hello there');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(send).toHaveBeenCalledWith({ body: 'Hello there', language: 'en' });
    expect(wrapper.get('[role=alert]').text()).toBe('You can send 3 new message requests a day.');
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('Hello there');
    expect(wrapper.emitted('sent')).toBeUndefined();

    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role=alert]').exists()).toBe(false);
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('');
    expect(wrapper.emitted('sent')).toEqual([[{ id: 'm1' }]]);
    wrapper.unmount();
  });
});
