import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, searchablePerson, type SearchablePerson, type TestMember } from '../../test-support/factories';
import type { ResponseBody } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';
import { up as refoldSearchDocuments } from '../../platform/db/migrations/202612011700_refold-search-documents';

type SearchBody = ResponseBody<'get', '/api/search'>;

/** Capacity 12 in data/capacities.json: "Budgeting", in Arabic "إعداد الميزانية". */
const BUDGETING = 12;

/** The people searched for, by handle (handles are not searchable text, so only names, bios and capacities match). */
const PEOPLE: readonly SearchablePerson[] = [
  { handle: 'p-lukasz', displayName: 'Łukasz Żółw' },
  { handle: 'p-lukas', displayName: 'Lukas Schmidt' },
  { handle: 'p-anna', displayName: 'Anna Nowak', bio: 'Tłumaczę z Łukaszem artykuły o Gdańsku.' },
  {
    handle: 'p-sami',
    displayName: 'Sami Rahal',
    capacities: { shares: [{ id: BUDGETING, level: null, note: null }], visibility: 'members' },
  },
  { handle: 'p-ahmad', displayName: 'أحمد مصطفى', bio: 'أعمل في المكتبة الوطنية منذ ٢٠١٩.' },
  { handle: 'p-petr', displayName: 'Пётр Фёдоров', bio: 'Живу в Орле, люблю ёлки.' },
  { handle: 'p-odysseas', displayName: 'Οδυσσέας Ελύτης', bio: 'ΠΟΙΗΤΗΣ ΑΠΟ ΤΗΝ ΚΡΗΤΗ' },
  { handle: 'p-isil', displayName: 'Işıl Yılmaz', bio: "İstanbul'da yaşıyorum." },
  { handle: 'p-shalom', displayName: 'שָׁלוֹם כֹּהֵן', bio: 'אני גר בעיר ירושלים' },
  { handle: 'p-wazir', displayName: 'वज़ीर ख़ान', bio: 'मैं पाँच साल से हिंदी विकिपीडिया पर लिखता हूँ' },
  { handle: 'p-kenta', displayName: 'Kenta Sato', bio: 'Ｗｉｋｉｐｅｄｉａ ｅｄｉｔｏｒ since ２０１５' },
  { handle: 'p-reza', displayName: 'رضا کریمی', bio: 'کتابخانه ملی ایران' },
];

/**
 * Each query, the stored name, bio or capacity label it should (or should not) find, the person it
 * belongs to, and where that person comes among the results (1 is first; `undefined` for anywhere).
 */
