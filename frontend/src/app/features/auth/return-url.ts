/**
 * Where to go after signing in: a path inside this app only (never `//host` or `https://…`,
 * which would make the sign-in page an open redirect). Sign-in, register and
 * callback pages are skipped. The fallback is home, which depends on the role (app.routes.ts).
 */
export function safeReturnUrl(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  if (/^\/(sign-in|register|auth\/callback)(\/|\?|#|$)/.test(value)) return fallback;
  return value;
}
