import type { Vocabulary } from '../../shared/vocabulary';
import { t } from './i18n';

/**
 * The label of a value in the interface language. Takes any string because some answers type a
 * closed list as plain text; a value outside the list is shown as it is rather than as a key.
 */
export function vocabularyLabel<V extends string>(vocabulary: Vocabulary<V>, value: string): string {
  return vocabulary.has(value) ? t(vocabulary.labelKey(value)) : value;
}

/** Menu items or checkbox options for a vocabulary, or for some of its values in the order given. */
export function vocabularyItems<V extends string>(
  vocabulary: Vocabulary<V>,
  values: readonly V[] = vocabulary.values,
): { value: V; label: string }[] {
  return values.map((value) => ({ value, label: t(vocabulary.labelKey(value)) }));
}
