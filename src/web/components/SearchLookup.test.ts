import { mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import SearchLookup from './SearchLookup.vue';

const ITEMS = [
  { value: 'pl', label: 'polski', description: 'Polish' },
  { value: 'pt', label: 'português', description: 'Portuguese' },
  { value: 'yo', label: 'Yorùbá', description: 'Yoruba' },
];

/** Mounted as a parent uses it, with v-model: each choice comes back as the new value. */
function mountLookup(selected: string | null = null): VueWrapper {
  const wrapper: VueWrapper = mount(SearchLookup, {
    props: {
      items: ITEMS,
      accessibleName: 'Add a language',
      modelValue: selected,
      'onUpdate:modelValue': (value: string | null) => wrapper.setProps({ modelValue: value }),
    },
    attachTo: document.body,
  });
  return wrapper;
}

const combobox = (wrapper: VueWrapper) => wrapper.get('input[role=combobox]');
const options = (wrapper: VueWrapper) => wrapper.findAll('[role=option]').filter((option) => option.isVisible());

describe('SearchLookup', () => {
  test('is a combobox named by its accessible name, closed until something is typed', () => {
    const wrapper = mountLookup();
    const input = combobox(wrapper);
    expect(input.attributes('aria-label')).toBe('Add a language');
    expect(input.attributes('aria-autocomplete')).toBe('list');
    expect(input.attributes('aria-expanded')).toBe('false');
    expect(wrapper.get('[role=listbox]').attributes('id')).toBe(input.attributes('aria-controls'));
    wrapper.unmount();
  });

  test('lists the matches of any part of a label or description, without regard to case or accents', async () => {
    const wrapper = mountLookup();
    await combobox(wrapper).setValue('YORU');
    expect(combobox(wrapper).attributes('aria-expanded')).toBe('true');
    expect(options(wrapper).map((option) => option.findAll('span').map((part) => part.text()))).toEqual([
      ['Yorùbá', 'Yoruba'],
    ]);
    await combobox(wrapper).setValue('portug');
    expect(options(wrapper).map((option) => option.get('.cxc-lookup__label').text())).toEqual(['português']);
    wrapper.unmount();
  });

  test('arrows move through the matches, Enter chooses, and the field shows the choice', async () => {
    const wrapper = mountLookup();
    const input = combobox(wrapper);
    await input.setValue('p');
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect(input.attributes('aria-activedescendant')).toBe(options(wrapper)[0]!.attributes('id'));
    await input.trigger('keydown', { key: 'ArrowDown' });
    await input.trigger('keydown', { key: 'ArrowDown' });
    // Past the last, back to the first.
    expect(options(wrapper)[0]!.attributes('aria-selected')).toBe('true');
    await input.trigger('keydown', { key: 'ArrowUp' });
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('update:modelValue')).toEqual([['pt']]);
    expect((input.element as HTMLInputElement).value).toBe('português');
    expect(input.attributes('aria-expanded')).toBe('false');
    wrapper.unmount();
  });

  test('Escape closes the list; a click chooses; typing over a choice undoes it', async () => {
    const wrapper = mountLookup('pl');
    const input = combobox(wrapper);
    expect((input.element as HTMLInputElement).value).toBe('polski');
    await input.setValue('yo');
    expect(wrapper.emitted('update:modelValue')).toEqual([[null]]);
    await input.trigger('keydown', { key: 'Escape' });
    expect(input.attributes('aria-expanded')).toBe('false');
    await input.setValue('yor');
    await options(wrapper)[0]!.trigger('click');
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual(['yo']);
    expect((input.element as HTMLInputElement).value).toBe('Yorùbá');
    wrapper.unmount();
  });
});
