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
    await expect.poll(() => reader.page.getByRole('link', { name: 'Sharing Member' }).isVisible()).toBe(true);
    expect(reader.page.url()).toContain('q=');
    expect(await reader.page.getByText('يمكنه المشاركة: إعداد الميزانية').isVisible()).toBe(true);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'search-ar-360');
    await reader.context.close();

    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    await page.goto(`${running.app.url}/search?q=wikimedia&type=organization`);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/results/);
    await page.getByRole('checkbox', { name: /^Chapter \(\d+\)$/ }).check();
    await expect.poll(() => page.url()).toContain('orgType=chapter');
    await screenshot(page, 'search-en-1280');
    const followedCounted = page.waitForResponse((response) => response.url().endsWith('/api/search/followed'));
    await page.getByRole('link', { name: 'Wikimedia Argentina' }).click();
    expect((await followedCounted).status()).toBe(204);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Wikimedia Argentina' }).isVisible()).toBe(true);
    await page.goBack();
    await expect.poll(() => page.getByRole('checkbox', { name: /^Chapter/ }).isChecked()).toBe(true);
    expect(problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await context.close();
  });
});
