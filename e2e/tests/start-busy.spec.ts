/**
 * Graceful overload (issue 19): a start that must wait for a busy server shows "Starting your
 * exam…" (a status with a progress bar) instead of an error, retries the busy answer, and
 * ends in the exam. The network is intercepted (the start's first try waits 1.5 s and gets a
 * 503 with Retry-After, as nginx answers when no instance can take it); the server is real.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const TITLE = 'Flask web development'; // untimed, unlimited attempts: a start resumes

test('a start that must wait shows "Starting your exam…", then opens the exam', async ({
  page,
  request,
  signInAs,
  expectNoA11yViolations,
}) => {
  await signInAs({ email: DEMO_ACCOUNTS.student.email, password: DEMO_PASSWORD });
  const found = await request.get('/api/exams', { params: { q: TITLE } });
  const exam = ((await found.json()) as { items: { id: number; title: string }[] }).items.find(
    (e) => e.title === TITLE,
  );
  expect(exam, TITLE).toBeDefined();

  const starts: number[] = [];
  await page.route(/\/api\/exams\/\d+\/attempts$/, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    starts.push(Date.now());
    if (starts.length > 1) return route.continue(); // the retry reaches the real server
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return route.fulfill({
      status: 503,
      headers: { 'Retry-After': '1' },
      contentType: 'application/json',
      body: JSON.stringify({
        error: {
          status: 503,
          code: 'unavailable',
          message: 'The service is busy. Please try again.',
          details: {},
        },
      }),
    });
  });

  await page.goto(`/exams/${exam!.id}`);
  await page.getByRole('button', { name: 'Start exam' }).click();
  const waiting = page.getByRole('status').filter({ hasText: 'Starting your exam…' });
  await expect(waiting).toBeVisible();
  await expect(waiting).toContainText('your time starts only then');
  await expect(page.getByRole('progressbar', { name: 'Starting your exam' })).toBeVisible();
  await expectNoA11yViolations(page);

  await expect(page).toHaveURL(/\/attempts\/\d+$/, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  expect(starts).toHaveLength(2);
  expect(starts[1]! - starts[0]!, 'the retry honoured Retry-After').toBeGreaterThanOrEqual(2400);
  await expect(page.locator('mat-snack-bar-container'), 'no error shown').toHaveCount(0);
});

test('a refused start (409) is not retried: its message shows at once', async ({
  page,
  request,
  signInAs,
}) => {
  await signInAs({ email: DEMO_ACCOUNTS.student.email, password: DEMO_PASSWORD });
  const found = await request.get('/api/exams', { params: { q: TITLE } });
  const exam = ((await found.json()) as { items: { id: number; title: string }[] }).items.find(
    (e) => e.title === TITLE,
  );
  let starts = 0;
  await page.route(/\/api\/exams\/\d+\/attempts$/, (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    starts += 1;
    return route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({
        error: {
          status: 409,
          code: 'conflict',
          message: 'You have no attempts left at this exam.',
          details: {},
        },
      }),
    });
  });
  await page.goto(`/exams/${exam!.id}`);
  await page.getByRole('button', { name: 'Start exam' }).click();
  await expect(
    page.locator('mat-snack-bar-container').filter({ hasText: 'no attempts left' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start exam' })).toBeEnabled();
  await expect(page).toHaveURL(/\/exams\/\d+$/);
  expect(starts).toBe(1);
});
