/**
 * Loading the translation catalogues at run time (one build for every locale): each area's flat
 * JSON `{ id: translation }` under /i18n/<locale>/<area>.json, merged. See ARCHITECTURE.md, "Languages".
 */
import { type Locale } from './locale';

/** Catalogue areas; `author` holds the author/teacher/admin screens' strings (IDs `author.*`). */
export const CATALOGUE_AREAS = ['app', 'author'] as const;

export type Catalogue = Record<string, string>;

/**
 * The merged catalogues of `locale` ({} for English, the source). An area that cannot be read
 * is skipped, so a missing file shows English text rather than no application at all.
 */
export async function loadCatalogues(
  locale: Locale,
  fetchFn: typeof fetch = fetch,
): Promise<Catalogue> {
  if (locale === 'en') return {};
  const parts = await Promise.all(
    CATALOGUE_AREAS.map(async (area) => {
      try {
        // The server caches static files for long; revalidate so a new catalogue is seen.
        const response = await fetchFn(`/i18n/${locale}/${area}.json`, { cache: 'no-cache' });
        if (!response.ok) return {};
        return (await response.json()) as Catalogue;
      } catch {
        return {};
      }
    }),
  );
  return Object.assign({}, ...parts) as Catalogue;
}
