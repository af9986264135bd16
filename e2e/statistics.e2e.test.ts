import { spawnSync } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  accessibilityViolations,
  ar,
  openWatchedPage,
  selectedLabel,
  shoot,
  useAppAndBrowser,
} from './support/browser';

const running = useAppAndBrowser();

/** `cxc` on the app's database. */
const cxc = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/cxc.js', ...args], {
    env: { ...process.env, DATABASE_URL: running.app.databaseUrl },
    encoding: 'utf8',
  });

/** The cells of a table's body, row by row; a row's heading by its first line (the map adds the region under it). */
async function rowsOf(table: Locator): Promise<string[][]> {
  type Cell = { tagName: string; firstElementChild: Cell | null; textContent: string | null };
  return table
    .locator('tbody tr')
    .evaluateAll((rows: { querySelectorAll(selector: string): ArrayLike<Cell> }[]) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td'), (cell) =>
          ((cell.tagName === 'TH' ? (cell.firstElementChild ?? cell) : cell).textContent ?? '').trim(),
        ),
      ),
    );
}

/** On the map: the country row whose "want to learn" (third cell) is the largest published. */
async function rowWithCount(table: Locator): Promise<string[] | undefined> {
  const rows = await rowsOf(table);
  return rows
    .filter((row) => row[0] !== 'Country not stated' && /^\d+$/.test(row[2] ?? ''))
    .sort((a, b) => Number(b[2]) - Number(a[2]))
    .at(0);
}

/** The map page's filters, found in the page's main region (the header has its own language menu). */
const filter = (page: Page, name: string) => page.getByRole('main').getByRole('combobox', { name, exact: true });

