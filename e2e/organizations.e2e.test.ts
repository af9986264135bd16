import { describe, expect, test } from 'vitest';
import { accessibilityViolations, openWatchedPage, screenshot } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { standIn, running, signIn, cxc } = useAppWithWikimediaMembers();

describe('organizations in the browser', () => {
  test('an imported affiliate is claimed, edited and offers a capacity', async () => {
    expect(cxc('import', 'affiliates').stdout).toContain('186 new');

    const visitor = await openWatchedPage(running.browser, running.app.url, { width: 360 });
    await visitor.page.goto(`${running.app.url}/organizations`);
    await visitor.page.getByRole('checkbox', { name: 'Chapter' }).check();
    await visitor.page.getByRole('searchbox', { name: 'Name or acronym' }).fill('argentina');
    await expect.poll(() => visitor.page.getByRole('link', { name: 'Wikimedia Argentina' }).isVisible()).toBe(true);
    expect(visitor.page.url()).toContain('type=chapter');
    expect(await accessibilityViolations(visitor.page)).toEqual([]);
    await screenshot(visitor.page, 'organizations-en-360');
    expect(visitor.problems).toEqual([]);
    await visitor.context.close();

    const member = await signIn('6001', 'Argentine Volunteer', { width: 1280 });
    await member.page.goto(`${running.app.url}/organizations/wikimedia-argentina`);
    await member.page
      .getByRole('textbox', { name: 'Your role in the organization' })
      .fill('I coordinate the education programme.');
    await member.page.getByRole('button', { name: 'Ask to manage' }).click();
    await expect.poll(() => member.page.getByText('Your request is waiting for an admin.').isVisible()).toBe(true);

    const admin = await signIn('6002', 'Directory Admin', { width: 1280 });
    cxc('user', 'grant', 'Directory Admin', 'admin');
    await admin.page.goto(`${running.app.url}/admin/manager-requests`);
    await admin.page.getByRole('button', { name: 'Make manager' }).click();
    await expect.poll(() => admin.page.getByText('The member now manages the organization.').isVisible()).toBe(true);
    await admin.context.close();

    await member.page.goto(`${running.app.url}/organizations/wikimedia-argentina/edit`);
    await member.page.getByRole('textbox', { name: 'Website (https://...)' }).fill('https://wikimedia.org.ar');
    await member.page.getByRole('button', { name: 'Save Details' }).click();
    await expect.poll(() => member.page.getByText('Saved.').first().isVisible()).toBe(true);
    await member.page.getByRole('searchbox', { name: 'Filter capacities' }).fill('edit-a-thons');
    await member.page.getByRole('button', { name: 'Add Edit-a-thons to Offers' }).click();
    await member.page.getByRole('button', { name: 'Save Capacities' }).click();
    await expect.poll(() => member.page.getByText('Saved.').count()).toBe(2);
    expect(await accessibilityViolations(member.page)).toEqual([]);
    await screenshot(member.page, 'organization-edit-en-1280');

    await member.page.goto(`${running.app.url}/profile/edit`);
    await member.page.getByRole('searchbox', { name: 'Name or acronym of an organization' }).fill('argentina');
    await member.page.getByRole('button', { name: 'Find', exact: true }).click();
    await member.page.getByRole('button', { name: 'Add Wikimedia Argentina' }).click();
    await member.page.getByRole('button', { name: 'Save Organizations' }).click();
    await expect.poll(() => member.page.getByText('Saved.').first().isVisible()).toBe(true);
    await member.page.goto(`${running.app.url}/organizations/wikimedia-argentina`);
    await expect.poll(() => member.page.getByRole('heading', { name: 'Members' }).isVisible()).toBe(true);
    expect(await member.page.getByRole('link', { name: 'Argentine Volunteer', exact: true }).isVisible()).toBe(true);
    await member.context.close();

    const reader = await openWatchedPage(running.browser, running.app.url, { locale: 'ar', width: 1280 });
    await reader.page.goto(`${running.app.url}/organizations/wikimedia-argentina`);
    await expect
      .poll(() => reader.page.getByRole('heading', { name: 'تقدّم' }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await reader.page.getByText('ماراثونات التحرير').isVisible()).toBe(true);
    expect(await reader.page.getByRole('heading', { name: 'سجل الإدارة' }).count()).toBe(0);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'organization-ar-1280');
    await reader.context.close();
  });
});

describe('adding an organization', () => {
  test('shows look-alikes first, then creates it with its creator as manager', async () => {
    const { page, context, problems } = await signIn('6101', 'Founding Member', { width: 360, locale: 'ar' });
    await page.goto(`${running.app.url}/organizations/new`);
    await page.getByRole('textbox', { name: 'الاسم' }).fill('Armenian Wikimedians');
    await expect.poll(() => page.getByRole('link', { name: 'Wikimedia Armenia' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'organization-new-ar-360');
    await page.getByRole('textbox', { name: 'الاسم' }).fill('Wiki Loves Deserts Collective');
    await page.getByRole('button', { name: 'أضف المنظمة' }).click();
    await page.waitForURL(/\/organizations\/wiki-loves-deserts-collective\/edit$/);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'تعديل المنظمة' }).isVisible()).toBe(true);
    expect(problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await context.close();
  });
});
