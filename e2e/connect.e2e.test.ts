import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SmtpCapture, type CapturedMail } from '../src/server/test-support/smtp-capture';
import {
  accessibilityViolations,
  ar,
  openWatchedPage,
  selectedLabel,
  shoot,
  useAppAndBrowser,
} from './support/browser';

/** A real SMTP server in the test: the app mails it, the test reads the links in the mails. */
const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});
const running = useAppAndBrowser(() => ({ SMTP_URL: smtp.url, JOB_POLL_MS: '100' }));

/** The link of a mail that opens `path` (`/verify`, `/invitation`, `/unsubscribe`), pointed at the test's app. */
function linkIn(mail: CapturedMail, path: string): string {
  const found = new RegExp(`https?://\\S+?${path}#token=\\S+`).exec(mail.text)?.[0];
  if (!found) throw new Error(`No ${path} link in: ${mail.text}`);
  return found.replace(/^https?:\/\/[^/]+/, running.app.url);
}

async function nextMail(to: string, after: number, subject: RegExp): Promise<CapturedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = smtp.messages.slice(after).find((mail) => mail.to === to && subject.test(mail.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} matching ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Creates an account from the sign-up page and confirms it from the mail; leaves the page at the first-sign-in step. */
async function signUp(page: Page, email: string): Promise<void> {
  const before = smtp.messages.length;
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(email);
  await page.getByLabel('Password').fill('mangoes under a violet umbrella');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Check your e-mail' }).isVisible()).toBe(true);
  const mail = await nextMail(email, before, /./);
  await page.goto(linkIn(mail, '/verify'));
  await expect.poll(() => page.getByRole('heading', { name: 'Welcome' }).isVisible()).toBe(true);
}

async function welcome(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Display name' }).fill(name);
  await page.getByRole('checkbox', { name: 'I will follow the Universal Code of Conduct.' }).check();
  await page.getByRole('checkbox', { name: 'I have read the privacy notice.' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Gives a member a profile address and one capacity they can share, as a member would. */
async function fillProfile(page: Page, handle: string, capacity: string): Promise<void> {
  await page.goto(`${running.app.url}/profile/edit`);
  await page.getByRole('textbox', { name: 'Profile address' }).fill(handle);
  await page.getByRole('button', { name: 'Save About' }).click();
  await expect.poll(() => page.getByText('Saved.').first().isVisible()).toBe(true);
  await page.getByRole('searchbox', { name: 'Filter capacities' }).fill(capacity);
  await page.getByRole('button', { name: `Add ${capacity} to Can share` }).click();
  await page.getByRole('button', { name: 'Save Capacities' }).click();
  await expect.poll(() => page.getByText('Saved.').count()).toBe(2);
}

/** Makes every follow-up that waits for its two weeks due now (the job queue then opens it). */
function makeFollowUpsDue(): void {
  const db = new Database(running.app.databaseUrl);
  try {
    db.prepare(`update jobs set run_at = 0 where kind = 'follow-up'`).run();
  } finally {
    db.close();
  }
}

describe('connecting in the browser', () => {
  test('e-mail settings, an invitation accepted by a new member, stopping mails, and the follow-up', async () => {
    const inviterEmail = `inviter.${Date.now()}@example.org`;
    const inviteeEmail = `colleague.${Date.now()}@example.org`;

    // The inviter joins, with a skill they can share.
    const inviter = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    const a = inviter.page;
    await a.goto(`${running.app.url}/sign-up`);
    await signUp(a, inviterEmail);
    await welcome(a, 'Inviting Member');
    await a.waitForURL(`${running.app.url}/welcome/profile`);
    await fillProfile(a, 'inviting-member', 'Budgeting');

    // E-mail settings: "Request accepted" at once, with the text in mails; kept after a reload.
    await a.goto(`${running.app.url}/settings#notifications`);
    const settings = a.locator('#notifications');
    await expect.poll(() => settings.getByRole('heading', { name: 'E-mail notifications' }).isVisible()).toBe(true);
    expect(await selectedLabel(settings.getByRole('combobox', { name: 'Request accepted' }))).toBe('In a daily digest');
    const includeText = settings.getByRole('checkbox', { name: 'Put the message’s text in mails' });
    expect(await includeText.isChecked()).toBe(false);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'settings-notifications-en');
    await settings.getByRole('combobox', { name: 'Request accepted' }).selectOption({ label: 'At once' });
    await includeText.check();
    await settings.getByRole('button', { name: 'Save E-mail notifications' }).click();
    await expect.poll(() => settings.getByText('Saved.').isVisible()).toBe(true);
    await a.reload();
    await expect
      .poll(() => selectedLabel(settings.getByRole('combobox', { name: 'Request accepted' })))
      .toBe('At once');
    expect(await includeText.isChecked()).toBe(true);
    await a.goto(`${running.app.url}/settings?uselang=ar#notifications`);
    await expect.poll(() => a.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => settings.getByRole('heading', { level: 2 }).isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'settings-notifications-ar');

    // The inviter invites a colleague from the account menu, in French; an empty note is refused first.
    // (`?uselang=` is remembered: back to English.)
    await a.goto(`${running.app.url}/?uselang=en`);
    // The page first in English, so that the menu is not opened before the language switch redraws it.
    await expect.poll(() => a.getByRole('heading', { level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    await a.getByRole('button', { name: 'Account menu of Inviting Member' }).click();
    await a.getByRole('link', { name: 'Invite a colleague' }).click();
    await expect.poll(() => a.getByRole('heading', { level: 1, name: 'Invite a colleague' }).isVisible()).toBe(true);
    await expect.poll(() => a.getByText('You have not invited anyone yet.').isVisible()).toBe(true);
    await a.getByRole('textbox', { name: 'Your colleague’s e-mail address' }).fill(inviteeEmail);
    await a.getByRole('button', { name: 'Send the invitation' }).click();
    await expect.poll(() => a.getByRole('alert').getByText('Your personal note is empty.').isVisible()).toBe(true);
    const note = 'Hello! I found good peers here for our budget questions. Join me?';
    await a.getByRole('textbox', { name: 'Personal note' }).fill(note);
    await expect.poll(() => a.getByText(`${1000 - note.length} characters left`).isVisible()).toBe(true);
    await a.getByRole('combobox', { name: 'Language of the mail' }).selectOption({ label: 'français' });
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'invite-form-en');
    const beforeInvitation = smtp.messages.length;
    await a.getByRole('button', { name: 'Send the invitation' }).click();
    await expect.poll(() => a.getByText('is on its way.').isVisible()).toBe(true);
    expect(await a.getByRole('textbox', { name: 'Personal note' }).inputValue()).toBe('');
    const sentList = a.getByRole('region', { name: 'Invitations you sent' });
    await expect.poll(() => sentList.getByText(inviteeEmail).isVisible()).toBe(true);
    expect(await sentList.getByText('Not accepted yet.').isVisible()).toBe(true);
    expect(await sentList.getByText('français').isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'invite-sent-en');
    await a.goto(`${running.app.url}/invite?uselang=ar`);
    await expect.poll(() => a.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => a.getByText(inviteeEmail).isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'invite-form-ar');
    const invitationMail = await nextMail(inviteeEmail, beforeInvitation, /./);
    expect(invitationMail.text).toContain(note);

    // The colleague, signed out, opens the invitation: what this is, and the way in.
    const invitee = await openWatchedPage(running.browser, running.app.url, { width: 360 });
    const b = invitee.page;
    await b.goto(linkIn(invitationMail, '/invitation'));
    await expect
      .poll(() => b.getByRole('heading', { level: 1, name: 'You are invited to the Capacity Exchange' }).isVisible())
      .toBe(true);
    expect(b.url()).toBe(`${running.app.url}/invitation`);
    expect(await accessibilityViolations(b)).toEqual([]);
    await shoot(b, 'invitation-signed-out-en');
    await b.getByRole('link', { name: 'Create an account' }).click();
    await signUp(b, inviteeEmail);
    // The confirmation link opened the first-sign-in step; once through it, the invitation is back.
    await welcome(b, 'Invited Colleague');
    await b.waitForURL(`${running.app.url}/invitation`);
    await expect.poll(() => b.getByRole('button', { name: 'Accept the invitation' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(b)).toEqual([]);
    await b.getByRole('button', { name: 'Accept the invitation' }).click();
    await b.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationUrl = b.url();
    await expect
      .poll(() => b.getByRole('heading', { level: 2, name: 'would like to talk with you' }).isVisible())
      .toBe(true);
    expect(await b.getByText(note).isVisible()).toBe(true);
    // Used: the invitation no longer waits in the browser.
    await b.goto(`${running.app.url}/invitation`);
    await expect
      .poll(() => b.getByText('the link you followed has no invitation code in it', { exact: false }).isVisible())
      .toBe(true);
    await b.goto(conversationUrl);
    await b.getByRole('button', { name: 'Accept' }).click();
    const beforeAccepted = smtp.messages.length;
    await b.getByRole('textbox', { name: 'Your message' }).fill('Thank you for inviting me! Yes, gladly.');
    await b.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => b.getByText('Thank you for inviting me!').isVisible()).toBe(true);

    await a.goto(`${running.app.url}/invite?uselang=en`);
    await expect.poll(() => sentList.getByText('Accepted.').isVisible()).toBe(true);
    expect(await sentList.getByText('Address forgotten').isVisible()).toBe(true);

    // "Request accepted" mails the inviter at once (their choice); its link stops it, signed out.
    const accepted = await nextMail(inviterEmail, beforeAccepted, /accepted/);
    const stopLink = linkIn(accepted, '/unsubscribe');
    const outsider = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    const o = outsider.page;
    await o.goto(`${stopLink.replace('/unsubscribe#', '/unsubscribe?uselang=ar#')}`);
    await expect.poll(() => o.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => o.getByRole('button', { name: ar('cxc-unsubscribe-submit') }).isVisible()).toBe(true);
    expect(await accessibilityViolations(o)).toEqual([]);
    await shoot(o, 'unsubscribe-ar');
    await o.goto(stopLink.replace('/unsubscribe#', '/unsubscribe?uselang=en#'));
    await expect.poll(() => o.getByRole('button', { name: 'Stop these e-mails' }).isVisible()).toBe(true);
    expect(o.url()).toBe(`${running.app.url}/unsubscribe?uselang=en`);
    expect(await accessibilityViolations(o)).toEqual([]);
    await shoot(o, 'unsubscribe-en');
    await o.getByRole('button', { name: 'Stop these e-mails' }).click();
    const done = o.getByRole('status');
    await expect.poll(() => done.getByText('You will no longer get this kind of e-mail:').isVisible()).toBe(true);
    expect(await done.getByRole('listitem').allTextContents()).toEqual(['Request accepted']);
    expect(await accessibilityViolations(o)).toEqual([]);
    await shoot(o, 'unsubscribe-done-en');
    // A link works once.
    await o.goto(stopLink);
    await o.getByRole('button', { name: 'Stop these e-mails' }).click();
    await expect
      .poll(() => o.getByRole('alert').getByText('This link has expired or has already been used.').isVisible())
      .toBe(true);
    expect(await o.getByRole('link', { name: 'Choose which e-mails you get in your settings' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(o)).toEqual([]);
    await shoot(o, 'unsubscribe-refused-en');
    // The refused link (400) is the only expected console entry.
    expect(outsider.problems.filter((problem) => !problem.includes('400'))).toEqual([]);
    await outsider.context.close();
    await a.goto(`${running.app.url}/settings#notifications`);
    await expect.poll(() => selectedLabel(settings.getByRole('combobox', { name: 'Request accepted' }))).toBe('Never');

    // Two weeks later (moved in the database), each is asked once how the exchange went.
    makeFollowUpsDue();
    const card = a.getByRole('region', { name: 'Did your exchange with' });
    await expect
      .poll(
        async () => {
          await a.goto(`${running.app.url}/`);
          await a.getByRole('heading', { level: 1 }).waitFor();
          await a.waitForLoadState('networkidle');
          return card.isVisible();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    expect(await card.getByRole('heading').textContent()).toContain('Invited Colleague');
    expect(await card.getByRole('group', { name: 'What did you share?' }).getByRole('checkbox').count()).toBe(1);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'follow-up-en');
    await a.goto(`${running.app.url}/?uselang=ar`);
    await expect.poll(() => a.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => a.locator('.cxc-follow-up').isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'follow-up-ar');

    await a.goto(`${running.app.url}/?uselang=en`);
    await expect.poll(() => card.isVisible()).toBe(true);
    await card.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => card.getByText('Choose how much it helped.').first().isVisible()).toBe(true);
    await card.getByRole('radio', { name: 'A lot' }).check();
    await card.getByRole('checkbox', { name: 'Budgeting' }).check();
    await card.getByRole('textbox', { name: 'A note for yourself (optional)' }).fill('Budget talk on Thursdays.');
    await card.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => a.getByText('Thank you for your answer.').isVisible()).toBe(true);
    expect(await card.count()).toBe(0);
    await a.reload();
    await a.waitForLoadState('networkidle');
    expect(await a.locator('.cxc-follow-up').count()).toBe(0);

    // The colleague sees theirs at the top of the inbox, and declines to answer, for good.
    await b.goto(`${running.app.url}/messages`);
    const theirs = b.getByRole('region', { name: 'Did your exchange with' });
    await expect.poll(() => theirs.isVisible()).toBe(true);
    expect(await theirs.getByRole('group', { name: 'What did you learn?' }).getByText('Budgeting').isVisible()).toBe(
      true,
    );
    expect(await accessibilityViolations(b)).toEqual([]);
    await shoot(b, 'follow-up-inbox-en');
    await theirs
      .getByRole('button', { name: 'Not now, don’t ask again about the exchange with Inviting Member' })
      .click();
    await expect.poll(() => b.getByText('We will not ask about this exchange again.').isVisible()).toBe(true);
    await b.reload();
    await expect.poll(() => b.getByRole('region', { name: 'Requests' }).isVisible()).toBe(true);
    expect(await b.locator('.cxc-follow-up').count()).toBe(0);

    // The refused empty note (400) is the inviter's only expected console entry.
    expect(inviter.problems.filter((problem) => !problem.includes('400'))).toEqual([]);
    expect(invitee.problems).toEqual([]);
    await inviter.context.close();
    await invitee.context.close();
  }, 300_000);
});
