import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import ReportPage from './ReportPage.vue';
import type { ReportDetail } from './moderator-types';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ID = '0b6c1c5e-8a7e-4f4e-9c61-0a1b2c3d4e5f';
const EARLIER = '1d2c3b4a-0000-4000-8000-000000000001';

function report(overrides: Partial<ReportDetail> = {}): ReportDetail {
  return {
    id: ID,
    type: 'profile',
    category: 'harassment',
    explanation: 'They wrote insults on their profile.',
    status: 'open',
    createdAt: '2026-03-01T10:00:00.000Z',
    reporter: { handle: 'ana', name: 'Ana', deleted: false },
    owner: { handle: 'sam', name: 'Sam', deleted: false },
    claimedBy: null,
    claimedByMe: false,
    aboutMe: false,
    decision: null,
    snapshot: {
      label: 'Sam',
      path: '/people/sam',
      content: {
        displayName: 'Sam',
        bio: '<b>Insults</b> here',
        languages: ['en', 'ar'],
        pronouns: null,
        availability: { timeZone: 'UTC', note: null },
      },
      hidden: false,
    },
    current: {
      label: 'Sam',
      path: '/people/sam',
      content: { displayName: 'Sam', bio: 'Changed since', availability: { timeZone: 'UTC', note: null } },
      hidden: true,
    },
    history: {
      reports: [
        {
          id: EARLIER,
          type: 'message',
          category: 'spam',
          status: 'decided',
          action: 'warn',
          createdAt: '2026-01-01T10:00:00.000Z',
        },
      ],
      actions: [
        {
          id: 'act1',
          action: 'warn',
          type: 'message',
          category: 'spam',
          reason: 'Please stop sending adverts.',
          createdAt: '2026-01-02T10:00:00.000Z',
          endsAt: null,
          lifted: false,
          appeal: null,
          appealUntil: null,
        },
      ],
    },
    reportsOnItem: 1,
    ...overrides,
  };
}

let current: ReportDetail;

async function mountPage() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/moderation/reports/:id', component: ReportPage },
      { path: '/moderation', component: { template: '<div />' } },
      { path: '/people/:handle', component: { template: '<div />' } },
    ],
  });
  await router.push(`/moderation/reports/${ID}`);
  const wrapper = mount(
    { template: '<router-view />' },
    { attachTo: document.body, global: { plugins: [pinia, router] } },
  );
  await flushPromises();
  return wrapper;
}

const buttonNamed = (wrapper: Awaited<ReturnType<typeof mountPage>>, name: string) =>
  wrapper.findAll('button').find((button) => button.text() === name);
const reloads = () => api.GET.mock.calls.length;

