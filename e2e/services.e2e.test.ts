import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { accessibilityViolations, ar } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, standIn } = useAppWithWikimediaMembers();

const SHOTS = '/tmp/service-shots';
const EDIT_A_THONS = 84;
const TITLE = 'Edit-a-thon mentoring for new organizers';

/** The page's globals, for functions that run in the page (the tests' own TypeScript knows no DOM). */
interface PageRoot {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

/** Screenshots at 1280 and 360 px into SHOTS, after checking that nothing sticks out sideways. */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const root = (globalThis as unknown as PageRoot).document.documentElement;
            return root.scrollWidth <= root.clientWidth;
          }),
        { message: `${name} at ${width} px is wider than the screen` },
      )
      .toBe(true);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The editor's lower fields come at the reader's first scroll: scroll, and wait for them. */
async function showLowerFields(page: Page, label: string): Promise<void> {
  await page.mouse.wheel(0, 200);
  await page.getByText(label, { exact: true }).first().waitFor();
}

describe('services in the browser', () => {
  test('a member offers one; another finds it by its capacity and kind, asks for it, and the provider reads the request', async () => {
    const provider = await signIn('8101', 'Service Provider', { width: 1280 });
    const { page } = provider;

    // From the member's own profile to the editor.
    await page.goto(`${running.app.url}/profile`);
    await page.getByRole('link', { name: 'Offer a service' }).click();
    await page.waitForURL(/\/services\/new$/);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Offer a service' }).isVisible()).toBe(true);
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
    await page
      .getByRole('textbox', { name: 'Description', exact: true })
      .fill('Two months of **weekly** calls to plan your first edit-a-thon.');
    await page.getByRole('textbox', { name: 'When it is offered (optional)' }).fill('Thursdays, 15:00-16:00 UTC');
    await showLowerFields(page, 'Kind of service');
    await page.getByRole('combobox', { name: 'Kind of service' }).selectOption({ label: 'Mentoring programme' });
    await page.getByRole('combobox', { name: 'Online or in person' }).selectOption({ label: 'Online and in person' });
    await page.getByRole('combobox', { name: 'Cost', exact: true }).selectOption({ label: 'It has a cost' });
    await page.getByRole('textbox', { name: 'What it costs' }).fill('Free for user groups; USD 50 for chapters.');
    await page.getByRole('searchbox', { name: 'Filter capacities' }).fill('edit-a-thons');
    await page
      .locator('.cxc-capacity-tree__row', { hasText: 'Edit-a-thons' })
      .getByRole('button', { name: "Add Edit-a-thons to the service's capacities" })
      .click();
    await page.getByRole('checkbox', { name: 'Sub-Saharan Africa' }).check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots(page, 'service-edit-en');
    await page.getByRole('button', { name: 'Offer the service' }).click();
    await page.waitForURL(/\/services\/[0-9a-f-]{36}$/);
    const address = new URL(page.url()).pathname;
    await expect.poll(() => page.getByRole('heading', { level: 1, name: TITLE }).isVisible()).toBe(true);
    expect(await page.getByText('Mentoring programme · Online and in person').isVisible()).toBe(true);
    expect(await page.getByText('Free for user groups; USD 50 for chapters.').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Service Provider' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Edit-a-thons' }).getAttribute('href')).toBe(
      `/search?capacity=${EDIT_A_THONS}`,
    );
    // Its provider edits it, and does not ask for it.
    expect(await page.getByRole('link', { name: 'Ask for this service' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The page and the editor in Arabic, right to left.
    await page.goto(`${running.app.url}${address}?uselang=ar`);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await shots(page, 'service-ar');
    await page.goto(`${running.app.url}${address}/edit?uselang=ar`);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await showLowerFields(page, ar('cxc-service-field-kind'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots(page, 'service-edit-ar');
    // Back to English for the rest (the choice is kept in a cookie).
    await page.goto(`${running.app.url}${address}?uselang=en`);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');

    const asker = await signIn('8102', 'Service Asker', { width: 1280 });
    const reader = asker.page;
    await reader.goto(`${running.app.url}/search?capacity=${EDIT_A_THONS}`);
    const result = reader.getByRole('link', { name: TITLE });
    await expect.poll(() => result.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await reader.getByText('Service', { exact: true }).isVisible()).toBe(true);
    expect(await reader.getByRole('checkbox', { name: /^Services \(1\)$/ }).isVisible()).toBe(true);
    // The service's own filters: its kind, and how it is given ("both" counts as each).
    expect(await reader.getByRole('checkbox', { name: /^In person \(1\)$/ }).isVisible()).toBe(true);
    await reader.getByRole('checkbox', { name: /^Mentoring programme \(1\)$/ }).check();
    await expect.poll(() => reader.url()).toContain('serviceKind=mentoring-programme');
    await reader.getByRole('checkbox', { name: /^Online \(1\)$/ }).check();
    await expect.poll(() => reader.url()).toContain('serviceFormat=online');
    await expect.poll(() => result.isVisible()).toBe(true);
    expect(await accessibilityViolations(reader)).toEqual([]);
    await result.click();
    await reader.waitForURL(`${running.app.url}${address}`);
    await expect.poll(() => reader.getByRole('heading', { level: 1, name: TITLE }).isVisible()).toBe(true);
    expect(await reader.getByRole('heading', { level: 1 }).locator('bdi').getAttribute('lang')).toBe('en');
    expect(await reader.getByRole('button', { name: 'Report this service' }).isVisible()).toBe(true);
    expect(await reader.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await accessibilityViolations(reader)).toEqual([]);
    await shots(reader, 'service-en');

    // Asking: the composer to the provider, the first message already written.
    await reader.getByRole('link', { name: 'Ask for this service' }).click();
    await reader.waitForURL(/\/messages\/new\?/);
    await expect
      .poll(() => reader.getByRole('heading', { level: 1, name: 'Write to' }).textContent())
      .toContain('Service Provider');
    const message = reader.getByRole('textbox', { name: 'Your message' });
    expect(await message.inputValue()).toBe(
      `Hello! I would like to ask for your service "${TITLE}": ${running.app.url}${address}`,
    );
    expect(await accessibilityViolations(reader)).toEqual([]);
    await reader.getByRole('button', { name: 'Send the request' }).click();
    await reader.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await expect.poll(() => reader.getByText('Your request is waiting for an answer').isVisible()).toBe(true);
    // The page as a member who may ask sees it, in Arabic.
    await reader.goto(`${running.app.url}${address}?uselang=ar`);
    await expect.poll(() => reader.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => reader.getByRole('link', { name: ar('cxc-service-ask') }).isVisible()).toBe(true);
    expect(await accessibilityViolations(reader)).toEqual([]);
    await shots(reader, 'service-ask-ar');
    expect(asker.problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await asker.context.close();

    // The provider finds the request in their inbox, naming the service.
    await page.goto(`${running.app.url}/messages`);
    const requests = page.getByRole('region', { name: 'Requests' });
    await expect.poll(() => requests.getByRole('link', { name: 'Service Asker' }).isVisible()).toBe(true);
    expect(await requests.getByText(`I would like to ask for your service "${TITLE}"`, { exact: false }).count()).toBe(
      1,
    );
    await requests.getByRole('link', { name: 'Service Asker' }).click();
    await expect.poll(() => page.getByText(address, { exact: false }).first().isVisible()).toBe(true);
    // The provider's profile lists the service, with "Offer a service" under it.
    await page.goto(`${running.app.url}/profile`);
    await expect.poll(() => page.getByRole('heading', { name: 'Services' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: TITLE }).getAttribute('href')).toBe(address);
    expect(await page.getByRole('link', { name: 'Add a learning resource' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Offer a service' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shots(page, 'profile-en');
    expect(provider.problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await provider.context.close();
  }, 180_000);
});
