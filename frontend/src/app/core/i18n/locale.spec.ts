import { loadCatalogues } from './catalogues';
import {
  LOCALE_STORAGE_KEY,
  chooseLocale,
  primaryTag,
  readStoredLocale,
  textDirection,
} from './locale';

describe('chooseLocale', () => {
  it('takes the stored choice first', () => {
    expect(chooseLocale('ar', ['es-ES', 'en'])).toBe('ar');
  });

  it('ignores a stored value that is no locale of ours', () => {
    expect(chooseLocale('fr', ['es-MX'])).toBe('es');
    expect(chooseLocale('', ['ar-EG'])).toBe('ar');
  });

  it('takes the first browser language whose primary subtag we have', () => {
    expect(chooseLocale(null, ['fr-FR', 'de', 'ar-SA', 'es'])).toBe('ar');
    expect(chooseLocale(null, ['ES-es'])).toBe('es');
    expect(chooseLocale(null, ['en-GB', 'es'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(chooseLocale(null, ['fr', 'de-CH'])).toBe('en');
    expect(chooseLocale(null, [])).toBe('en');
    expect(chooseLocale(undefined, undefined)).toBe('en');
  });
});

describe('locale helpers', () => {
  afterEach(() => localStorage.clear());

  it('reads the stored choice', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'es');
    expect(readStoredLocale()).toBe('es');
  });

  it('knows the primary subtag and the direction', () => {
    expect(primaryTag('zh_Hant-TW')).toBe('zh');
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('he-IL')).toBe('rtl');
    expect(textDirection('fa')).toBe('rtl');
    expect(textDirection('es')).toBe('ltr');
    expect(textDirection(null)).toBe('ltr');
  });
});

describe('loadCatalogues', () => {
  it('merges every area of the locale and skips an area that cannot be read', async () => {
    const asked: string[] = [];
    const fetchFn = ((url: string) => {
      asked.push(url);
      if (url.endsWith('/app.json'))
        return Promise.resolve(new Response(JSON.stringify({ 'app.brand': 'Examen en línea' })));
      return Promise.resolve(new Response('not found', { status: 404 }));
    }) as typeof fetch;
    expect(await loadCatalogues('es', fetchFn)).toEqual({ 'app.brand': 'Examen en línea' });
    expect(asked).toEqual(['/i18n/es/app.json', '/i18n/es/author.json']);
  });

  it('needs nothing for English', async () => {
    const fetchFn = (() => Promise.reject(new Error('no fetch'))) as typeof fetch;
    expect(await loadCatalogues('en', fetchFn)).toEqual({});
  });
});
