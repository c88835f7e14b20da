import { createExam, login, registerStudent, startAttempt } from '../support/api';
import { ACCOUNTS, PASSWORD } from '../support/env';
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

test.describe('author pages in edge states (axe)', () => {
  // Two pages and two axe runs per test: room for a busy machine.
  test.describe.configure({ mode: 'serial', timeout: 60_000 });
  const stamp = Date.now();
  let empty = 0;
  let inProgress = 0;

  // An empty draft, and a published exam (no pass mark) whose only attempt is in progress.
  test.beforeAll(async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: process.env['E2E_BASE_URL'] });
    const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    empty = await createExam(request, author, `Empty exam ${stamp}`);
    inProgress = await createExam(request, author, `Exam in progress ${stamp}`, {
      trueFalse: 2,
      publish: true,
    });
    await startAttempt(request, await registerStudent(request, 'Ida Inprogress'), inProgress);
    await request.dispose();
  });

  test.beforeEach(async ({ signInAs }) => signInAs('author'));

  test('the editor of an exam with no questions', async ({ page, expectNoA11yViolations }) => {
    await page.goto(`/author/exams/${empty}`);
    await expect(page.getByRole('heading', { name: 'No questions yet' })).toBeVisible();
    await expect(page.getByRole('heading', { name: /Before publishing/ })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('results and statistics with no attempts', async ({ page, expectNoA11yViolations }) => {
    await page.goto(`/author/exams/${empty}/results`);
    await expect(page.getByRole('heading', { name: 'No attempts yet' })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.goto(`/author/exams/${empty}/statistics`);
    await expect(page.getByRole('heading', { name: 'No finished attempts yet' })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('results and statistics with one attempt in progress and no pass mark', async ({
    page,
    expectNoA11yViolations,
  }) => {
    await page.goto(`/author/exams/${inProgress}/results`);
    const figures = page.getByRole('region', { name: 'Summary' });
    await expect(figures).toContainText('+ 1 in progress');
    await expect(figures).toContainText('No pass mark');
    await expectNoA11yViolations(page);
    await page.goto(`/author/exams/${inProgress}/statistics`);
    await expect(page.getByRole('heading', { name: 'No finished attempts yet' })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('my exams when a search finds nothing', async ({ page, expectNoA11yViolations }) => {
    await page.goto(`/author?q=nothing-matches-${stamp}`);
    await expect(page.getByRole('heading', { name: 'No exams match' })).toBeVisible();
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
