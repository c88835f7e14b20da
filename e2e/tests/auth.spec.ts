import { ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

test.describe('accounts', () => {
  test('register, sign out, sign in again', async ({ page }) => {
    const email = `new-${Date.now()}@example.com`;
    await page.goto('/');
    await expect(page).toHaveURL(/\/exams$/);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveTitle('Create an account · Online Exam');

    // The form explains what is wrong before anything is sent.
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Enter your name as it should appear')).toBeVisible();
    await page.getByLabel('Your name').fill('Nora New');
    await page.getByLabel('E-mail').fill('nora@');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Enter a valid e-mail address')).toBeVisible();
    await expect(page.getByText('At least 10 characters (5 so far)')).toBeVisible();

    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a good long password');
    await page.getByRole('button', { name: 'Create account' }).click();

    // A student's home is My courses.
    await expect(page).toHaveURL(/\/my-courses$/);
    const accountButton = page.getByRole('button', {
      name: 'Account menu for Nora New',
    });
    await expect(accountButton).toBeVisible();
    await expect(page.getByRole('link', { name: 'My results' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Author' })).toHaveCount(0);

    // The session survives a reload.
    await page.reload();
    await expect(accountButton).toBeVisible();

    await accountButton.click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'My results' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a good long password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(accountButton).toBeVisible();
    await expect(page).toHaveURL(/\/my-courses$/);
  });

  test('a used e-mail is marked on its field', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('Your name').fill('Someone');
    await page.getByLabel('E-mail').fill(ACCOUNTS.student.email);
    await page.getByLabel('Password', { exact: true }).fill('a good long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Already used.')).toBeVisible();
  });

  test('a wrong password is explained, and nothing else happens', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').fill(ACCOUNTS.student.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('E-mail or password is wrong.');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('a protected page asks to sign in, then comes back', async ({ page }) => {
    await page.goto('/me/results');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fme%2Fresults$/);
    await page.getByLabel('E-mail').fill(ACCOUNTS.student.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/me\/results$/);
    await expect(page.getByRole('heading', { name: 'My results' })).toBeVisible();
  });

  test('a rejected token sends the user to sign in, and back afterwards', async ({
    page,
    signInAs,
  }) => {
    await signInAs('student');
    await page.goto('/exams');
    await expect(page.getByRole('button', { name: /Account menu/ })).toBeVisible();
    // From now on the server refuses the token (as after a secret rotation or a deactivation).
    await page.route('**/api/exams/*', (route) =>
      route.fulfill({
        status: 401,
        json: {
          error: {
            status: 401,
            code: 'unauthorized',
            message: 'Invalid token.',
            details: {},
          },
        },
      }),
    );
    await page
      .getByRole('link', { name: /^View details of/ })
      .first()
      .click();
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fexams%2F\d+$/);
    await expect(page.getByText('Your session has ended. Please sign in again.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

    await page.unroute('**/api/exams/*');
    await page.getByLabel('E-mail').fill(ACCOUNTS.student.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/exams\/\d+$/);
    await expect(page.getByRole('heading', { name: 'Rules' })).toBeVisible();
  });

  test('an expired access token is renewed with the refresh token', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').fill(ACCOUNTS.student.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: /Account menu/ })).toBeVisible();
    // Pretend an hour went by: the stored access token has expired.
    const before = await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('online-exam.session') ?? '{}');
      session.expiresAt = Date.now() - 1000;
      localStorage.setItem('online-exam.session', JSON.stringify(session));
      return session as { accessToken: string; refreshToken: string };
    });
    const renewed = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200,
    );
    const me = page.waitForResponse((r) => r.url().endsWith('/api/auth/me'));
    await page.reload();
    await renewed;
    expect((await me).status()).toBe(200); // sent with the new access token
    await expect(page.getByRole('button', { name: /Account menu/ })).toBeVisible();
    const after = await page.evaluate(
      () =>
        JSON.parse(localStorage.getItem('online-exam.session') ?? '{}') as {
          accessToken: string;
          refreshToken: string;
          expiresAt: number;
        },
    );
    // (The new access token may equal the old one: same claims within the same second.)
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now());

    // Signing out revokes the refresh token on the server.
    const logout = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    expect((await logout).status()).toBe(204);
    const reuse = await page.request.post('/api/auth/refresh', {
      data: { refresh_token: after.refreshToken },
    });
    expect(reuse.status()).toBe(401);
  });

  test('the toolbar follows the role', async ({ page, signInAs }) => {
    await signInAs('author');
    await page.goto('/exams');
    await expect(page.getByRole('link', { name: 'Author' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    // Authors may not open the admin area.
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/exams$/);
    await expect(page.getByText('Your account does not have access to that page.')).toBeVisible();
  });

  test('admins see every section', async ({ page, signInAs }) => {
    await signInAs('admin');
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Admin' })).toBeVisible();
    for (const name of ['Exams', 'My results', 'Author', 'Admin']) {
      await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    }
  });
});
