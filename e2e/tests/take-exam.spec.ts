/**
 * Taking an exam, end to end: autosave, resume after a reload, offline and back, submitting
 * through the confirmation, the result with feedback, My results; a keyboard-only run; an
 * attempt closed elsewhere; and the deadline (the page submits by itself, even after being
 * offline at that moment).
 *
 * The demo exams come from `flask seed-demo`: "Python basics" (timed 20 min, 2 attempts, one
 * question per page, immediate review) and "Flask web development" (untimed, unlimited attempts,
 * all questions on one page).
 */
import { type APIRequestContext, type Locator, type Page } from '@playwright/test';

import { ACCOUNTS, type AccountName, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

interface AttemptBody {
  id: number;
  state: string;
  questions: { id: number; type: string; alternatives: { id: number; text: string }[] }[];
  responses: {
    question_id: number;
    selected_ids: number[];
    text: string | null;
    number: number | null;
  }[];
  result: { score: number; max_score: number } | null;
}

async function tokenFor(request: APIRequestContext, account: AccountName): Promise<string> {
  const response = await request.post('/api/auth/login', {
    data: { email: ACCOUNTS[account].email, password: PASSWORD },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function examId(request: APIRequestContext, title: string): Promise<number> {
  const response = await request.get('/api/exams', { params: { q: title } });
  const page = (await response.json()) as { items: { id: number; title: string }[] };
  const exam = page.items.find((e) => e.title === title);
  if (!exam) throw new Error(`no published exam called ${title}`);
  return exam.id;
}

async function startAttempt(request: APIRequestContext, token: string, exam: number) {
  const response = await request.post(`/api/exams/${exam}/attempts`, { headers: bearer(token) });
  expect([200, 201]).toContain(response.status());
  return (await response.json()) as AttemptBody;
}

async function getAttempt(request: APIRequestContext, token: string, id: number) {
  const response = await request.get(`/api/attempts/${id}`, { headers: bearer(token) });
  expect(response.status()).toBe(200);
  return (await response.json()) as AttemptBody;
}

/** Presses Tab until `target` has the focus (keyboard only: no clicks). */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'horizontal overflow').toBeLessThanOrEqual(0);
}

test.describe('taking an exam', () => {
  test('autosave, reload, offline and back, submit, result with feedback', async ({
    page,
    context,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(90_000);
    await signInAs('student');
    const token = await tokenFor(request, 'student');
    await page.goto(`/exams/${await examId(request, 'Python basics')}`);
    await page.getByRole('button', { name: 'Start exam' }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    const attemptId = Number(new URL(page.url()).pathname.split('/').pop());

    await expect(page.getByRole('heading', { level: 1, name: 'Python basics' })).toBeVisible();
    await expect(page).toHaveTitle('Python basics · Online Exam');
    const timer = page.getByRole('timer');
    await expect(timer).toHaveAttribute('aria-label', /^Time left: (20|19) minutes/);
    await expect(timer).toContainText(/(20:00|19:\d\d)/);
    const status = page.locator('.save-status-text');
    const progress = page.locator('.progress-text');
    const next = page.getByRole('button', { name: 'Next', exact: true });
    const heading = (n: number) => page.getByRole('heading', { name: `Question ${n} of 11` });

    // 1 single choice, 2 multiple response, 3 true/false, 4 short answer, 5 numeric.
    await expect(heading(1)).toBeVisible();
    await page.getByRole('radio', { name: '3', exact: true }).check();
    await expect(status).toHaveText('Saved');
    await next.click();
    await expect(heading(2)).toBeFocused();
    for (const name of ['tuple', 'str', 'frozenset', 'int']) {
      await page.getByRole('checkbox', { name, exact: true }).check();
    }
    await next.click();
    await page.getByRole('radio', { name: 'False' }).check();
    await next.click();
    await page.getByLabel('Your answer', { exact: true }).fill('def');
    await next.click();
    await page.getByLabel('Your answer (a number)').fill('1024');
    await expect(status).toHaveText('Saved');
    await expect(progress).toHaveText('5 of 11 answered');

    // Reload: the same question, every answer back.
    await page.reload();
    await expect(heading(5)).toBeVisible();
    await expect(page.getByLabel('Your answer (a number)')).toHaveValue('1024');
    await expect(progress).toHaveText('5 of 11 answered');
    await page.getByRole('button', { name: 'Question 1, answered' }).click();
    await expect(heading(1)).toBeFocused();
    await expect(page.getByRole('radio', { name: '3', exact: true })).toBeChecked();
    await page.getByRole('button', { name: 'Question 2, answered' }).click();
    for (const name of ['tuple', 'str', 'frozenset', 'int']) {
      await expect(page.getByRole('checkbox', { name, exact: true })).toBeChecked();
    }
    await expect(page.getByRole('checkbox', { name: 'list', exact: true })).not.toBeChecked();
    await page.getByRole('button', { name: 'Question 4, answered' }).click();
    await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('def');

    // Offline: the answer stays on the device, and goes to the server once back online.
    await page.getByRole('button', { name: 'Question 6, not answered' }).click();
    await context.setOffline(true);
    await expect(status).toHaveText('Offline — answers kept on this device');
    const ordered = page.getByRole('radio', { name: /remember the order/ });
    await ordered.check();
    await expect(progress).toHaveText('6 of 11 answered');
    await page.waitForTimeout(1500); // a retry or two, still offline
    await expect(status).toHaveText('Offline — answers kept on this device');
    let server = await getAttempt(request, token, attemptId);
    const q6 = server.questions[5];
    expect(server.responses.find((r) => r.question_id === q6.id)).toBeUndefined();
    await context.setOffline(false);
    await expect(status).toHaveText('Saved');
    server = await getAttempt(request, token, attemptId);
    const chosen = q6.alternatives.find((a) => a.text.includes('remember the order'))!;
    expect(server.responses.find((r) => r.question_id === q6.id)?.selected_ids).toEqual([
      chosen.id,
    ]);

    // 7–9; 10 stays unanswered and flagged, 11 unanswered for now.
    await next.click();
    await page.getByRole('checkbox', { name: '[]', exact: true }).check();
    await page.getByRole('checkbox', { name: 'list()', exact: true }).check();
    await next.click();
    await page.getByLabel('Your answer', { exact: true }).fill('KeyError');
    await next.click();
    await page.getByLabel('Your answer (a number)').fill('6');
    await next.click();
    await expect(heading(10)).toBeFocused();
    const flag = page.getByRole('button', { name: 'Flag for review' });
    await flag.click();
    await expect(flag).toHaveAttribute('aria-pressed', 'true');
    await expect(
      page.getByRole('button', { name: 'Question 10, not answered, flagged' }),
    ).toBeVisible();
    await expect(status).toHaveText('Saved');
    await expectNoA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-take-exam.png`, fullPage: true });

    await page.setViewportSize({ width: 375, height: 740 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: `${SCREENSHOTS}/phone-take-exam.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    // The confirmation lists what is unanswered and flagged; a link goes back to question 11.
    await next.click();
    await page.getByRole('button', { name: 'Review and submit' }).click();
    let dialog = page.getByRole('dialog', { name: 'Submit your answers?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('You answered 9 of 11 questions');
    await expect(dialog.getByRole('list', { name: /Not answered \(2\)/ })).toContainText(
      'Question 10',
    );
    await expect(dialog.getByRole('list', { name: /Flagged for review \(1\)/ })).toContainText(
      'Question 10',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-submit-dialog.png` });
    await dialog.getByRole('button', { name: 'Question 11' }).click();
    await expect(dialog).toBeHidden();
    await expect(heading(11)).toBeFocused();
    await page.getByRole('radio', { name: 'True' }).check();

    await page.getByRole('button', { name: 'Submit exam…' }).click();
    dialog = page.getByRole('dialog', { name: 'Submit your answers?' });
    await expect(dialog).toContainText('You answered 10 of 11 questions');
    await dialog.getByRole('button', { name: 'Submit answers' }).click();

    // The result: score, verdict, and per question the answer, right or wrong, feedback.
    await expect(page).toHaveURL(new RegExp(`/attempts/${attemptId}/result$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Python basics' })).toBeVisible();
    await expect(
      page.getByRole('heading', { name: /^Your score: [\d.]+ of 13 points/ }),
    ).toBeVisible();
    await expect(page.locator('.verdict')).toContainText('Passed');
    const first = page.locator('app-review-item').first();
    await expect(first).toContainText('Correct');
    await expect(first).toContainText('Your answer');
    await expect(first).toContainText('Right: the list has three items.');
    await expect(first).toContainText('`len()` returns the number of items'.replace(/`/g, ''));
    const tenth = page.locator('app-review-item').nth(9);
    await expect(tenth).toContainText('Not answered');
    await expect(tenth).toContainText('Correct answer');
    await expect(tenth).toContainText('3.14 (± 0.005)');
    server = await getAttempt(request, token, attemptId);
    expect(server.state).toBe('submitted');
    await expectNoA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-result.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: `${SCREENSHOTS}/phone-result.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    // My results lists the attempt and links back to it.
    await page.getByRole('link', { name: 'My results' }).last().click();
    await expect(page).toHaveURL(/\/me\/results$/);
    const row = page.getByRole('row', { name: /Python basics/ }).first();
    await expect(row).toContainText('Submitted');
    await expect(row).toContainText('Passed');
    await expectNoA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-my-results.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: `${SCREENSHOTS}/phone-my-results.png` });
    await page.setViewportSize({ width: 1280, height: 720 });
    await row.getByRole('link', { name: /^View result of Python basics/ }).click();
    await expect(page).toHaveURL(new RegExp(`/attempts/${attemptId}/result$`));
  });

  test('keyboard only: Tab, arrow keys and Space through the questions, then submit', async ({
    page,
    request,
    signInAs,
  }) => {
    await signInAs('student');
    const token = await tokenFor(request, 'student');
    const attempt = await startAttempt(
      request,
      token,
      await examId(request, 'Flask web development'),
    );
    await page.goto(`/attempts/${attempt.id}`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Flask web development' }),
    ).toBeVisible();
    await expect(page.getByRole('timer')).toHaveCount(0); // untimed
    const cards = page.locator('app-question-card');
    await expect(cards).toHaveCount(10); // all questions on one page

    // The demo exams shuffle the alternatives per attempt: the attempt says in which order
    // this student sees them (the page shows that order), so the keys below follow it.
    const shown = (question: number) =>
      attempt.questions[question].alternatives.map((a) => a.text.replace(/`/g, ''));

    // 1, single choice: Tab enters the group on its first choice (a group with nothing chosen
    // has one tab stop); the arrows move the choice, one shown alternative at a time.
    const single = shown(0);
    const routeAt = single.indexOf('@app.route("/")');
    const route = cards.nth(0).getByRole('radio', { name: single[routeAt] });
    const after = single[(routeAt + 1) % single.length];
    await tabTo(page, cards.nth(0).getByRole('radio', { name: single[0] }));
    for (let i = 0; i < routeAt; i++) await page.keyboard.press('ArrowDown');
    if (routeAt === 0) await page.keyboard.press('Space');
    await expect(route).toBeChecked();
    await page.keyboard.press('ArrowDown');
    await expect(cards.nth(0).getByRole('radio', { name: after })).toBeChecked();
    await page.keyboard.press('ArrowUp');
    await expect(route).toBeChecked();

    // 2, multiple response: Space ticks a box; Tab moves on to the next box.
    const groups = cards.nth(1).getByRole('checkbox');
    const right = shown(1)
      .map((text, at) => ({ text, at }))
      .filter(({ text }) => /^A blueprint (groups|can be registered)/.test(text))
      .map(({ at }) => at);
    expect(right).toHaveLength(2);
    await tabTo(page, groups.nth(right[0]));
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(groups.nth(right[0] + 1)).toBeFocused();
    await tabTo(page, groups.nth(right[1]));
    await page.keyboard.press('Space');
    await expect(groups.nth(right[0])).toBeChecked();
    await expect(groups.nth(right[1])).toBeChecked();

    // 3, true/false.
    const trueRadio = cards.nth(2).getByRole('radio', { name: 'True' });
    await tabTo(page, trueRadio);
    await page.keyboard.press('Space');
    await expect(trueRadio).toBeChecked();

    // 4, short answer; 5, numeric.
    await tabTo(page, cards.nth(3).getByLabel('Your answer', { exact: true }));
    await page.keyboard.type('request');
    await tabTo(page, cards.nth(4).getByLabel('Your answer (a number)'));
    await page.keyboard.type('5000');

    // Flag question 6, then submit from the end of the page.
    const flag6 = cards.nth(5).getByRole('button', { name: 'Flag for review' });
    await tabTo(page, flag6);
    await page.keyboard.press('Enter');
    await expect(flag6).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.save-status-text')).toHaveText('Saved');
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-take-exam-one-page.png` });
    await tabTo(page, page.getByRole('button', { name: 'Review and submit' }), 60);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Submit your answers?' });
    await expect(dialog.getByRole('heading', { name: 'Submit your answers?' })).toBeFocused();
    await expect(dialog).toContainText('You answered 5 of 10 questions');
    await tabTo(page, dialog.getByRole('button', { name: 'Submit answers' }));
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL(new RegExp(`/attempts/${attempt.id}/result$`));
    const review = page.locator('app-review-item');
    for (const i of [0, 1, 2, 3, 4]) await expect(review.nth(i)).toContainText('Correct');
    await expect(review.nth(5)).toContainText('Not answered');
  });

  test('an attempt submitted elsewhere stops saving and shows the result', async ({
    page,
    request,
    signInAs,
  }) => {
    await signInAs('student');
    const token = await tokenFor(request, 'student');
    const attempt = await startAttempt(
      request,
      token,
      await examId(request, 'Flask web development'),
    );
    await page.goto(`/attempts/${attempt.id}`);
    const cards = page.locator('app-question-card');
    await cards.nth(0).getByRole('radio', { name: '@app.route("/")' }).check();
    await expect(page.locator('.save-status-text')).toHaveText('Saved');

    // Submitted in another tab (here: through the API).
    const submitted = await request.post(`/api/attempts/${attempt.id}/submit`, {
      headers: bearer(token),
      data: {},
    });
    expect(submitted.status()).toBe(200);

    await cards.nth(2).getByRole('radio', { name: 'True' }).click();
    await expect(page).toHaveURL(new RegExp(`/attempts/${attempt.id}/result$`));
    await expect(
      page.getByText('This attempt is finished; answers can no longer change.'),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Your score: 1 of \d+ points/ })).toBeVisible();
  });

  test('at the deadline the page submits by itself, also after being offline', async ({
    page,
    context,
    request,
    signInAs,
  }) => {
    // The deadline is the exam's closing time, 25 s from now: a real wait, kept short.
    test.setTimeout(75_000);
    const author = await tokenFor(request, 'author');
    const created = await request.post('/api/exams', {
      headers: bearer(author),
      data: {
        title: `Quick check ${Date.now()}`,
        time_limit_minutes: 1,
        grace_period_seconds: 30,
        closes_at: new Date(Date.now() + 25_000).toISOString(),
        review_policy: 'immediately',
      },
    });
    expect(created.status()).toBe(201);
    const exam = ((await created.json()) as { id: number }).id;
    for (const question of [
      {
        type: 'single',
        text: 'Which letter comes second?',
        alternatives: [
          { text: 'A', credit: 0 },
          { text: 'B', credit: 1 },
        ],
      },
      { type: 'short_answer', text: 'Type **yes**.', alternatives: [{ text: 'yes', credit: 1 }] },
    ]) {
      const added = await request.post(`/api/exams/${exam}/questions`, {
        headers: bearer(author),
        data: question,
      });
      expect(added.status()).toBe(201);
    }
    expect(
      (await request.post(`/api/exams/${exam}/publish`, { headers: bearer(author) })).status(),
    ).toBe(200);

    await signInAs('student');
    const token = await tokenFor(request, 'student');
    const attempt = await startAttempt(request, token, exam);
    await page.goto(`/attempts/${attempt.id}`);
    const timer = page.getByRole('timer');
    await expect(timer).toContainText(/0:[0-2]\d/);
    await expect(timer).toHaveClass(/timer-critical/);

    await page.getByRole('radio', { name: 'B', exact: true }).check();
    await expect(page.locator('.save-status-text')).toHaveText('Saved');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await context.setOffline(true);
    await page.getByLabel('Your answer', { exact: true }).fill('yes');
    await expect(page.locator('.save-status-text')).toHaveText(
      'Offline — answers kept on this device',
    );

    // Time is up while offline: the page says so and keeps trying.
    const banner = page.locator('.banner', { hasText: 'Time is up.' });
    await expect(banner).toBeVisible({ timeout: 35_000 });
    await expect(banner).toContainText('Your answers saved on the server will be graded');
    await expect(page.getByLabel('Your answer', { exact: true })).toBeDisabled();
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-time-up-offline.png` });

    // Back online within the grace period: the answer typed offline is graded too.
    await context.setOffline(false);
    await expect(page).toHaveURL(new RegExp(`/attempts/${attempt.id}/result$`), {
      timeout: 15_000,
    });
    await expect(page.getByRole('heading', { name: /^Your score: 2 of 2 points/ })).toBeVisible();
    const server = await getAttempt(request, token, attempt.id);
    expect(server.state).toBe('submitted');
    expect(server.result?.score).toBe(2);
  });
});
