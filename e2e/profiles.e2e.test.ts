import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { accessibilityViolations, ar, openWatchedPage, screenshot } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { standIn, running, signIn, cxc } = useAppWithWikimediaMembers();

async function noRawMessageKeys(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(/cxc-[a-z]/);
}

describe('profiles in the browser', () => {
  test('a member fills a profile; a visitor and another member each see what they may', async () => {
    const owner = await signIn('5001', 'Profile Owner', { width: 360 });
    const { page } = owner;
    await page.goto(`${running.app.url}/profile/edit`);
    await page.getByRole('textbox', { name: 'Profile address' }).fill('e2e-owner');
    await page.getByRole('textbox', { name: 'Pronouns' }).fill('they/them');
    await page.getByRole('textbox', { name: 'About you' }).fill('I help with **grant reports** in Portuguese.');
    await page.getByRole('combobox', { name: 'Who can see: About you' }).selectOption({ label: 'Everyone' });
    await page.getByRole('button', { name: 'Save About' }).click();
    await expect.poll(() => page.getByText('Saved.').first().isVisible()).toBe(true);

    await page.getByRole('searchbox', { name: 'Filter capacities' }).fill('budgeting');
    await page.getByRole('button', { name: 'Add Budgeting to Can share' }).click();
    await page.getByRole('searchbox', { name: 'Filter capacities' }).fill('query service');
    await page.getByRole('button', { name: 'Add Wikidata Query Service to Wants to learn' }).click();
    await page.getByRole('button', { name: 'Save Capacities' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Remove Budgeting' }).count()).toBeGreaterThan(0);

    await page.getByRole('combobox', { name: 'Add a language' }).fill('yorub');
    await expect.poll(() => page.getByRole('listbox', { name: 'Add a language' }).isVisible()).toBe(true);
    await screenshot(page, 'profile-edit-lookup-en-360');
    await page.getByRole('option', { name: /Yorùbá/ }).click();
    await page.getByRole('button', { name: 'Add a language' }).click();
    await page.getByRole('button', { name: 'Save Languages' }).click();

    await page.getByRole('switch', { name: /Show my profile to people who are not signed in/ }).check();
    await page.getByRole('button', { name: 'Save Who sees your profile' }).click();
    await expect.poll(() => page.getByText('Saved.').count()).toBeGreaterThanOrEqual(3);
    expect(await accessibilityViolations(page)).toEqual([]);
    await noRawMessageKeys(page);
    await screenshot(page, 'profile-edit-en-360');

    await page.goto(`${running.app.url}/people/e2e-owner`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Profile Owner' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Can share' }).isVisible()).toBe(true);
    expect(await page.getByText('Budgeting').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Visits to your profile' }).isVisible()).toBe(true);
    await screenshot(page, 'profile-owner-en-360');
    await page.getByRole('button', { name: 'A visitor' }).click();
    await expect
      .poll(() => page.getByText('This is how people who are not signed in see your profile.').isVisible())
      .toBe(true);
    expect(await page.getByText('Budgeting').count()).toBe(0);
    await owner.context.close();

    const visitor = await openWatchedPage(running.browser, running.app.url, { locale: 'ar', width: 1280 });
    await visitor.page.goto(`${running.app.url}/people/e2e-owner`);
    await expect.poll(() => visitor.page.getByText('grant reports').isVisible()).toBe(true);
    expect(await visitor.page.getByRole('heading', { level: 1, name: 'عضو' }).isVisible()).toBe(true);
    expect(await visitor.page.getByText('إعداد الميزانية').count()).toBe(0);
    expect(await visitor.page.getByText('they/them').count()).toBe(0);
    expect(await accessibilityViolations(visitor.page)).toEqual([]);
    await screenshot(visitor.page, 'profile-visitor-ar-1280');
    expect(visitor.problems).toEqual([]);
    await visitor.context.close();

    const other = await signIn('5002', 'Other Member', { locale: 'ar', width: 360 });
    await other.page.goto(`${running.app.url}/people/e2e-owner`);
    await expect.poll(() => other.page.getByText('إعداد الميزانية').isVisible()).toBe(true);
    expect(await other.page.getByText('they/them').isVisible()).toBe(true);
    expect(await other.page.getByRole('heading', { name: 'زيارات ملفك الشخصي' }).count()).toBe(0);
    await noRawMessageKeys(other.page);
    await screenshot(other.page, 'profile-member-ar-360');
    await other.context.close();
  });

  test('shows the editor in Arabic at 1280 px, accessibly', async () => {
    const { page, context, problems } = await signIn('5003', 'محررة الملف', { locale: 'ar', width: 1280 });
    await page.goto(`${running.app.url}/profile/edit`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'تعديل الملف الشخصي' }).isVisible()).toBe(true);
    await page.getByRole('textbox', { name: 'الضمائر' }).fill('<b>هي</b>');
    await page.getByRole('button', { name: 'احفظ «نبذة»' }).click();
    await expect.poll(() => page.getByText('لا يُقبل HTML هنا.').first().isVisible()).toBe(true);
    // The type-ahead list opens under its field, right to left; the arrows and Enter choose from it.
    const addLanguage = page.getByRole('combobox', { name: ar('cxc-profile-add-language') });
    await addLanguage.fill('yor');
    await expect.poll(() => page.getByRole('listbox', { name: ar('cxc-profile-add-language') }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'profile-edit-lookup-ar-1280');
    await addLanguage.press('ArrowDown');
    await addLanguage.press('Enter');
    await expect.poll(() => addLanguage.inputValue()).toBe('Yorùbá');
    expect(await page.getByRole('listbox', { name: ar('cxc-profile-add-language') }).isVisible()).toBe(false);
    expect(await accessibilityViolations(page)).toEqual([]);
    await noRawMessageKeys(page);
    await screenshot(page, 'profile-edit-ar-1280');
    // The refused save (400) and the stand-in's own pages are the only expected entries.
    expect(problems.filter((problem) => !problem.includes('status of 400') && !problem.includes(standIn.url))).toEqual(
      [],
    );
    await context.close();
  });
});

