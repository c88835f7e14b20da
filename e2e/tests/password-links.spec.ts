import { registerStudent } from '../support/api';
import { expect, test } from '../support/fixtures';
import { linkIn, mailTo } from '../support/mail';

test.describe('password links', () => {
  test('forgot password: the mailed link sets a new password and signs in, once', async ({
    page,
    request,
    expectNoA11yViolations,
  }) => {
    const { user } = await registerStudent(request, 'Fay Forgetful');

    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page).toHaveTitle('Forgot password · Online Exam');
    await expectNoA11yViolations(page);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByRole('status')).toContainText('If an account with this e-mail exists');

    const mail = await mailTo(user.email);
    expect(mail.subject).toContain('Reset');
    expect(mail.body).toContain('Hello Fay Forgetful');
    const link = linkIn(mail);
    expect(link.startsWith(new URL(page.url()).origin)).toBe(true);

    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await expect(page.getByText(user.email)).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByLabel('Password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Repeat the password').fill('a brand new passphrase!');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(page.getByText('The two passwords differ.')).toBeVisible();
    await page.getByLabel('Repeat the password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();

    await expect(page).toHaveURL(/\/exams$/);
    await expect(
      page.getByRole('button', { name: 'Account menu for Fay Forgetful' }),
    ).toBeVisible();

    // The new password signs in; the link is used up.
    const login = await request.post('/api/auth/login', {
      data: { email: user.email, password: 'a brand new passphrase' },
    });
    expect(login.status()).toBe(200);
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Get a new link' })).toBeVisible();
  });
});
