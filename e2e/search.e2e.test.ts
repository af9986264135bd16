import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accessibilityViolations, ar, openWatchedPage, screenshot, shoot, type WatchedPage } from './support/browser';
import { useAppWithWikimediaMembers } from './support/wikimedia-members';

const { running, signIn, standIn, cxc } = useAppWithWikimediaMembers();

describe('search in the browser', () => {
  test('finds a member by a capacity in Arabic and in English, and opens the profile', async () => {
    const sharer = await signIn('7001', 'Sharing Member', { width: 1280 });
    await sharer.page.goto(`${running.app.url}/profile/edit`);
    await sharer.page.getByRole('textbox', { name: 'Profile address' }).fill('sharing-member');
    await sharer.page.getByRole('button', { name: 'Save About' }).click();
    await expect.poll(() => sharer.page.getByText('Saved.').first().isVisible()).toBe(true);
    await sharer.page.getByRole('searchbox', { name: 'Filter capacities' }).fill('budgeting');
    await sharer.page.getByRole('button', { name: 'Add Budgeting to Can share' }).click();
    await sharer.page.getByRole('button', { name: 'Save Capacities' }).click();
    await expect.poll(() => sharer.page.getByText('Saved.').count()).toBe(2);
    await sharer.context.close();
    const imported = cxc('import', 'affiliates');
    expect(imported.status, imported.stderr).toBe(0);

    const reader = await signIn('7002', 'قارئة', { width: 360, locale: 'ar' });
    await reader.page.goto(`${running.app.url}/search`);
    await reader.page.getByRole('searchbox', { name: 'ابحث عن مهارة أو اسم أو موضوع' }).fill('الميزانية');
    // The first search after the affiliates import loads the index: it may take longer than a second.
    await expect
      .poll(() => reader.page.getByRole('link', { name: 'Sharing Member', exact: true }).isVisible(), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(reader.page.url()).toContain('q=');
    expect(await reader.page.getByText('يمكنه المشاركة: إعداد الميزانية').isVisible()).toBe(true);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'search-ar-360');
    // On a phone the filters open in a dialog, and its main button goes back to the results.
    await reader.page.getByRole('button', { name: 'تضييق النتائج' }).click();
    const dialog = reader.page.getByRole('dialog', { name: 'تضييق النتائج' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await accessibilityViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'search-filters-ar-360');
    await dialog.getByRole('button', { name: 'اعرض نتيجة واحدة' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await reader.context.close();

    const { page, context, problems } = await openWatchedPage(running.browser, running.app.url, { width: 1280 });
    await page.goto(`${running.app.url}/search?q=wikimedia&type=organization`);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/results/);
    await page.getByRole('checkbox', { name: /^Chapter \(\d+\)$/ }).check();
    await expect.poll(() => page.url()).toContain('orgType=chapter');
    await screenshot(page, 'search-en-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.getByRole('button', { name: 'Refine (2 chosen)' }).isVisible()).toBe(true);
    await screenshot(page, 'search-en-360');
    await page.setViewportSize({ width: 1280, height: 800 });
    const followedCounted = page.waitForResponse((response) => response.url().endsWith('/api/search/followed'));
    await page.getByRole('link', { name: 'Wikimedia Argentina' }).click();
    expect((await followedCounted).status()).toBe(204);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Wikimedia Argentina' }).isVisible())
      .toBe(true);
    await page.goBack();
    await expect.poll(() => page.getByRole('checkbox', { name: /^Chapter/ }).isChecked()).toBe(true);
    expect(problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await context.close();
  });

  test('suggests peers for what I want to learn, and who could learn from me, in English and Arabic; a suggestion can be hidden', async () => {
    const learner = await signIn('7101', 'Learning Member', { width: 1280 });
    await learner.page.goto(`${running.app.url}/profile/edit`);
    await learner.page.getByRole('textbox', { name: 'Profile address' }).fill('learning-member');
    await learner.page.getByRole('button', { name: 'Save About' }).click();
    await expect.poll(() => learner.page.getByText('Saved.').first().isVisible()).toBe(true);
    await learner.page.getByRole('searchbox', { name: 'Filter capacities' }).fill('budgeting');
    await learner.page.getByRole('button', { name: 'Add Budgeting to Wants to learn' }).click();
    await learner.page.getByRole('button', { name: 'Save Capacities' }).click();
    await expect.poll(() => learner.page.getByText('Saved.').count()).toBe(2);

    await learner.page.getByRole('link', { name: 'Peers for me' }).click();
    await expect.poll(() => learner.page.getByRole('heading', { level: 2, name: 'Budgeting' }).isVisible()).toBe(true);
    const card = learner.page
      .getByRole('listitem')
      .filter({ has: learner.page.getByRole('link', { name: 'Sharing Member', exact: true }) });
    await expect.poll(() => card.getByText('Can share this').isVisible()).toBe(true);
    expect(await accessibilityViolations(learner.page)).toEqual([]);
    await screenshot(learner.page, 'peers-en-1280');
    await learner.page.getByRole('button', { name: 'Hide Sharing Member from my suggestions' }).click();
    await expect.poll(() => learner.page.getByText('You hid one suggestion.').isVisible()).toBe(true);
    expect(await learner.page.getByRole('link', { name: 'Sharing Member', exact: true }).count()).toBe(0);
    await learner.page.getByRole('button', { name: 'Show them again' }).click();
    await expect
      .poll(() => learner.page.getByRole('link', { name: 'Sharing Member', exact: true }).isVisible())
      .toBe(true);
    await learner.page.setViewportSize({ width: 360, height: 740 });
    await screenshot(learner.page, 'peers-en-360');
    await learner.context.close();

    const arabic = JSON.parse(readFileSync('i18n/ar.json', 'utf8')) as Record<string, string>;
    const sharer = await signIn('7102', 'مشاركة', { width: 360, locale: 'ar' });
    await sharer.page.goto(`${running.app.url}/profile/edit`);
    await sharer.page.getByRole('searchbox', { name: arabic['cxc-capacities-filter-label'] }).fill('الميزانية');
    await sharer.page
      .getByRole('button', { name: arabic['cxc-profile-add-shares-named']!.replace('$1', 'إعداد الميزانية') })
      .click();
    await sharer.page
      .getByRole('button', {
        name: arabic['cxc-profile-save-section']!.replace('$1', arabic['cxc-profile-capacities']!),
      })
      .click();
    await expect.poll(() => sharer.page.getByText(arabic['cxc-profile-saved']!).first().isVisible()).toBe(true);
    await sharer.page.goto(`${running.app.url}/peers`);
    await sharer.page.getByRole('tab', { name: arabic['cxc-peers-tab-share'] }).click();
    await expect.poll(() => sharer.page.url()).toContain('direction=share');
    await expect
      .poll(() => sharer.page.getByRole('link', { name: 'Learning Member', exact: true }).isVisible())
      .toBe(true);
    expect(await sharer.page.getByText(arabic['cxc-peers-same-learns']!).first().isVisible()).toBe(true);
    expect(await sharer.page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await accessibilityViolations(sharer.page)).toEqual([]);
    await screenshot(sharer.page, 'peers-ar-360');
    await sharer.page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(sharer.page, 'peers-ar-1280');
    await sharer.context.close();
  });
});

/** The profile editor's words in the two languages the people below use it in. */
const EDITOR = {
  en: {
    displayName: 'Display name',
    handle: 'Profile address',
    saveAbout: 'Save About',
    saved: 'Saved.',
    filter: 'Filter capacities',
    addShares: (label: string) => `Add ${label} to Can share`,
    saveCapacities: 'Save Capacities',
  },
  ar: {
    displayName: ar('cxc-field-display-name'),
    handle: ar('cxc-profile-handle'),
    saveAbout: ar('cxc-profile-save-section').replace('$1', ar('cxc-profile-about')),
    saved: ar('cxc-profile-saved'),
    filter: ar('cxc-capacities-filter-label'),
    addShares: (label: string) => ar('cxc-profile-add-shares-named').replace('$1', label),
    saveCapacities: ar('cxc-profile-save-section').replace('$1', ar('cxc-profile-capacities')),
  },
};

/** The search page's words: the field and the results' section are found by these names. */
const SEARCH = {
  en: {
    field: 'Search for a skill, a name or a topic',
    results: 'Find people, organizations, learning resources and services',
  },
  ar: { field: ar('cxc-search-label'), results: ar('cxc-search-title') },
};

interface Person {
  readonly sub: string;
  /**
   * The Wikimedia username, which members may find too: none of these share a word with the names
   * searched for, so a name is found by its display name and nothing else.
   */
  readonly username: string;
  readonly displayName: string;
  readonly handle: string;
  readonly language: keyof typeof EDITOR;
  /** A capacity to add to Can share: what to type in the filter, and the label of the one to add. */
  readonly shares?: { readonly filter: string; readonly label: string };
}

const LUKASZ: Person = {
  sub: '7201',
  username: 'Search Sample PL',
  displayName: 'Łukasz Żółw',
  handle: 'lukasz-zolw',
  language: 'en',
};
// One letter short of "lukasz": typed without its Polish letters, Łukasz's name must find him, not Lukas
// Schmidt as a close spelling.
const LUKAS: Person = {
  sub: '7202',
  username: 'Search Sample DE',
  displayName: 'Lukas Schmidt',
  handle: 'lukas-schmidt',
  language: 'en',
};
// Budgeting (capacity 12 in data/capacities.json) is "إعداد الميزانية" in Arabic.
const LAYLA: Person = {
  sub: '7203',
  username: 'Search Sample AR',
  displayName: 'ليلى حداد',
  handle: 'layla-haddad',
  language: 'ar',
  shares: { filter: 'الميزانية', label: 'إعداد الميزانية' },
};

describe('finding people by name and capacity in English, Arabic and Polish', () => {
  let reader: WatchedPage | undefined;
  const searcher = () => {
    if (!reader) throw new Error('The searching member is not signed in yet');
    return reader;
  };
  /** Problems the page recorded since `from`, but for the Meta-Wiki stand-in's own pages (seen at sign-in). */
  const problemsSince = (from: number) =>
    searcher()
      .problems.slice(from)
      .filter((problem) => !problem.includes(standIn.url));

  /** Signs the person in and fills their profile in the editor, in their language, as they would. */
  async function becomeFindable(person: Person): Promise<void> {
    const words = EDITOR[person.language];
    const { page, context, problems } = await signIn(person.sub, person.username, {
      width: 1280,
      locale: person.language,
    });
    await page.goto(`${running.app.url}/profile/edit`);
    await page.getByRole('textbox', { name: words.displayName, exact: true }).fill(person.displayName);
    await page.getByRole('textbox', { name: words.handle, exact: true }).fill(person.handle);
    await page.getByRole('button', { name: words.saveAbout }).click();
    // Set up before the tests, where expect.poll may not run: wait for the page's "Saved." instead.
    await page.getByText(words.saved).first().waitFor();
    if (person.shares) {
      await page.getByRole('searchbox', { name: words.filter }).fill(person.shares.filter);
      await page.getByRole('button', { name: words.addShares(person.shares.label) }).click();
      await page.getByRole('button', { name: words.saveCapacities }).click();
      await page.getByText(words.saved).nth(1).waitFor();
    }
    expect(problems.filter((problem) => !problem.includes(standIn.url))).toEqual([]);
    await context.close();
  }

  beforeAll(async () => {
    for (const person of [LUKASZ, LUKAS, LAYLA]) await becomeFindable(person);
    reader = await signIn('7204', 'Searching Member', { width: 1280 });
  });
  afterAll(async () => {
    await reader?.context.close();
  });

  /**
   * Types `words` in the search field and waits until the page shows the server's answer to exactly
   * those words (typing is debounced, and an earlier answer may still be on the page). Returns the
   * results' names, in order, and the close-spellings notice if there is one.
   */
  async function searchFor(
    page: Page,
    language: keyof typeof SEARCH,
    words: string,
  ): Promise<{ names: string[]; closeSpellings: string | undefined }> {
    const answered = page.waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname === '/api/search' && url.searchParams.get('q') === words;
    });
    await page.getByRole('searchbox', { name: SEARCH[language].field }).fill(words);
    const response = await answered;
    // A failed search says what the server answered, not only that no results came.
    expect(response.status(), await response.text()).toBe(200);
    const answer = (await response.json()) as { results: { title: string | null }[] };
    const results = page.getByRole('region', { name: SEARCH[language].results });
    const shownNames = async () =>
      Promise.all(
        (await results.getByRole('listitem').all()).map((item) => item.getByRole('link').first().innerText()),
      );
    await expect.poll(shownNames).toEqual(answer.results.map((result) => result.title));
    const notice = results.getByText(/showing close spellings/);
    return {
      names: await shownNames(),
      closeSpellings: (await notice.count()) > 0 ? await notice.innerText() : undefined,
    };
  }

  test('in English at 1280 px, “lukasz zolw” finds Łukasz Żółw first, as written, and opens his profile; “Lukazs Zolw” finds him too', async () => {
    const { page, problems } = searcher();
    const from = problems.length;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${running.app.url}/search?uselang=en`);

    const plain = await searchFor(page, 'en', 'lukasz zolw');
    expect(plain.names[0]).toBe('Łukasz Żółw');
    // Both words are in his name once ł is read as l and ż, ó as z, o: nothing is a close spelling.
    expect(plain.closeSpellings).toBeUndefined();
    expect(plain.names).not.toContain('Lukas Schmidt');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'search-names-en');

    await page.getByRole('link', { name: 'Łukasz Żółw', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Łukasz Żółw' }).isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/people/${LUKASZ.handle}`);
    await page.goBack();

    // Two letters swapped is one edit: Łukasz is found, and only the misspelt word may be called a close spelling.
    const misspelt = await searchFor(page, 'en', 'Lukazs Zolw');
    expect(misspelt.names[0]).toBe('Łukasz Żółw');
    expect(misspelt.names).not.toContain('Lukas Schmidt');
    if (misspelt.closeSpellings !== undefined) {
      expect(misspelt.closeSpellings).toContain('lukazs');
      expect(misspelt.closeSpellings).not.toContain('zolw');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'search-names-close-en');
    expect(problemsSince(from)).toEqual([]);
  });

  test('in Arabic at 360 px, “ميزانية” finds who shares إعداد الميزانية, right to left, and opens her profile', async () => {
    const { page, problems } = searcher();
    const from = problems.length;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${running.app.url}/search?uselang=ar`);

    // The label "إعداد الميزانية" is "preparing the budget": it has the article ال, the word typed has not.
    const found = await searchFor(page, 'ar', 'ميزانية');
    expect(found.names).toContain('ليلى حداد');
    const results = page.getByRole('region', { name: SEARCH.ar.results });
    const hers = results
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'ليلى حداد', exact: true }) });
    expect(await hers.getByText(`${ar('cxc-search-side-shares')}: إعداد الميزانية`).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shoot(page, 'search-budget-ar');

    await page.setViewportSize({ width: 360, height: 740 });
    await hers.getByRole('link', { name: 'ليلى حداد', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'ليلى حداد' }).isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/people/${LAYLA.handle}`);
    expect(await page.getByText('إعداد الميزانية').first().isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'search-budget-profile-ar-360');

    // ى and ي are often written for each other at the end of a word: her name typed with ي finds her too.
    await page.goBack();
    expect((await searchFor(page, 'ar', 'ليلي حداد')).names[0]).toBe('ليلى حداد');
    expect(problemsSince(from)).toEqual([]);
  });

  test('Polish letters: “Łukasz”, “ŁUKASZ” and “lukasz” each find Łukasz Żółw first, as written', async () => {
    const { page, problems } = searcher();
    const from = problems.length;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${running.app.url}/search?uselang=en`);
    for (const words of ['Łukasz', 'ŁUKASZ', 'lukasz']) {
      const found = await searchFor(page, 'en', words);
      expect(found.names[0], words).toBe('Łukasz Żółw');
      expect(found.closeSpellings, words).toBeUndefined();
      expect(found.names, words).not.toContain('Lukas Schmidt');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problemsSince(from)).toEqual([]);
  });
});
