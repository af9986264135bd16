import type { Db } from '../../platform/db/schema';

export interface RegionRow {
  readonly id: string;
  readonly countryCodes: string[];
}

/** All SQL for regions, countries, languages and Wikimedia projects. */
export function referenceRepository(db: Db) {
  return {
    async listRegions(): Promise<RegionRow[]> {
      const [regions, countries] = await Promise.all([
        db.selectFrom('regions').select(['id']).orderBy('position').execute(),
        db.selectFrom('countries').select(['code', 'region_id']).orderBy('code').execute(),
      ]);
      return regions.map((region) => ({
        id: region.id,
        countryCodes: countries.filter((country) => country.region_id === region.id).map((country) => country.code),
      }));
    },

    listLanguages() {
      return db
        .selectFrom('languages')
        .select(['code', 'bcp47', 'autonym', 'english_name', 'dir'])
        .orderBy('code')
        .execute();
    },

    /** Which of these codes are known languages or countries. */
    async existingCodes(table: 'languages' | 'countries', codes: readonly string[]): Promise<Set<string>> {
      if (codes.length === 0) return new Set();
      const rows = await db
        .selectFrom(table)
        .select('code')
        .where('code', 'in', [...codes])
        .execute();
      return new Set(rows.map((row) => row.code));
    },

    listProjects() {
      return db
        .selectFrom('wikimedia_projects')
        .select(['id', 'domain', 'wikidata_qid', 'editions'])
        .orderBy('position')
        .execute();
    },

    async insertMissingRegions(regions: readonly { id: string; countries: readonly string[] }[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [position, region] of regions.entries()) {
          await trx
            .insertInto('regions')
            .values({ id: region.id, position })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
          for (const code of region.countries) {
            await trx
              .insertInto('countries')
              .values({ code, region_id: region.id })
              .onConflict((oc) => oc.column('code').doNothing())
              .execute();
          }
        }
      });
    },

    async upsertLanguages(
      languages: readonly { code: string; bcp47: string; autonym: string; englishName: string; dir: 'ltr' | 'rtl' }[],
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const language of languages) {
          const values = {
            bcp47: language.bcp47,
            autonym: language.autonym,
            english_name: language.englishName,
            dir: language.dir,
          };
          await trx
            .insertInto('languages')
            .values({ code: language.code, ...values })
            .onConflict((oc) => oc.column('code').doUpdateSet(values))
            .execute();
        }
      });
    },

    async upsertProjects(
      projects: readonly { id: string; domain: string; wikidata: string | null; editions: 'per-language' | 'single' }[],
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [position, project] of projects.entries()) {
          const values = {
            domain: project.domain,
            wikidata_qid: project.wikidata,
            editions: project.editions,
            position,
          };
          await trx
            .insertInto('wikimedia_projects')
            .values({ id: project.id, ...values })
            .onConflict((oc) => oc.column('id').doUpdateSet(values))
            .execute();
        }
      });
    },
  };
}
