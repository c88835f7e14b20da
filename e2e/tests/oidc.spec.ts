/**
 * Signing in with an OpenID Connect provider, end to end: a real provider (node-oidc-provider,
 * support/oidc.ts) and a second app server in OIDC mode (password sign-in off). The student
 * clicks "Sign in with …", signs in at the provider, comes back signed in, takes the demo exam
 * "Python basics" and sees the result. The API verifies the provider's access token every time.
 */
import { test as base, expect } from '@playwright/test';

import { freePort } from '../support/global-setup';
import { startOidcApp, startProvider } from '../support/oidc';

const person = {
  name: 'Olivia Provider',
  email: 'olivia.provider@example.com',
  roles: ['student'],
};

let app = '';
let idp = '';
const stops: (() => Promise<void>)[] = [];

const test = base.extend<{ watchdog: string[] }>({
  // As in support/fixtures.ts, but the provider's origin is expected here.
  watchdog: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text()))
          problems.push(`CSP: ${message.text()}`);
      });
      // The provider's development pages load a web font from Google: not ours, not fetched.
      await page.route('https://fonts.googleapis.com/**', (route) => route.abort());
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url.startsWith('https://fonts.googleapis.com/')) return;
        if (![app, idp].includes(new URL(url).origin)) problems.push(`request to: ${url}`);
      });
      await use(problems);
      expect(problems, 'page errors, CSP violations or foreign requests').toEqual([]);
    },
    { auto: true },
  ],
});

test.beforeAll(async () => {
  test.setTimeout(60_000);
  const [appPort, idpPort] = await Promise.all([freePort(), freePort()]);
  app = `http://127.0.0.1:${appPort}`;
  idp = `http://127.0.0.1:${idpPort}`;
  stops.push(await startProvider(idp, app, { olivia: person }));
  stops.push(await startOidcApp(appPort, idp));
});

test.afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

test('sign in at the provider, take an exam, see the result', async ({ page, request }) => {
  test.setTimeout(90_000);
  const config = await (await request.get(`${app}/api/auth/config`)).json();
  expect(config).toMatchObject({
    password_login: false,
    registration: false,
    oidc: { issuer: idp },
  });

  await page.goto(`${app}/sign-in`);
  // Only the provider is offered: no password form, no register link.
  const provider = page.getByRole('button', {
    name: `Sign in with 127.0.0.1:${new URL(idp).port}`,
  });
  await expect(provider).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
  await provider.click();

  // The provider's development login and consent pages.
  await expect(page).toHaveURL(new RegExp(`^${idp}/interaction/`));
  await page.locator('input[name=login]').fill('olivia');
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  // Back in the app, signed in with the name from the provider's token.
  // Home: a student's is My courses.
  await expect(page).toHaveURL(`${app}/my-courses`);
  await expect(page.getByRole('button', { name: `Account menu for ${person.name}` })).toBeVisible();
  const session = () =>
    page.evaluate(() => JSON.parse(localStorage.getItem('online-exam.session') ?? 'null'));
  const first = await session();
  expect(first).toMatchObject({ provider: 'oidc', refreshToken: null });

  // Renewal: with the access token about to expire, a reload renews it at the provider (refresh
  // token grant through the library) instead of signing the user out.
  await page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('online-exam.session')!);
    localStorage.setItem(
      'online-exam.session',
      JSON.stringify({ ...stored, expiresAt: Date.now() + 5_000 }),
    );
  });
  await page.reload();
  await expect.poll(async () => (await session())?.accessToken).not.toBe(first.accessToken);
  expect((await session()).expiresAt).toBeGreaterThan(Date.now() + 60_000);
  await expect(page.getByRole('button', { name: `Account menu for ${person.name}` })).toBeVisible();

  // Take "Python basics" (one question per page, in the public catalogue) and submit it.
  await page.getByRole('link', { name: 'Exams', exact: true }).click();
  await page
    .getByRole('link', { name: /Python basics/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Start exam' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Question 1 of 11' })).toBeVisible();
  await page.getByRole('radio', { name: '3', exact: true }).check();
  await expect(page.locator('.save-status-text')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Submit exam…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit your answers?' });
  await expect(dialog).toContainText('You answered 1 of 11 questions');
  await dialog.getByRole('button', { name: 'Submit answers' }).click();

  await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
  await expect(
    page.getByRole('heading', { name: /^Your score: [\d.]+ of 13 points/ }),
  ).toBeVisible();

  // Signing out ends the session here and at the provider (its end_session page).
  await page.getByRole('button', { name: `Account menu for ${person.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp}/session/end`));
  expect(await page.evaluate(() => localStorage.getItem('online-exam.session'))).toBeNull();
});
