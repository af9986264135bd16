/**
 * The languages the interface is translated into. Shared by the server (negotiation, error messages,
 * the `lang` parameter) and the web app (language selector, direction).
 */
export const UI_LANGUAGES = [
  { code: 'en', autonym: 'English', dir: 'ltr' },
  { code: 'ar', autonym: 'العربية', dir: 'rtl' },
  { code: 'es', autonym: 'español', dir: 'ltr' },
  { code: 'fr', autonym: 'français', dir: 'ltr' },
  { code: 'pt-br', autonym: 'português do Brasil', dir: 'ltr' },
] as const;

export type UiLanguage = (typeof UI_LANGUAGES)[number]['code'];
export type TextDirection = 'ltr' | 'rtl';

export const DEFAULT_UI_LANGUAGE: UiLanguage = 'en';
export const UI_LANGUAGE_CODES: readonly UiLanguage[] = UI_LANGUAGES.map((language) => language.code);

/** Cookie that remembers the reader's choice, so the server can send the right `<html lang dir>`. */
export const UI_LANGUAGE_COOKIE = 'cxc_lang';

/**
 * Where a requested language has no translation of its own, the closest one we have. Only the
 * language part is compared after these explicit cases, so `es-419` -> `es` and `fr-CA` -> `fr`.
 */
const FALLBACKS: Record<string, UiLanguage> = {
  pt: 'pt-br',
  'pt-pt': 'pt-br',
  'pt-ao': 'pt-br',
  'pt-mz': 'pt-br',
  arz: 'ar',
  ary: 'ar',
  arq: 'ar',
  aeb: 'ar',
  apc: 'ar',
  acm: 'ar',
  ast: 'es',
  gl: 'es',
  oc: 'fr',
  frc: 'fr',
};

export function isUiLanguage(code: string): code is UiLanguage {
  return (UI_LANGUAGE_CODES as readonly string[]).includes(code);
}

export function directionOf(language: UiLanguage): TextDirection {
  return UI_LANGUAGES.find((candidate) => candidate.code === language)?.dir ?? 'ltr';
}

/** Maps one language tag (any case, `_` or `-`) to a UI language, or `undefined` when none fits. */
export function matchUiLanguage(tag: string): UiLanguage | undefined {
  const normalized = tag.trim().toLowerCase().replace(/_/g, '-');
  if (normalized === '') return undefined;
  if (isUiLanguage(normalized)) return normalized;
  const explicit = FALLBACKS[normalized];
  if (explicit) return explicit;
  const base = normalized.split('-')[0] ?? '';
  if (isUiLanguage(base)) return base;
  return FALLBACKS[base];
}

/** Language tags of an `Accept-Language` header, most preferred first (q=0 dropped). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 30)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = qParam ? Number(qParam.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The first candidate that maps to a UI language, else the default. */
export function negotiateUiLanguage(candidates: Iterable<string | undefined>): UiLanguage {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const match = matchUiLanguage(candidate);
    if (match) return match;
  }
  return DEFAULT_UI_LANGUAGE;
}
