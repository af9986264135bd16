import type { CapacityLevel } from '../../../shared/vocabulary';
import type { AuthorKind, ItemVisibility, ResourceKind, ResourceLicence } from '../../../shared/item-vocabulary';
import type { ResourceView } from '../../api/client';
import type { paths } from '../../api/schema';

/** What the editor sends: the whole resource, to add it or to save it. */
export type ResourceBody = NonNullable<paths['/api/resources']['post']['requestBody']>['content']['application/json'];

/** One language's title and description, as typed. */
export interface TextDraft {
  language: string;
  title: string;
  description: string;
}

/** One line of the authors: a member's profile address, an organization's slug, or a name. */
export interface AuthorDraft {
  kind: AuthorKind;
  value: string;
  /** A member author kept as they are (their profile address is not shown to this editor): their reference. */
  ref?: string;
  /** Their name, when the editor may see it. */
  name?: string | null;
}

/** The editor's form as typed: text fields are strings, choices keep the words the reader chose. */
export interface ResourceDraft {
  texts: TextDraft[];
  kind: ResourceKind;
  /** '' when no level is given. */
  level: CapacityLevel | '';
  licence: ResourceLicence;
  /** Where it lives: at a web address, or as a file on Wikimedia Commons. */
  where: 'url' | 'commons';
  url: string;
  commonsFile: string;
  /** YYYY-MM-DD, or ''. */
  publishedOn: string;
  languages: string[];
  capacities: number[];
  authors: AuthorDraft[];
  /** Added for the member themselves, or for an organization they manage (its slug). */
  forWhom: 'me' | 'organization';
  organization: string;
  visibility: ItemVisibility;
}

/** A new resource: in the reader's language, with the member themselves as its first author. */
export function newResourceDraft(
  language: string,
  ownHandle: string | undefined,
  organization?: string,
): ResourceDraft {
  return {
    texts: [{ language, title: '', description: '' }],
    kind: 'how-to',
    level: '',
    licence: 'CC-BY-SA-4.0',
    where: 'url',
    url: '',
    commonsFile: '',
    publishedOn: '',
    languages: [language],
    capacities: [],
    authors: ownHandle ? [{ kind: 'member', value: ownHandle }] : [],
    forWhom: organization ? 'organization' : 'me',
    organization: organization ?? '',
    visibility: 'public',
  };
}

/**
 * A saved resource as the editor's form. Member authors whose address the editor may not see are
 * kept by their reference; deleted members and organizations no longer there cannot be sent back:
 * they are counted in `unseenAuthors`.
 */
export function resourceDraftOf(resource: ResourceView): { draft: ResourceDraft; unseenAuthors: number } {
  const authors: AuthorDraft[] = [];
  let unseenAuthors = 0;
  for (const author of resource.authors) {
    if (author.kind === 'member') {
      if (author.handle) authors.push({ kind: 'member', value: author.handle });
      else if (author.ref) authors.push({ kind: 'member', value: '', ref: author.ref, name: author.name });
      else unseenAuthors += 1;
    } else if (author.kind === 'organization') {
      if (author.slug) authors.push({ kind: 'organization', value: author.slug });
      else unseenAuthors += 1;
    } else authors.push({ kind: 'name', value: author.name ?? '' });
  }
  return {
    draft: {
      texts: resource.texts.map((text) => ({
        language: text.language,
        title: text.title,
        description: text.description,
      })),
      kind: resource.kind,
      level: resource.level ?? '',
      licence: resource.licence,
      where: resource.url === null && resource.commonsFile !== null ? 'commons' : 'url',
      url: resource.url ?? '',
      commonsFile: resource.commonsFile ?? '',
      publishedOn: resource.publishedOn ?? '',
      languages: resource.languages.map((language) => language.code),
      capacities: resource.capacities.map((capacity) => capacity.id),
      authors,
      forWhom: resource.organization ? 'organization' : 'me',
      organization: resource.organization?.slug ?? '',
      visibility: resource.visibility,
    },
    unseenAuthors,
  };
}

/** A profile address as people copy it: the address alone, or the page's whole link (…/people/<address>). */
export function profileAddressOf(typed: string): string {
  const value = typed.trim();
  const match = /\/people\/([^/?#]+)/.exec(value);
  if (!match) return value.replace(/^@/, '');
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

/**
 * The request body for a draft. Author lines left empty are not sent; `authorLines` gives, for each
 * author sent, its line in the draft (the server names problems by the position of what it was sent).
 */
export function resourceBodyOf(draft: ResourceDraft): { body: ResourceBody; authorLines: number[] } {
  const authors: ResourceBody['authors'] = [];
  const authorLines: number[] = [];
  draft.authors.forEach((author, line) => {
    const value = author.kind === 'member' ? profileAddressOf(author.value) : author.value.trim();
    if (author.kind === 'member' && author.ref && value === '') {
      authorLines.push(line);
      authors.push({ kind: 'member', ref: author.ref });
      return;
    }
    if (value === '') return;
    authorLines.push(line);
    if (author.kind === 'member') authors.push({ kind: 'member', handle: value });
    else if (author.kind === 'organization') authors.push({ kind: 'organization', slug: value });
    else authors.push({ kind: 'name', name: value });
  });
  const body: ResourceBody = {
    texts: draft.texts.map((text) => ({ language: text.language, title: text.title, description: text.description })),
    kind: draft.kind,
    level: draft.level === '' ? null : draft.level,
    licence: draft.licence,
    url: draft.where === 'url' ? draft.url.trim() || null : null,
    commonsFile: draft.where === 'commons' ? draft.commonsFile.trim() || null : null,
    publishedOn: draft.publishedOn === '' ? null : draft.publishedOn,
    languages: draft.languages,
    capacities: draft.capacities,
    authors,
    organization: draft.forWhom === 'organization' ? draft.organization.trim() : null,
    visibility: draft.visibility,
  };
  return { body, authorLines };
}

/** Field problems named by the body sent (`authors.2.handle`), renamed by the draft's lines. */
export function problemsByLine(
  fieldErrors: Readonly<Record<string, string>>,
  authorLines: readonly number[],
): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const match = /^authors\.(\d+)(.*)$/.exec(field);
    const line = match ? authorLines[Number(match[1])] : undefined;
    renamed[match && line !== undefined ? `authors.${line}${match[2]}` : field] = message;
  }
  return renamed;
}
