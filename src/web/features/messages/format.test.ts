import { beforeAll, describe, expect, test } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { autonymOf, formatWhen, isolate, memberName, plainPreview } from './format';

describe('messages: how members, times and previews are shown', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('names a member by name, else address, else "A member"; "Deleted member" once gone', () => {
    expect(memberName({ name: 'Bea', handle: 'bea', deleted: false })).toBe('Bea');
    expect(memberName({ name: null, handle: 'bea', deleted: false })).toBe('bea');
    expect(memberName({ name: null, handle: null, deleted: false })).toBe('A member');
    expect(memberName({ name: null, handle: null, deleted: true })).toBe('Deleted member');
  });

  test('says when in the interface language: relative within a week, else the date', () => {
    const now = Date.parse('2026-05-20T12:00:00Z');
    expect(formatWhen('2026-05-20T11:59:50Z', 'en', now)).toBe('now');
    expect(formatWhen('2026-05-20T11:55:00Z', 'en', now)).toBe('5 minutes ago');
    expect(formatWhen('2026-05-20T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(formatWhen('2026-05-19T09:00:00Z', 'en', now)).toBe('yesterday');
    expect(formatWhen('2026-04-02T09:00:00Z', 'en', now)).toBe('Apr 2');
    expect(formatWhen('2025-04-02T09:00:00Z', 'en', now)).toBe('Apr 2, 2025');
    expect(formatWhen('2026-05-20T11:55:00Z', 'ar', now)).toMatch(/دقائق/);
  });

  test('isolates a name inside a sentence, and names languages by their own names', () => {
    expect(isolate('ليلى')).toBe('\u2068ليلى\u2069');
    expect(autonymOf('fr')).toBe('français');
    expect(autonymOf('not a language!')).toBe('not a language!');
  });

  test('shows a preview without its Markdown marks', () => {
    expect(plainPreview('Could you help with the **budget** of [our event](https://example.org)?')).toBe(
      'Could you help with the budget of our event?',
    );
  });
});
