import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SmtpCapture } from '../src/server/test-support/smtp-capture';
import { WikimediaStandIn } from '../src/server/test-support/wikimedia-standin';
import { accessibilityViolations, ar, openWatchedPage, screenshot, useAppAndBrowser } from './support/browser';

const smtp = new SmtpCapture();
const standIn = new WikimediaStandIn();
beforeAll(async () => {
  await smtp.start();
  await standIn.start();
});
afterAll(async () => {
  await smtp.stop();
  await standIn.stop();
});

const running = useAppAndBrowser(() => ({
  SMTP_URL: smtp.url,
  WIKIMEDIA_OAUTH_URL: standIn.url,
  WIKIMEDIA_CLIENT_ID: standIn.clientId,
  WIKIMEDIA_CLIENT_SECRET: standIn.clientSecret,
  JOB_POLL_MS: '100',
}));

/** The stand-in's own pages are the only other host these tests may reach. */
const foreignRequests = (problems: string[]) => problems.filter((problem) => !problem.includes(standIn.url));

describe('accounts in the browser', () => {
  test('signs up, confirms from the e-mail, accepts the texts, signs out and back in', async () => {
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 360 });
    const email = `browser.${Date.now()}@example.org`;
    const password = 'mangoes under a violet umbrella';

    await page.goto(`${running.app.url}/sign-up`);
    await page.getByRole('textbox', { name: 'E-mail address' }).fill(email);
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByText('This password is too common: choose a rarer one.').first().isVisible())
      .toBe(true);
    await screenshot(page, 'sign-up-error-en-360');
    expect(await page.getByRole('textbox', { name: 'E-mail address' }).inputValue()).toBe(email);

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Check your e-mail' }).isVisible()).toBe(true);

    const mail = await smtp.nextTo(email);
    const link = /(http\S+\/verify#token=\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^http:\/\/[^/]+/, running.app.url));
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome' }).isVisible()).toBe(true);
    expect(page.url()).not.toContain('token');

    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByText('You need to accept this to take part.').first().isVisible()).toBe(true);
    await page.getByRole('textbox', { name: 'Display name' }).fill('Browser Person');
    await page.getByRole('checkbox', { name: 'I will follow the Universal Code of Conduct.' }).check();
    await page.getByRole('checkbox', { name: 'I have read the privacy notice.' }).check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'welcome-en-360');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Next comes the first profile (e2e/first-profile.e2e.test.ts), which can wait.
    await expect.poll(() => page.url()).toBe(`${running.app.url}/welcome/profile`);
    await page.getByRole('link', { name: 'Skip for now' }).first().click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/`);

    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Account menu of Browser Person' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('textbox', { name: 'E-mail address' }).fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Account menu of Browser Person' }).click();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Settings' }).isVisible()).toBe(true);
    expect(await page.getByText(email).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'settings-en-360');
    // The two refused submissions above (a common password, unticked boxes) are the only 400s allowed.
    expect(problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);
    expect(problems.filter((problem) => problem.includes('status of 400'))).toHaveLength(2);
    await context.close();
  });

  test('signs in with a Wikimedia account through Meta-Wiki (stand-in), in Arabic', async () => {
    standIn.currentUser = {
      sub: '777',
      username: 'مستخدم ويكي',
      editcount: 50,
      registered: '20200101000000',
      blocked: false,
    };
    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, {
      locale: 'ar',
      width: 1280,
    });
    await page.goto(`${running.app.url}/sign-in`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-ar-1280');
    await page.getByRole('link', { name: 'سجّل الدخول بحسابك في ويكيميديا' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'أهلًا بك' }).isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'الاسم المعروض' }).inputValue()).toBe('مستخدم ويكي');
    await page.getByRole('checkbox', { name: 'سألتزم بمدونة قواعد السلوك العالمية.' }).check();
    await page.getByRole('checkbox', { name: 'قرأت إشعار الخصوصية.' }).check();
    await screenshot(page, 'welcome-ar-1280');
    await page.getByRole('button', { name: 'متابعة' }).click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/welcome/profile`);
    await page
      .getByRole('link', { name: ar('cxc-first-profile-skip') })
      .first()
      .click();
    await expect.poll(() => page.url()).toBe(`${running.app.url}/`);
    await page.getByRole('button', { name: 'قائمة حساب مستخدم ويكي' }).click();
    await page.getByRole('link', { name: 'الإعدادات', exact: true }).click();
    await expect.poll(() => page.getByText('مرتبط بـ مستخدم ويكي، وقد أكّده ميتا-ويكي.').isVisible()).toBe(true);
    await screenshot(page, 'settings-ar-1280');
    expect(foreignRequests(problems)).toEqual([]);
    await context.close();
  });

  test('says plainly when Wikimedia sign-in is cancelled', async () => {
    const { page, context } = await openWatchedPage(running.browser, running.app.url, { width: 360 });
    await page.goto(`${running.app.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with your Wikimedia account' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.getByText('You cancelled signing in with Wikimedia. Nothing was saved.').isVisible())
      .toBe(true);
    await screenshot(page, 'sign-in-cancelled-en-360');
    await context.close();
  });
});

describe('the members and roles page', () => {
  test('lets an admin find a member and make them a moderator', async () => {
    const { spawnSync } = await import('node:child_process');
    const signInAs = async (sub: string, username: string, width: number, locale = 'en-US') => {
      standIn.currentUser = { sub, username, editcount: 5, registered: '20230101000000', blocked: false };
      const watched = await openWatchedPage(running.browser, running.app.url, { width, locale });
      await watched.page.goto(`${running.app.url}/api/auth/wikimedia/start`);
      await watched.page.getByRole('button', { name: 'Allow' }).click();
      await watched.page.waitForURL(/\/welcome$/);
      await watched.page.getByRole('checkbox').first().check();
      await watched.page.getByRole('checkbox').nth(1).check();
      await watched.page
        .getByRole('button')
        .filter({ hasText: /Continue|متابعة/ })
        .click();
      await watched.page.waitForURL(`${running.app.url}/welcome/profile`);
      await watched.page
        .getByRole('link', { name: locale.startsWith('ar') ? ar('cxc-first-profile-skip') : 'Skip for now' })
        .first()
        .click();
      await watched.page.waitForURL(`${running.app.url}/`);
      return watched;
    };
    const newcomer = await signInAs('9001', 'Future Moderator', 1280);
    await newcomer.context.close();
    const admin = await signInAs('9002', 'Admin Person', 360, 'ar');
    const grant = spawnSync(process.execPath, ['bin/cxc.js', 'user', 'grant', 'Admin Person', 'admin'], {
      env: { ...process.env, DATABASE_URL: running.app.databaseUrl },
      encoding: 'utf8',
    });
    expect(grant.stdout).toContain('is now admin');

    const { page, problems } = admin;
    await page.goto(`${running.app.url}/admin/users`);
    await page
      .getByRole('searchbox', { name: 'ابحث بالاسم أو البريد الإلكتروني أو اسم المستخدم في ويكيميديا' })
      .fill('Future');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('combobox', { name: 'دور Future Moderator' }).selectOption({ label: 'مشرف' });
    await expect.poll(() => page.getByText('دور Future Moderator الآن: مشرف.').isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users-ar-360');
    expect(foreignRequests(problems)).toEqual([]);
    await admin.context.close();
  });

  test('looks like a missing page to a member who is not an admin', async () => {
    const { page, context } = await openWatchedPage(running.browser, running.app.url);
    standIn.currentUser = {
      sub: '9003',
      username: 'Plain Member',
      editcount: 5,
      registered: '20230101000000',
      blocked: false,
    };
    await page.goto(`${running.app.url}/api/auth/wikimedia/start`);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/\/welcome$/);
    await page.goto(`${running.app.url}/admin/users`);
    // Before the first-sign-in step, every page leads back to it.
    await expect.poll(() => page.url()).toBe(`${running.app.url}/welcome`);
    await page.getByRole('checkbox', { name: 'I will follow the Universal Code of Conduct.' }).check();
    await page.getByRole('checkbox', { name: 'I have read the privacy notice.' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${running.app.url}/welcome/profile`);
    await page.goto(`${running.app.url}/admin/users`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Page not found' }).isVisible()).toBe(true);
    expect(await page.getByRole('table').count()).toBe(0);
    await context.close();
  });
});
