/**
 * Issue 15's "done when", end to end: a teacher fills a bank category in the UI, builds an exam
 * with two random slots and an essay, a matching, an ordering and a cloze question, publishes;
 * two students take it in the browser, each seeing exactly the draw recorded for their attempt,
 * submit and see "Awaiting grading"; the teacher grades the essays on the grading page; both
 * students see their final results; the exam exported as portable JSON and imported again
 * exports the same document (but for the time and the pools' source category path).
 */
import type { Page } from '@playwright/test';

import { bearer, login, registerStudent, STUDENT_PASSWORD } from '../support/api';
import { ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const ESSAY = 'Explain in one sentence why the sky is blue.';
const MATCHING = 'Match each country with its capital.';
const ORDERING = 'Order these animals from smallest to largest.';
const CLOZE = 'Water boils at {#1} degrees.';

async function shownQuestions(page: Page): Promise<string[]> {
  const texts = page.locator('.question-text');
  await expect(texts.first()).toBeVisible();
  return (await texts.allInnerTexts()).map((t) => t.trim());
}

async function addQuestion(page: Page, type: string, text: string) {
  await page.getByRole('button', { name: 'Add question' }).click();
  await page.getByRole('menuitem', { name: type }).click();
  const dialog = page.getByRole('dialog', { name: 'New question' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Question', { exact: true }).fill(text);
  return dialog;
}

type Doc = { exported_at?: string; slots?: { category?: string }[] } & Record<string, unknown>;

/** The document without what differs by design: the export time and the pools' source path. */
function comparable(document: Doc): Doc {
  const { exported_at: _at, ...rest } = document;
  return { ...rest, slots: (document.slots ?? []).map(({ category: _c, ...slot }) => slot) };
}

test('a random exam of every new type: drawn, taken, graded by hand, exported and re-imported', async ({
  page,
  request,
  signInAs,
  expectNoA11yViolations,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const categoryName = `Done15 pool ${stamp}`;
  const poolText = (n: number) => `Pool question ${n} of ${stamp}`;
  const title = `Random exam ${stamp}`;

  // The bank, in the UI: one category of four questions.
  await signInAs('author');
  await page.goto('/bank');
  await page.getByLabel('New category name').fill(categoryName);
  await page.getByRole('button', { name: 'Add category', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Questions in ${categoryName}` })).toBeVisible();
  for (let n = 1; n <= 4; n++) {
    await page.getByRole('button', { name: 'New question' }).click();
    const dialog = page.getByRole('dialog', { name: 'New bank question' });
    await dialog.getByLabel('Question', { exact: true }).fill(poolText(n));
    await dialog.getByLabel('Alternative 1', { exact: true }).fill('Right');
    await dialog.getByLabel('Alternative 2', { exact: true }).fill('Wrong');
    await dialog.getByRole('radio', { name: 'Alternative 1 is correct' }).check();
    await dialog.getByRole('button', { name: 'Save question' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('li.bank-question')).toHaveCount(n);
  }

  // The exam, in the UI: one question of each new type and two random slots (2 + 1 of 4).
  await page.goto('/author/exams/new');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create exam' }).click();
  await expect(page).toHaveURL(/\/author\/exams\/\d+$/);
  const examId = Number(page.url().split('/').pop());

  let dialog = await addQuestion(page, 'Essay', ESSAY);
  await dialog.getByLabel('Points').fill('2');
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();
  dialog = await addQuestion(page, 'Matching', MATCHING);
  await dialog.getByLabel('Item 1', { exact: true }).fill('France');
  await dialog.getByLabel('Answer 1', { exact: true }).fill('Paris');
  await dialog.getByLabel('Item 2', { exact: true }).fill('Italy');
  await dialog.getByLabel('Answer 2', { exact: true }).fill('Rome');
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();
  dialog = await addQuestion(page, 'Ordering', ORDERING);
  for (const [i, text] of ['ant', 'cat', 'horse'].entries()) {
    await dialog.getByLabel(`Item ${i + 1}`, { exact: true }).fill(text);
  }
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();
  dialog = await addQuestion(page, 'Missing words', CLOZE);
  await dialog.getByLabel('Gap 1: accepted answers (one per line)').fill('100');
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('app-question-list li.question')).toHaveCount(4);

  for (const count of ['2', '1']) {
    await page.getByRole('button', { name: 'Add random questions' }).click();
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: categoryName }).click();
    await page.getByLabel('How many').fill(count);
    await page.getByLabel('Points each').fill('1');
    await page.getByRole('button', { name: 'Add random questions' }).click();
    await expect(page.getByText(`${count} question(s) from ${categoryName}`)).toBeVisible();
  }
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.editor-header app-status-chip')).toHaveText('Published');

  const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
  const patched = await request.patch(`/api/exams/${examId}`, {
    headers: bearer(author),
    data: { one_question_per_page: false },
  });
  expect(patched.status(), await patched.text()).toBe(200);

  // Two students take it in the browser; each sees the draw recorded for their attempt.
  const students: { email: string; attemptId: number }[] = [];
  const draws: string[][] = [];
  for (const name of ['Random Student One', 'Random Student Two']) {
    const student = await registerStudent(request, name);
    await signInAs({ email: student.user.email, password: STUDENT_PASSWORD });
    await page.goto(`/exams/${examId}`);
    await page.getByRole('button', { name: 'Start exam' }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    const attemptId = Number(new URL(page.url()).pathname.split('/').pop());
    const shown = await shownQuestions(page);
    // (a cloze question's text is shown with its gaps, not as .question-text)
    const drawn = shown.filter((t) => t.startsWith('Pool question'));
    expect(drawn).toHaveLength(3);
    expect(new Set(drawn).size).toBe(3);
    for (const text of drawn) expect([1, 2, 3, 4].map(poolText)).toContain(text);
    // The recorded draw (the attempt as the API keeps it) is what the page shows.
    const recorded = await request.get(`/api/attempts/${attemptId}`, { headers: bearer(student) });
    expect(recorded.status()).toBe(200);
    const { questions } = (await recorded.json()) as { questions: { text: string }[] };
    expect(questions.map((q) => q.text).filter((t) => t.startsWith('Pool question'))).toEqual(
      drawn,
    );
    expect(questions).toHaveLength(7);
    draws.push(drawn);

    await page.getByRole('textbox', { name: 'Your answer' }).fill('Rayleigh scattering of light.');
    await page.getByLabel('France').selectOption({ label: 'Paris' });
    await page.getByLabel('Italy').selectOption({ label: 'Rome' });
    const first = (
      await page.locator('app-ordering-input .ordering-text').first().innerText()
    ).trim();
    await page.getByRole('button', { name: `Move down: ${first}` }).click();
    await page.getByRole('textbox', { name: 'Gap 1 of 1' }).fill('100');
    const rights = page.getByRole('radio', { name: 'Right' });
    for (let i = 0; i < 3; i++) await rights.nth(i).check();
    await expect(page.locator('.save-status-text')).toHaveText('Saved');
    await expectNoA11yViolations(page);
    await page.getByRole('button', { name: 'Submit exam…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Submit your answers?' });
    await expect(confirm).toContainText('You answered 7 of 7 questions');
    await confirm.getByRole('button', { name: 'Submit answers' }).click();
    await expect(page).toHaveURL(new RegExp(`/attempts/${attemptId}/result$`));
    await expect(page.getByRole('heading', { name: 'Awaiting grading' })).toBeVisible();
    students.push({ email: student.user.email, attemptId });
  }
  expect(draws).toHaveLength(2);

  // The teacher grades the essays on the grading page.
  await signInAs('author');
  await page.goto(`/author/exams/${examId}/grading`);
  await expect(page.getByText('2 answers need grading')).toBeVisible();
  await expectNoA11yViolations(page);
  for (const name of ['Random Student One', 'Random Student Two']) {
    const card = page.locator('app-grade-card', { hasText: name });
    await card.getByLabel(/Points/).fill('2');
    await card.getByLabel(/Points/).press('Enter');
    // Saved: the card leaves the "needs grading" list, which is then drawn again (typing into
    // the next card before that would type into a card about to be replaced).
    await expect(card).toBeHidden();
  }
  await expect(page.getByText('Every answer is graded.')).toBeVisible();

  // Both students see their final results.
  for (const { email, attemptId } of students) {
    await signInAs({ email, password: STUDENT_PASSWORD });
    await page.goto(`/attempts/${attemptId}/result`);
    await expect(
      page.getByRole('heading', { name: /^Your score: [\d.]+ of [\d.]+ points/ }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Awaiting grading' })).toHaveCount(0);
    await expectNoA11yViolations(page);
  }

  // Export as portable JSON, import again, export the copy: the same exam.
  const exported = await request.get(`/api/exams/${examId}/export`, {
    headers: bearer(author),
    params: { format: 'json' },
  });
  expect(exported.status()).toBe(200);
  const original = JSON.parse(await exported.text()) as Doc;
  expect(original.slots).toHaveLength(2);
  const imported = await request.post('/api/exams/import', {
    headers: bearer(author),
    data: original,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const copyId = ((await imported.json()) as { id: number }).id;
  const again = await request.get(`/api/exams/${copyId}/export`, {
    headers: bearer(author),
    params: { format: 'json' },
  });
  expect(comparable(JSON.parse(await again.text()) as Doc)).toEqual(comparable(original));
});
