import { computed, onBeforeUnmount, onMounted, ref, type ComputedRef, type Ref } from 'vue';
import { directionOf } from '../../../shared/ui-languages';
import { uiLanguage } from '../../i18n/i18n';
import { frameOf, textWidth, valueAxis, type Frame, type ValueAxis } from './chart-geometry';
import { formatNumber, monthName } from './report-format';

/** The size of the charts' words (report-charts.css sets the same), which the margins make room for. */
export const CHART_FONT_SIZE = 12;
/** Before the box is measured, and where nothing is laid out (component tests). */
const UNMEASURED_WIDTH = 640;

export interface MonthChartLayout {
  readonly width: number;
  readonly frame: Frame;
  readonly axis: ValueAxis;
  /** Room one month's name takes under the plot. */
  readonly monthLabelWidth: number;
}

/**
 * A month-by-month chart laid out in its box: the box's width in CSS pixels, kept up to date as the
 * page resizes (a phone turned, a window narrowed), the value axis up to `largest`, and margins that
 * fit the axis's numbers and the months' names in the page's language, mirrored in right-to-left
 * pages. Charts are drawn at their real size rather than scaled from a fixed viewBox, so their words
 * stay as large as the page's on a phone.
 */
export function useMonthChart(
  box: Ref<HTMLElement | undefined>,
  options: () => { height: number; months: readonly string[]; largest: number; tickCount: number; compact?: boolean },
): ComputedRef<MonthChartLayout> {
  const width = ref(UNMEASURED_WIDTH);
  let observer: ResizeObserver | undefined;
  const measure = () => {
    const measured = Math.floor(box.value?.clientWidth ?? 0);
    if (measured > 0) width.value = measured;
  };
  onMounted(() => {
    measure();
    if (typeof ResizeObserver === 'function' && box.value) {
      observer = new ResizeObserver(measure);
      observer.observe(box.value);
    }
  });
  onBeforeUnmount(() => observer?.disconnect());

  return computed(() => {
    const { height, months, largest, tickCount, compact } = options();
    const axis = valueAxis(largest, tickCount, compact);
    const numbersWidth = Math.max(...axis.ticks.map((value) => textWidth(formatNumber(value), CHART_FONT_SIZE)));
    const monthLabelWidth = Math.max(0, ...months.map((month) => textWidth(monthName(month), CHART_FONT_SIZE))) + 8;
    const frame = frameOf(
      width.value,
      height,
      {
        start: numbersWidth + 10,
        // A centred name of the last month reaches past its band; a small chart's sits flush with the edge.
        end: compact ? 4 : Math.ceil(monthLabelWidth / 2),
        top: CHART_FONT_SIZE / 2 + 2,
        below: CHART_FONT_SIZE + 12,
      },
      directionOf(uiLanguage.value) === 'rtl',
    );
    return { width: width.value, frame, axis, monthLabelWidth };
  });
}
