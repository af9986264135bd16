import type { MenuItemData } from '@wikimedia/codex';
import { languageItemLabel } from '../../../components/editing/reference-items';
import { t } from '../../../i18n/i18n';
import type { ResourceDraft } from '../resource-draft';
import { RESOURCE_FIELD_LABELS } from '../resource-words';

/**
 * The names of the editor's lower fields in its error summary, for every field the server may name
 * there (`authors.2.handle`, `languages.0`): the form's own texts are named by the form.
 */
export function lowerFieldLabels(draft: ResourceDraft, languageItems: readonly MenuItemData[]): Record<string, string> {
  const name = (field: string) => t(RESOURCE_FIELD_LABELS[field] ?? field);
  const entries: Record<string, string> = {
    kind: name('kind'),
    level: name('level'),
    licence: name('licence'),
    url: draft.where === 'url' ? t('cxc-resource-url') : t('cxc-resource-commons'),
    commonsFile: t('cxc-resource-commons'),
    publishedOn: t('cxc-resource-published-label'),
    languages: t('cxc-resource-languages-label'),
    capacities: name('capacities'),
    authors: name('authors'),
    organization: t('cxc-resource-for-organization-label'),
    visibility: t('cxc-resource-visibility-label'),
  };
  draft.languages.forEach((code, index) => {
    entries[`languages.${index}`] = t('cxc-resource-languages-entry', languageItemLabel(languageItems, code));
  });
  draft.capacities.forEach((_id, index) => {
    entries[`capacities.${index}`] = name('capacities');
  });
  draft.authors.forEach((_author, index) => {
    const line = t('cxc-resource-author-line', index + 1);
    for (const suffix of ['', '.handle', '.slug', '.name']) entries[`authors.${index}${suffix}`] = line;
  });
  return entries;
}
