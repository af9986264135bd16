import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import ReportDialog from './ReportDialog.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

function mountDialog(props: { type: 'profile' | 'organization' | 'message'; reference: string; name: string }) {
  return mount(ReportDialog, {
    attachTo: document.body,
    props: { ...props, open: true },
    // The dialog renders where it is, so the test reads it like the rest of the page.
    global: { stubs: { teleport: true } },
  });
}

type Wrapper = ReturnType<typeof mountDialog>;
const primary = (wrapper: Wrapper) => wrapper.get('.cdx-dialog__footer__primary-action');

describe('ReportDialog', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.POST.mockReset();
    api.POST.mockResolvedValue({ data: { id: 'r1' } });
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('says what to do in an emergency, with the address as a link, and that only moderators see who reported', () => {
    const wrapper = mountDialog({ type: 'profile', reference: 'ada', name: 'Ada' });
    expect(wrapper.text()).toContain('Report this profile');
    expect(wrapper.text()).toContain('You are reporting the profile of');
    const warning = wrapper.get('.cxc-notice--warning');
    expect(warning.text()).toContain(
      'If someone is in immediate danger or threatened with physical harm, contact your local emergency services, then the Wikimedia Foundation at emergency@wikimedia.org.',
    );
    expect(warning.get('a').attributes('href')).toBe('mailto:emergency@wikimedia.org');
    expect(wrapper.text()).toContain('Only the moderators see who reported it.');
    expect(wrapper.get('fieldset legend').text()).toContain('Why are you reporting it?');
    expect(wrapper.findAll('input[type=radio]')).toHaveLength(7);
    const textarea = wrapper.get('textarea');
    expect(textarea.attributes('maxlength')).toBe('2000');
    expect(wrapper.get(`label[for="${textarea.attributes('id')}"]`).text()).toBe('What happened?');
  });

  test('sends the chosen category and the explanation, then closes and says it was reported', async () => {
    const wrapper = mountDialog({ type: 'message', reference: 'm-1', name: 'Ada' });
    await wrapper.get('input[type=radio][value="harassment"]').setValue(true);
    await wrapper.get('textarea').setValue('She keeps writing after I said no.');
    await primary(wrapper).trigger('click');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/reports', {
      body: {
        type: 'message',
        reference: 'm-1',
        category: 'harassment',
        explanation: 'She keeps writing after I said no.',
      },
    });
    expect(wrapper.emitted('reported')).toEqual([[]]);
    expect(wrapper.emitted('update:open')).toEqual([[false]]);
  });

  test('asks for a category and an explanation before sending anything', async () => {
    const wrapper = mountDialog({ type: 'organization', reference: 'wmx', name: 'Wikimedia X' });
    await primary(wrapper).trigger('click');
    expect(api.POST).not.toHaveBeenCalled();
    const summary = wrapper.get('[role=alert]');
    expect(summary.text()).toContain('Your report is not complete yet.');
    expect(summary.text()).toContain('Why are you reporting it?: Choose the reason that fits best.');
    expect(wrapper.get('[data-field="explanation"]').text()).toContain('Say what happened.');
  });

  test('shows the server’s refusals: already reported, and a field’s problem beside it, keeping the text', async () => {
    api.POST.mockResolvedValueOnce({
      error: { error: { code: 'already_reported', message: 'You have already reported this.', requestId: 'r' } },
    });
    api.POST.mockResolvedValueOnce({
      error: {
        error: {
          code: 'validation_failed',
          message: 'Some of the values sent are not valid.',
          details: [{ field: 'body.explanation', code: 'maxLength', message: 'Must be at most 2000 characters long.' }],
          requestId: 'r',
        },
      },
    });
    const wrapper = mountDialog({ type: 'profile', reference: 'ada', name: 'Ada' });
    await wrapper.get('input[type=radio][value="spam"]').setValue(true);
    await wrapper.get('textarea').setValue('Adverts everywhere.');
    await primary(wrapper).trigger('click');
    await flushPromises();
    expect(wrapper.get('[role=alert]').text()).toBe('You have already reported this.');
    expect(wrapper.emitted('reported')).toBeUndefined();
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('Adverts everywhere.');

    await primary(wrapper).trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-field="explanation"]').text()).toContain('Must be at most 2000 characters long.');
    expect(wrapper.get('[role=alert]').text()).toContain('What happened?: Must be at most 2000 characters long.');
    expect(wrapper.emitted('update:open')).toBeUndefined();
  });
});