const CASES: readonly { query: string; stored: string; handle: string; found: boolean; rank?: number }[] = [
  // Latin letters that decomposition leaves alone.
  { query: 'lukasz zolw', stored: 'Łukasz Żółw', handle: 'p-lukasz', found: true, rank: 1 },
  { query: 'Lukasz', stored: 'Łukasz Żółw', handle: 'p-lukasz', found: true, rank: 1 },
  { query: 'Łukasz', stored: 'Łukasz Żółw', handle: 'p-lukasz', found: true, rank: 1 },
  { query: 'ŁUKASZ ŻÓŁW', stored: 'Łukasz Żółw', handle: 'p-lukasz', found: true, rank: 1 },
  { query: 'Lukasz', stored: 'Tłumaczę z Łukaszem', handle: 'p-anna', found: true, rank: 2 },
  { query: 'Lukasz', stored: 'Lukas Schmidt', handle: 'p-lukas', found: false },
  { query: 'Lukazs Zolw', stored: 'Łukasz Żółw', handle: 'p-lukasz', found: true, rank: 1 },
  { query: 'lukas', stored: 'Lukas Schmidt', handle: 'p-lukas', found: true, rank: 1 },
  { query: 'lukas', stored: 'Łukasz Żółw', handle: 'p-lukasz', found: true, rank: 2 },
  { query: 'gdansku tlumacze', stored: 'Tłumaczę … Gdańsku', handle: 'p-anna', found: true, rank: 1 },
  // Arabic: article and proclitics, hamza and alef forms, alef maqsura, ta marbuta, digits.
  { query: 'ميزانية', stored: 'إعداد الميزانية (capacity)', handle: 'p-sami', found: true, rank: 1 },
  { query: 'الميزانية', stored: 'إعداد الميزانية (capacity)', handle: 'p-sami', found: true, rank: 1 },
  { query: 'بالميزانية', stored: 'إعداد الميزانية (capacity)', handle: 'p-sami', found: true, rank: 1 },
  { query: 'للميزانيه', stored: 'إعداد الميزانية (capacity)', handle: 'p-sami', found: true, rank: 1 },
  { query: 'اعداد', stored: 'إعداد الميزانية (capacity)', handle: 'p-sami', found: true, rank: 1 },
  { query: 'احمد مصطفي', stored: 'أحمد مصطفى', handle: 'p-ahmad', found: true, rank: 1 },
  { query: 'أحمد', stored: 'أحمد مصطفى', handle: 'p-ahmad', found: true, rank: 1 },
  { query: 'مكتبة', stored: 'المكتبة الوطنية', handle: 'p-ahmad', found: true, rank: 1 },
  { query: 'بالمكتبه', stored: 'المكتبة الوطنية', handle: 'p-ahmad', found: true, rank: 1 },
  { query: 'وطنيـــة', stored: 'المكتبة الوطنية', handle: 'p-ahmad', found: true, rank: 1 },
  { query: 'المَكْتَبَة', stored: 'المكتبة الوطنية', handle: 'p-ahmad', found: true, rank: 1 },
  { query: '2019', stored: 'منذ ٢٠١٩', handle: 'p-ahmad', found: true, rank: 1 },
  { query: '٢٠١٩', stored: 'منذ ٢٠١٩', handle: 'p-ahmad', found: true, rank: 1 },
  { query: '۲۰۱۹', stored: 'منذ ٢٠١٩', handle: 'p-ahmad', found: true, rank: 1 },
  { query: 'بيت', stored: '(nothing)', handle: 'p-ahmad', found: false },
  // Persian and Urdu letters: ی and ي, ک and ك are the same letter to a reader.
  { query: 'كريمي', stored: 'رضا کریمی', handle: 'p-reza', found: true, rank: 1 },
  { query: 'کریمی', stored: 'رضا کریمی', handle: 'p-reza', found: true, rank: 1 },
  { query: 'ايران', stored: 'کتابخانه ملی ایران', handle: 'p-reza', found: true, rank: 1 },
  { query: 'كتابخانه', stored: 'کتابخانه ملی ایران', handle: 'p-reza', found: true, rank: 1 },
  // Cyrillic ё and е.
  { query: 'петр федоров', stored: 'Пётр Фёдоров', handle: 'p-petr', found: true, rank: 1 },
  { query: 'Фёдоров', stored: 'Пётр Фёдоров', handle: 'p-petr', found: true, rank: 1 },
  { query: 'елки', stored: 'люблю ёлки', handle: 'p-petr', found: true, rank: 1 },
  { query: 'петра', stored: 'Пётр Фёдоров', handle: 'p-petr', found: false },
  // Greek tonos and final sigma.
  { query: 'ΟΔΥΣΣΕΑΣ', stored: 'Οδυσσέας Ελύτης', handle: 'p-odysseas', found: true, rank: 1 },
  { query: 'οδυσσεασ', stored: 'Οδυσσέας Ελύτης', handle: 'p-odysseas', found: true, rank: 1 },
  { query: 'Ελυτης', stored: 'Οδυσσέας Ελύτης', handle: 'p-odysseas', found: true, rank: 1 },
  { query: 'ποιητής κρήτη', stored: 'ΠΟΙΗΤΗΣ ΑΠΟ ΤΗΝ ΚΡΗΤΗ', handle: 'p-odysseas', found: true, rank: 1 },
  // Turkish dotted and dotless i.
  { query: 'isil yilmaz', stored: 'Işıl Yılmaz', handle: 'p-isil', found: true, rank: 1 },
  { query: 'IŞIL', stored: 'Işıl Yılmaz', handle: 'p-isil', found: true, rank: 1 },
  { query: 'istanbul', stored: "İstanbul'da", handle: 'p-isil', found: true, rank: 1 },
  { query: 'İSTANBUL', stored: "İstanbul'da", handle: 'p-isil', found: true, rank: 1 },
  { query: 'yasiyorum', stored: 'yaşıyorum', handle: 'p-isil', found: true, rank: 1 },
  // Hebrew with and without niqqud.
  { query: 'שלום כהן', stored: 'שָׁלוֹם כֹּהֵן', handle: 'p-shalom', found: true, rank: 1 },
  { query: 'יְרוּשָׁלַיִם', stored: 'ירושלים', handle: 'p-shalom', found: true, rank: 1 },
  // Devanagari nukta, chandrabindu and anusvara.
  { query: 'वजीर खान', stored: 'वज़ीर ख़ान', handle: 'p-wazir', found: true, rank: 1 },
  { query: 'वज़ीर', stored: 'वज़ीर ख़ान', handle: 'p-wazir', found: true, rank: 1 },
  { query: 'पांच', stored: 'पाँच साल', handle: 'p-wazir', found: true, rank: 1 },
  // Full-width Latin and digits, on either side.
  { query: 'wikipedia editor', stored: 'Ｗｉｋｉｐｅｄｉａ ｅｄｉｔｏｒ', handle: 'p-kenta', found: true, rank: 1 },
  { query: '2015', stored: '２０１５', handle: 'p-kenta', found: true, rank: 1 },
  { query: 'ＳＡＴＯ', stored: 'Kenta Sato', handle: 'p-kenta', found: true, rank: 1 },
];

