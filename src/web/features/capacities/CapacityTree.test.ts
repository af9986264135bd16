import { mount } from '@vue/test-utils';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { filterCapacities } from './capacity-filter';
import CapacityTree from './CapacityTree.vue';

const TREE = [
  {
    id: 11,
    label: 'Finance',
    wikidataQid: null,
    children: [{ id: 12, label: 'Budgeting', wikidataQid: null, children: [] }],
  },
  { id: 36, label: 'Communication', wikidataQid: 'Q11024', children: [] },
];

describe('CapacityTree', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('shows branches as buttons that say whether they are open, and highlights matches', async () => {
    const { tree } = filterCapacities(TREE, 'budg');
    const opened = new Set([11]);
    const wrapper = mount(CapacityTree, { props: { nodes: tree, isOpen: (id: number) => opened.has(id), level: 0 } });
    const toggle = wrapper.get('button');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(toggle.text()).toBe('Finance');
    expect(wrapper.get('mark').text()).toBe('Budg');
    expect(wrapper.text()).toContain('one narrower capacity');
    await toggle.trigger('click');
    expect(wrapper.emitted('toggle')).toEqual([[11]]);
  });

  test('links a capacity to its Wikidata item', () => {
    const { tree } = filterCapacities(TREE, '');
    const wrapper = mount(CapacityTree, { props: { nodes: tree, isOpen: () => false, level: 0 } });
    const link = wrapper.get('a');
    expect(link.attributes('href')).toBe('https://www.wikidata.org/wiki/Q11024');
    expect(link.attributes('aria-label')).toBe('Wikidata item Q11024');
  });
});
