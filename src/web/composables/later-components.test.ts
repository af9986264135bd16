import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { h } from 'vue';
import { laterComponents } from './later-components';

vi.mock('../i18n/i18n', () => ({ loadPageMessages: () => Promise.resolve() }));

/** A functional component drawing one section named `name`. */
const section = (name: string) => () => h('section', name);

describe('later components', () => {
  afterEach(() => vi.useRealTimers());

  test('appear one per task, in the order they render, from one fetch of their module', async () => {
    vi.useFakeTimers();
    const loader = vi.fn(() =>
      Promise.resolve({ First: section('First'), Second: section('Second'), Third: section('Third') }),
    );
    const later = laterComponents(loader);
    const [First, Second, Third] = [later('First'), later('Second'), later('Third')];
    const wrapper = mount(() => h('div', [h(First), h(Second), h(Third)]));

    const shown = () => wrapper.findAll('section').map((element) => element.text());
    await flushPromises();
    expect(loader).toHaveBeenCalledTimes(1);
    expect(shown()).toEqual([]);
    vi.runOnlyPendingTimers();
    await flushPromises();
    expect(shown()).toEqual(['First']);
    vi.runOnlyPendingTimers();
    await flushPromises();
    expect(shown()).toEqual(['First', 'Second']);
    vi.runOnlyPendingTimers();
    await flushPromises();
    expect(shown()).toEqual(['First', 'Second', 'Third']);
  });

  test('a failed fetch is tried again', async () => {
    const loader = vi
      .fn<() => Promise<Record<string, unknown>>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue({ Only: section('Only') });
    const Only = laterComponents(loader)('Only');
    const wrapper = mount(() => h('div', [h(Only)]));
    await vi.waitFor(() => expect(wrapper.find('section').exists()).toBe(true));
    expect(loader).toHaveBeenCalledTimes(2);
  });
});
