import { mount } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { nextTick } from 'vue';
import { loadInterfaceMessages } from '../i18n/i18n';
import LaterRegion from './LaterRegion.vue';

const mountRegion = () => mount(LaterRegion, { slots: { default: '<h2>Capacities</h2>' }, attachTo: document.body });

describe('LaterRegion', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  test('holds the place, busy, until the reader may need what it holds', () => {
    const wrapper = mountRegion();
    expect(wrapper.find('h2').exists()).toBe(false);
    expect(wrapper.get('[aria-busy=true]').text()).toBe('Loading…');
    wrapper.unmount();
  });

  test.each(['scroll', 'keydown', 'pointerdown', 'touchstart'])('shows its content at the first %s', async (kind) => {
    const wrapper = mountRegion();
    window.dispatchEvent(new Event(kind));
    await nextTick();
    expect(wrapper.get('h2').text()).toBe('Capacities');
    expect(wrapper.find('[aria-busy=true]').exists()).toBe(false);
    wrapper.unmount();
  });

  test('shows its content a few seconds after the page appeared, untouched', async () => {
    vi.useFakeTimers();
    const wrapper = mountRegion();
    vi.advanceTimersByTime(2_900);
    await nextTick();
    expect(wrapper.find('h2').exists()).toBe(false);
    vi.advanceTimersByTime(200);
    await nextTick();
    expect(wrapper.find('h2').exists()).toBe(true);
    wrapper.unmount();
  });
});
