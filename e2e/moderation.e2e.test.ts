import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { accessibilityViolations, ar, shoot } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, cxc, standIn } = useAppWithWikimediaMembers();

/** Gives a member a profile address, through the profile editor as a member would. */
async function chooseAddress(page: Page, handle: string): Promise<void> {
  await page.goto(`${running.app.url}/profile/edit`);
  await page.getByRole('textbox', { name: 'Profile address' }).fill(handle);
  await page.getByRole('button', { name: 'Save About' }).click();
  await expect.poll(() => page.getByText('Saved.').first().isVisible()).toBe(true);
}

describe('moderation in the browser', () => {
  test('a member reports a profile; a moderator warns; the member is told, appeals, and another moderator undoes it', async () => {
    const reported = await signIn('9101', 'Reported Member', { width: 1280 });
    await chooseAddress(reported.page, 'reported-member');
    const reporter = await signIn('9102', 'Reporting Member', { width: 1280 });
    const first = await signIn('9103', 'First Moderator', { width: 1280 });
    const second = await signIn('9104', 'Second Moderator', { width: 1280 });
    for (const name of ['First Moderator', 'Second Moderator'])
      expect(cxc('user', 'grant', name, 'moderator').stdout).toContain('is now moderator');

    // The report, from the profile page.
    const r = reporter.page;
    await r.goto(`${running.app.url}/people/reported-member`);
    await r.getByRole('button', { name: 'Report this profile' }).click();
    const dialog = r.getByRole('dialog');
    await expect.poll(() => dialog.getByText('emergency@wikimedia.org').isVisible()).toBe(true);
    await dialog.getByRole('radio', { name: 'Harassment' }).check();
    await dialog.getByRole('textbox', { name: 'What happened?' }).fill('Insulting comments about volunteers.');
    expect(await accessibilityViolations(r)).toEqual([]);
    await shoot(r, 'report-form-en');
    await dialog.getByRole('button', { name: 'Send the report' }).click();
    await expect.poll(() => r.getByText('Thank you for your report', { exact: false }).isVisible()).toBe(true);

    await r.goto(`${running.app.url}/people/reported-member?uselang=ar`);
    await r.getByRole('button', { name: ar('cxc-report-form-title-profile') }).click();
    await expect.poll(() => r.getByRole('dialog').isVisible()).toBe(true);
    expect(await accessibilityViolations(r)).toEqual([]);
    await shoot(r, 'report-form-ar');

    // The first moderator takes it from the queue and warns, with a reason.
    const m = first.page;
    await m.goto(`${running.app.url}/moderation`);
    await expect.poll(() => m.getByRole('link', { name: 'Reported Member' }).first().isVisible()).toBe(true);
    expect(await accessibilityViolations(m)).toEqual([]);
    await shoot(m, 'moderation-queue-en');
    await m.getByRole('link', { name: 'Reported Member' }).first().click();
    await m.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => m.getByText('You have claimed this report.').isVisible()).toBe(true);
    await m.getByRole('radio', { name: 'Warn' }).check();
    await m.getByRole('textbox', { name: 'Reason' }).fill('Please keep comments about volunteers respectful.');
    expect(await accessibilityViolations(m)).toEqual([]);
    await shoot(m, 'report-page-en');
    const reportUrl = m.url();
    await m.getByRole('button', { name: 'Decide', exact: true }).click();
    await expect.poll(() => m.getByText('The report was decided.').isVisible()).toBe(true);

    await m.goto(`${running.app.url}/moderation?uselang=ar`);
    await expect.poll(() => m.getByRole('heading', { level: 1 }).textContent()).toBe(ar('cxc-moderation-page-title'));
    expect(await accessibilityViolations(m)).toEqual([]);
    await shoot(m, 'moderation-queue-ar');
    await m.goto(`${reportUrl}?uselang=ar`);
    await expect
      .poll(() => m.getByText('Please keep comments about volunteers respectful.').first().isVisible())
      .toBe(true);
    expect(await accessibilityViolations(m)).toEqual([]);
    await shoot(m, 'report-page-ar');

    // The member is told, with the reason, and appeals.
    const p = reported.page;
    await p.goto(`${running.app.url}/settings/moderation`);
    await expect.poll(() => p.getByText('Please keep comments about volunteers respectful.').isVisible()).toBe(true);
    expect(await p.getByText('Insulting comments about volunteers.').count()).toBe(0);
    expect(await p.getByText('Reporting Member').count()).toBe(0);
    await p
      .getByRole('textbox', { name: 'Appeal: why should this action be undone?' })
      .fill('I was quoting someone else, not insulting anyone.');
    await p.getByRole('button', { name: 'Send the appeal' }).click();
    await expect.poll(() => p.getByText('Your appeal was sent.', { exact: false }).isVisible()).toBe(true);
    expect(await accessibilityViolations(p)).toEqual([]);
    await shoot(p, 'my-moderation-en');

    // The moderator who acted does not decide it; the second one undoes the warning.
    await m.goto(`${running.app.url}/moderation?uselang=en`);
    await m.getByRole('tab', { name: 'Appeals' }).click();
    await expect
      .poll(() => m.getByText('You took this action, so another moderator decides this appeal.').isVisible())
      .toBe(true);
    const s = second.page;
    await s.goto(`${running.app.url}/moderation`);
    await s.getByRole('tab', { name: 'Appeals' }).click();
    await s.getByRole('radio', { name: 'Overturned' }).check();
    await s.getByRole('textbox', { name: 'Reason' }).fill('The quote was clearly marked.');
    await s.getByRole('button', { name: 'Decide the appeal' }).click();
    await expect.poll(() => s.getByText('The appeal was decided: the action was undone.').isVisible()).toBe(true);

    await p.goto(`${running.app.url}/settings/moderation?uselang=ar`);
    await expect.poll(() => p.getByText('The quote was clearly marked.').isVisible()).toBe(true);
    expect(await accessibilityViolations(p)).toEqual([]);
    await shoot(p, 'my-moderation-ar');

    // The public transparency page counts it (as "fewer than 5").
    await r.goto(`${running.app.url}/transparency?uselang=en`);
    await expect
      .poll(() =>
        r
          .getByText(/fewer than 5/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    expect(await accessibilityViolations(r)).toEqual([]);
    await shoot(r, 'transparency-en');
    await r.goto(`${running.app.url}/transparency?uselang=ar`);
    expect(await accessibilityViolations(r)).toEqual([]);
    await shoot(r, 'transparency-ar');
    // Problems the pages recorded, but for the Meta-Wiki stand-in's own pages.
    for (const watched of [reported, reporter, first, second])
      expect(watched.problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
  });
});
