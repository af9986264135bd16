import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { accessibilityViolations, openWatchedPage, screenshot } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, standIn, cxc } = useAppWithWikimediaMembers();

describe('search in the browser', () => {
  test('finds a member by a capacity in Arabic and in English, and opens the profile', async () => {
    const sharer = await signIn('7001', 'Sharing Member', { width: 1280 });
    await sharer.page.goto(`${running.app.url}/profile/edit`);
    await sharer.page.getByRole('textbox', { name: 'Profile address' }).fill('sharing-member');
    await sharer.page.getByRole('button', { name: 'Save About' }).click();
    await expect.poll(() => sharer.page.getByText('Saved.').first().isVisible()).toBe(true);
    await sharer.page.getByRole('searchbox', { name: 'Filter capacities' }).fill('budgeting');
    await sharer.page.getByRole('button', { name: 'Add Budgeting to Can share' }).click();
    await sharer.page.getByRole('button', { name: 'Save Capacities' }).click();
    await expect.poll(() => sharer.page.getByText('Saved.').count()).toBe(2);
    await sharer.context.close();
    const imported = cxc('import', 'affiliates');
    expect(imported.status, imported.stderr).toBe(0);

    const reader = await signIn('7002', 'قارئة', { width: 360, locale: 'ar' });
    await reader.page.goto(`${running.app.url}/search`);
    await reader.page.getByRole('searchbox', { name: 'ابحث عن مهارة أو اسم أو موضوع' }).fill('الميزانية');
    await expect
      .poll(() => reader.page.getByRole('link', { name: 'Sharing Member', exact: true }).isVisible())
      .toBe(true);
    expect(reader.page.url()).toContain('q=');
    expect(await reader.page.getByText('يمكنه المشاركة: إعداد الميزانية').isVisible()).toBe(true);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'search-ar-360');
    // On a phone the filters open in a dialog, and its main button goes back to the results.
    await reader.page.getByRole('button', { name: 'تضييق النتائج' }).click();
    const dialog = reader.page.getByRole('dialog', { name: 'تضييق النتائج' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'search-filters-ar-360');
    await dialog.getByRole('button', { name: 'اعرض نتيجة واحدة' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await reader.context.close();

    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    await page.goto(`${running.app.url}/search?q=wikimedia&type=organization`);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/results/);
    await page.getByRole('checkbox', { name: /^Chapter \(\d+\)$/ }).check();
    await expect.poll(() => page.url()).toContain('orgType=chapter');
    await screenshot(page, 'search-en-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.getByRole('button', { name: 'Refine (2 chosen)' }).isVisible()).toBe(true);
    await screenshot(page, 'search-en-360');
    await page.setViewportSize({ width: 1280, height: 800 });
    const followedCounted = page.waitForResponse((response) => response.url().endsWith('/api/search/followed'));
    await page.getByRole('link', { name: 'Wikimedia Argentina' }).click();
    expect((await followedCounted).status()).toBe(204);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Wikimedia Argentina' }).isVisible())
      .toBe(true);
    await page.goBack();
    await expect.poll(() => page.getByRole('checkbox', { name: /^Chapter/ }).isChecked()).toBe(true);
    expect(problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await context.close();
  });

  test('suggests peers for what I want to learn, and who could learn from me, in English and Arabic; a suggestion can be hidden', async () => {
    const learner = await signIn('7101', 'Learning Member', { width: 1280 });
    await learner.page.goto(`${running.app.url}/profile/edit`);
    await learner.page.getByRole('textbox', { name: 'Profile address' }).fill('learning-member');
    await learner.page.getByRole('button', { name: 'Save About' }).click();
    await expect.poll(() => learner.page.getByText('Saved.').first().isVisible()).toBe(true);
    await learner.page.getByRole('searchbox', { name: 'Filter capacities' }).fill('budgeting');
    await learner.page.getByRole('button', { name: 'Add Budgeting to Wants to learn' }).click();
    await learner.page.getByRole('button', { name: 'Save Capacities' }).click();
    await expect.poll(() => learner.page.getByText('Saved.').count()).toBe(2);

    await learner.page.getByRole('link', { name: 'Peers for me' }).click();
    await expect.poll(() => learner.page.getByRole('heading', { level: 2, name: 'Budgeting' }).isVisible()).toBe(true);
    const card = learner.page
      .getByRole('listitem')
      .filter({ has: learner.page.getByRole('link', { name: 'Sharing Member', exact: true }) });
    await expect.poll(() => card.getByText('Can share this').isVisible()).toBe(true);
    expect(await accessibilityViolations(learner.page)).toEqual([]);
    await screenshot(learner.page, 'peers-en-1280');
    await learner.page.getByRole('button', { name: 'Hide Sharing Member from my suggestions' }).click();
    await expect.poll(() => learner.page.getByText('You hid one suggestion.').isVisible()).toBe(true);
    expect(await learner.page.getByRole('link', { name: 'Sharing Member', exact: true }).count()).toBe(0);
    await learner.page.getByRole('button', { name: 'Show them again' }).click();
    await expect
      .poll(() => learner.page.getByRole('link', { name: 'Sharing Member', exact: true }).isVisible())
      .toBe(true);
    await learner.page.setViewportSize({ width: 360, height: 740 });
    await screenshot(learner.page, 'peers-en-360');
    await learner.context.close();

    const arabic = JSON.parse(readFileSync('i18n/ar.json', 'utf8')) as Record<string, string>;
    const sharer = await signIn('7102', 'مشاركة', { width: 360, locale: 'ar' });
    await sharer.page.goto(`${running.app.url}/profile/edit`);
    await sharer.page.getByRole('searchbox', { name: arabic['cxc-capacities-filter-label'] }).fill('الميزانية');
    await sharer.page
      .getByRole('button', { name: arabic['cxc-profile-add-shares-named']!.replace('$1', 'إعداد الميزانية') })
      .click();
    await sharer.page
      .getByRole('button', {
        name: arabic['cxc-profile-save-section']!.replace('$1', arabic['cxc-profile-capacities']!),
      })
      .click();
    await expect.poll(() => sharer.page.getByText(arabic['cxc-profile-saved']!).first().isVisible()).toBe(true);
    await sharer.page.goto(`${running.app.url}/peers`);
    await sharer.page.getByRole('tab', { name: arabic['cxc-peers-tab-share'] }).click();
    await expect.poll(() => sharer.page.url()).toContain('direction=share');
    await expect
      .poll(() => sharer.page.getByRole('link', { name: 'Learning Member', exact: true }).isVisible())
      .toBe(true);
    expect(await sharer.page.getByText(arabic['cxc-peers-same-learns']!).first().isVisible()).toBe(true);
    expect(await sharer.page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await accessibilityViolations(sharer.page)).toEqual([]);
    await screenshot(sharer.page, 'peers-ar-360');
    await sharer.page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(sharer.page, 'peers-ar-1280');
    await sharer.context.close();
  });
});