describe('ReportPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    current = report();
    api.GET.mockReset();
    api.GET.mockImplementation(async () => ({ data: structuredClone(current) }));
    api.POST.mockReset();
    api.POST.mockResolvedValue({ data: undefined });
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('shows the report: category and type, the reporter linked, the explanation, date and status', async () => {
    const wrapper = await mountPage();
    expect(api.GET).toHaveBeenCalledWith('/api/moderation/reports/{id}', { params: { path: { id: ID } } });
    expect(wrapper.get('h1').text()).toBe('Report: Harassment (Profile)');
    const facts = wrapper.get('.cxc-report__facts');
    expect(facts.findAll('dt').map((term) => term.text())).toEqual([
      'Reported by',
      'Member concerned',
      'Reported on',
      'Status',
      'Explanation',
    ]);
    expect(facts.get('a').attributes('href')).toBe('/people/ana');
    expect(facts.get('a').text()).toBe('Ana');
    expect(facts.text()).toContain('They wrote insults on their profile.');
    expect(facts.text()).toContain('Open');
    expect(facts.get('time').attributes('datetime')).toBe('2026-03-01T10:00:00.000Z');
  });

  test('sets the item when reported beside the item now, as text only', async () => {
    const wrapper = await mountPage();
    const [then, now] = wrapper.findAll('.cxc-report__item');
    expect(then!.get('h2').text()).toBe('When reported');
    // Each field by the label its editor gives it, in the interface language.
    expect(then!.findAll('dt').map((term) => term.text())).toEqual([
      'Display name',
      'About you',
      'Languages',
      'Pronouns',
      'Time zone',
      'Availability',
    ]);
    expect(then!.findAll('dd').map((value) => value.text())).toEqual([
      'Sam',
      '<b>Insults</b> here',
      'en, ar',
      '(empty)',
      'UTC',
      '(empty)',
    ]);
    expect(then!.find('b').exists()).toBe(false);
    expect(then!.text()).not.toContain('Changed');
    expect(now!.get('h2').text()).toBe('Now');
    expect(now!.text()).toContain('Hidden');
    expect(now!.text()).toContain('Changed since');
    expect(now!.findAll('dt').map((term) => term.text())).toEqual([
      'Display name',
      'About you Changed',
      'Time zone',
      'Availability',
    ]);
    expect(now!.get('a').attributes('href')).toBe('/people/sam');
  });

  test('says when the item has been deleted', async () => {
    current = report({ current: null });
    const wrapper = await mountPage();
    expect(wrapper.findAll('.cxc-report__item')[1]!.text()).toContain('It has been deleted.');
  });

  test('shows the earlier reports and actions', async () => {
    const wrapper = await mountPage();
    const history = wrapper.get('.cxc-report__history');
    expect(history.get('a').attributes('href')).toBe(`/moderation/reports/${EARLIER}`);
    expect(history.text()).toContain('Report: Spam (Message)');
    expect(history.text()).toContain('Action: Warn');
    expect(history.text()).toContain('Please stop sending adverts.');
  });

  test('claims an open report, then reloads it', async () => {
    const wrapper = await mountPage();
    const before = reloads();
    current = report({ status: 'claimed', claimedByMe: true, claimedBy: { handle: 'me', name: 'Me', deleted: false } });
    await buttonNamed(wrapper, 'Claim')!.trigger('click');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/moderation/reports/{id}/claim', { params: { path: { id: ID } } });
    expect(reloads()).toBe(before + 1);
    expect(wrapper.text()).toContain('You have claimed this report.');
    expect(buttonNamed(wrapper, 'Claim')).toBeUndefined();
    expect(wrapper.get('.cxc-report__facts').text()).toContain('Claimed by you');
  });

  test('shows why a claim was refused', async () => {
    api.POST.mockResolvedValueOnce({
      error: {
        error: { code: 'report_claimed', message: 'Another moderator is working on this report.', requestId: 'r' },
      },
    });
    const wrapper = await mountPage();
    await buttonNamed(wrapper, 'Claim')!.trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Another moderator is working on this report.');
  });

  test('the decision form offers the five actions, and the days only for a suspension', async () => {
    const wrapper = await mountPage();
    const form = wrapper.get('form');
    expect(form.findAll('input[type=radio]').map((radio) => radio.attributes('value'))).toEqual([
      'dismiss',
      'hide',
      'warn',
      'suspend',
      'ban',
    ]);
    const labelOf = (id: string | undefined) => wrapper.get(`label[for="${id}"]`).text();
    expect(form.findAll('input[type=radio]').map((radio) => labelOf(radio.attributes('id')))).toEqual([
      'Dismiss',
      'Hide the content',
      'Warn',
      'Suspend',
      'Ban',
    ]);
    expect(form.find('input[type=number]').exists()).toBe(false);
    await form.get('input[value=suspend]').setValue(true);
    const days = form.get('input[type=number]');
    expect(days.attributes('min')).toBe('1');
    expect(days.attributes('max')).toBe('365');
    expect(labelOf(days.attributes('id'))).toBe('Days of suspension');
    await form.get('input[value=warn]').setValue(true);
    expect(form.find('input[type=number]').exists()).toBe(false);
  });

  test('sends the action, the reason and, for a suspension, the days; then shows the decision', async () => {
    const wrapper = await mountPage();
    const form = wrapper.get('form');
    await form.get('input[value=suspend]').setValue(true);
    await form.get('input[type=number]').setValue('7');
    await form.get('textarea').setValue('Insults after a warning.');
    current = report({
      status: 'decided',
      decision: { action: 'suspend', reason: 'Insults after a warning.', decidedAt: '2026-03-04T10:00:00.000Z' },
    });
    await form.trigger('submit');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/moderation/reports/{id}/decision', {
      params: { path: { id: ID } },
      body: { action: 'suspend', reason: 'Insults after a warning.', days: 7 },
    });
    expect(wrapper.text()).toContain('The report was decided.');
    const decision = wrapper.get('.cxc-report__decision');
    expect(decision.get('h2').text()).toBe('Decision');
    expect(decision.text()).toContain('Suspend');
    expect(decision.text()).toContain('Insults after a warning.');
    expect(wrapper.find('form').exists()).toBe(false);
  });

  test('sends no days for other actions', async () => {
    const wrapper = await mountPage();
    const form = wrapper.get('form');
    await form.get('input[value=suspend]').setValue(true);
    await form.get('input[type=number]').setValue('7');
    await form.get('input[value=hide]').setValue(true);
    await form.get('textarea').setValue('Insults.');
    await form.trigger('submit');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/moderation/reports/{id}/decision', {
      params: { path: { id: ID } },
      body: { action: 'hide', reason: 'Insults.' },
    });
  });

  test('asks for an action before sending', async () => {
    const wrapper = await mountPage();
    await wrapper.get('form').trigger('submit');
    expect(api.POST).not.toHaveBeenCalled();
    expect(wrapper.get('[role=alert]').text()).toContain('Action: Choose an action.');
    expect(wrapper.get('[data-field="action"]').text()).toContain('Choose an action.');
  });

  test('shows the server’s field problems beside the fields and in the summary, keeping what was typed', async () => {
    api.POST.mockResolvedValueOnce({
      error: {
        error: {
          code: 'validation_failed',
          message: 'Some of the values sent are not valid.',
          details: [
            { field: 'days', code: 'required', message: 'This is required.' },
            { field: 'body.reason', code: 'minLength', message: 'Write at least 1 character.' },
          ],
          requestId: 'r',
        },
      },
    });
    const wrapper = await mountPage();
    const form = wrapper.get('form');
    await form.get('input[value=suspend]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    const summary = wrapper.get('[role=alert]');
    expect(summary.text()).toContain('Some of the values sent are not valid.');
    expect(summary.text()).toContain('Days of suspension: This is required.');
    expect(summary.text()).toContain('Reason: Write at least 1 character.');
    expect(wrapper.get('[data-field="days"]').text()).toContain('This is required.');
    expect(wrapper.get('[data-field="reason"]').text()).toContain('Write at least 1 character.');
    expect((wrapper.get('input[value=suspend]').element as HTMLInputElement).checked).toBe(true);
  });

  test('shows a refusal (decided already, or about oneself) at the top of the form', async () => {
    api.POST.mockResolvedValueOnce({
      error: { error: { code: 'report_decided', message: 'This has already been decided.', requestId: 'r' } },
    });
    const wrapper = await mountPage();
    await wrapper.get('input[value=dismiss]').setValue(true);
    await wrapper.get('textarea').setValue('Nothing wrong.');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role=alert]').text()).toContain('This has already been decided.');
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('Nothing wrong.');
  });

  test('a report about the moderator says they may not act on it, with no claim and no form', async () => {
    current = report({ aboutMe: true });
    const wrapper = await mountPage();
    expect(wrapper.text()).toContain('This report is about you or something you manage. You may not act on it');
    expect(buttonNamed(wrapper, 'Claim')).toBeUndefined();
    expect(wrapper.find('form').exists()).toBe(false);
  });

  test('a report claimed by another moderator names them and offers no form', async () => {
    current = report({ status: 'claimed', claimedBy: { handle: 'kim', name: 'Kim', deleted: false } });
    const wrapper = await mountPage();
    expect(wrapper.get('.cxc-report__facts').text()).toContain('Kim');
    expect(wrapper.text()).toContain('Another moderator has claimed this report: only they can decide it.');
    expect(buttonNamed(wrapper, 'Claim')).toBeUndefined();
    expect(wrapper.find('form').exists()).toBe(false);
  });

  test('says so when the report does not exist', async () => {
    api.GET.mockResolvedValue({ error: { error: { code: 'not_found', message: 'Not found', requestId: 'r' } } });
    const wrapper = await mountPage();
    expect(wrapper.text()).toContain('This report does not exist.');
  });
});
