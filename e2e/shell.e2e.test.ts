import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { accessibilityViolations, openWatchedPage, screenshot, useAppAndBrowser } from './support/browser';

const running = useAppAndBrowser();

/** In a left-to-right page the product name starts the header at its left; in a right-to-left one, at its right. */
async function productNameStartsTheHeader(page: Page, dir: string): Promise<boolean> {
  const name = await page.locator('.cxc-header__name').boundingBox();
  const header = await page.locator('.cxc-header__inner').boundingBox();
  if (!name || !header) return false;
  const before = name.x - header.x;
  const after = header.x + header.width - (name.x + name.width);
  return dir === 'rtl' ? after < before : before < after;
}

describe('the web shell', () => {
  test.each([
    {
      locale: 'en-US',
      lang: 'en',
      dir: 'ltr',
      heading: 'Share what you know. Learn what you need.',
    },
    {
      locale: 'ar-EG',
      lang: 'ar',
      dir: 'rtl',
      heading: 'شارك ما تعرفه. وتعلّم ما تحتاج إليه.',
    },
  ])(
    'shows the home page in $lang ($dir) from the browser language, cleanly',
    async ({ locale, lang, dir, heading }) => {
      for (const width of [1280, 360]) {
        const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { locale, width });
        await page.goto(running.app.url);
        await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible()).toBe(true);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('html').getAttribute('dir')).toBe(dir);
        // Codex's direction-neutral styles follow `dir`: the product name starts the header on its reading side.
        expect(await productNameStartsTheHeader(page, dir)).toBe(true);
        expect(await accessibilityViolations(page)).toEqual([]);
        await screenshot(page, `home-${lang}-${width}`);
        expect(problems).toEqual([]);
        await context.close();
      }
    },
  );

  test('switches language with the selector and remembers the choice', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url);
    await page.goto(running.app.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'español' });
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('es');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Comparte lo que sabes. Aprende lo que necesitas.');
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'العربية' });
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => productNameStartsTheHeader(page, 'rtl')).toBe(true);
    await page.reload();
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await expect.poll(() => page.getByRole('link', { name: 'القدرات', exact: true }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('follows ?uselang= over the browser language', async () => {
    const { page, context } = await openWatchedPage(running.browser, running.app.url, { locale: 'en-US' });
    await page.goto(`${running.app.url}/about?uselang=fr`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('À propos de l’Échange de capacités');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await context.close();
  });

  test('opens the navigation from the menu button on a phone', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 360 });
    await page.goto(running.app.url);
    const capacitiesLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Capacities' });
    expect(await capacitiesLink.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await capacitiesLink.click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Capacities' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  test.each([
    { link: 'About', heading: 'About the Capacity Exchange' },
    { link: 'Privacy', heading: 'Privacy' },
    { link: 'Code of conduct', heading: 'Code of conduct' },
    { link: 'API', heading: 'API reference' },
  ])('leads from the footer to the $link page', async ({ link, heading }) => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url);
    await page.goto(running.app.url);
    await page.getByRole('contentinfo').getByRole('link', { name: link, exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('lists the endpoints on the API reference page', async () => {
    const { page, context } = await openWatchedPage(running.browser, running.app.url);
    await page.goto(`${running.app.url}/api-reference`);
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: 'GET /api/capacities' }).isVisible())
      .toBe(true);
    await context.close();
  });

  test('answers an unknown address with a 404 page', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url);
    const response = await page.goto(`${running.app.url}/no-such-page`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Page not found' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/`);
    // The 404 document itself is the only expected failure.
    expect(problems.filter((problem) => !problem.includes('404'))).toEqual([]);
    await context.close();
  });
});
