import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { Account } from '../../api/client';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSessionStore } from '../accounts/session.store';
import ModerationPage from './ModerationPage.vue';
import { auditActionLabel, NAMED_AUDIT_ACTIONS } from './moderator-format';
import type { Appeal, AuditEntry, ReportSummary } from './moderator-types';
import { chooseValue, nativeSelects } from '../../test-support/native-select';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const REPORT_ID = '0b6c1c5e-8a7e-4f4e-9c61-0a1b2c3d4e5f';
const CURSOR = '1764000000000.0b6c1c5e-8a7e-4f4e-9c61-0a1b2c3d4e5f';

function account(overrides: Partial<Account> = {}): Account {
  return {
    id: 'me',
    displayName: 'Mod',
    email: 'mod@example.org',
    emailVerified: true,
    wikimediaUsername: null,
    role: 'moderator',
    language: 'en',
    onboarded: true,
    hasPassword: true,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

function summary(overrides: Partial<ReportSummary> = {}): ReportSummary {
  return {
    id: REPORT_ID,
    type: 'profile',
    category: 'spam',
    status: 'open',
    label: 'ليلى',
    claimedByMe: false,
    action: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

function appeal(overrides: Partial<Appeal> = {}): Appeal {
  return {
    id: 'a1',
    action: 'suspend',
    type: 'profile',
    category: 'harassment',
    reason: 'Repeated insults in messages.',
    text: 'I apologised and it will not happen again.',
    member: { handle: 'sam', name: 'Sam', deleted: false },
    actedByMe: false,
    mayDecide: true,
    appealedAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'e1',
    actor: { handle: 'mod', name: 'Mod', deleted: false },
    action: 'report.warn',
    subjectType: 'message',
    subjectId: 'm1',
    target: { handle: 'sam', name: 'Sam', deleted: false },
    reason: 'Be kind.',
    detail: null,
    at: '2026-03-03T10:00:00.000Z',
    ...overrides,
  };
}

interface Answers {
  reports: (query: Record<string, string>) => { reports: ReportSummary[]; next: string | null };
  appeals: Appeal[];
  audit: (query: Record<string, string>) => { entries: AuditEntry[]; next: string | null };
}
let answers: Answers;

async function mountPage(path = '/moderation', viewer: Account = account()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().setViewer(viewer);
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/moderation', component: ModerationPage },
      { path: '/moderation/reports/:id', component: { template: '<div />' } },
      { path: '/people/:handle', component: { template: '<div />' } },
    ],
  });
  await router.push(path);
  const wrapper = mount(
    { template: '<router-view />' },
    { attachTo: document.body, global: { plugins: [pinia, router] } },
  );
  await flushPromises();
  return { wrapper, router };
}

const lastQuery = (path: string) =>
  (api.GET.mock.calls.filter(([called]) => called === path).at(-1)?.[1] as { params: { query: object } }).params.query;

describe('ModerationPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    answers = {
      reports: () => ({ reports: [summary()], next: null }),
      appeals: [appeal()],
      audit: () => ({ entries: [entry()], next: null }),
    };
    api.GET.mockReset();
    api.GET.mockImplementation(async (path: string, options?: { params?: { query?: Record<string, string> } }) => {
      const query = options?.params?.query ?? {};
      if (path === '/api/moderation/reports') return { data: answers.reports(query) };
      if (path === '/api/moderation/appeals') return { data: { appeals: answers.appeals } };
      if (path === '/api/moderation/audit') return { data: answers.audit(query) };
      return { error: { error: { code: 'not_found', message: 'Not found', requestId: 'r' } } };
    });
    api.POST.mockReset();
    api.POST.mockResolvedValue({ data: undefined });
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('is titled Moderation, with three tabs, the reports first', async () => {
    const { wrapper } = await mountPage();
    expect(wrapper.get('h1').text()).toBe('Moderation');
    expect(wrapper.findAll('[role=tab]').map((tab) => tab.text())).toEqual(['Reports', 'Appeals', 'Audit log']);
    expect(document.title).toBe('Moderation – Capacity Exchange');
  });

  test('lists the open reports first, each linking to its page, with its type, category, status and date', async () => {
    answers.reports = () => ({
      reports: [summary(), summary({ id: 'r2', label: 'Spam Org', type: 'organization', claimedByMe: true })],
      next: null,
    });
    const { wrapper } = await mountPage();
    expect(lastQuery('/api/moderation/reports')).toEqual({ status: 'open' });
    const labels = wrapper.findAll('label').map((label) => label.text());
    expect(labels).toEqual(expect.arrayContaining(['Status', 'Category', 'Type of content']));
    const selects = nativeSelects(wrapper);
    expect(selects.map((select) => select.props('selected'))).toEqual(['open', 'all', 'all']);
    const items = wrapper.findAll('.cxc-report-queue__list > li');
    expect(items).toHaveLength(2);
    expect(items[0]!.get('a').attributes('href')).toBe(`/moderation/reports/${REPORT_ID}`);
    expect(items[0]!.get('bdi').text()).toBe('ليلى');
    expect(items[0]!.text()).toContain('Profile · Spam');
    expect(items[0]!.text()).toContain('Open');
    expect(items[0]!.find('time').attributes('datetime')).toBe('2026-03-01T10:00:00.000Z');
    expect(items[0]!.text()).not.toContain('Claimed by you');
    expect(items[1]!.text()).toContain('Organization · Spam');
    expect(items[1]!.text()).toContain('Claimed by you');
  });

  test('sends the filters chosen as the query, and keeps them in the address', async () => {
    const { wrapper, router } = await mountPage();
    const selects = () => nativeSelects(wrapper);
    await chooseValue(selects()[1]!, 'harassment');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ category: 'harassment' });
    expect(lastQuery('/api/moderation/reports')).toEqual({ status: 'open', category: 'harassment' });
    await chooseValue(selects()[0]!, 'decided');
    await flushPromises();
    await chooseValue(selects()[2]!, 'message');
    await flushPromises();
    expect(lastQuery('/api/moderation/reports')).toEqual({
      status: 'decided',
      category: 'harassment',
      type: 'message',
    });
    await chooseValue(selects()[0]!, 'all');
    await flushPromises();
    expect(lastQuery('/api/moderation/reports')).toEqual({ category: 'harassment', type: 'message' });
    expect(selects().map((select) => select.props('selected'))).toEqual(['all', 'harassment', 'message']);
  });

  test('starts from the filters in the address', async () => {
    await mountPage('/moderation?status=claimed&type=organization');
    expect(lastQuery('/api/moderation/reports')).toEqual({ status: 'claimed', type: 'organization' });
  });

  test('“Show more” asks for the next page with `after` and adds it below', async () => {
    answers.reports = (query) =>
      query.after
        ? { reports: [summary({ id: 'r3', label: 'Third' })], next: null }
        : { reports: [summary(), summary({ id: 'r2', label: 'Second' })], next: CURSOR };
    const { wrapper } = await mountPage();
    const more = wrapper.findAll('button').find((button) => button.text() === 'Show more')!;
    await more.trigger('click');
    await flushPromises();
    expect(lastQuery('/api/moderation/reports')).toEqual({ status: 'open', after: CURSOR });
    expect(wrapper.findAll('.cxc-report-queue__list > li').map((item) => item.get('bdi').text())).toEqual([
      'ليلى',
      'Second',
      'Third',
    ]);
    expect(wrapper.findAll('button').some((button) => button.text() === 'Show more')).toBe(false);
  });

  test('says so when no report matches', async () => {
    answers.reports = () => ({ reports: [], next: null });
    const { wrapper } = await mountPage();
    expect(wrapper.text()).toContain('No reports match these filters.');
  });

  test('the Appeals tab shows each appeal: the action, its reason, the member, the appeal', async () => {
    const { wrapper, router } = await mountPage();
    wrapper.getComponent({ name: 'CdxTabs' }).vm.$emit('update:active', 'appeals');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ tab: 'appeals' });
    expect(api.GET).toHaveBeenCalledWith('/api/moderation/appeals');
    const card = wrapper.get('article');
    expect(card.get('h2').text()).toBe('Appeal against the action “Suspend”');
    expect(card.text()).toContain('Repeated insults in messages.');
    expect(card.text()).toContain('I apologised and it will not happen again.');
    expect(card.text()).toContain('Profile · Harassment');
    expect(card.get('a').attributes('href')).toBe('/people/sam');
    expect(card.get('a').text()).toBe('Sam');
    expect(card.findAll('input[type=radio]').map((radio) => radio.attributes('value'))).toEqual([
      'upheld',
      'overturned',
    ]);
  });

  test('decides an appeal with an outcome and a reason, then says so and reloads', async () => {
    const { wrapper } = await mountPage('/moderation?tab=appeals');
    answers.appeals = [];
    const card = wrapper.get('article');
    await card.findAll('input[type=radio]')[1]!.setValue(true);
    await card.get('textarea').setValue('The insults were quoted, not written by them.');
    await card.get('form').trigger('submit');
    await flushPromises();
    expect(api.POST).toHaveBeenCalledWith('/api/moderation/appeals/{id}/decision', {
      params: { path: { id: 'a1' } },
      body: { outcome: 'overturned', reason: 'The insults were quoted, not written by them.' },
    });
    expect(wrapper.text()).toContain('The appeal was decided: the action was undone.');
    expect(wrapper.text()).toContain('No appeals are waiting.');
  });

  test('asks for an outcome before sending, and shows the server’s field errors beside the field', async () => {
    const { wrapper } = await mountPage('/moderation?tab=appeals');
    await wrapper.get('form').trigger('submit');
    expect(api.POST).not.toHaveBeenCalled();
    expect(wrapper.get('[role=alert]').text()).toContain('Choose whether the action stands or is undone.');
    api.POST.mockResolvedValueOnce({
      error: {
        error: {
          code: 'validation_failed',
          message: 'Some of the values sent are not valid.',
          details: [{ field: 'body.reason', code: 'minLength', message: 'Write at least 1 character.' }],
          requestId: 'r',
        },
      },
    });
    await wrapper.findAll('input[type=radio]')[0]!.setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role=alert]').text()).toContain('Reason: Write at least 1 character.');
    expect(wrapper.get('[data-field="appeal-a1-reason"]').text()).toContain('Write at least 1 character.');
  });

  test('an appeal another moderator decides has a note instead of the form', async () => {
    answers.appeals = [
      appeal({ mayDecide: false, actedByMe: true }),
      appeal({ id: 'a2', mayDecide: false, member: null }),
    ];
    const { wrapper } = await mountPage('/moderation?tab=appeals');
    expect(wrapper.find('form').exists()).toBe(false);
    const cards = wrapper.findAll('article');
    expect(cards[0]!.text()).toContain('You took this action, so another moderator decides this appeal.');
    expect(cards[1]!.text()).toContain('This appeal is about you, so another moderator decides it.');
    expect(cards[1]!.text()).toContain('The organization’s managers');
  });

  test('the Audit log tab lists who did what, about whom and why; the platform when nobody did', async () => {
    answers.audit = (query) =>
      query.before
        ? { entries: [entry({ id: 'e3', action: 'report.claim', reason: null })], next: null }
        : {
            entries: [
              entry(),
              entry({
                id: 'e2',
                actor: null,
                action: 'item.hide-automatically',
                subjectType: 'profile',
                target: { handle: null, name: 'erased-1a2b', deleted: true },
                reason: null,
              }),
            ],
            next: CURSOR,
          };
    const { wrapper } = await mountPage('/moderation?tab=audit');
    expect(lastQuery('/api/moderation/audit')).toEqual({});
    const rows = () => wrapper.findAll('tbody tr');
    expect(rows()).toHaveLength(2);
    const first = rows()[0]!
      .findAll('th, td')
      .map((cell) => cell.text());
    expect(first.slice(1)).toEqual(['Mod', 'Warned the member', 'Message', 'Sam', 'Be kind.']);
    expect(rows()[0]!.get('time').attributes('datetime')).toBe('2026-03-03T10:00:00.000Z');
    const second = rows()[1]!
      .findAll('td')
      .map((cell) => cell.text());
    expect(second).toEqual([
      'The platform',
      'Hid the content automatically after several reports',
      'Profile',
      'Deleted member',
      '',
    ]);
    expect(wrapper.text()).not.toContain('Download as CSV');
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Show more')!
      .trigger('click');
    await flushPromises();
    expect(lastQuery('/api/moderation/audit')).toEqual({ before: CURSOR });
    expect(rows()).toHaveLength(3);
    expect(rows()[2]!.text()).toContain('Claimed a report');
  });

  test('reads the details worth reading: a role’s new value, a suspension’s end', async () => {
    answers.audit = () => ({
      entries: [
        entry({ id: 'e1', action: 'role.set', subjectType: 'account', detail: 'member -> moderator', reason: null }),
        entry({ id: 'e2', action: 'report.suspend', subjectType: 'profile', detail: 'until 2026-03-10T10:00:00.000Z' }),
        entry({ id: 'e3', action: 'capacity-suggestion.rejected', subjectType: 'capacity-suggestion', target: null }),
        entry({ id: 'e4', action: 'something.new', subjectType: 'thing', target: null }),
      ],
      next: null,
    });
    const { wrapper } = await mountPage('/moderation?tab=audit');
    const cells = wrapper.findAll('tbody tr').map((row) =>
      row
        .findAll('td')
        .map((cell) => cell.text())
        .slice(1, 3),
    );
    expect(cells).toEqual([
      ['Changed the role to Moderator', 'Account'],
      [expect.stringMatching(/^Suspended the account until Mar 10, 2026/), 'Profile'],
      ['Rejected a capacity suggestion', 'Capacity suggestion'],
      ['something.new', 'thing'],
    ]);
  });

  test('offers admins the whole log as CSV', async () => {
    const { wrapper } = await mountPage('/moderation?tab=audit', account({ role: 'admin' }));
    const link = wrapper.findAll('a').find((anchor) => anchor.text() === 'Download as CSV')!;
    expect(link.attributes('href')).toBe('/api/admin/audit.csv');
  });

  test('names every audit action it knows (i18n.test.ts checks that every language has the English keys)', () => {
    expect(NAMED_AUDIT_ACTIONS.length).toBeGreaterThan(5);
    for (const action of NAMED_AUDIT_ACTIONS) expect(auditActionLabel(action)).not.toMatch(/^cxc-|^[a-z]+\.[a-z-]+$/);
    expect(auditActionLabel('role.grant')).toBe('role.grant');
  });
});
