import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { formatMessage } from '../src/shared/message-format';
import { accessibilityViolations, ar } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, standIn } = useAppWithWikimediaMembers();

const SHOTS = '/tmp/resource-shots';
const EDIT_A_THONS = 84;

const spanish = JSON.parse(readFileSync(resolve(import.meta.dirname, '../i18n/es.json'), 'utf8')) as Record<
  string,
  string
>;
/** A Spanish message as the page shows it, or its key while it waits for its translation. */
const es = (key: string, ...parameters: string[]): string =>
  spanish[key] ? formatMessage(spanish[key], parameters, 'es') : key;

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
async function showLowerFields(page: Page, authorsLabel: string): Promise<void> {
  await page.mouse.wheel(0, 200);
  await page.getByText(authorsLabel, { exact: true }).first().waitFor();
}

describe('learning resources in the browser', () => {
  test('a member adds one in Spanish; another, in English, finds it by its capacity and opens it', async () => {
    const author = await signIn('8001', 'Resource Author', { width: 1280 });
    const { page } = author;
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'español' });
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('es');

    // From the member's own profile to the editor.
    await page.goto(`${running.app.url}/profile`);
    await page.getByRole('link', { name: es('cxc-resource-add') }).click();
    await page.waitForURL(/\/resources\/new$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: es('cxc-resource-new-title') }).isVisible())
      .toBe(true);
    await page
      .getByRole('textbox', { name: es('cxc-resource-text-title'), exact: true })
      .fill('Cómo organizar un editatón');
    await page
      .getByRole('textbox', { name: es('cxc-resource-text-description'), exact: true })
      .fill('Una guía **paso a paso** para la primera vez.');
    await showLowerFields(page, es('cxc-resource-field-authors'));
    await page.getByRole('textbox', { name: es('cxc-resource-url'), exact: true }).fill('https://example.org/editaton');
    await page.getByRole('searchbox', { name: 'Filtrar capacidades' }).fill('editatones');
    await page
      .locator('.cxc-capacity-tree__row', { hasText: 'Editatones' })
      .getByRole('button', { name: es('cxc-resource-capacity-add-named', 'Editatones') })
      .click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: es('cxc-resource-create') }).click();
    await page.waitForURL(/\/resources\/[0-9a-f-]{36}$/);
    const address = new URL(page.url()).pathname;
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Cómo organizar un editatón' }).isVisible())
      .toBe(true);
    expect(await page.getByRole('link', { name: 'Resource Author' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Editatones' }).getAttribute('href')).toBe(
      `/search?capacity=${EDIT_A_THONS}`,
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    // The editor of what was saved, checked too.
    await page.getByRole('link', { name: es('cxc-resource-edit') }).click();
    await page.waitForURL(/\/edit$/);
    await showLowerFields(page, es('cxc-resource-field-authors'));
    expect(await page.getByRole('textbox', { name: es('cxc-resource-text-title'), exact: true }).inputValue()).toBe(
      'Cómo organizar un editatón',
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    // The editor and the page in Arabic, right to left.
    await page.getByRole('combobox', { name: 'Idioma', exact: true }).selectOption({ label: 'العربية' });
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await showLowerFields(page, ar('cxc-resource-field-authors'));
    await shots(page, 'resource-edit-ar');
    await page.goto(`${running.app.url}${address}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cómo organizar un editatón');
    await shots(page, 'resource-ar');
    // And in English, for the editor.
    await page.goto(`${running.app.url}${address}/edit?uselang=en`);
    await showLowerFields(page, 'Authors');
    await shots(page, 'resource-edit-en');
    expect(author.problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await author.context.close();

    const reader = await signIn('8002', 'English Reader', { width: 1280 });
    await reader.page.goto(`${running.app.url}/search?capacity=${EDIT_A_THONS}`);
    const result = reader.page.getByRole('link', { name: 'Cómo organizar un editatón' });
    await expect.poll(() => result.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await reader.page.getByText('Learning resource', { exact: true }).isVisible()).toBe(true);
    expect(await reader.page.getByRole('checkbox', { name: /^Learning resources \(1\)$/ }).isVisible()).toBe(true);
    // The resource's own filters: its kind, level and licence.
    await reader.page.getByRole('checkbox', { name: /^How-to guide \(1\)$/ }).check();
    await expect.poll(() => reader.page.url()).toContain('resourceKind=how-to');
    expect(await reader.page.getByRole('checkbox', { name: /^CC BY-SA 4\.0 \(1\)$/ }).isVisible()).toBe(true);
    await expect.poll(() => result.isVisible()).toBe(true);
    await result.click();
    await reader.page.waitForURL(`${running.app.url}${address}`);
    await expect
      .poll(() => reader.page.getByRole('heading', { level: 1, name: 'Cómo organizar un editatón' }).isVisible())
      .toBe(true);
    expect(await reader.page.getByRole('heading', { level: 1 }).locator('bdi').getAttribute('lang')).toBe('es');
    expect(await reader.page.getByText('How-to guide').isVisible()).toBe(true);
    expect(await reader.page.getByText('CC BY-SA 4.0').isVisible()).toBe(true);
    expect(await reader.page.getByRole('button', { name: 'Report this learning resource' }).isVisible()).toBe(true);
    expect(await reader.page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await shots(reader.page, 'resource-en');
    // The author's profile lists it.
    await reader.page.getByRole('link', { name: 'Resource Author' }).click();
    await expect.poll(() => reader.page.getByRole('heading', { name: 'Learning resources' }).isVisible()).toBe(true);
    expect(await reader.page.getByRole('link', { name: 'Cómo organizar un editatón' }).getAttribute('href')).toBe(
      address,
    );
    expect(await reader.page.getByRole('link', { name: 'Add a learning resource' }).count()).toBe(0);
    expect(reader.problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await reader.context.close();
  });
});