describe.each(DATABASE_TARGETS)('search in every language on $name', (target) => {
  const testApp = useTestApp(target);
  let reader: TestMember;

  beforeAll(async () => {
    for (const person of PEOPLE) await searchablePerson(testApp.current, person);
    reader = await createMember(testApp.current);
  });

  const search = async (query: string): Promise<SearchBody> => {
    const response = await reader.client.get(`/api/search?q=${encodeURIComponent(query)}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  test.each(CASES)('$query → $stored ($handle): found $found, rank $rank', async ({ query, handle, found, rank }) => {
    const results = (await search(query)).results.map((result) => result.address);
    if (!found) {
      expect(results).not.toContain(handle);
      return;
    }
    expect(results).toContain(handle);
    if (rank !== undefined) expect(results.indexOf(handle) + 1).toBe(rank);
  });

  test('says when it matched close spellings, and not when the letters only differ by folding', async () => {
    const close = await search('Lukazs Zolw');
    expect(close.results.map((result) => result.address)).toEqual(['p-lukasz']);
    expect(close.approximateWords).toEqual(['lukazs']);
    for (const query of ['Lukasz', 'Łukasz', 'lukasz zolw', 'ميزانية', 'петр']) {
      expect((await search(query)).approximateWords).toEqual([]);
    }
  });

  test('says which Arabic capacity label a word matched', async () => {
    const body = await search('ميزانية');
    expect(body.results.map((result) => result.address)).toEqual(['p-sami']);
    expect(body.results[0]?.matchedCapacities).toEqual([{ id: BUDGETING, side: 'shares', label: 'Budgeting' }]);
  });

  test('rebuilds documents folded the old way after the refolding migration', async () => {
    const { db } = testApp.current.app.database;
    // Documents as an older folding wrote them: "ł" kept as it was.
    await db.updateTable('search_documents').set({ body: 'łukasz żółw', sort_name: 'łukasz żółw' }).execute();
    await sql`insert into search_changes (entity_type, entity_id) values ('*', '*')`.execute(db);
    expect((await search('lukasz')).results).toEqual([]);

    await db.transaction().execute((trx) => refoldSearchDocuments(trx as unknown as Kysely<unknown>));
    expect(await db.selectFrom('search_documents').select('id').execute()).toEqual([]);
    const latest = await db
      .selectFrom('search_changes')
      .select(['entity_type', 'entity_id'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ entity_type: '*', entity_id: '*' });
    // A process still running drops what it held at its next search.
    expect((await search('lukasz')).results).toEqual([]);

    // What the next start does: every entity lacks documents, so all are built again.
    expect(await testApp.current.app.searchIndex.indexMissing()).toBeGreaterThanOrEqual(PEOPLE.length);
    expect((await search('lukasz zolw')).results.map((result) => result.address)).toEqual(['p-lukasz']);
    expect((await search('ميزانية')).results.map((result) => result.address)).toEqual(['p-sami']);
  });
});
