import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { WikimediaStandIn } from '../../src/server/test-support/wikimedia-standin';
import { ar, openWatchedPage, useAppAndBrowser, type WatchedPage } from './browser';

/**
 * For a test file: the app wired to a Meta-Wiki stand-in, a browser, a way to sign new members in
 * through it (accepting the texts), and the `cxc` command on the app's database.
 */
export function useAppWithWikimediaMembers() {
  const standIn = new WikimediaStandIn();
  beforeAll(async () => {
    await standIn.start();
  });
  afterAll(async () => {
    await standIn.stop();
  });
  const running = useAppAndBrowser(() => ({
    WIKIMEDIA_OAUTH_URL: standIn.url,
    WIKIMEDIA_CLIENT_ID: standIn.clientId,
    WIKIMEDIA_CLIENT_SECRET: standIn.clientSecret,
  }));

  /**
   * Signs a new member in and through the first-sign-in step; then past the first-profile step
   * with "Skip for now" (on the home page), or, with `firstProfile: 'stay'`, left at that step.
   */
  async function signIn(
    sub: string,
    username: string,
    options: { width?: number; locale?: string; firstProfile?: 'skip' | 'stay' } = {},
  ): Promise<WatchedPage> {
    standIn.currentUser = { sub, username, editcount: 10, registered: '20200101000000', blocked: false };
    const watched = await openWatchedPage(running.browser, running.app.url, options);
    await watched.page.goto(`${running.app.url}/api/auth/wikimedia/start`);
    await watched.page.getByRole('button', { name: 'Allow' }).click();
    await watched.page.waitForURL(/\/welcome$/);
    await watched.page.getByRole('checkbox').first().check();
    await watched.page.getByRole('checkbox').nth(1).check();
    await watched.page.locator('form button[type=submit]').click();
    await watched.page.waitForURL(`${running.app.url}/welcome/profile`);
    if (options.firstProfile === 'stay') return watched;
    const skip = options.locale?.startsWith('ar') ? ar('cxc-first-profile-skip') : 'Skip for now';
    await watched.page.getByRole('link', { name: skip }).first().click();
    await watched.page.waitForURL(`${running.app.url}/`);
    return watched;
  }

  const cxc = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/cxc.js', ...args], {
      env: { ...process.env, DATABASE_URL: running.app.databaseUrl },
      encoding: 'utf8',
    });

  return { standIn, running, signIn, cxc };
}
