import { randomBytes } from 'node:crypto';
import type { UiLanguage } from '../../../shared/ui-languages';
import type { Config } from '../../platform/config';
import { sha256 } from '../../platform/crypto';
import type { CapacitySide, Db } from '../../platform/db/schema';
import { AppError, validationFailed, type FieldProblem } from '../../platform/errors';
import type { Translator } from '../../platform/i18n';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { capacitiesRepository } from '../capacities/capacities.repository';
import { referenceRepository } from '../reference/reference.repository';
import { countryName, languageName } from '../reference/reference.service';
import { renderMarkdown } from './markdown';
import { COMMONS_FILE_PATTERN, contactProblem, containsMarkup, isTimeZone, LIMITS } from './profile-fields';

const HANDLE_PATTERN = /^[\p{L}\p{N}_.-]{3,60}$/u;
import { organizationsRepository } from '../organizations/organizations.repository';
import { profilesRepository, type CapacityEntry } from './profiles.repository';
import type { AboutBody, CapacitiesBody, LocationBody } from './profiles.schema';
import { relationOf, visibleProfile, type ProfileData, type Relation, type VisibleProfile } from './visibility';

const DAY_MS = 86_400_000;
const WEEKS_SHOWN = 12;
/** A new profile's address: random, so that it says nothing the member has not chosen to show. */
function randomHandle(): string {
  return `m-${randomBytes(6).toString('hex')}`;
}

/** Monday of the week of a day number (days since 1970-01-01, a Thursday). */
const weekStartOf = (day: number) => day - ((day + 3) % 7);

/** Called after a member's profile changed, e.g. to update the search index. */
export type ProfileChanged = (userId: string) => Promise<void>;