describe('capacity suggestions in the browser', () => {
  test('a member suggests a capacity and an admin adds it in every language', async () => {
    const member = await signIn('5101', 'Suggesting Member', { width: 360 });
    await member.page.goto(`${running.app.url}/profile/edit`);
    await member.page.getByText('Missing a capacity? Suggest one').click();
    await member.page.getByRole('textbox', { name: 'Name of the capacity' }).fill('Podcasting');
    await member.page.getByRole('button', { name: 'Send the suggestion' }).click();
    await expect
      .poll(() => member.page.getByText('Thank you. Your suggestion is waiting for review.').isVisible())
      .toBe(true);
    await expect.poll(() => member.page.getByText('Podcasting: waiting for review').isVisible()).toBe(true);
    await member.context.close();

    const admin = await signIn('5102', 'Suggestion Admin', { width: 1280 });
    cxc('user', 'grant', 'Suggestion Admin', 'admin');
    await admin.page.goto(`${running.app.url}/admin/capacity-suggestions`);
    await expect.poll(() => admin.page.getByRole('heading', { level: 2, name: 'Podcasting' }).isVisible()).toBe(true);
    await admin.page.getByRole('textbox', { name: 'Label in العربية' }).fill('البودكاست');
    await admin.page.getByRole('textbox', { name: 'Label in español' }).fill('Pódcast');
    await admin.page.getByRole('textbox', { name: 'Label in français' }).fill('Baladodiffusion');
    await admin.page.getByRole('textbox', { name: 'Label in português do Brasil' }).fill('Podcast');
    expect(await accessibilityViolations(admin.page)).toEqual([]);
    await screenshot(admin.page, 'admin-suggestions-en-1280');
    await admin.page.getByRole('button', { name: 'Approve and add' }).click();
    await expect.poll(() => admin.page.getByText('“Podcasting” was added to the taxonomy.').isVisible()).toBe(true);
    await admin.page.goto(`${running.app.url}/capacities?uselang=fr`);
    await admin.page.getByRole('searchbox', { name: 'Filtrer les capacités' }).fill('balado');
    await expect.poll(() => admin.page.getByText('Baladodiffusion').isVisible()).toBe(true);
    await admin.context.close();
  });
});
