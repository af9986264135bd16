import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { WEB_PAGES } from '../src/shared/web-routes';
import { accessibilityViolations, ar, openWatchedPage, screenshot, shoot } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, cxc, standIn } = useAppWithWikimediaMembers();

/** A member's capacities, saved through the editor as a person would. */
async function addCapacity(page: Page, capacity: string, side: 'shares' | 'learns'): Promise<void> {
  await page.goto(`${running.app.url}/profile/edit`);
  await page.getByRole('searchbox', { name: 'Filter capacities' }).fill(capacity.toLowerCase());
  const list = side === 'shares' ? 'Can share' : 'Wants to learn';
  await page.getByRole('button', { name: `Add ${capacity} to ${list}` }).click();
  await page.getByRole('button', { name: 'Save Capacities' }).click();
  await expect.poll(() => page.getByText('Saved.').first().isVisible()).toBe(true);
}

describe('the home page', () => {
  test.each([
    {
      lang: 'en',
      locale: 'en-US',
      join: 'Join',
      signIn: 'Sign in',
      label: 'Search for people, organizations and capacities',
    },
    {
      lang: 'ar',
      locale: 'ar-EG',
      join: ar('cxc-nav-join'),
      signIn: ar('cxc-nav-sign-in'),
      label: ar('cxc-home-search-label'),
    },
  ])('leads a visitor ($lang) to search and to joining', async ({ lang, locale, join, signIn: signInName, label }) => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { locale, width: 360 });
    await page.goto(running.app.url);
    const main = page.getByRole('main');
    await expect.poll(() => main.getByRole('link', { name: join, exact: true }).isVisible()).toBe(true);
    expect(await main.getByRole('link', { name: signInName, exact: true }).isVisible()).toBe(true);
    // A fresh instance has fewer than five of everything: no numbers at all, rather than small ones.
    expect(
      await page
        .getByRole('heading', { name: lang === 'en' ? 'The community so far' : ar('cxc-home-community-title') })
        .count(),
    ).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, `home-visitor-${lang}`);
    await main.getByRole('searchbox', { name: label }).fill('budgeting');
    await main.getByRole('searchbox', { name: label }).press('Enter');
    await expect.poll(() => page.url()).toBe(`${running.app.url}/search?q=budgeting`);
    await page.goBack();
    await main.getByRole('link', { name: join, exact: true }).click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/sign-up`);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('shows a member what they want to learn, with how many peers can share each, and the community in numbers', async () => {
    const sharer = await signIn('8101', 'Sharing Member', { width: 1280 });
    await addCapacity(sharer.page, 'Budgeting', 'shares');
    await sharer.context.close();

    const learner = await signIn('8102', 'Learning Member', { width: 1280 });
    const { page } = learner;
    await expect.poll(() => page.getByRole('heading', { name: 'What you want to learn' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('You have not said what you want to learn yet.').isVisible()).toBe(true);
    await addCapacity(page, 'Budgeting', 'learns');
    await addCapacity(page, 'Storytelling', 'learns');
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await expect.poll(() => page.getByText(/Budgeting\u2069?: one peer can share it/).isVisible()).toBe(true);
    expect(await page.getByText(/Storytelling\u2069?: nobody shares it here yet/).isVisible()).toBe(true);
    // No join prompt for a member.
    expect(await page.getByRole('main').getByRole('link', { name: 'Join', exact: true }).count()).toBe(0);

    // With enough people, the numbers appear (and the ones still below five do not).
    const seeded = cxc('seed', '--demo', '--people', '40', '--organizations', '0', '--messages', '0');
    expect(seeded.status, seeded.stderr).toBe(0);
    // Each process counts at most once a minute (and says so in cache-control): within a minute they show.
    await expect
      .poll(
        async () => {
          // The page asks for the numbers after it has loaded: give the answer time to be drawn,
          // rather than looking at the instant of the load event (on a busy machine it comes later).
          await page.reload();
          return page
            .getByRole('heading', { name: 'The community so far' })
            .waitFor({ timeout: 10_000 })
            .then(
              () => true,
              () => false,
            );
        },
        { timeout: 150_000, interval: 2_000 },
      )
      .toBe(true);
    expect(await page.getByText(/^\d+ members$/).isVisible()).toBe(true);
    expect(await page.getByText(/organizations$/).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'home-member-en');

    await page.goto(`${running.app.url}/?uselang=ar`);
    await expect.poll(() => page.getByRole('heading', { name: ar('cxc-home-needs-title') }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'home-member-ar');
    await page.getByRole('link', { name: ar('cxc-home-needs-all') }).click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/peers`);
    // Signing in went through the Meta-Wiki stand-in, on its own port; nothing else left the site.
    expect(learner.problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await learner.context.close();
  }, 300_000);

  test('a page in the other language fetches only that page’s messages', async () => {
    const { page, context } = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    const messageChunks: string[] = [];
    page.on('request', (request) => {
      // A page's messages in a language are the files named after it: /assets/<language>-<hash>.js.
      if (/\/assets\/[a-z]{2}(-[a-z]{2,4})?-[\w-]{8}\.js$/.test(request.url())) messageChunks.push(request.url());
    });
    await page.goto(`${running.app.url}/about`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    const atStart = messageChunks.length;
    await page.getByRole('link', { name: 'Capacities', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Capacities' }).isVisible()).toBe(true);
    expect(messageChunks.length).toBeGreaterThan(atStart);
    expect(messageChunks.every((url) => url.includes('/assets/en-'))).toBe(true);
    await screenshot(page, 'capacities-after-about-en-1280');
    await context.close();
  });

  test('every page speaks its language: no message key shows, signed out or in, in English or Arabic', async () => {
    const member = await signIn('8103', 'Reading Member', { width: 1280 });
    const visitor = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    const untranslated: string[] = [];
    for (const { page } of [visitor, member])
      for (const language of ['en', 'ar'])
        for (const path of Object.values(WEB_PAGES)) {
          await page.goto(`${running.app.url}${path}?uselang=${language}`);
          await page.waitForLoadState('networkidle');
          // The text, and the names and hints a screen reader or a pointer finds.
          const shown = [
            await page.locator('body').innerText(),
            ...(await page
              .locator('[aria-label], [placeholder], [title], [alt]')
              .evaluateAll((elements) =>
                elements.flatMap((element) =>
                  ['aria-label', 'placeholder', 'title', 'alt'].map((name) => element.getAttribute(name) ?? ''),
                ),
              )),
          ].join('\n');
          for (const key of shown.match(/cxc-[a-z0-9-]+/g) ?? []) untranslated.push(`${path} (${language}): ${key}`);
        }
    expect(untranslated).toEqual([]);
    await member.context.close();
    await visitor.context.close();
  }, 300_000);
});
