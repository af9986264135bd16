import { randomBytes } from 'node:crypto';
import type { UiLanguage } from '../../../shared/ui-languages';
import { PERSON_SIDE } from '../../../shared/vocabulary';
import type { Config } from '../../platform/config';
import { sha256 } from '../../platform/crypto';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import {
  capacityListProblems,
  checkedContacts,
  checkedName,
  commonsFileName,
  commonsFileProblems,
  commonsImageUrl,
  repeatedEntries,
  markupProblems,
  trimOrNull,
} from '../../platform/editing/field-rules';
import { linksAllowed, renderMarkdown } from '../../platform/editing/markdown';
import { saveSection } from '../../platform/editing/section-save';
import { AppError, type FieldProblem } from '../../platform/errors';
import type { Translator } from '../../platform/i18n';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { lockAccount } from '../accounts/accounts.public';
import { capacitiesWithLabels, existingCapacityIds } from '../capacities/capacities.service';
import { organizationIdsBySlugs, organizationSummaries } from '../organizations/organizations.public';
import {
  cachedReferenceLists,
  countryName,
  knownCodes,
  languageName,
  regionsByCountry,
  wikimediaProjects,
} from '../reference/reference.service';
import type { SearchIndexer } from '../search/search.indexer';
import { isTimeZone, LIMITS } from './profile-fields';
import { profilesRepository, type CapacityEntry, type ProfileSection } from './profiles.repository';
import type {
  AboutBody,
  AffiliationsBody,
  CapacitiesBody,
  ContactsBody,
  ExchangeBody,
  LanguagesBody,
  LocationBody,
  SettingsBody,
  WikisBody,
} from './profiles.schema';
import { personDocuments } from './profiles.search';
import { blockBetween } from '../blocks/blocks.public';
import { relationOf, visibleProfile, type ProfileData, type Relation, type VisibleProfile } from './visibility';

const HANDLE_PATTERN = /^[\p{L}\p{N}_.-]{3,60}$/u;
const DAY_MS = 86_400_000;
const WEEKS_SHOWN = 12;
/** A new profile's address: random, so that it says nothing the member has not chosen to show. */
function randomHandle(): string {
  return `m-${randomBytes(6).toString('hex')}`;
}

/** Monday of the week of a day number (days since 1970-01-01, a Thursday). */
const weekStartOf = (day: number) => day - ((day + 3) % 7);

export interface ProfilesDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly config: Config;
  readonly translator: Translator;
  /** Where a saved profile's search documents are written, in the save's transaction. */
  readonly search: Pick<SearchIndexer, 'write'>;
}

/** One section save of a profile: what to check, what to write, and the profile it leaves. */
interface ProfileSave {
  check?(profile: ProfileData, trx: Db): Promise<readonly FieldProblem[]> | readonly FieldProblem[];
  /** What is written. */
  section: ProfileSection;
  /** The profile as it is after the write (built in memory: the profile is read once per save). */
  apply(profile: ProfileData): Omit<ProfileData, 'updatedAt'>;
}

