import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { accessibilityViolations, ar, shoot } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, standIn } = useAppWithWikimediaMembers();

/** The words of the first-profile step, in the two languages the newcomers below use it in. */
const WORDS = {
  en: {
    title: 'Start your profile',
    filter: 'Filter capacities',
    share: (capacity: string) => `Add ${capacity} to Can share`,
    learn: (capacity: string) => `Add ${capacity} to Wants to learn`,
    remove: (name: string) => `Remove ${name}`,
    addLanguage: 'Add a language',
    levelOf: (language: string) => `Level of ${language}`,
    country: 'Your country',
    submit: 'Save and find peers',
    skip: 'Skip for now',
    peers: 'Peers for me',
  },
  ar: {
    title: ar('cxc-first-profile-title'),
    filter: ar('cxc-capacities-filter-label'),
    share: (capacity: string) => ar('cxc-profile-add-shares-named').replace('$1', capacity),
    learn: (capacity: string) => ar('cxc-profile-add-learns-named').replace('$1', capacity),
    remove: (name: string) => ar('cxc-profile-remove-named').replace('$1', name),
    addLanguage: ar('cxc-profile-add-language'),
    levelOf: (language: string) => ar('cxc-profile-level-of').replace('$1', language),
    country: ar('cxc-first-profile-country'),
    submit: ar('cxc-first-profile-submit'),
    skip: ar('cxc-first-profile-skip'),
    peers: ar('cxc-peers-title'),
  },
};
type Words = (typeof WORDS)['en'];

/** What a newcomer answers on the step: capacity names, a language and its level, and a country, as shown. */
interface Answers {
  readonly learn: string;
  readonly share: string;
  readonly language: { typed: string; option: RegExp; label: string; level: string };
  readonly country: { typed: string; option: string };
}

async function addCapacity(page: Page, words: Words, name: string, side: 'share' | 'learn'): Promise<void> {
  await page.getByRole('searchbox', { name: words.filter }).fill(name);
  await page.getByRole('button', { name: words[side](name), exact: true }).click();
  // (A wait, not expect.poll: this also runs in beforeAll.)
  await page.getByRole('button', { name: words.remove(name) }).waitFor();
}

async function answer(page: Page, words: Words, answers: Answers): Promise<void> {
  await addCapacity(page, words, answers.learn, 'learn');
  await addCapacity(page, words, answers.share, 'share');
  await page.getByRole('searchbox', { name: words.filter }).fill('');

  await page.getByRole('combobox', { name: words.addLanguage }).fill(answers.language.typed);
  await page.getByRole('main').getByRole('option', { name: answers.language.option }).first().click();
  await page.getByRole('button', { name: words.addLanguage }).click();
  await page.getByRole('combobox', { name: words.levelOf(answers.language.label) }).selectOption({
    label: answers.language.level,
  });

  await page.getByRole('combobox', { name: words.country }).fill(answers.country.typed);
  await page.getByRole('main').getByRole('option', { name: answers.country.option }).first().click();
}

interface SavedProfile {
  country: string | null;
  languages: { code: string; level: string }[];
  capacities: Record<'knows' | 'shares' | 'learns', { id: number }[]>;
  visibility: Record<string, string>;
}

/** The signed-in member's own profile, as the API gives it to them. */
async function ownProfile(page: Page): Promise<SavedProfile> {
  const response = await page.request.get(`${running.app.url}/api/profile`);
  expect(response.status()).toBe(200);
  return (await response.json()) as SavedProfile;
}

/** The Meta-Wiki stand-in's own pages are the only other host these tests reach. */
const ownProblems = (problems: string[]) => problems.filter((problem) => !problem.includes(standIn.url));

