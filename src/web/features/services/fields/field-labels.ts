import type { MenuItemData } from '@wikimedia/codex';
import { languageItemLabel } from '../../../components/editing/reference-items';
import { t } from '../../../i18n/i18n';
import { ITEM_FIELD_WORDS } from '../../items/item-words';
import type { ServiceDraft, ServiceTextDraft } from '../service-draft';

/** The cost note of one text: named by its language when there are several. */
export function costNoteLabel(
  texts: readonly ServiceTextDraft[],
  index: number,
  languageItems: readonly MenuItemData[],
): string {
  const language = texts[index]?.language ?? '';
  if (texts.length === 1 || language === '') return t('cxc-service-cost-note');
  return t('cxc-service-cost-note-in', languageItemLabel(languageItems, language));
}

/**
 * The names of the editor's lower fields in its error summary, for every field the server may name
 * there (`countries.2`, `texts.0.costNote`): the form's own texts are named by the form.
 */
export function lowerFieldLabels(
  draft: ServiceDraft,
  languageItems: readonly MenuItemData[],
  countryItems: readonly MenuItemData[],
  regionItems: readonly MenuItemData[],
): Record<string, string> {
  const words = ITEM_FIELD_WORDS.service;
  const entries: Record<string, string> = {
    kind: t('cxc-service-field-kind'),
    format: t('cxc-service-field-format'),
    cost: t('cxc-service-field-cost'),
    languages: t(words.languagesLabel),
    capacities: t('cxc-resource-field-capacities'),
    countries: t('cxc-org-countries'),
    regions: t('cxc-service-field-regions'),
    organization: t('cxc-resource-for-organization-label'),
    visibility: t('cxc-resource-visibility-label'),
  };
  draft.texts.forEach((_text, index) => {
    entries[`texts.${index}.costNote`] = costNoteLabel(draft.texts, index, languageItems);
  });
  draft.languages.forEach((code, index) => {
    entries[`languages.${index}`] = t('cxc-resource-languages-entry', languageItemLabel(languageItems, code));
  });
  draft.capacities.forEach((_id, index) => {
    entries[`capacities.${index}`] = t('cxc-resource-field-capacities');
  });
  draft.countries.forEach((code, index) => {
    entries[`countries.${index}`] = String(countryItems.find((item) => item.value === code)?.label ?? code);
  });
  draft.regions.forEach((id, index) => {
    entries[`regions.${index}`] = String(regionItems.find((item) => item.value === id)?.label ?? id);
  });
  return entries;
}
