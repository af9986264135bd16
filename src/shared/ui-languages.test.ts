import { describe, expect, test } from 'vitest';
import { directionOf, negotiateUiLanguage, parseAcceptLanguage } from './ui-languages';

describe('negotiateUiLanguage', () => {
  test.each([
    { header: 'pt', expected: 'pt-br' },
    { header: 'pt-PT,pt;q=0.9', expected: 'pt-br' },
    { header: 'pt-BR', expected: 'pt-br' },
    { header: 'es-419,es;q=0.9', expected: 'es' },
    { header: 'fr-CA', expected: 'fr' },
    { header: 'ar-EG,en;q=0.5', expected: 'ar' },
    { header: 'arz', expected: 'ar' },
    { header: 'de-DE,de;q=0.9', expected: 'en' },
    { header: 'de;q=1, fr;q=0.8, es;q=0.9', expected: 'es' },
    { header: 'en;q=0, fr', expected: 'fr' },
    { header: '*', expected: 'en' },
    { header: '', expected: 'en' },
    { header: ';;;,,,q=x', expected: 'en' },
  ])('maps Accept-Language "$header" to $expected', ({ header, expected }) => {
    expect(negotiateUiLanguage(parseAcceptLanguage(header))).toBe(expected);
  });

  test('prefers earlier candidates, such as ?uselang= over the header', () => {
    expect(negotiateUiLanguage(['fr', ...parseAcceptLanguage('ar')])).toBe('fr');
    expect(negotiateUiLanguage([undefined, 'xx', 'AR'])).toBe('ar');
  });

  test('writes Arabic right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('pt-br')).toBe('ltr');
  });
});
