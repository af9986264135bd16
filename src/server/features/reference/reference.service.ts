import type { UiLanguage } from '../../../shared/ui-languages';
import type { Translator } from '../../platform/i18n';
import type { Db } from '../../platform/db/schema';
import { referenceRepository } from './reference.repository';

/** Intl objects are costly to build; one per language and kind is enough. */
const displayNamesCache = new Map<string, Intl.DisplayNames>();
function displayNames(language: UiLanguage, type: 'region' | 'language'): Intl.DisplayNames {
  const key = `${language}:${type}`;
  let names = displayNamesCache.get(key);
  if (!names) {
    names = new Intl.DisplayNames([language], { type, fallback: 'none' });
    displayNamesCache.set(key, names);
  }
  return names;
}

const collators = new Map<UiLanguage, Intl.Collator>();
export function collatorFor(language: UiLanguage): Intl.Collator {
  let collator = collators.get(language);
  if (!collator) {
    collator = new Intl.Collator(language, { sensitivity: 'base' });
    collators.set(language, collator);
  }
  return collator;
}

type ReferenceRepository = ReturnType<typeof referenceRepository>;
const referenceLists = new WeakMap<
  Db,
  {
    languages: ReturnType<ReferenceRepository['listLanguages']>;
    regions: ReturnType<ReferenceRepository['listRegions']>;
    projectDomains: Promise<Map<string, string>>;
  }
>();

/**
 * Languages, regions and the Wikimedia projects' domains (by project id), read once per database:
 * they are seeded at start and never change while the app runs, and reading them in every search
 * cost more than the search.
 */
export function cachedReferenceLists(db: Db) {
  let lists = referenceLists.get(db);
  if (!lists) {
    const repository = referenceRepository(db);
    lists = {
      languages: repository.listLanguages(),
      regions: repository.listRegions(),
      projectDomains: repository.listProjects().then((rows) => new Map(rows.map((row) => [row.id, row.domain]))),
    };
    referenceLists.set(db, lists);
    // A failed read is not kept: the next caller tries again.
    Promise.all([lists.languages, lists.regions, lists.projectDomains]).catch(() => referenceLists.delete(db));
  }
  return lists;
}

/** Which of these codes are languages (`languages`) or countries (`countries`) the platform knows. */
export function knownCodes(db: Db, table: 'languages' | 'countries', codes: readonly string[]): Promise<Set<string>> {
  return referenceRepository(db).existingCodes(table, codes);
}

/** The Wikimedia projects a member can name as a home wiki. */
export function wikimediaProjects(db: Db) {
  return referenceRepository(db).listProjects();
}

/** Each country's Wikimedia region (for the region facet), from the lists read once per database. */
export async function regionsByCountry(db: Db): Promise<Map<string, string>> {
  const regions = await cachedReferenceLists(db).regions;
  return new Map(regions.flatMap((region) => region.countryCodes.map((code) => [code, region.id] as const)));
}

const countryNames = new Map<string, string>();
/**
 * A country's name in the UI language, from the CLDR data that Node ships; remembered, as the map
 * names every country in every table and `Intl.DisplayNames.of` costs a few microseconds each time.
 */
export function countryName(code: string, language: UiLanguage): string {
  const key = `${language}:${code}`;
  let name = countryNames.get(key);
  if (name === undefined) {
    name = displayNames(language, 'region').of(code) ?? code;
    countryNames.set(key, name);
  }
  return name;
}

const languageNames = new Map<string, string>();
/**
 * A language's name in the UI language; where CLDR has none, its autonym. Remembered as country
 * names are: "Peers for me" names the shared languages of every suggestion.
 */
export function languageName(bcp47: string, autonym: string, language: UiLanguage): string {
  const key = `${language}:${bcp47}:${autonym}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      name = displayNames(language, 'language').of(bcp47) ?? autonym;
    } catch {
      name = autonym;
    }
    languageNames.set(key, name);
  }
  return name;
}

export function referenceService(db: Db, translator: Translator) {
  const repository = referenceRepository(db);
  return {
    async listRegions(language: UiLanguage) {
      const collator = collatorFor(language);
      const regions = await repository.listRegions();
      return regions.map((region) => ({
        id: region.id,
        name: translator.translate(language, `cxc-region-${region.id.toLowerCase()}`),
        countries: region.countryCodes
          .map((code) => ({ code, name: countryName(code, language) }))
          .sort((a, b) => collator.compare(a.name, b.name)),
      }));
    },

    async listLanguages(language: UiLanguage) {
      const collator = collatorFor(language);
      const languages = await repository.listLanguages();
      return languages
        .map((row) => ({
          code: row.code,
          autonym: row.autonym,
          name: languageName(row.bcp47, row.autonym, language),
          dir: row.dir,
        }))
        .sort((a, b) => collator.compare(a.name, b.name));
    },

    async listProjects(language: UiLanguage) {
      const projects = await repository.listProjects();
      return projects.map((project) => ({
        id: project.id,
        name: translator.translate(language, `cxc-project-${project.id}`),
        domain: project.domain,
        wikidataQid: project.wikidata_qid,
        editions: project.editions,
      }));
    },
  };
}
