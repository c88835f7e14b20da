/**
 * The interface's language: which locales exist, which one this page uses, and how it is chosen
 * (issue 18). Pure functions, so main.ts can call them before Angular starts.
 */

/** The interface's locales; English is the source text and needs no catalogue. */
export const LOCALES = ['en', 'es', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each locale's name in its own language, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  es: 'Español',
  ar: 'العربية',
};

/** Where the user's choice (or the account's setting, once read) is kept. */
export const LOCALE_STORAGE_KEY = 'oe.locale';

/** Languages written right to left (BCP 47 primary subtags). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'yi', 'dv', 'ckb']);

/** The primary subtag of a BCP 47 tag, lower-cased ('es-MX' -> 'es'); '' for nothing usable. */
export function primaryTag(tag: string | null | undefined): string {
  return (tag ?? '').trim().split(/[-_]/)[0].toLowerCase();
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** 'rtl' for a right-to-left language, else 'ltr'. */
export function textDirection(tag: string | null | undefined): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(primaryTag(tag)) ? 'rtl' : 'ltr';
}

/**
 * The locale to use: the stored choice when it is one we have, else the first browser
 * preference whose primary subtag we have, else English.
 */
export function chooseLocale(
  stored: string | null | undefined,
  browserLanguages: readonly string[] | null | undefined,
): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of browserLanguages ?? []) {
    const primary = primaryTag(tag);
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

/** localStorage may be unavailable (private mode, sandboxed frames): then nothing is kept. */
export function readStoredLocale(): string | null {
  try {
    return globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not kept: the choice lasts for this page only.
  }
}

/** The locale this page was started in (set once by main.ts before Angular starts). */
let active: Locale = 'en';

export function activeLocale(): Locale {
  return active;
}

export function setActiveLocale(locale: Locale): void {
  active = locale;
}