export function profilesService({ db, dialect, config, translator, search }: ProfilesDependencies) {
  const repository = profilesRepository(db);

  /** The member's profile, created with protective defaults on first use. */
  async function ownProfile(viewer: Viewer): Promise<ProfileData> {
    const existing = await repository.load(viewer.userId);
    if (existing) return existing;
    await repository.createDefault(viewer.userId, randomHandle());
    return (await repository.load(viewer.userId))!;
  }

  const knownLanguages = async (codes: readonly string[]) => {
    const languages = await cachedReferenceLists(db).languages;
    return new Set(codes.filter((code) => languages.some((language) => language.code === code)));
  };

  /**
   * Every profile section is saved this way (see `saveSection`): the profile is locked and read once,
   * checked, written with its search documents in one transaction, and returned as the owner sees it.
   */
  async function save(viewer: Viewer | null, profileSave: ProfileSave) {
    const member = requireMember(viewer);
    // Read before the transaction: inside it, every query must go through `trx` (see saveSection).
    const [regions] = await Promise.all([regionsByCountry(db), cachedReferenceLists(db).languages]);
    const saved = await saveSection(db, {
      async load(trx) {
        // The account first (as every write to a member's rows): an erasure in progress is waited for,
        // and an account erased since the session was read is answered as signed out.
        if (!(await lockAccount(trx, dialect, member.userId))) throw new AppError('unauthorized');
        const locked = await profilesRepository(trx).lockAndLoad(dialect, member.userId);
        if (locked) return locked;
        await profilesRepository(trx).createDefault(member.userId, randomHandle());
        return (await profilesRepository(trx).lockAndLoad(dialect, member.userId))!;
      },
      check: (profile, trx) => profileSave.check?.(profile, trx) ?? [],
      async write(trx, profile) {
        const now = Date.now();
        await profilesRepository(trx).writeSection(profile.userId, profileSave.section, now);
        return { ...profileSave.apply(profile), updatedAt: now };
      },
      derive: (trx, profile) => search.write(trx, 'person', profile.userId, personDocuments(profile, regions)),
    });
    return toOwnProfile(saved);
  }

  /** The owner's whole profile, with every visibility setting, as the API answers it. */
  async function toOwnProfile(profile: ProfileData) {
    const { userId: _userId, updatedAt, affiliations, ...rest } = profile;
    const summaries = await organizationSummaries(
      db,
      affiliations.map((entry) => entry.organizationId),
    );
    return {
      ...rest,
      affiliations: affiliations.flatMap((entry) =>
        summaries
          .filter((summary) => summary.id === entry.organizationId)
          .map((summary) => ({ organization: summary.slug, name: summary.name, visibility: entry.visibility })),
      ),
      updatedAt: new Date(updatedAt).toISOString(),
    };
  }

  /** Labels, names and regions for what a viewer may see, in the interface language. */
  async function present(visible: VisibleProfile, language: UiLanguage, profile: ProfileData) {
    const avatarFile = profile.avatarCommonsFile;
    const links = linksAllowed(profile.accountCreatedAt, config.moderation.newAccountLinkDays);
    const [languageRows, capacityRows, regions, affiliated] = await Promise.all([
      visible.languages || visible.wikis ? cachedReferenceLists(db).languages : Promise.resolve([]),
      visible.capacities ? capacitiesWithLabels(db, language) : Promise.resolve([]),
      visible.country ? cachedReferenceLists(db).regions : Promise.resolve([]),
      organizationSummaries(db, visible.affiliations),
    ]);
    const languagesByCode = new Map(languageRows.map((row) => [row.code, row]));
    const labels = new Map(capacityRows.map((row) => [row.id, row.label]));
    const label = (entries: readonly CapacityEntry[]) =>
      entries.map((entry) => ({ ...entry, label: labels.get(entry.id) ?? String(entry.id) }));
    const region = visible.country
      ? regions.find((candidate) => candidate.countryCodes.includes(visible.country!))
      : undefined;
    const name = visible.displayName ?? null;
    return {
      handle: visible.handle,
      relation: visible.relation,
      initials: name
        ? name
            .split(/\s+/)
            .slice(0, 2)
            .map((part) => [...part][0] ?? '')
            .join('')
            .toLocaleUpperCase(language)
        : '?',
      ...('displayName' in visible ? { displayName: name } : {}),
      ...('avatarCommonsFile' in visible ? { avatarUrl: commonsImageUrl(avatarFile, config.externalImages) } : {}),
      ...('wikimediaUsername' in visible ? { wikimediaUsername: visible.wikimediaUsername } : {}),
      ...('pronouns' in visible ? { pronouns: visible.pronouns } : {}),
      ...('bio' in visible
        ? {
            bio: visible.bio
              ? { html: renderMarkdown(visible.bio.source, { links }), language: visible.bio.language }
              : null,
          }
        : {}),
      ...('country' in visible
        ? {
            country:
              visible.country && region
                ? {
                    code: visible.country,
                    name: countryName(visible.country, language),
                    region: {
                      id: region.id,
                      name: translator.translate(language, `cxc-region-${region.id.toLowerCase()}`),
                    },
                  }
                : null,
          }
        : {}),
      ...(visible.availability ? { availability: visible.availability } : {}),
      ...(visible.languages
        ? {
            languages: visible.languages.map((entry) => {
              const row = languagesByCode.get(entry.code);
              return {
                code: entry.code,
                level: entry.level,
                autonym: row?.autonym ?? entry.code,
                dir: row?.dir ?? 'ltr',
                name: row ? languageName(row.bcp47, row.autonym, language) : entry.code,
              };
            }),
          }
        : {}),
      ...(visible.wikis
        ? {
            wikis: visible.wikis.map((entry) => {
              const row = languagesByCode.get(entry.language);
              return {
                project: entry.project,
                projectName: translator.translate(language, `cxc-project-${entry.project}`),
                language: entry.language,
                languageName: row ? languageName(row.bcp47, row.autonym, language) : null,
              };
            }),
          }
        : {}),
      ...(visible.capacities
        ? {
            capacities: {
              knows: label(visible.capacities.knows),
              shares: label(visible.capacities.shares),
              learns: label(visible.capacities.learns),
            },
          }
        : {}),
      ...(visible.exchange ? { exchange: visible.exchange } : {}),
      contacts: visible.contacts,
      affiliations: visible.affiliations.flatMap((id) =>
        affiliated.filter((entry) => entry.id === id).map((entry) => ({ slug: entry.slug, name: entry.name })),
      ),
    };
  }

  return {
    ownProfile: async (viewer: Viewer | null) => toOwnProfile(await ownProfile(requireMember(viewer))),

    /**
     * A profile as the viewer may see it, or not_found (also when it is hidden from them: the
     * answer never tells a hidden profile from a missing one). The owner may preview as others.
     */
    async view(
      viewer: Viewer | null,
      handle: string,
      language: UiLanguage,
      options: { previewAs?: 'visitor' | 'member'; visitorKey: string },
    ) {
      const userId = await repository.userIdByHandle(handle);
      const profile = userId ? await repository.load(userId) : undefined;
      if (!profile) throw new AppError('not_found');
      const actual = relationOf(viewer, profile.userId);
      // Blocked either way, each is to the other as if the profile did not exist.
      if (viewer && actual !== 'owner') {
        const blocks = await blockBetween(db, viewer.userId, profile.userId);
        if (blocks.aBlockedB || blocks.bBlockedA) throw new AppError('not_found');
      }
      const relation: Relation = actual === 'owner' && options.previewAs ? options.previewAs : actual;
      const visible = visibleProfile(profile, relation);
      if (!visible) throw new AppError('not_found');
      if (actual !== 'owner') await this.countView(profile.userId, viewer?.userId ?? options.visitorKey);
      return present(visible, language, profile);
    },

    /** One mark per viewer per profile per day, under a daily salt: counts without identities. */
    async countView(profileUserId: string, viewerKey: string): Promise<void> {
      const day = Math.floor(Date.now() / DAY_MS);
      await repository.markView(profileUserId, day, sha256(`${config.secretKey}:${day}:${profileUserId}:${viewerKey}`));
      if (Math.random() < 0.01) await repository.forgetViewsBefore(weekStartOf(day) - WEEKS_SHOWN * 7);
    },

    async visits(viewer: Viewer | null) {
      const member = requireMember(viewer);
      const today = Math.floor(Date.now() / DAY_MS);
      const firstWeek = weekStartOf(today) - (WEEKS_SHOWN - 1) * 7;
      const perDay = await repository.viewsPerDay(member.userId, firstWeek);
      return Array.from({ length: WEEKS_SHOWN }, (_, index) => {
        const start = firstWeek + index * 7;
        const views = perDay
          .filter((row) => row.day >= start && row.day < start + 7)
          .reduce((sum, row) => sum + Number(row.views), 0);
        return { weekStart: new Date(start * DAY_MS).toISOString().slice(0, 10), views };
      });
    },

    /** Saves the name, address, pronouns, bio and avatar. */
    saveAbout: (viewer: Viewer | null, body: AboutBody) => {
      const handle = body.handle.trim();
      const avatar = commonsFileName(body.avatarCommonsFile);
      const bioLanguage = trimOrNull(body.bioLanguage);
      const name = checkedName(body.displayName, 'body.displayName', 'person');
      const about = {
        displayName: name.name,
        pronouns: trimOrNull(body.pronouns),
        bio: trimOrNull(body.bio),
      };
      return save(viewer, {
        async check(profile, trx) {
          const validHandle = HANDLE_PATTERN.test(handle);
          return [
            ...name.problems,
            ...markupProblems({ pronouns: body.pronouns, bio: body.bio }),
            ...(validHandle ? [] : [{ field: 'body.handle', code: 'invalid-handle' }]),
            ...(validHandle && (await profilesRepository(trx).handleTaken(handle, profile.userId))
              ? [{ field: 'body.handle', code: 'handle-taken' }]
              : []),
            ...commonsFileProblems('body.avatarCommonsFile', avatar),
            ...(bioLanguage && !(await knownLanguages([bioLanguage])).has(bioLanguage)
              ? [{ field: 'body.bioLanguage', code: 'unknown-language' }]
              : []),
          ];
        },
        section: {
          displayName: about.displayName,
          columns: {
            handle,
            pronouns: about.pronouns,
            bio: about.bio,
            bio_language: bioLanguage,
            avatar_commons_file: avatar,
          },
          visibility: body.visibility,
        },
        apply: (profile) => ({
          ...profile,
          ...about,
          handle,
          bioLanguage,
          avatarCommonsFile: avatar,
          visibility: { ...profile.visibility, ...body.visibility },
        }),
      });
    },

    saveLanguages: (viewer: Viewer | null, body: LanguagesBody) =>
      save(viewer, {
        async check() {
          const known = await knownLanguages(body.languages.map((entry) => entry.code));
          const repeated = repeatedEntries(body.languages, (entry) => entry.code);
          return body.languages.flatMap((entry, index) => {
            const code = !known.has(entry.code) ? 'unknown-language' : repeated.has(index) ? 'duplicate' : undefined;
            return code ? [{ field: `body.languages.${index}.code`, code }] : [];
          });
        },
        section: {
          visibility: { languages: body.visibility },
          lists: { profile_languages: body.languages.map((entry) => ({ language: entry.code, level: entry.level })) },
        },
        apply: (profile) => ({
          ...profile,
          languages: body.languages,
          visibility: { ...profile.visibility, languages: body.visibility },
        }),
      }),

    saveWikis: (viewer: Viewer | null, body: WikisBody) =>
      save(viewer, {
        async check(_profile, trx) {
          const [projects, languages] = await Promise.all([
            wikimediaProjects(trx),
            knownLanguages(body.wikis.map((entry) => entry.language).filter(Boolean)),
          ]);
          const problemOf = (entry: WikisBody['wikis'][number], index: number): FieldProblem | undefined => {
            const project = projects.find((candidate) => candidate.id === entry.project);
            if (!project) return { field: `body.wikis.${index}.project`, code: 'unknown-project' };
            if (project.editions === 'per-language' && !languages.has(entry.language))
              return { field: `body.wikis.${index}.language`, code: 'unknown-language' };
            if (project.editions === 'single' && entry.language !== '')
              return { field: `body.wikis.${index}.language`, code: 'no-language-editions' };
            return undefined;
          };
          const repeated = repeatedEntries(body.wikis, (entry) => `${entry.project}:${entry.language}`);
          return body.wikis.flatMap((entry, index) => {
            const problem =
              problemOf(entry, index) ??
              (repeated.has(index) ? { field: `body.wikis.${index}.project`, code: 'duplicate' } : undefined);
            return problem ? [problem] : [];
          });
        },
        section: { visibility: { wikis: body.visibility }, lists: { profile_wikis: body.wikis } },
        apply: (profile) => ({
          ...profile,
          wikis: body.wikis,
          visibility: { ...profile.visibility, wikis: body.visibility },
        }),
      }),

    /** Saves the three lists; a capacity one can share is one one knows, so it joins "knows" too. */
    saveCapacities: (viewer: Viewer | null, body: CapacitiesBody) => {
      const clean = (entries: CapacitiesBody['knows']) =>
        entries.map((entry) => ({ id: entry.id, level: entry.level, note: trimOrNull(entry.note) }));
      const knows = clean(body.knows);
      const implied = clean(body.shares).filter((entry) => !knows.some((known) => known.id === entry.id));
      const lists = { knows: [...knows, ...implied], shares: clean(body.shares), learns: clean(body.learns) };
      return save(viewer, {
        async check(_profile, trx) {
          const known = await existingCapacityIds(
            trx,
            PERSON_SIDE.values.flatMap((side) => body[side].map((entry) => entry.id)),
          );
          const problems = capacityListProblems(body, PERSON_SIDE.values, known);
          if (problems.length === 0 && lists.knows.length > LIMITS.capacitiesPerList) {
            return [{ field: 'body.knows', code: 'maxitems', params: [String(LIMITS.capacitiesPerList)] }];
          }
          return problems;
        },
        section: {
          visibility: { capacities: body.visibility },
          lists: {
            profile_capacities: PERSON_SIDE.values.flatMap((side) =>
              lists[side].map((entry) => ({ capacity_id: entry.id, side, level: entry.level, note: entry.note })),
            ),
          },
        },
        apply: (profile) => ({
          ...profile,
          capacities: lists,
          visibility: { ...profile.visibility, capacities: body.visibility },
        }),
      });
    },

    saveLocation: (viewer: Viewer | null, body: LocationBody) => {
      const country = trimOrNull(body.country)?.toUpperCase() ?? null;
      const timeZone = trimOrNull(body.timeZone);
      const availability = trimOrNull(body.availability);
      return save(viewer, {
        async check(_profile, trx) {
          return [
            ...markupProblems({ availability: body.availability }),
            ...(timeZone !== null && !isTimeZone(timeZone)
              ? [{ field: 'body.timeZone', code: 'unknown-time-zone' }]
              : []),
            ...(country && (await knownCodes(trx, 'countries', [country])).size === 0
              ? [{ field: 'body.country', code: 'unknown-country' }]
              : []),
          ];
        },
        section: { columns: { country, time_zone: timeZone, availability }, visibility: body.visibility },
        apply: (profile) => ({
          ...profile,
          country,
          timeZone,
          availability,
          visibility: { ...profile.visibility, ...body.visibility },
        }),
      });
    },

    saveExchange: (viewer: Viewer | null, body: ExchangeBody) =>
      save(viewer, {
        section: {
          columns: { exchange_formats: body.formats.join(','), exchange_modes: body.modes.join(',') },
          visibility: { exchange: body.visibility },
        },
        apply: (profile) => ({
          ...profile,
          exchange: { formats: body.formats, modes: body.modes },
          visibility: { ...profile.visibility, exchange: body.visibility },
        }),
      }),

    saveContacts: (viewer: Viewer | null, body: ContactsBody) => {
      const { cleaned, problems } = checkedContacts(body.contacts);
      return save(viewer, {
        check: () => problems,
        section: { lists: { profile_contacts: cleaned } },
        apply: (profile) => ({ ...profile, contacts: cleaned }),
      });
    },

    saveAffiliations: async (viewer: Viewer | null, body: AffiliationsBody) => {
      requireMember(viewer);
      // Addresses become ids before the save: organizations are never deleted, so the ids stay valid.
      const ids = await organizationIdsBySlugs(
        db,
        body.affiliations.map((entry) => entry.organization),
      );
      const resolved = body.affiliations.map((entry) => ({
        organizationId: ids.get(entry.organization) ?? '',
        visibility: entry.visibility,
      }));
      const repeated = repeatedEntries(resolved, (entry) => entry.organizationId || undefined);
      return save(viewer, {
        check: () =>
          resolved.flatMap((entry, index) => {
            const code = !entry.organizationId ? 'unknown-organization' : repeated.has(index) ? 'duplicate' : undefined;
            return code ? [{ field: `body.affiliations.${index}.organization`, code }] : [];
          }),
        section: {
          lists: {
            profile_affiliations: resolved.map((entry) => ({
              organization_id: entry.organizationId,
              visibility: entry.visibility,
            })),
          },
        },
        apply: (profile) => ({ ...profile, affiliations: resolved }),
      });
    },

    saveSettings: (viewer: Viewer | null, body: SettingsBody) =>
      save(viewer, {
        section: {
          columns: {
            show_to_visitors: body.showToVisitors ? 1 : 0,
            in_search: body.inSearch ? 1 : 0,
            ...(body.inStatistics === undefined ? {} : { in_statistics: body.inStatistics ? 1 : 0 }),
          },
        },
        apply: (profile) => ({
          ...profile,
          showToVisitors: body.showToVisitors,
          inSearch: body.inSearch,
          inStatistics: body.inStatistics ?? profile.inStatistics,
        }),
      }),
  };
}

export type ProfilesService = ReturnType<typeof profilesService>;
