/**
 * The tests' `test`: Playwright's, with
 * - baseURL = the server the global setup started;
 * - a watchdog that fails a test on uncaught page errors, Content-Security-Policy violations, or
 *   any request to another origin (the app must be fully self-hosted);
 * - helpers to sign in through the UI or directly through the API.
 */
import AxeBuilder from '@axe-core/playwright';
import { type Page, test as base, expect } from '@playwright/test';

import { ACCOUNTS, type AccountName, PASSWORD, baseUrl } from './env';

export interface Credentials {
  email: string;
  password: string;
}

interface Fixtures {
  watchdog: string[];
  /** An account of the setup by name, or any account by e-mail and password. */
  signInAs: (account: AccountName | Credentials) => Promise<void>;
  expectNoA11yViolations: (page: Page) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => use(baseUrl()),

  watchdog: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const origin = new URL(baseUrl()).origin;
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) {
          problems.push(`CSP: ${message.text()}`);
        }
      });
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith('data:') && new URL(url).origin !== origin) {
          problems.push(`request to another origin: ${url}`);
        }
      });
      await use(problems);
      expect(problems, 'page errors, CSP violations or foreign requests').toEqual([]);
    },
    { auto: true },
  ],

  signInAs: async ({ page, request }, use) => {
    await use(async (account) => {
      const credentials =
        typeof account === 'string'
          ? { email: ACCOUNTS[account].email, password: PASSWORD }
          : account;
      const response = await request.post('/api/auth/login', { data: credentials });
      expect(response.status()).toBe(200);
      const token = (await response.json()) as {
        access_token: string;
        expires_in: number;
        refresh_token: string;
        refresh_expires_in: number;
        user: unknown;
      };
      // The shape AuthService keeps in localStorage (frontend/src/app/core/auth/auth.service.ts).
      const session = {
        accessToken: token.access_token,
        expiresAt: Date.now() + token.expires_in * 1000,
        refreshToken: token.refresh_token,
        refreshExpiresAt: Date.now() + token.refresh_expires_in * 1000,
        user: token.user,
      };
      await page.addInitScript((value) => {
        localStorage.setItem('online-exam.session', value);
      }, JSON.stringify(session));
    });
  },

  expectNoA11yViolations: async ({}, use) => {
    await use(async (page) => {
      // Colour contrast is measured as rendered: an error message still fading in is
      // half-transparent, so let running animations and transitions finish first (not
      // endless ones, like a spinner's).
      await page.waitForFunction(() =>
        document
          .getAnimations()
          .every(
            (animation) =>
              animation.playState !== 'running' ||
              animation.effect?.getTiming().iterations === Infinity,
          ),
      );
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      const summary = results.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      expect(summary, 'axe-core violations').toEqual([]);
    });
  },
});

export { expect };
