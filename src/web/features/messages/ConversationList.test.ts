import { mount, RouterLinkStub } from '@vue/test-utils';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import ConversationList from './ConversationList.vue';
import type { ConversationSummary } from './types';

const ID = '0b6c1c5e-8a7e-4f4e-9c61-0a1b2c3d4e5f';

function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: ID,
    status: 'open',
    startedByMe: false,
    other: { name: 'ليلى', handle: 'layla', deleted: false, suspended: false },
    organization: null,
    blocked: false,
    unread: 0,
    lastMessage: { mine: false, preview: 'مرحبا! هل يمكنك مساعدتي؟', language: 'ar' },
    lastMessageAt: new Date().toISOString(),
    ...overrides,
  };
}

const mountList = (entries: ConversationSummary[]) =>
  mount(ConversationList, { props: { entries }, global: { stubs: { RouterLink: RouterLinkStub } } });

describe('ConversationList', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('links each conversation by the other member’s name, its preview in its own language and direction', () => {
    const wrapper = mountList([summary()]);
    expect(wrapper.getComponent(RouterLinkStub).props('to')).toBe(`/messages/${ID}`);
    expect(wrapper.get('bdi').text()).toBe('ليلى');
    const preview = wrapper.get('[dir="auto"]');
    expect(preview.attributes('lang')).toBe('ar');
    expect(preview.text()).toBe('مرحبا! هل يمكنك مساعدتي؟');
    expect(wrapper.find('time').attributes('datetime')).toBeDefined();
    expect(wrapper.text()).not.toContain('Mark as read');
  });

  test('counts what is unread, and offers to mark it read, named after the member', async () => {
    const entry = summary({ unread: 3 });
    const wrapper = mountList([entry]);
    expect(wrapper.text()).toContain('3 unread messages');
    const button = wrapper.get('button');
    expect(button.text()).toBe('Mark as read');
    expect(button.attributes('aria-label')).toBe('Mark the conversation with ليلى as read');
    await button.trigger('click');
    expect(wrapper.emitted('markRead')).toEqual([[entry]]);
  });

  test('says what state a conversation is in: my request waiting, declined, blocked, removed text, deleted member', () => {
    const wrapper = mountList([
      summary({ status: 'request', startedByMe: true, lastMessage: { mine: true, preview: 'Hi', language: 'en' } }),
      summary({
        id: 'c2',
        status: 'declined',
        startedByMe: true,
        blocked: true,
        other: { name: null, handle: null, deleted: true, suspended: false },
        lastMessage: { mine: false, preview: null, language: null },
      }),
    ]);
    const [mine, gone] = wrapper.findAll('li');
    expect(mine!.text()).toContain('You:');
    expect(mine!.text()).toContain('Waiting for an answer');
    expect(gone!.text()).toContain('Deleted member');
    expect(gone!.text()).toContain('Declined');
    expect(gone!.text()).toContain('Blocked');
    expect(gone!.text()).toContain('This message was removed.');
  });

  test('names the organization to the member who wrote to it, and the member and organization to its managers', async () => {
    const organization = { slug: 'wmtl', name: 'Wikimedia Testland', asManager: false };
    const asMember = mountList([
      summary({
        organization,
        startedByMe: true,
        other: { name: null, handle: null, deleted: false, suspended: false },
      }),
    ]);
    expect(asMember.find('.cxc-conversations__name').text()).toContain('Wikimedia Testland');
    const asManager = mountList([summary({ organization: { ...organization, asManager: true } })]);
    expect(asManager.find('.cxc-conversations__name').text()).toMatch(/ليلى.*Wikimedia Testland/);
  });
});