describe('the first-profile step in the browser', () => {
  beforeAll(async () => {
    // Someone to find: shares Budgeting, speaks English and Arabic.
    const peer = await signIn('8001', 'Sharing Peer', { width: 1280, firstProfile: 'stay' });
    const { page } = peer;
    await addCapacity(page, WORDS.en, 'Budgeting', 'share');
    for (const [typed, option] of [
      ['engl', /^English/],
      ['arab', /^العربية/],
    ] as const) {
      await page.getByRole('combobox', { name: 'Add a language' }).fill(typed);
      await page.getByRole('main').getByRole('option', { name: option }).first().click();
      await page.getByRole('button', { name: 'Add a language' }).click();
    }
    await page.getByRole('button', { name: 'Save and find peers' }).click();
    await page.waitForURL(/\/peers\?direction=share$/);
    await peer.context.close();
  });

  test.each([
    {
      language: 'en',
      locale: 'en-US',
      width: 1280,
      answers: {
        learn: 'Budgeting',
        share: 'Wikidata Query Service',
        language: { typed: 'engl', option: /^English/, label: 'English', level: 'native' },
        country: { typed: 'ghan', option: 'Ghana' },
      },
    },
    {
      language: 'ar',
      locale: 'ar-EG',
      width: 360,
      answers: {
        learn: 'إعداد الميزانية',
        share: 'خدمة استعلام ويكي بيانات',
        language: { typed: 'العربية', option: /^العربية/, label: 'العربية', level: 'لغة أم' },
        country: { typed: 'مصر', option: 'مصر' },
      },
    },
  ] as const)(
    'a new member fills the step in $language at $width px, saves, and lands on Peers for me with results',
    async ({ language, locale, width, answers }) => {
      const words = WORDS[language];
      const sub = language === 'en' ? '8101' : '8102';
      const { page, context, problems } = await signIn(sub, `Newcomer ${language}`, {
        width,
        locale,
        firstProfile: 'stay',
      });
      await expect.poll(() => page.getByRole('heading', { level: 1, name: words.title }).isVisible()).toBe(true);
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
      // Nothing asks who may see what here, and nothing counts how complete the profile is.
      expect(await page.getByRole('combobox', { name: /Who can see|من يمكنه/ }).count()).toBe(0);
      expect(await page.locator('main').innerText()).not.toMatch(/%|٪/);
      expect(await page.getByRole('link', { name: words.skip }).first().isVisible()).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await shoot(page, `first-profile-empty-${language}`);

      await answer(page, words, answers);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.setViewportSize({ width: width === 360 ? 1280 : 360, height: 800 });
      expect(await accessibilityViolations(page)).toEqual([]);
      await shoot(page, `first-profile-filled-${language}`);
      expect(await page.locator('main').innerText()).not.toMatch(/cxc-[a-z]/);

      await page.getByRole('button', { name: words.submit }).click();
      await page.waitForURL(`${running.app.url}/peers`);
      await expect.poll(() => page.getByRole('heading', { level: 1, name: words.peers }).isVisible()).toBe(true);
      // The peer who shares what this member wants to learn is suggested at once.
      const budgeting = language === 'en' ? 'Budgeting' : 'إعداد الميزانية';
      await expect
        .poll(() => page.getByRole('heading', { level: 2, name: budgeting }).isVisible(), { timeout: 10_000 })
        .toBe(true);
      expect(await page.getByRole('link', { name: 'Sharing Peer', exact: true }).isVisible()).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await shoot(page, `first-profile-peers-${language}`);

      const saved = await ownProfile(page);
      expect(saved.capacities.learns).toHaveLength(1);
      expect(saved.capacities.shares).toHaveLength(1);
      expect(saved.languages).toEqual([{ code: language === 'en' ? 'en' : 'ar', level: 'N' }]);
      expect(saved.country).toBe(language === 'en' ? 'GH' : 'EG');
      // The editor's defaults: members only.
      expect([saved.visibility.capacities, saved.visibility.languages, saved.visibility.country]).toEqual([
        'members',
        'members',
        'members',
      ]);
      expect(ownProblems(problems)).toEqual([]);
      await context.close();
    },
  );

  test.each([
    { language: 'en', locale: 'en-US', width: 360, capacity: 'Budgeting' },
    { language: 'ar', locale: 'ar-EG', width: 1280, capacity: 'إعداد الميزانية' },
  ] as const)(
    '"Skip for now" in $language at $width px goes home and saves nothing',
    async ({ language, locale, width, capacity }) => {
      const words = WORDS[language];
      const sub = language === 'en' ? '8201' : '8202';
      const { page, context, problems } = await signIn(sub, `Skipper ${language}`, {
        width,
        locale,
        firstProfile: 'stay',
      });
      await expect.poll(() => page.getByRole('heading', { level: 1, name: words.title }).isVisible()).toBe(true);
      // Even with something chosen, skipping neither saves it nor asks about it.
      await addCapacity(page, words, capacity, 'learn');
      page.once('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.getByRole('link', { name: words.skip }).first().click();
      await page.waitForURL(`${running.app.url}/`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await shoot(page, `first-profile-skipped-${language}`);

      const saved = await ownProfile(page);
      expect(saved.capacities).toEqual({ knows: [], shares: [], learns: [] });
      expect(saved.languages).toEqual([]);
      expect(saved.country).toBeNull();
      expect(ownProblems(problems)).toEqual([]);
      await context.close();
    },
  );
});
