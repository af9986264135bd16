import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startApp, type RunningApp } from './app-server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** Flags this machine needs: no sandbox as root, and no background calls to Google's hosts. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and failed or foreign requests seen so far. */
  readonly problems: string[];
}

/**
 * A fresh browser context whose page records console errors, page errors and every request to a
 * host other than the app's own (the app must make none).
 */
export async function openWatchedPage(
  browser: Browser,
  appUrl: string,
  options: { width?: number; locale?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const appOrigin = new URL(appUrl).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(appOrigin) && !url.startsWith('data:')) problems.push(`request to another host: ${url}`);
  });
  return { page, context, problems };
}

export async function accessibilityViolations(page: Page): Promise<string[]> {
  // The app renders after its code, messages and session have arrived, which `goto` does not wait for:
  // check the rendered page (every page has a level-one heading). A page that never shows one is still
  // checked, so axe names the missing heading instead of the test timing out.
  await page.waitForLoadState('networkidle');
  await page
    .locator('h1')
    .first()
    .waitFor({ state: 'attached', timeout: 5000 })
    .catch(() => undefined);
  // A message fading in has, for a moment, too little contrast: check the settled page.
  // A function, not a string: the page's CSP (rightly) forbids eval.
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running'),
  );
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The page's globals, for functions that run in the page (the tests' own TypeScript knows no DOM). */
interface PageRoot {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

/** Screenshots at 1280 and 360 px (`<name>-1280`, `<name>-360`), after checking that nothing sticks out sideways. */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await expect
      .poll(() =>
        page.evaluate(() => {
          const root = (globalThis as unknown as PageRoot).document.documentElement;
          return root.scrollWidth <= root.clientWidth;
        }),
      )
      .toBe(true);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const arabic = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../i18n/ar.json'), 'utf8')) as Record<
  string,
  string
>;
/** An Arabic message, or its key while it waits for its translation (the interface then shows the key). */
export const ar = (key: string): string => arabic[key] ?? key;

/**
 * For a test file: one app (started as `npm start` does) and one browser, shared by its tests and
 * stopped after them. Read `.app` and `.browser` inside tests, once `beforeAll` has run.
 */
export function useAppAndBrowser(env: () => Record<string, string> = () => ({})): {
  readonly app: RunningApp;
  readonly browser: Browser;
} {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp(env());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app() {
      if (!app) throw new Error('The app is not started yet');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('The browser is not started yet');
      return browser;
    },
  };
}

/** The label of the option a `<select>` shows. */
export function selectedLabel(select: Locator): Promise<string | undefined> {
  // Runs in the page; typed loosely, as the test's own code does not see the browser's DOM types.
  return select.evaluate((element: { selectedOptions: ArrayLike<{ text: string }> }) =>
    element.selectedOptions[0]?.text.trim(),
  );
}
