import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { accessibilityViolations, ar, screenshot, shoot, type WatchedPage } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, standIn } = useAppWithWikimediaMembers();

/** Gives a member a profile address and capacities, through the profile editor as a member would. */
async function fillProfile(
  page: Page,
  handle: string,
  capacities: { name: string; list: 'Can share' | 'Wants to learn' }[],
): Promise<void> {
  await page.goto(`${running.app.url}/profile/edit`);
  await page.getByRole('textbox', { name: 'Profile address' }).fill(handle);
  await page.getByRole('button', { name: 'Save About' }).click();
  await expect.poll(() => page.getByText('Saved.').first().isVisible()).toBe(true);
  if (capacities.length === 0) return;
  for (const capacity of capacities) {
    await page.getByRole('searchbox', { name: 'Filter capacities' }).fill(capacity.name);
    await page.getByRole('button', { name: `Add ${capacity.name} to ${capacity.list}` }).click();
  }
  await page.getByRole('button', { name: 'Save Capacities' }).click();
  await expect.poll(() => page.getByText('Saved.').count()).toBe(2);
}

/** Problems a page recorded, but for the Meta-Wiki stand-in's own pages. */
/**
 * The page's globals, for functions that run in the page (the tests' own TypeScript knows no DOM).
 * Each such function names them itself: it is sent to the page as source, without this file around it.
 */
interface PageGlobals {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  getComputedStyle(element: unknown): { direction: string };
}

const problemsOf = (watched: WatchedPage) => watched.problems.filter((problem) => !problem.includes(standIn.url));

