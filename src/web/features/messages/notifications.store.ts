import { defineStore } from 'pinia';
import { nextTick, ref } from 'vue';
import type { NotificationKind } from '../../../shared/vocabulary';
import { api } from '../../api/client';
import { t } from '../../i18n/i18n';
import { isolate, memberName } from './format';
import type { NotificationItem } from './types';

/** The sentence a screen reader hears when a notification arrives, per kind. */
const ANNOUNCEMENT_KEYS: Record<NotificationKind, string> = {
  request: 'cxc-bell-announce-request',
  accepted: 'cxc-bell-announce-accepted',
  declined: 'cxc-bell-announce-declined',
  message: 'cxc-bell-announce-message',
  'report-decided': 'cxc-bell-announce-report-decided',
  moderation: 'cxc-bell-announce-moderation',
  'appeal-decided': 'cxc-bell-announce-appeal-decided',
};

export function announcementOf(item: NotificationItem): string {
  return t(ANNOUNCEMENT_KEYS[item.kind], isolate(memberName(item.actor)));
}

/** The bell: the member's latest notifications, how many are unread, and what was just announced. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<NotificationItem[]>([]);
  const unread = ref(0);
  const loaded = ref(false);
  /** The latest arrivals, as sentences for a polite live region (empty until something arrives). */
  const announcement = ref('');

  /** Fetches the list; with `announce`, the unread items not seen before are announced. */
  async function load(options: { announce?: boolean } = {}): Promise<void> {
    const known = new Set(items.value.map((item) => item.id));
    const { data } = await api.GET('/api/notifications');
    if (!data) return;
    const fresh =
      loaded.value && options.announce ? data.items.filter((item) => !item.read && !known.has(item.id)) : [];
    items.value = data.items;
    unread.value = data.unread;
    loaded.value = true;
    if (fresh.length === 0) return;
    // Emptied first, so the same sentence twice in a row is heard twice.
    announcement.value = '';
    await nextTick();
    announcement.value = fresh.map(announcementOf).join(' ');
  }

  async function markAllRead(): Promise<void> {
    const { error } = await api.POST('/api/notifications/read', { body: {} });
    if (error) return;
    items.value = items.value.map((item) => ({ ...item, read: true }));
    unread.value = 0;
  }

  function reset(): void {
    items.value = [];
    unread.value = 0;
    loaded.value = false;
    announcement.value = '';
  }

  return { items, unread, loaded, announcement, load, markAllRead, reset };
});