export function profilesService(db: Db, config: Config, translator: Translator, onChange: ProfileChanged = async () => undefined) {
  const repository = profilesRepository(db);
  const reference = referenceRepository(db);
  const capacities = capacitiesRepository(db);
  const organizations = organizationsRepository(db);

  async function ownProfile(viewer: Viewer): Promise<ProfileData> {
    const existing = await repository.load(viewer.userId);
    if (existing) return existing;
    await repository.createDefault(viewer.userId, randomHandle());
    return (await repository.load(viewer.userId))!;
  }

  function textProblems(fields: Record<string, string | null | undefined>): FieldProblem[] {
    return Object.entries(fields)
      .filter(([, value]) => typeof value === 'string' && containsMarkup(value))
      .map(([field]) => ({ field: `body.${field}`, code: 'no-markup' }));
  }

  function throwIfAny(problems: FieldProblem[]): void {
    if (problems.length > 0) throw validationFailed(problems);
  }

  const trimOrNull = (value: string | null) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? null : trimmed;
  };

  /** Labels, names and regions for what a viewer may see, in the interface language. */
  async function present(visible: VisibleProfile, language: UiLanguage, avatarFile: string | null | undefined) {
    const [languageRows, capacityRows, regions, affiliated] = await Promise.all([
      visible.languages || visible.wikis ? reference.listLanguages() : Promise.resolve([]),
      visible.capacities ? capacities.listWithLabels(language) : Promise.resolve([]),
      visible.country ? reference.listRegions() : Promise.resolve([]),
      organizations.summaries(visible.affiliations),
    ]);
    const languagesByCode = new Map(languageRows.map((row) => [row.code, row]));
    const labels = new Map(capacityRows.map((row) => [row.id, row.label]));
    const label = (entries: readonly CapacityEntry[]) => entries.map((entry) => ({ ...entry, label: labels.get(entry.id) ?? String(entry.id) }));
    const region = visible.country ? regions.find((candidate) => candidate.countryCodes.includes(visible.country!)) : undefined;
    const name = visible.displayName ?? null;
    return {
      handle: visible.handle,
      relation: visible.relation,
      initials: name ? name.split(/\s+/).slice(0, 2).map((part) => [...part][0] ?? '').join('').toLocaleUpperCase(language) : '?',
      ...('displayName' in visible ? { displayName: name } : {}),
      ...('avatarCommonsFile' in visible
        ? { avatarUrl: config.externalImages && avatarFile ? `https://commons.wikimedia.org/wiki/Special:FilePath/${encodeURIComponent(avatarFile)}?width=160` : null }
        : {}),
      ...('wikimediaUsername' in visible ? { wikimediaUsername: visible.wikimediaUsername } : {}),
      ...('pronouns' in visible ? { pronouns: visible.pronouns } : {}),
      ...('bio' in visible ? { bio: visible.bio ? { html: renderMarkdown(visible.bio.source), language: visible.bio.language } : null } : {}),
      ...('country' in visible
        ? {
          country: visible.country && region
            ? { code: visible.country, name: countryName(visible.country, language), region: { id: region.id, name: translator.translate(language, `cxc-region-${region.id.toLowerCase()}`) } }
            : null,
        }
        : {}),
      ...(visible.availability ? { availability: visible.availability } : {}),
      ...(visible.languages
        ? {
          languages: visible.languages.map((entry) => {
            const row = languagesByCode.get(entry.code);
            return { code: entry.code, level: entry.level, autonym: row?.autonym ?? entry.code, dir: row?.dir ?? 'ltr', name: row ? languageName(row.bcp47, row.autonym, language) : entry.code };
          }),
        }
        : {}),
      ...(visible.wikis
        ? {
          wikis: visible.wikis.map((entry) => {
            const row = languagesByCode.get(entry.language);
            return {
              project: entry.project, projectName: translator.translate(language, `cxc-project-${entry.project}`),
              language: entry.language, languageName: row ? languageName(row.bcp47, row.autonym, language) : null,
            };
          }),
        }
        : {}),
      ...(visible.capacities
        ? { capacities: { knows: label(visible.capacities.knows), shares: label(visible.capacities.shares), learns: label(visible.capacities.learns) } }
        : {}),
      ...(visible.exchange ? { exchange: visible.exchange } : {}),
      contacts: visible.contacts,
      affiliations: visible.affiliations.flatMap((id) => affiliated.filter((entry) => entry.id === id).map((entry) => ({ slug: entry.slug, name: entry.name }))),
    };
  }

  return {
    ownProfile: (viewer: Viewer | null) => ownProfile(requireMember(viewer)),

    /**
     * A profile as the viewer may see it, or not_found (also when it is hidden from them: the
     * answer never tells a hidden profile from a missing one). The owner may preview as others.
     */
    async view(viewer: Viewer | null, handle: string, language: UiLanguage, options: { previewAs?: 'visitor' | 'member'; visitorKey: string }) {
      const userId = await repository.userIdByHandle(handle);
      const profile = userId ? await repository.load(userId) : undefined;
      if (!profile) throw new AppError('not_found');
      const actual = relationOf(viewer, profile.userId);
      const relation: Relation = actual === 'owner' && options.previewAs ? options.previewAs : actual;
      const visible = visibleProfile(profile, relation);
      if (!visible) throw new AppError('not_found');
      if (actual !== 'owner') await this.countView(profile.userId, viewer?.userId ?? options.visitorKey);
      return present(visible, language, profile.avatarCommonsFile);
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
        const views = perDay.filter((row) => row.day >= start && row.day < start + 7).reduce((sum, row) => sum + Number(row.views), 0);
        return { weekStart: new Date(start * DAY_MS).toISOString().slice(0, 10), views };
      });
    },

    async updateAbout(viewer: Viewer | null, body: AboutBody): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const handle = body.handle.trim();
      const avatar = trimOrNull(body.avatarCommonsFile)?.replace(/^(File|Datei|Fichier|Archivo|Arquivo|ملف):/i, '') ?? null;
      const problems = [
        ...textProblems({ displayName: body.displayName, pronouns: body.pronouns, bio: body.bio }),
        ...(HANDLE_PATTERN.test(handle) ? [] : [{ field: 'body.handle', code: 'invalid-handle' }]),
        ...(HANDLE_PATTERN.test(handle) && (await repository.handleTaken(handle, member.userId)) ? [{ field: 'body.handle', code: 'handle-taken' }] : []),
        ...(avatar !== null && !COMMONS_FILE_PATTERN.test(avatar) ? [{ field: 'body.avatarCommonsFile', code: 'invalid-commons-file' }] : []),
        ...(body.displayName.trim() === '' ? [{ field: 'body.displayName', code: 'required' }] : []),
      ];
      const bioLanguage = trimOrNull(body.bioLanguage);
      if (bioLanguage && (await repository.existingCodes('languages', [bioLanguage])).size === 0) problems.push({ field: 'body.bioLanguage', code: 'unknown-language' });
      throwIfAny(problems);
      await repository.updateAbout(member.userId, {
        displayName: body.displayName.trim().replace(/\s+/g, ' '), handle, pronouns: trimOrNull(body.pronouns), bio: trimOrNull(body.bio),
        bioLanguage, avatarCommonsFile: avatar, visibility: body.visibility,
      });
      await onChange(member.userId);
    },

    async updateLanguages(viewer: Viewer | null, languages: readonly { code: string; level: string }[], visibility: ProfileData['visibility']['languages']): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const known = await repository.existingCodes('languages', languages.map((entry) => entry.code));
      const seen = new Set<string>();
      const problems = languages.flatMap((entry, index) => {
        const duplicate = seen.has(entry.code);
        seen.add(entry.code);
        if (!known.has(entry.code)) return [{ field: `body.languages.${index}.code`, code: 'unknown-language' }];
        return duplicate ? [{ field: `body.languages.${index}.code`, code: 'duplicate' }] : [];
      });
      throwIfAny(problems);
      await repository.replaceLanguages(member.userId, languages, visibility);
      await onChange(member.userId);
    },

    async updateWikis(viewer: Viewer | null, wikis: readonly { project: string; language: string }[], visibility: ProfileData['visibility']['wikis']): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const projects = await reference.listProjects();
      const languages = await repository.existingCodes('languages', wikis.map((entry) => entry.language).filter(Boolean));
      const seen = new Set<string>();
      const problems: FieldProblem[] = [];
      wikis.forEach((entry, index) => {
        const project = projects.find((candidate) => candidate.id === entry.project);
        const key = `${entry.project}:${entry.language}`;
        if (!project) problems.push({ field: `body.wikis.${index}.project`, code: 'unknown-project' });
        else if (project.editions === 'per-language' && !languages.has(entry.language)) problems.push({ field: `body.wikis.${index}.language`, code: 'unknown-language' });
        else if (project.editions === 'single' && entry.language !== '') problems.push({ field: `body.wikis.${index}.language`, code: 'no-language-editions' });
        else if (seen.has(key)) problems.push({ field: `body.wikis.${index}.project`, code: 'duplicate' });
        seen.add(key);
      });
      throwIfAny(problems);
      await repository.replaceWikis(member.userId, wikis, visibility);
      await onChange(member.userId);
    },

    /** Saves the three lists; a capacity one can share is one one knows, so it joins "knows" too. */
    async updateCapacities(viewer: Viewer | null, body: CapacitiesBody): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const sides: CapacitySide[] = ['knows', 'shares', 'learns'];
      const known = await repository.existingCapacityIds(sides.flatMap((side) => body[side].map((entry) => entry.id)));
      const problems: FieldProblem[] = [];
      for (const side of sides) {
        const seen = new Set<number>();
        body[side].forEach((entry, index) => {
          if (!known.has(entry.id)) problems.push({ field: `body.${side}.${index}.id`, code: 'unknown-capacity' });
          else if (seen.has(entry.id)) problems.push({ field: `body.${side}.${index}.id`, code: 'duplicate' });
          if (entry.note && containsMarkup(entry.note)) problems.push({ field: `body.${side}.${index}.note`, code: 'no-markup' });
          seen.add(entry.id);
        });
      }
      throwIfAny(problems);
      const clean = (entries: readonly CapacityEntry[]) => entries.map((entry) => ({ id: entry.id, level: entry.level, note: trimOrNull(entry.note) }));
      const knows = clean(body.knows);
      const implied = clean(body.shares).filter((entry) => !knows.some((known) => known.id === entry.id));
      if (knows.length + implied.length > LIMITS.capacitiesPerList) throw validationFailed([{ field: 'body.knows', code: 'maxitems', params: [String(LIMITS.capacitiesPerList)] }]);
      await repository.replaceCapacities(member.userId, { knows: [...knows, ...implied], shares: clean(body.shares), learns: clean(body.learns) }, body.visibility);
      await onChange(member.userId);
    },

    async updateLocation(viewer: Viewer | null, body: LocationBody): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const country = trimOrNull(body.country)?.toUpperCase() ?? null;
      const timeZone = trimOrNull(body.timeZone);
      const problems = [
        ...textProblems({ availability: body.availability }),
        ...(timeZone !== null && !isTimeZone(timeZone) ? [{ field: 'body.timeZone', code: 'unknown-time-zone' }] : []),
      ];
      if (country && (await repository.existingCodes('countries', [country])).size === 0) problems.push({ field: 'body.country', code: 'unknown-country' });
      throwIfAny(problems);
      await repository.updateLocation(member.userId, { country, timeZone, availability: trimOrNull(body.availability), visibility: body.visibility });
      await onChange(member.userId);
    },

    async updateExchange(viewer: Viewer | null, exchange: { formats: readonly string[]; modes: readonly string[]; visibility: ProfileData['visibility']['exchange'] }): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      await repository.updateExchange(member.userId, exchange);
      await onChange(member.userId);
    },

    async updateContacts(viewer: Viewer | null, contacts: readonly ProfileData['contacts'][number][]): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const cleaned = contacts.map((contact) => ({ ...contact, value: contact.value.trim() }));
      throwIfAny(cleaned.flatMap((contact, index) => {
        const code = containsMarkup(contact.value) ? 'no-markup' : contactProblem(contact.kind, contact.value);
        return code ? [{ field: `body.contacts.${index}.value`, code }] : [];
      }));
      await repository.replaceContacts(member.userId, cleaned);
      await onChange(member.userId);
    },

    async updateAffiliations(viewer: Viewer | null, entries: readonly { organization: string; visibility: ProfileData['visibility']['name'] }[]): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      const resolved = await Promise.all(entries.map(async (entry) => ({ ...entry, id: await organizations.idBySlug(entry.organization) })));
      const seen = new Set<string>();
      throwIfAny(resolved.flatMap((entry, index) => {
        if (!entry.id) return [{ field: `body.affiliations.${index}.organization`, code: 'unknown-organization' }];
        const duplicate = seen.has(entry.id);
        seen.add(entry.id);
        return duplicate ? [{ field: `body.affiliations.${index}.organization`, code: 'duplicate' }] : [];
      }));
      await repository.replaceAffiliations(member.userId, resolved.map((entry) => ({ organizationId: entry.id!, visibility: entry.visibility })));
      await onChange(member.userId);
    },

    async updateSettings(viewer: Viewer | null, settings: { showToVisitors: boolean; inSearch: boolean }): Promise<void> {
      const member = requireMember(viewer);
      await ownProfile(member);
      await repository.updateSettings(member.userId, settings);
      await onChange(member.userId);
    },
  };
}

export type ProfilesService = ReturnType<typeof profilesService>;
