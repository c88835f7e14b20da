import { activeLocale } from '../core/i18n/locale';

/**
 * Plural forms in TypeScript. `$localize` does not evaluate ICU, so a message such as
 * $localize`:@@catalog.questions:{count, plural, =1 {# question} other {# questions}}`
 * is translated as a whole (each language brings its own cases: Arabic has zero, one, two, few,
 * many and other) and the case is chosen here, with the locale's plural rules; `#` becomes the
 * number, formatted for the locale. Templates use Angular's ICU support instead.
 */
export function plural(count: number, message: string, locale: string = activeLocale()): string {
  const icu = parseIcu(message);
  if (!icu) return message;
  const exact = icu.cases.get(`=${count}`);
  const category = new Intl.PluralRules(locale).select(count);
  const text = exact ?? icu.cases.get(category) ?? icu.cases.get('other') ?? '';
  return icu.before + text.replaceAll('#', formatCount(count, locale)) + icu.after;
}

/** A number for people, in the locale's digits and separators (at most 2 decimals). */
export function formatCount(value: number, locale: string = activeLocale()): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

interface Icu {
  before: string;
  after: string;
  cases: Map<string, string>;
}

/** The first `{name, plural, case {text} …}` of a message, with the text around it. */
function parseIcu(message: string): Icu | null {
  const head = /\{\s*[A-Za-z0-9_]+\s*,\s*plural\s*,/.exec(message);
  if (!head) return null;
  const cases = new Map<string, string>();
  let i = head.index + head[0].length;
  for (;;) {
    while (i < message.length && /\s/.test(message[i])) i++;
    if (message[i] === '}') break;
    const key = /^[^\s{}]+/.exec(message.slice(i));
    if (!key) return null;
    i += key[0].length;
    while (i < message.length && /\s/.test(message[i])) i++;
    if (message[i] !== '{') return null;
    const end = matchingBrace(message, i);
    if (end < 0) return null;
    cases.set(key[0], message.slice(i + 1, end));
    i = end + 1;
  }
  return { before: message.slice(0, head.index), after: message.slice(i + 1), cases };
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** 87.5 → "87.5%" ("87,5 %" in Spanish): a percentage for people, in the locale's format. */
export function formatPercent(value: number, locale: string = activeLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    value / 100,
  );
}
