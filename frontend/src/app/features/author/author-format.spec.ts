import { registerLocaleData } from '@angular/common';
import localeAr from '@angular/common/locales/ar';
import localeEs from '@angular/common/locales/es';
import { clearTranslations, loadTranslations } from '@angular/localize';

import { authorTimeLimit, formatDecimal, formatPercentValue } from './author-format';

describe('author-format: numbers and wording in the active locale', () => {
  afterEach(() => {
    clearTranslations();
    $localize.locale = undefined;
  });

  it('formats in English without a locale set', () => {
    expect(formatDecimal(1 / 3)).toBe('0.33');
    expect(formatPercentValue(72.456)).toBe('72.5 %');
    expect(authorTimeLimit(90)).toBe('1 h 30 min');
  });

  it('follows the loaded locale and its translations (Spanish)', () => {
    registerLocaleData(localeEs);
    $localize.locale = 'es';
    loadTranslations({ 'author.format.percent': '{$value} %' });
    expect(formatDecimal(1 / 3)).toBe('0,33');
    expect(formatPercentValue(72.456)).toBe('72,5 %');
  });

  it('puts the Arabic percent sign where the translation says', () => {
    registerLocaleData(localeAr);
    $localize.locale = 'ar';
    loadTranslations({
      'author.format.percent': '{$value}٪',
      'author.format.hoursMinutes': '{$hours} س {$minutes} د',
    });
    expect(formatPercentValue(50)).toBe(`${formatDecimal(50)}٪`);
    expect(authorTimeLimit(90)).toBe('1 س 30 د');
  });
});
