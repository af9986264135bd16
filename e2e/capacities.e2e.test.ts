import { describe, expect, test } from 'vitest';
import { accessibilityViolations, openWatchedPage, screenshot, useAppAndBrowser } from './support/browser';

const running = useAppAndBrowser();

describe('the capacity browser', () => {
  test.each([
    {
      locale: 'en-US',
      lang: 'en',
      filterLabel: 'Filter capacities',
      typed: 'budgeting',
      found: 'Budgeting',
      status: 'One capacity matches “budgeting”.',
      highlighted: 'Budgeting',
    },
    {
      locale: 'ar',
      lang: 'ar',
      filterLabel: 'تصفية القدرات',
      typed: 'الميزانية',
      found: 'إعداد الميزانية',
      status: 'قدرة واحدة تطابق «الميزانية».',
      highlighted: 'الميزانية',
    },
  ])('finds $found by typing in $lang', async ({ locale, lang, filterLabel, typed, found, status, highlighted }) => {
    for (const width of [1280, 360]) {
      const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { locale, width });
      await page.goto(`${running.app.url}/capacities`);
      const filter = page.getByRole('searchbox', { name: filterLabel });
      await filter.fill(typed);
      await expect.poll(() => page.getByRole('status').textContent()).toBe(status);
      await expect.poll(() => page.locator('mark').first().textContent()).toBe(highlighted);
      const match = page.locator('.cxc-capacity-tree__label', { hasText: found });
      expect(await match.isVisible()).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `capacities-filter-${lang}-${width}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('opens and closes branches with the keyboard', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url);
    await page.goto(`${running.app.url}/capacities`);
    const branch = page.getByRole('button', { name: 'Communication' });
    await branch.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => branch.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByText('Public speaking').isVisible()).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => branch.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await page.getByText('Wikidata Query Service').isVisible()).toBe(true);
    await screenshot(page, 'capacities-expanded-en-1280');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('says so when nothing matches', async () => {
    const { page, context } = await openWatchedPage(running.browser, running.app.url);
    await page.goto(`${running.app.url}/capacities`);
    await page.getByRole('searchbox', { name: 'Filter capacities' }).fill('zzzz');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('No capacity matches “zzzz”. Try a shorter word, or another spelling.');
    await context.close();
  });
});
