import { computed } from 'vue';
import { t, uiLanguage } from '../../i18n/i18n';

/**
 * Numbers, months and times of the published tables, in the interface language. A withheld count
 * (null) always reads "insufficient data": the same words for none, for a few and for a count that
 * could be worked out from others, so its absence says nothing.
 */
const numbers = computed(() => new Intl.NumberFormat(uiLanguage.value));
const signed = computed(() => new Intl.NumberFormat(uiLanguage.value, { signDisplay: 'exceptZero' }));
const months = computed(
  () => new Intl.DateTimeFormat(uiLanguage.value, { year: 'numeric', month: 'short', timeZone: 'UTC' }),
);
const times = computed(() => new Intl.DateTimeFormat(uiLanguage.value, { dateStyle: 'long', timeStyle: 'short' }));

export function formatNumber(value: number): string {
  return numbers.value.format(value);
}

export function formatCount(value: number | null): string {
  return value === null ? t('cxc-reports-insufficient-data') : numbers.value.format(value);
}

/** A gap with its sign (+12, −3, 0). */
export function formatGap(value: number | null): string {
  return value === null ? t('cxc-reports-insufficient-data') : signed.value.format(value);
}

/** "2025-03" as "Mar 2025" in the interface language. */
export function monthName(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return months.value.format(new Date(Date.UTC(year, number - 1, 1)));
}

export function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : times.value.format(time);
}

/**
 * The address of a published table with the filters shown, as JSON (the default) or CSV, in the
 * interface language. Empty filters are left out.
 */
export function reportHref(
  path: string,
  filters: Readonly<Record<string, string | number | undefined | null>>,
  format: 'json' | 'csv',
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  if (format === 'csv') query.set('format', 'csv');
  query.set('lang', uiLanguage.value);
  return `${path}?${query.toString()}`;
}