describe('messages in the browser', () => {
  test('a member finds a peer, sends a request; the peer accepts and replies in Arabic, and the reply arrives live', async () => {
    const answering = await signIn('8002', 'Answering Member', { width: 1280 });
    await fillProfile(answering.page, 'answering-member', [
      { name: 'Budgeting', list: 'Can share' },
      { name: 'Wikidata Query Service', list: 'Wants to learn' },
    ]);

    const asking = await signIn('8001', 'Asking Member', { width: 1280 });
    await fillProfile(asking.page, 'asking-member', [
      { name: 'Budgeting', list: 'Wants to learn' },
      { name: 'Wikidata Query Service', list: 'Can share' },
    ]);
    const a = asking.page;
    const b = answering.page;

    // A finds B among the peers for what A wants to learn, and writes to them.
    await a.getByRole('link', { name: 'Peers for me' }).click();
    await a.getByRole('link', { name: 'Send a message to Answering Member' }).click();
    await expect
      .poll(() => a.getByRole('heading', { level: 1, name: 'Write to' }).textContent())
      .toContain('Answering Member');
    expect(await accessibilityViolations(a)).toEqual([]);
    await a.getByRole('button', { name: 'Send the request' }).click();
    await expect.poll(() => a.getByText('Write something first.').first().isVisible()).toBe(true);
    const request = 'Hello! Could you help me with the **budget** of our edit-a-thon?';
    await a.getByRole('textbox', { name: 'Your message' }).fill(request);
    await expect.poll(() => a.getByText(`${5000 - request.length} characters left`).isVisible()).toBe(true);
    await a.getByRole('button', { name: 'Send the request' }).click();
    await a.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationUrl = a.url();
    await expect.poll(() => a.getByText('Your request is waiting for an answer').isVisible()).toBe(true);
    expect(await a.locator('.cxc-message--mine strong').textContent()).toBe('budget');
    expect(await a.getByRole('textbox', { name: 'Your message' }).count()).toBe(0);

    // B hears of it without reloading: the bell counts it, and lists it.
    const bell = b.getByRole('button', { name: 'Notifications, 1 unread' });
    await expect.poll(() => bell.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await b.locator('[aria-live="polite"]').first().textContent()).toContain('New message request from');
    await bell.click();
    const popover = b.getByRole('dialog', { name: 'Notifications' });
    await expect.poll(() => popover.getByText('New message request').isVisible()).toBe(true);
    expect(await popover.getByText('Asking Member').isVisible()).toBe(true);
    expect(await accessibilityViolations(b)).toEqual([]);
    await screenshot(b, 'bell-en-1280');
    await b.keyboard.press('Escape');
    await expect.poll(() => popover.isVisible()).toBe(false);
    // On a phone the bell is in the menu, and the menu button says that something is unread.
    await b.setViewportSize({ width: 360, height: 740 });
    await b.getByRole('button', { name: 'Menu, one unread notification' }).click();
    await bell.click();
    await expect.poll(() => popover.getByText('New message request').isVisible()).toBe(true);
    expect(await accessibilityViolations(b)).toEqual([]);
    await screenshot(b, 'bell-en-360');
    await popover.getByRole('link', { name: 'See all messages' }).click();
    await b.setViewportSize({ width: 1280, height: 900 });

    // The inbox keeps requests apart from conversations.
    const requests = b.getByRole('region', { name: 'Requests' });
    await expect.poll(() => requests.getByRole('link', { name: 'Asking Member' }).isVisible()).toBe(true);
    expect(await requests.getByText('One request is waiting for your answer.').isVisible()).toBe(true);
    expect(await requests.getByText('One unread message').isVisible()).toBe(true);
    expect(
      await b
        .getByRole('region', { name: 'Conversations' })
        .getByText('You have no conversations yet.', { exact: false })
        .isVisible(),
    ).toBe(true);
    expect(await accessibilityViolations(b)).toEqual([]);
    await shoot(b, 'inbox-request-en');
    await requests.getByRole('link', { name: 'Asking Member' }).click();

    // Who is asking: what they can share (marked where B wants to learn it), then Accept.
    await expect
      .poll(() => b.getByRole('heading', { level: 2, name: 'would like to talk with you' }).isVisible())
      .toBe(true);
    const share = b.getByRole('listitem').filter({ hasText: 'Wikidata Query Service' });
    expect(await share.getByText('You want to learn this').isVisible()).toBe(true);
    const first = b.locator('.cxc-message__text').first();
    expect(await first.getAttribute('lang')).toBe('en');
    expect(await first.getAttribute('dir')).toBe('auto');
    // Opening it marked it read: the bell has nothing unread any more.
    await expect.poll(() => b.getByRole('button', { name: 'Notifications', exact: true }).isVisible()).toBe(true);
    expect(await accessibilityViolations(b)).toEqual([]);
    await shoot(b, 'conversation-request-en');
    await b.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => b.getByRole('textbox', { name: 'Your message' }).isVisible()).toBe(true);

    // A, on the open conversation, sees it accepted without reloading.
    await expect
      .poll(() => a.getByRole('textbox', { name: 'Your message' }).isVisible(), { timeout: 15_000 })
      .toBe(true);

    // B switches to Arabic and replies in Arabic (the language choice follows the interface).
    await b.goto(`${conversationUrl}?uselang=ar`);
    await expect.poll(() => b.locator('html').getAttribute('dir')).toBe('rtl');
    const reply = 'شكرًا على رسالتك! يسعدني أن أساعدك في إعداد الميزانية.';
    await b.getByRole('textbox', { name: ar('cxc-composer-label') }).fill(reply);
    await b.getByRole('button', { name: ar('cxc-composer-send'), exact: true }).click();
    await expect.poll(() => b.getByText(reply).isVisible()).toBe(true);
    expect(await b.getByRole('textbox', { name: ar('cxc-composer-label') }).inputValue()).toBe('');

    // ... and it arrives in A's open conversation, right to left inside the English page.
    const arrived = a.getByText(reply);
    await expect.poll(() => arrived.isVisible(), { timeout: 15_000 }).toBe(true);
    const text = a.locator('.cxc-message__text', { hasText: reply });
    expect(await text.getAttribute('lang')).toBe('ar');
    expect(
      await text.evaluate((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).direction),
    ).toBe('rtl');
    expect(await a.locator('html').getAttribute('dir')).toBe('ltr');

    // A answers in English; B, in Arabic, sees it arrive left to right.
    await a.getByRole('textbox', { name: 'Your message' }).fill('Thank you! Shall we meet on Thursday?');
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    const english = b.locator('.cxc-message__text', { hasText: 'Shall we meet on Thursday?' });
    await expect.poll(() => english.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(
      await english.evaluate((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).direction),
    ).toBe('ltr');

    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'conversation-en');
    expect(await accessibilityViolations(b)).toEqual([]);
    await shoot(b, 'conversation-ar');

    await a.goto(`${running.app.url}/messages`);
    const conversations = a.getByRole('region', { name: 'Conversations' });
    await expect.poll(() => conversations.getByRole('link', { name: 'Answering Member' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await shoot(a, 'inbox-en');

    await b.goto(`${running.app.url}/messages`);
    await expect.poll(() => b.getByRole('link', { name: 'Asking Member' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(b)).toEqual([]);
    await shoot(b, 'inbox-ar');

    expect(problemsOf(asking)).toEqual([]);
    expect(problemsOf(answering)).toEqual([]);
    await answering.context.close();

    // A blocks B from B's profile (after a confirmation), and lifts the block in settings.
    await a.goto(`${running.app.url}/people/answering-member`);
    await expect.poll(() => a.getByRole('link', { name: 'Send a message' }).isVisible()).toBe(true);
    await a.getByRole('button', { name: 'Block', exact: true }).click();
    const dialog = a.getByRole('dialog');
    await expect.poll(() => dialog.getByText('will no longer be able to message you').isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await dialog.getByRole('button', { name: 'Block', exact: true }).click();
    await expect.poll(() => a.getByRole('heading', { level: 1, name: 'Member blocked' }).isVisible()).toBe(true);
    await a.getByRole('link', { name: 'Manage blocked members in your settings' }).click();
    const blocked = a.getByRole('region', { name: 'Blocked members' });
    await expect.poll(() => blocked.getByText('Answering Member').isVisible()).toBe(true);
    expect(await accessibilityViolations(a)).toEqual([]);
    await a.getByRole('button', { name: 'Unblock Answering Member' }).click();
    await expect.poll(() => blocked.getByText('You have not blocked anyone.').isVisible()).toBe(true);
    expect(problemsOf(asking)).toEqual([]);
    await asking.context.close();
  }, 240_000);

  test('a request written from a profile can be declined; the requester hears it at once', async () => {
    const deciding = await signIn('8012', 'Deciding Member', { width: 360 });
    await fillProfile(deciding.page, 'deciding-member', []);
    const curious = await signIn('8011', 'Curious Member', { width: 360 });
    await fillProfile(curious.page, 'curious-member', []);
    const c = curious.page;
    const d = deciding.page;

    await c.goto(`${running.app.url}/people/deciding-member`);
    await c.getByRole('link', { name: 'Send a message' }).click();
    await c.getByRole('textbox', { name: 'Your message' }).fill('Hello, could we talk about mentoring?');
    await c.getByRole('button', { name: 'Send the request' }).click();
    await c.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationUrl = c.url();

    await d.goto(conversationUrl);
    await d.getByRole('button', { name: 'Decline' }).click();
    await d.waitForURL(/\/messages\?declined=1$/);
    await expect.poll(() => d.getByText('You declined the request.').isVisible()).toBe(true);
    expect(await d.getByRole('link', { name: 'Curious Member' }).count()).toBe(0);

    // The requester, still on the conversation, is told without reloading (and by the live region), and
    // cannot write on.
    await expect
      .poll(() => c.getByRole('main').getByText('declined your message request.').isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await c.getByRole('textbox', { name: 'Your message' }).count()).toBe(0);
    expect(await c.getByRole('banner').locator('[aria-live="polite"]').textContent()).toContain('declined');
    await c.goto(`${running.app.url}/messages`);
    const entry = c.getByRole('listitem').filter({ has: c.getByRole('link', { name: 'Deciding Member' }) });
    await expect.poll(() => entry.getByText('Declined').isVisible()).toBe(true);
    // Asking again within 30 days is refused, with the server's own sentence.
    await c.goto(`${running.app.url}/messages/new?to=deciding-member`);
    await c.getByRole('textbox', { name: 'Your message' }).fill('Please?');
    await c.getByRole('button', { name: 'Send the request' }).click();
    await expect
      .poll(() => c.getByRole('alert').getByText('This member declined your message request.').isVisible())
      .toBe(true);
    expect(await c.getByRole('textbox', { name: 'Your message' }).inputValue()).toBe('Please?');
    expect(await accessibilityViolations(c)).toEqual([]);
    // The refused request (429) is the only expected console entry.
    expect(problemsOf(curious).filter((problem) => !problem.includes('429'))).toEqual([]);
    expect(problemsOf(deciding)).toEqual([]);
    await curious.context.close();
    await deciding.context.close();
  }, 180_000);

  test('a member writes to an organization from its page; its manager answers as the organization', async () => {
    const manager = await signIn('8005', 'Managing Member', { width: 1280 });
    const m = manager.page;
    // The member who creates an organization manages it.
    const created = await m.request.post(`${running.app.url}/api/organizations`, {
      headers: { origin: running.app.url },
      data: { names: [{ language: 'en', name: 'Wikimedia Browserland' }], acronym: 'WMBL', type: 'chapter' },
    });
    expect(created.status()).toBe(201);
    const { slug } = (await created.json()) as { slug: string };

    const writer = await signIn('8006', 'Writing Member', { width: 360 });
    const w = writer.page;
    await w.goto(`${running.app.url}/organizations/${slug}`);
    await w.getByRole('link', { name: 'Send a message' }).click();
    await expect.poll(() => w.getByRole('heading', { level: 1 }).textContent()).toContain('Wikimedia Browserland');
    await w.getByRole('textbox', { name: 'Your message' }).fill('Do you run training for new editors?');
    await w.getByRole('button', { name: 'Send', exact: true }).click();
    await w.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationUrl = w.url();

    // The manager sees it in their inbox, named after the member and the organization, and answers.
    await m.goto(`${running.app.url}/messages`);
    await m.getByRole('link', { name: /Writing Member.*Wikimedia Browserland/ }).click();
    await m.getByRole('textbox', { name: 'Your message' }).fill('Yes: every first Saturday.');
    await m.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => m.getByText('You, as').first().isVisible()).toBe(true);
    expect(await accessibilityViolations(m)).toEqual([]);
    await shoot(m, 'conversation-organization-manager-en');

    // The member reads the answer as the organization's, live.
    await expect
      .poll(() => w.locator('.cxc-message--theirs .cxc-message__author').first().textContent(), { timeout: 15_000 })
      .toContain('Wikimedia Browserland');
    expect(w.url()).toBe(conversationUrl);
    expect(await accessibilityViolations(w)).toEqual([]);
    await shoot(w, 'conversation-organization-en');
    await w.goto(`${conversationUrl}?uselang=ar`);
    await expect.poll(() => w.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => w.getByText('Yes: every first Saturday.').isVisible()).toBe(true);
    expect(await accessibilityViolations(w)).toEqual([]);
    await shoot(w, 'conversation-organization-ar');
    expect(problemsOf(manager)).toEqual([]);
    expect(problemsOf(writer)).toEqual([]);
    await manager.context.close();
    await writer.context.close();
  }, 180_000);
});
