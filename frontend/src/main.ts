import { registerLocaleData } from '@angular/common';
import localeAr from '@angular/common/locales/ar';
import localeEs from '@angular/common/locales/es';
import { LOCALE_ID } from '@angular/core';
import { loadTranslations } from '@angular/localize';
import { bootstrapApplication } from '@angular/platform-browser';

import { loadCatalogues } from './app/core/i18n/catalogues';
import {
  chooseLocale,
  readStoredLocale,
  setActiveLocale,
  textDirection,
} from './app/core/i18n/locale';

registerLocaleData(localeEs, 'es');
registerLocaleData(localeAr, 'ar');

/**
 * Picks the language and loads its catalogues BEFORE the application's code is imported: a
 * `$localize` string at a module's top level is translated when the module is evaluated.
 */
async function start(): Promise<void> {
  const locale = chooseLocale(readStoredLocale(), navigator.languages);
  setActiveLocale(locale);
  if (locale !== 'en') loadTranslations(await loadCatalogues(locale));
  $localize.locale = locale;
  // Material and the CDK's Directionality read <html dir> when they start.
  document.documentElement.lang = locale;
  document.documentElement.dir = textDirection(locale);

  const [{ appConfig }, { App }] = await Promise.all([
    import('./app/app.config'),
    import('./app/app'),
  ]);
  await bootstrapApplication(App, {
    ...appConfig,
    providers: [...appConfig.providers, { provide: LOCALE_ID, useValue: locale }],
  });
}

start().catch((err: unknown) => console.error(err));
