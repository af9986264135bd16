import type { VueWrapper } from '@vue/test-utils';
import NativeSelect, { type SelectItem } from '../components/NativeSelect.vue';

/** Every NativeSelect a wrapper renders, in document order. */
export const nativeSelects = (wrapper: VueWrapper) => wrapper.findAllComponents(NativeSelect);

/** Picks the option whose value is `value` in the `<select>` itself, as a reader choosing it does. */
export async function chooseValue(select: VueWrapper, value: string | number): Promise<void> {
  const { menuItems } = select.props() as { menuItems: readonly SelectItem[] };
  const index = menuItems.findIndex((item) => item.value === value);
  if (index === -1) throw new Error(`No option with the value ${String(value)}`);
  await select.get('select').setValue(String(index));
}
