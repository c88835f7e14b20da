import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

test.describe('accessibility (axe-core: WCAG 2.2 AA + best practices)', () => {
  for (const [name, path, heading] of [
    ['catalogue', '/exams', 'Exams'],
    ['sign-in', '/sign-in', 'Sign in'],
    ['register', '/register', 'Create an account'],
    ['not-found', '/nothing-here', 'Page not found'],
  ] as const) {
    test(`${name} has no violations`, async ({ page, expectNoA11yViolations }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      if (name === 'catalogue') await expect(page.locator('app-exam-card').first()).toBeVisible();
      await expectNoA11yViolations(page);
      await page.screenshot({
        path: `${SCREENSHOTS}/desktop-${name}.png`,
        fullPage: true,
      });
    });
  }

  test('exam page has no violations', async ({ page, expectNoA11yViolations }) => {
    await page.goto('/exams');
    await page
      .locator('app-exam-card')
      .first()
      .getByRole('link', { name: /^View details/ })
      .click();
    await expect(page.getByRole('heading', { name: 'Rules' })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.screenshot({
      path: `${SCREENSHOTS}/desktop-exam.png`,
      fullPage: true,
    });
  });

  test('form errors have no violations', async ({ page, expectNoA11yViolations }) => {
    await page.goto('/register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Choose a password.')).toBeVisible();
    await expectNoA11yViolations(page);
  });
});

test.describe('phone width', () => {
  test.use({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });

  test('links collapse into the menu button', async ({
    page,
    signInAs,
    expectNoA11yViolations,
  }) => {
    await signInAs('author');
    await page.goto('/exams');
    await expect(page.locator('app-exam-card').first()).toBeVisible();
    // The inline links are hidden; the menu button offers them.
    await expect(page.locator('.nav-links')).toBeHidden();
    await page.screenshot({
      path: `${SCREENSHOTS}/phone-catalogue.png`,
      fullPage: true,
    });
    await expectNoA11yViolations(page);

    await page.getByRole('button', { name: 'Open navigation menu' }).click();
    const menu = page.getByRole('menu');
    for (const name of ['Exams', 'My results', 'Author']) {
      await expect(menu.getByRole('menuitem', { name })).toBeVisible();
    }
    await page.screenshot({ path: `${SCREENSHOTS}/phone-menu.png` });
    await menu.getByRole('menuitem', { name: 'My results' }).click();
    await expect(page).toHaveURL(/\/me\/results$/);

    // No sideways scrolling on any page.
    for (const path of ['/exams', '/exams/1', '/sign-in', '/register', '/nowhere']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
    await page.goto('/exams/1');
    await page.screenshot({
      path: `${SCREENSHOTS}/phone-exam.png`,
      fullPage: true,
    });
  });
});
