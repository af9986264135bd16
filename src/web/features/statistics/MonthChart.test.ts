import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import MonthChart from './MonthChart.vue';
import type { MonthRow } from './MonthTable.vue';
import { formatNumber, monthName } from './report-format';

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04'];
const row = (key: string, months: (number | null)[], total: number | null = null): MonthRow => ({
  key,
  label: `Row ${key}`,
  months,
  total,
});

async function draw(props: InstanceType<typeof MonthChart>['$props']): Promise<VueWrapper> {
  const wrapper = mount(MonthChart, { props, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** Where each mark of the first series sits, from its path's first point. */
const markXs = (wrapper: VueWrapper) =>
  wrapper
    .findAll('g.cxc-chart-series-1 .cxc-chart__mark')
    .map((mark) => Number(/^M([\d.]+)/.exec(mark.attributes('d')!)![1]));

describe('MonthChart', () => {
  beforeEach(async () => {
    await loadInterfaceMessages('en');
  });

  afterEach(async () => {
    document.body.innerHTML = '';
    await loadInterfaceMessages('en');
  });

  test('is one image for assistive technology, named after the table under it', async () => {
    const wrapper = await draw({
      kind: 'lines',
      caption: 'Visits by length',
      months: MONTHS,
      rows: [row('a', [1, 2, 3, 4])],
    });
    const image = wrapper.get('[role=img]');
    expect(image.attributes('aria-label')).toBe(
      'Chart of the table “Visits by length”, which follows with every count.',
    );
    expect(image.get('svg').attributes('aria-hidden')).toBe('true');
  });

  test('lines: the eight rows with the largest totals, largest first in the legend, and a line saying so', async () => {
    const rows = Array.from({ length: 10 }, (_, index) => row(`r${index}`, [index, index, index, index], index * 4));
    const wrapper = await draw({ kind: 'lines', caption: 'Joined', months: MONTHS, rows });
    expect(wrapper.findAll('path.cxc-chart__line')).toHaveLength(8);
    expect(wrapper.findAll('.cxc-chart-legend li').map((item) => item.text())).toEqual(
      [9, 8, 7, 6, 5, 4, 3, 2].map((index) => `Row r${index}`),
    );
    expect(wrapper.text()).toContain('The 8 largest rows are drawn; the table has them all.');

    const few = await draw({ kind: 'lines', caption: 'Joined', months: MONTHS, rows: rows.slice(0, 3) });
    expect(few.findAll('path.cxc-chart__line')).toHaveLength(3);
    expect(few.text()).not.toContain('largest rows');
  });

  test('a withheld count is a gap in its line, with no mark, never a zero', async () => {
    const wrapper = await draw({
      kind: 'lines',
      caption: 'Joined',
      months: MONTHS,
      rows: [row('a', [6, null, 8, 9], 30)],
    });
    expect(wrapper.get('path.cxc-chart__line').attributes('d')!.match(/M/g)).toHaveLength(2);
    expect(wrapper.findAll('.cxc-line-plot .cxc-chart__mark')).toHaveLength(3);
    expect(wrapper.text()).toContain('A gap in a line is a withheld count (insufficient data), not a zero.');
  });

  test('right to left: the months run from the right, the counts on the right, written as the tables write them', async () => {
    const rows = [row('a', [1, 2, 3, 4], 10)];
    const ltr = await draw({ kind: 'lines', caption: 'Joined', months: MONTHS, rows });
    const [firstLtr, , , lastLtr] = markXs(ltr);
    expect(firstLtr).toBeLessThan(lastLtr!);

    await loadInterfaceMessages('ar');
    const rtl = await draw({ kind: 'lines', caption: 'Joined', months: MONTHS, rows });
    const [firstRtl, , , lastRtl] = markXs(rtl);
    expect(firstRtl).toBeGreaterThan(lastRtl!);
    // The value axis's numbers stand beyond the plot's right edge.
    const numberX = Number(rtl.findAll('.cxc-chart-axes text')[0]!.attributes('x'));
    expect(numberX).toBeGreaterThan(firstRtl!);
    const words = rtl.findAll('.cxc-chart-axes text').map((text) => text.text());
    expect(words).toContain(formatNumber(4));
    expect(words).toContain(monthName('2025-01'));
  });

  test('multiples: one small chart per row, each on its own scale, under its name', async () => {
    const rows = [row('searches', [900, 1000, 1100, 1200], 4200), row('connections', [1, 2, 3, 4], 10)];
    const wrapper = await draw({ kind: 'multiples', caption: 'Activity', months: MONTHS, rows });
    const charts = wrapper.findAll('.cxc-chart-multiples li');
    expect(charts.map((chart) => chart.get('.cxc-chart-multiples__name').text())).toEqual([
      'Row searches',
      'Row connections',
    ]);
    const axisTop = (index: number) => charts[index]!.findAll('.cxc-chart-axes text').map((text) => text.text())[1];
    expect(axisTop(0)).toBe('1,200');
    expect(axisTop(1)).toBe('4');
  });

  test('bars: published counts stacked, the withheld rest hatched on top, no bar where the total is withheld', async () => {
    const rows = [row('short', [10, null, null, 6]), row('long', [5, 7, null, 6])];
    const total = { months: [15, 12, null, 12], total: 39 };
    const wrapper = await draw({ kind: 'bars', caption: 'Visits by length', months: MONTHS, rows, total });
    expect(wrapper.findAll('rect.cxc-chart__bar')).toHaveLength(5);
    expect(wrapper.findAll('rect.cxc-chart__bar--withheld')).toHaveLength(1);
    expect(wrapper.findAll('.cxc-chart-legend li').map((item) => item.text())).toEqual([
      'Row short',
      'Row long',
      'Withheld counts (insufficient data)',
    ]);
    expect(wrapper.text()).toContain('A month without a bar has its total withheld (insufficient data).');
  });

  test('zeros are counts: a table of zeros is drawn, not said to be withheld', async () => {
    const rows = [row('short', [0, 0, 0, 0]), row('long', [0, 0, 0, 0])];
    const total = { months: [0, 0, 0, 0], total: 0 };
    const wrapper = await draw({ kind: 'bars', caption: 'Visits by length', months: MONTHS, rows, total });
    expect(wrapper.find('svg').exists()).toBe(true);
    expect(wrapper.text()).not.toContain('withheld');
    const lines = await draw({ kind: 'multiples', caption: 'Activity', months: MONTHS, rows });
    expect(lines.findAll('.cxc-line-plot .cxc-chart__mark')).toHaveLength(8);
  });

  test('says so when every count is withheld, rather than drawing an empty frame', async () => {
    const wrapper = await draw({
      kind: 'lines',
      caption: 'Joined',
      months: MONTHS,
      rows: [row('a', [null, null, null, null])],
    });
    expect(wrapper.find('svg').exists()).toBe(false);
    expect(wrapper.text()).toBe('Every count of this table is withheld, so there is no chart to draw.');
  });
});
