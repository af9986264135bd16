import type { ItemVisibility } from '../../../shared/item-vocabulary';
import type { Viewer } from '../auth/viewer';
import type { FieldProblem } from '../errors';
import { checkedName, markupProblems, repeatedEntries } from './field-rules';

/*
 * What the content types members add as items (learning resources, services, and events after
 * them) share: texts in several languages, visibility (public, members, draft), editors, hiding.
 */

/** Who finds an item in search: everyone when public, members when for members; nobody as a draft or while hidden. */
export function itemAudiences(item: {
  readonly visibility: ItemVisibility;
  readonly hiddenAt: number | null;
}): ('member' | 'visitor')[] {
  if (item.hiddenAt !== null) return [];
  return item.visibility === 'public' ? ['member', 'visitor'] : item.visibility === 'members' ? ['member'] : [];
}

/** Whether a viewer may open an item: its editors always; others as search would show it to them. */
export function mayReadItem(
  viewer: Viewer | null,
  item: { readonly visibility: ItemVisibility; readonly hiddenAt: number | null },
  editorIds: readonly string[],
): boolean {
  if (viewer?.onboarded && editorIds.includes(viewer.userId)) return true;
  return itemAudiences(item).includes(viewer?.onboarded ? 'member' : 'visitor');
}

/**
 * `mayReadItem` for lists, asking who edits an item (a query for an organization's managers) only
 * when its visibility alone does not let the viewer read it: a draft or a hidden item.
 */
export async function mayReadListedItem(
  viewer: Viewer | null,
  item: { readonly visibility: ItemVisibility; readonly hiddenAt: number | null },
  editorIds: () => Promise<readonly string[]>,
): Promise<boolean> {
  if (itemAudiences(item).includes(viewer?.onboarded ? 'member' : 'visitor')) return true;
  return viewer?.onboarded === true && (await editorIds()).includes(viewer.userId);
}

/**
 * The text a reader sees: in their interface language, else in one of its family ("pt" for
 * "pt-br"), else the main one (the first).
 */
export function closestText<T extends { readonly language: string }>(
  texts: readonly T[],
  language: string,
): T | undefined {
  const base = language.split('-')[0]!;
  return (
    texts.find((text) => text.language === language) ??
    texts.find((text) => text.language.split('-')[0] === base) ??
    texts[0]
  );
}

/**
 * An item's texts (title and description per language) as stored, and their problems: the title
 * by the names' rule, markup in a description or in `plain` fields (short texts beside it), a
 * language that is not known or given twice.
 */
export function checkedTexts<
  T extends { readonly language: string; readonly title: string; readonly description: string },
>(
  texts: readonly T[],
  knownLanguages: ReadonlySet<string>,
  plain: readonly (keyof T & string)[] = [],
): { readonly texts: T[]; readonly problems: FieldProblem[] } {
  const checked = texts.map((entry, index) => ({
    entry,
    title: checkedName(entry.title, `body.texts.${index}.title`, 'title'),
  }));
  const repeated = repeatedEntries(texts, (entry) => entry.language);
  const problems = checked.flatMap(({ entry, title }, index): FieldProblem[] => [
    ...title.problems,
    ...(knownLanguages.has(entry.language)
      ? []
      : [{ field: `body.texts.${index}.language`, code: 'unknown-language' }]),
    ...(repeated.has(index) ? [{ field: `body.texts.${index}.language`, code: 'duplicate' }] : []),
    ...markupProblems(
      Object.fromEntries(
        ['description', ...plain].map((field) => [`texts.${index}.${field}`, String(entry[field as keyof T] ?? '')]),
      ),
    ),
  ]);
  return {
    texts: checked.map(({ entry, title }) => ({ ...entry, title: title.name, description: entry.description.trim() })),
    problems,
  };
}

/** Problems of a list of codes (languages, countries...): each unknown or repeated one. */
export function codeListProblems(
  codes: readonly string[],
  known: ReadonlySet<string>,
  field: string,
  unknownCode: string,
): FieldProblem[] {
  const repeated = repeatedEntries(codes, (code) => code);
  return codes.flatMap((code, index) =>
    !known.has(code)
      ? [{ field: `${field}.${index}`, code: unknownCode }]
      : repeated.has(index)
        ? [{ field: `${field}.${index}`, code: 'duplicate' }]
        : [],
  );
}

/** Problems of an item's capacities: each unknown or repeated one. */
export function capacityIdProblems(ids: readonly number[], known: ReadonlySet<number>, field = 'body.capacities') {
  const repeated = repeatedEntries(ids, (id) => id);
  return ids.flatMap((id, index) =>
    !known.has(id)
      ? [{ field: `${field}.${index}`, code: 'unknown-capacity' }]
      : repeated.has(index)
        ? [{ field: `${field}.${index}`, code: 'duplicate' }]
        : [],
  );
}

/**
 * One page of items a viewer may read, most recently changed first: `idsPage` reads ids in that
 * order, `readable` says whether the viewer may read one. Items the viewer may not read are passed
 * over, so later pages read further; a page asks for ids 200 at a time.
 */
export async function readablePage<T>(
  idsPage: (limit: number, offset: number) => Promise<T[]>,
  readable: (item: T) => Promise<boolean> | boolean,
  page: number,
  pageSize: number,
): Promise<{ readonly items: T[]; readonly hasMore: boolean }> {
  const shown: T[] = [];
  const wanted = page * pageSize + 1;
  for (let offset = 0; shown.length < wanted; offset += 200) {
    const batch = await idsPage(200, offset);
    for (const item of batch) if (await readable(item)) shown.push(item);
    if (batch.length < 200) break;
  }
  return { items: shown.slice((page - 1) * pageSize, page * pageSize), hasMore: shown.length > page * pageSize };
}