describe('the map and the reports in the browser', () => {
  beforeAll(() => {
    // Enough people that some countries count five or more: the demo generator, as `npm run demo` uses it.
    const seeded = cxc('seed', '--demo', '--people', '1500', '--organizations', '30', '--messages', '0');
    expect(seeded.status, seeded.stderr).toBe(0);
  }, 180_000);

  test('a visitor opens the map, filters it by a capacity, reads the table, and downloads the view as CSV', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    await page.goto(`${running.app.url}/`);
    await page.getByRole('link', { name: 'See the map of needs' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Map of capacities' }).isVisible()).toBe(true);
    const table = page.getByRole('table', { name: /^People who can share and who want to learn, by country/ });
    await expect.poll(() => rowWithCount(table), { timeout: 15_000 }).toBeDefined();
    // Every country is listed, "insufficient data" where a count is withheld, and "not stated" last.
    const rows = await rowsOf(table);
    expect(rows.length).toBeGreaterThan(150);
    expect(rows.at(-1)?.[0]).toBe('Country not stated');
    expect(rows.some((row) => row.includes('insufficient data'))).toBe(true);

    // The map: a country with counts is focusable and tells them; its tooltip says the same.
    const [country, , learners] = (await rowWithCount(table))!;
    const shape = page.getByRole('img', { name: new RegExp(`^${country}: .*${learners} want to learn`) });
    await shape.focus();
    await expect
      .poll(() => page.locator('.cxc-world-map__tip').textContent())
      .toBe(await shape.getAttribute('aria-label'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'map-en');

    // One capacity, with its narrower ones: the address, the caption and the request follow.
    const capacityMenu = filter(page, 'Capacity');
    const options = await capacityMenu
      .locator('option')
      .evaluateAll((all: { textContent: string | null }[]) => all.map((option) => option.textContent ?? ''));
    // A broad capacity (no indentation): the first of the taxonomy.
    const broad = options
      .slice(1)
      .find((label) => !label.startsWith('\u00a0'))!
      .trim();
    await capacityMenu.selectOption({ label: broad });
    await expect.poll(() => page.url()).toMatch(/[?&]capacity=\d+/);
    await expect
      .poll(() => table.locator('caption').textContent())
      .toContain(`Capacity: ${broad}, with its narrower ones`);
    expect(await selectedLabel(capacityMenu)).toBe(broad);
    await filter(page, 'What to show').selectOption({ label: 'Gap (learn minus share)' });
    await expect.poll(() => page.url()).toContain('show=gap');
    const filtered = await rowsOf(table);
    expect(filtered.length).toBe(rows.length);
    expect(filtered.every((row) => row.length === 4)).toBe(true);
    expect(await page.getByText('Below zero, more can share than want to learn').isVisible()).toBe(true);
    await shoot(page, 'map-capacity-gap-en');

    // The same view as a file: the CSV link carries the filters, and the file states its rule and licence.
    const csvLink = page.getByRole('link', { name: 'Download as CSV' });
    const href = (await csvLink.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/reports\/map\?/);
    expect(href).toMatch(/[?&]capacity=\d+/);
    expect(href).toContain('format=csv');
    const download = page.waitForEvent('download');
    await csvLink.click();
    const file = await download;
    const csv = await (await fetch(`${running.app.url}${href}`)).text();
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const json = (await (await fetch(`${running.app.url}${href.replace('format=csv&', '')}`)).json()) as {
      rule: string;
      areas: { name: string }[];
    };
    expect(csv).toContain(json.rule);
    expect(csv).toContain('CC0');
    expect(csv).toContain(json.areas[0]!.name);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the map in Arabic: right to left around a map that stays geographic, at 360 px', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, {
      width: 360,
      locale: 'ar',
    });
    await page.goto(`${running.app.url}/map?by=region&uselang=ar`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: ar('cxc-map-title') }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.locator('svg path[role=img]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await selectedLabel(filter(page, ar('cxc-map-filter-by')))).toBe(ar('cxc-map-by-region'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'map-region-ar');
    await page.goto(`${running.app.url}/map?uselang=ar`);
    await expect.poll(() => page.locator('svg path[role=img]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'map-ar');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the reports: unmet needs, cohorts with a link to who can share, participation and activity', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    await page.goto(`${running.app.url}/map`);
    await page.getByRole('link', { name: 'More reports: unmet needs, cohorts, participation and activity' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Reports' }).isVisible()).toBe(true);
    const unmet = page.getByRole('table', { name: 'Capacities with the most people waiting to learn' });
    await expect.poll(async () => (await rowsOf(unmet)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [capacity, learners] = (await rowsOf(unmet))[0]!;
    expect(capacity).toBeTruthy();
    expect(learners).toMatch(/^\d+$/);

    const cohorts = page.getByRole('table', { name: 'Cohorts, the largest first' });
    const noCohort = page.getByText('No group is large enough yet.');
    // Each section loads on its own: wait for this one's answer.
    await expect
      .poll(async () => (await cohorts.count()) > 0 || (await noCohort.isVisible()), { timeout: 15_000 })
      .toBe(true);
    if (await cohorts.count()) {
      const link = cohorts.getByRole('link').first();
      expect(await link.getAttribute('href')).toMatch(
        /^\/search\?capacity=\d+&side=shares&region=[A-Z]+&language=[a-z-]+$/,
      );
    } else {
      expect(await noCohort.isVisible()).toBe(true);
    }
    const participation = page.getByRole('table', { name: /^New participants month by month/ });
    await expect.poll(() => participation.locator('thead th').count()).toBe(14);
    await page.getByRole('main').getByRole('combobox', { name: 'Break down by' }).selectOption({ label: 'Country' });
    await expect.poll(() => page.url()).toContain('by=country');
    await expect.poll(() => participation.locator('caption').textContent()).toContain('Country');
    expect(await page.getByRole('table', { name: 'Activity month by month' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Download as CSV' }).count()).toBe(4);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'reports-en');

    await page.goto(`${running.app.url}/reports?uselang=ar`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: ar('cxc-reports-title') }).isVisible())
      .toBe(true);
    await expect.poll(() => page.locator('table').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'reports-ar');
    expect(problems).toEqual([]);
    await context.close();
  });
});
