import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import TransparencyPage from './TransparencyPage.vue';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const none = { dismiss: 0, hide: 0, warn: 0, suspend: 0, ban: 0 };

describe('TransparencyPage', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  beforeEach(() => {
    api.GET.mockReset();
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('one table per month, a row per category, and “fewer than 5” for a withheld count', async () => {
    api.GET.mockResolvedValue({
      data: {
        months: [
          {
            month: '2025-03',
            categories: [
              { category: 'spam', reports: 12, actions: { ...none, hide: 7, dismiss: null } },
              { category: 'harassment', reports: null, actions: { ...none, warn: null } },
            ],
          },
          { month: '2024-12', categories: [{ category: 'other', reports: 0, actions: none }] },
        ],
      },
    });
    const wrapper = mount(TransparencyPage, { attachTo: document.body });
    await flushPromises();
    expect(api.GET).toHaveBeenCalledWith('/api/transparency');
    expect(wrapper.get('h1').text()).toBe('Transparency');
    expect(wrapper.text()).toContain('a count from 1 to 4 is shown as “fewer than 5”');
    const tables = wrapper.findAll('table');
    expect(tables.map((table) => table.get('caption').text())).toEqual(['March 2025', 'December 2024']);
    expect(tables[0]!.findAll('thead th').map((cell) => cell.text())).toEqual([
      'Category',
      'Reports',
      'Dismissed',
      'Content hidden',
      'Warned',
      'Suspended',
      'Banned',
    ]);
    const rows = tables[0]!.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));
    // Categories in the report form's order: harassment before spam.
    expect(rows).toEqual([
      ['Harassment', 'fewer than 5', '0', '0', 'fewer than 5', '0', '0'],
      ['Spam', '12', 'fewer than 5', '7', '0', '0', '0'],
    ]);
    expect(tables[0]!.get('tbody th').attributes('scope')).toBe('row');
  });

  test('says when there is nothing to count yet, and when the figures could not be loaded', async () => {
    api.GET.mockResolvedValueOnce({ data: { months: [] } });
    const empty = mount(TransparencyPage, { attachTo: document.body });
    await flushPromises();
    expect(empty.text()).toContain('No reports have been made yet.');
    expect(empty.find('table').exists()).toBe(false);
    empty.unmount();

    api.GET.mockResolvedValueOnce({ error: { error: { code: 'internal_error', message: 'x', requestId: 'r' } } });
    const failed = mount(TransparencyPage, { attachTo: document.body });
    await flushPromises();
    expect(failed.text()).toContain('The figures could not be loaded.');
  });
});
