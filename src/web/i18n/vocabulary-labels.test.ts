import { beforeAll, describe, expect, test } from 'vitest';
import { LANGUAGE_LEVEL, ORGANIZATION_TYPE } from '../../shared/vocabulary';
import { loadInterfaceMessages } from './i18n';
import { vocabularyItems, vocabularyLabel } from './vocabulary-labels';

describe('vocabulary labels', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('labels each value in the interface language, in the order asked for', () => {
    expect(vocabularyItems(LANGUAGE_LEVEL, ['N', '3'])).toEqual([
      { value: 'N', label: 'native' },
      { value: '3', label: 'advanced (3)' },
    ]);
    expect(vocabularyItems(ORGANIZATION_TYPE).map((item) => item.value)).toEqual(ORGANIZATION_TYPE.values);
    expect(vocabularyLabel(ORGANIZATION_TYPE, 'chapter')).toBe('Chapter');
  });

  test('shows a value the list does not know as it is, not as a message key', () => {
    expect(vocabularyLabel(ORGANIZATION_TYPE, 'guild')).toBe('guild');
  });
});
