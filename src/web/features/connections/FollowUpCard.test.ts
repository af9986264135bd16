import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import FollowUpCard from './FollowUpCard.vue';
import FollowUps from './FollowUps.vue';
import type { FollowUp } from './types';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const CONVERSATION = '0b6c1c5e-8a7e-4f4e-9c61-0a1b2c3d4e5f';

function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 'f1',
    conversationId: CONVERSATION,
    other: { handle: 'layla', name: 'ليلى', deleted: false },
    connectedAt: '2026-11-02T10:00:00.000Z',
    mine: [
      { id: 11, label: 'Budgeting' },
      { id: 12, label: 'Grant writing' },
    ],
    theirs: [{ id: 21, label: 'Wikidata Query Service' }],
    ...overrides,
  };
}

const mountCard = (entry: FollowUp = followUp()) =>
  mount(FollowUpCard, {
    attachTo: document.body,
    props: { followUp: entry },
    global: { stubs: { RouterLink: RouterLinkStub } },
  });

/** The text of the label a control is named by. */
const labelOf = (wrapper: ReturnType<typeof mountCard>, id: string | undefined) =>
  wrapper.get(`label[for="${id}"]`).text();

describe('FollowUpCard', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.POST.mockReset();
    api.POST.mockResolvedValue({ data: undefined });
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('asks about the exchange with the other member: five labelled choices, what I shared and learned, a private note', () => {
    const wrapper = mountCard();
    const section = wrapper.get('section');
    const heading = wrapper.get('h2');
    expect(section.attributes('aria-labelledby')).toBe(heading.attributes('id'));
    expect(heading.text()).toBe('Did your exchange with \u2068ليلى\u2069 help?');
    expect(wrapper.getComponent(RouterLinkStub).props('to')).toBe(`/messages/${CONVERSATION}`);

    const radios = wrapper.findAll('input[type=radio]');
    expect(radios.map((radio) => labelOf(wrapper, radio.attributes('id')))).toEqual([
      'Not at all',
      'A little',
      'Somewhat',
      'A lot',
      'Very much',
    ]);
    expect(new Set(radios.map((radio) => radio.attributes('name'))).size).toBe(1);
    const groups = wrapper.findAll('fieldset');
    expect(groups.map((group) => group.get('legend').text())).toEqual([
      'How much did it help?',
      expect.stringContaining('What did you share?'),
      expect.stringContaining('What did you learn?'),
    ]);
    const checkboxes = wrapper.findAll('input[type=checkbox]');
    expect(checkboxes.map((box) => labelOf(wrapper, box.attributes('id')))).toEqual([
      'Budgeting',
      'Grant writing',
      'Wikidata Query Service',
    ]);
    const textarea = wrapper.get('textarea');
    expect(labelOf(wrapper, textarea.attributes('id'))).toContain('A note for yourself');
    expect(wrapper.text()).toContain('Only you can see this note.');
    expect(wrapper.text()).toContain('Your answers count only in anonymous totals.');
    const dismiss = wrapper.findAll('button').find((button) => button.text() === 'Not now, don’t ask again')!;
    // The accessible name begins with the visible words, and says which exchange.
    expect(dismiss.attributes('aria-label')).toBe('Not now, don’t ask again about the exchange with ليلى');
  });

  test('leaves out the lists a profile has nothing for', () => {
    const wrapper = mountCard(followUp({ mine: [], theirs: [], other: { handle: null, name: null, deleted: true } }));
    expect(wrapper.findAll('fieldset')).toHaveLength(1);
    expect(wrapper.get('h2').text()).toBe('Did your exchange with \u2068Deleted member\u2069 help?');
  });

  test('asks for a choice before sending, beside the choices and in the summary, without calling the server', async () => {
    const wrapper = mountCard();
    await wrapper.get('form').trigger('submit');
    expect(api.POST).not.toHaveBeenCalled();
    const summary = wrapper.get('[role=alert]');
    expect(summary.text()).toContain('Your answer is not complete.');
    expect(summary.text()).toContain('How much did it help?: Choose how much it helped.');
    expect(wrapper.get('fieldset').text()).toContain('Choose how much it helped.');
    expect(wrapper.emitted('done')).toBeUndefined();
  });

  test('sends how much it helped, what was shared and learned, and the note; then it is done', async () => {
    const wrapper = mountCard();
    await wrapper.findAll('input[type=radio]')[3]!.setValue(true);
    const [budgeting, , query] = wrapper.findAll('input[type=checkbox]');
    await budgeting!.setValue(true);
    await query!.setValue(true);
    await wrapper.get('textarea').setValue('We met twice; follow up in March.');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/follow-ups/{id}', {
      params: { path: { id: 'f1' } },
      body: { satisfaction: 4, shared: [11], learned: [21], note: 'We met twice; follow up in March.' },
    });
    expect(wrapper.emitted('done')).toEqual([['answered']]);
  });

  test('shows the server’s refusal and keeps the answer', async () => {
    api.POST.mockResolvedValueOnce({
      error: { error: { code: 'not_found', message: 'This follow-up was already answered.', requestId: 'r' } },
    });
    const wrapper = mountCard();
    await wrapper.findAll('input[type=radio]')[0]!.setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role=alert]').text()).toBe('This follow-up was already answered.');
    expect((wrapper.findAll('input[type=radio]')[0]!.element as HTMLInputElement).checked).toBe(true);
    expect(wrapper.emitted('done')).toBeUndefined();
  });

  test('“Not now, don’t ask again” dismisses it for good', async () => {
    const wrapper = mountCard();
    const dismiss = wrapper.findAll('button').find((button) => button.text() === 'Not now, don’t ask again')!;
    await dismiss.trigger('click');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/follow-ups/{id}/dismiss', { params: { path: { id: 'f1' } } });
    expect(wrapper.emitted('done')).toEqual([['dismissed']]);
  });
});

describe('FollowUps', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('shows one card per exchange; an answered or dismissed one goes, and that is said politely', async () => {
    api.GET.mockResolvedValue({
      data: [followUp(), followUp({ id: 'f2', other: { handle: 'bea', name: 'Bea', deleted: false } })],
    });
    api.POST.mockResolvedValue({ data: undefined });
    const wrapper = mount(FollowUps, { attachTo: document.body, global: { stubs: { RouterLink: RouterLinkStub } } });
    await flushPromises();
    expect(api.GET).toHaveBeenCalledWith('/api/follow-ups');
    expect(wrapper.findAll('section')).toHaveLength(2);
    const live = wrapper.get('[aria-live="polite"]');
    expect(live.text()).toBe('');

    const second = wrapper.findAll('section')[1]!;
    await second
      .findAll('button')
      .find((button) => button.text() === 'Not now, don’t ask again')!
      .trigger('click');
    await flushPromises();
    expect(wrapper.findAll('section')).toHaveLength(1);
    expect(wrapper.get('h2').text()).toContain('ليلى');
    expect(live.text()).toBe('We will not ask about this exchange again.');

    await wrapper.findAll('input[type=radio]')[4]!.setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.findAll('section')).toHaveLength(0);
    expect(live.text()).toBe('Thank you for your answer.');
    wrapper.unmount();
  });

  test('shows nothing when no follow-up waits', async () => {
    api.GET.mockResolvedValue({ data: [] });
    const wrapper = mount(FollowUps, { global: { stubs: { RouterLink: RouterLinkStub } } });
    await flushPromises();
    expect(wrapper.findAll('section')).toHaveLength(0);
    expect(wrapper.text()).toBe('');
  });
});
