import { CdxField } from '@wikimedia/codex';
import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import NativeSelect from './NativeSelect.vue';

const ITEMS = [
  { value: 'public', label: 'Everyone' },
  { value: 'members', label: 'Members' },
  { value: 3, label: 'Three' },
  { value: 'gone', label: 'Not offered', disabled: true },
];

describe('NativeSelect', () => {
  test('is the browser’s own select, named by its attributes, showing the chosen label', () => {
    const wrapper = mount(NativeSelect, {
      props: { menuItems: ITEMS, selected: 'members' },
      attrs: { 'aria-label': 'Who can see' },
    });
    const select = wrapper.get('select');
    expect(select.attributes('aria-label')).toBe('Who can see');
    expect(select.findAll('option').map((option) => option.text())).toEqual([
      'Everyone',
      'Members',
      'Three',
      'Not offered',
    ]);
    expect((select.element as HTMLSelectElement).selectedOptions[0]!.text).toBe('Members');
    expect(select.findAll('option')[3]!.attributes('disabled')).toBeDefined();
  });

  test('gives back the chosen value, a number staying a number', async () => {
    const wrapper = mount(NativeSelect, { props: { menuItems: ITEMS, selected: 'public' } });
    await wrapper.get('select').setValue('2');
    expect(wrapper.emitted('update:selected')).toEqual([[3]]);
  });

  test('shows an empty line rather than a silent first choice when nothing offered is chosen', () => {
    const wrapper = mount(NativeSelect, { props: { menuItems: ITEMS, selected: null } });
    const select = wrapper.get('select').element as HTMLSelectElement;
    expect(select.selectedOptions[0]!.text).toBe('');
    expect(select.selectedOptions[0]!.disabled).toBe(true);
  });

  test('inside a CdxField, its label names the select, and the field’s error and disabled reach it', async () => {
    const disabled = ref(false);
    const Form = defineComponent({
      setup: () => () =>
        h(
          CdxField,
          { status: 'error', disabled: disabled.value },
          {
            label: () => 'Order',
            default: () => h(NativeSelect, { menuItems: ITEMS, selected: 'public' }),
          },
        ),
    });
    const wrapper = mount(Form, { attachTo: document.body });
    const select = wrapper.get('select');
    expect(wrapper.get(`label[for="${select.attributes('id')}"]`).text()).toBe('Order');
    expect(select.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('.cxc-select--error').exists()).toBe(true);
    disabled.value = true;
    await wrapper.vm.$nextTick();
    expect(select.attributes('disabled')).toBeDefined();
    wrapper.unmount();
  });
});
