/**
 * Essays and manual grading, end to end: an author writes an exam with an essay (word limit)
 * and a true/false question and publishes it; a student answers (over the word limit: warned,
 * saved all the same) and submits, and sees "Awaiting grading"; the author grades the essay
 * with a comment on the grading page; the student then sees the final score and the comment.
 */
import type { Page } from '@playwright/test';

import { registerStudent, STUDENT_PASSWORD } from '../support/api';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';
const ESSAY = 'Explain in a few words why leaves are green.';
const ANSWER = 'Chlorophyll absorbs red and blue light and reflects green light.';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

test('an essay is graded by hand and the student sees the score and the comment', async ({
  page,
  request,
  signInAs,
  expectNoA11yViolations,
}) => {
  test.setTimeout(120_000);
  const title = `Plant biology ${Date.now()}`;

  // The author writes and publishes the exam.
  await signInAs('author');
  await page.goto('/author');
  await page.getByRole('link', { name: 'New exam' }).first().click();
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create exam' }).click();
  await expect(page).toHaveURL(/\/author\/exams\/\d+$/);
  const examId = Number(page.url().split('/').pop());

  await page.getByRole('button', { name: 'Add question' }).click();
  await page.getByRole('menuitem', { name: 'Essay' }).click();
  let dialog = page.getByRole('dialog', { name: 'New question' });
  await dialog.getByLabel('Question', { exact: true }).fill(ESSAY);
  await dialog.getByLabel('Points').fill('4');
  await dialog.getByLabel('Word limit').fill('8');
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Add question' }).click();
  await page.getByRole('menuitem', { name: 'True / false' }).click();
  dialog = page.getByRole('dialog', { name: 'New question' });
  await dialog.getByLabel('Question', { exact: true }).fill('Plants need light to grow.');
  await dialog.getByRole('radio', { name: 'True' }).check();
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('app-question-list li.question')).toHaveCount(2);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.editor-header app-status-chip')).toHaveText('Published');

  // A student answers the essay over its word limit (warned, kept) and submits.
  const student = await registerStudent(request, 'Essay Writer');
  await signInAs({ email: student.user.email, password: STUDENT_PASSWORD });
  await page.goto(`/exams/${examId}`);
  await page.getByRole('button', { name: 'Start exam' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  const attemptId = Number(new URL(page.url()).pathname.split('/').pop());
  const essay = page.getByRole('textbox', { name: 'Your answer' });
  await essay.fill(ANSWER);
  const count = page.locator('.word-count');
  await expect(count).toHaveAttribute('aria-live', 'polite');
  await expect(count).toContainText('10 of 8 words');
  await expect(count).toContainText('over the limit');
  await expect(page.locator('.save-status-text')).toHaveText('Saved');
  await expectNoA11yViolations(page);
  await screenshot(page, 'desktop-essay');

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('radio', { name: 'True' }).check();
  await expect(page.locator('.save-status-text')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Submit exam…' }).click();
  await page
    .getByRole('dialog', { name: 'Submit your answers?' })
    .getByRole('button', { name: 'Submit answers' })
    .click();
  await expect(page).toHaveURL(new RegExp(`/attempts/${attemptId}/result$`));
  await expect(page.getByRole('heading', { name: 'Awaiting grading' })).toBeVisible();
  await expect(page.locator('app-review-item').first()).toContainText('Awaiting grading');
  await page.goto('/me/results');
  await expect(page.locator('tr', { hasText: title })).toContainText('Awaiting grading');

  // The author grades the essay from the results, with a comment.
  await signInAs('author');
  await page.goto(`/author/exams/${examId}/results`);
  await page.getByRole('link', { name: 'Grading' }).click();
  await expect(page).toHaveURL(new RegExp(`/author/exams/${examId}/grading$`));
  await expect(page.getByText('1 answer needs grading')).toBeVisible();
  const card = page.locator('app-grade-card', { hasText: 'Essay Writer' });
  await expect(card).toContainText(ANSWER);
  await expect(card).toContainText('10 of 8 words');
  await expectNoA11yViolations(page);
  await screenshot(page, 'desktop-grading');
  await card.getByLabel(/Points/).fill('3');
  await card.getByLabel('Comment for the student').fill('Right idea; name the pigment first.');
  await card.getByLabel(/Points/).press('Enter'); // keyboard: Enter saves
  await expect(page.getByText('Every answer is graded.')).toBeVisible();
  await expect(page.locator('.progress-summary p')).toBeFocused(); // nothing left: the progress
  await page.getByRole('radio', { name: 'All answers' }).click();
  await expect(page.locator('app-grade-card').first()).toContainText('Graded by');

  // The student sees the final score and the comment.
  await signInAs({ email: student.user.email, password: STUDENT_PASSWORD });
  await page.goto(`/attempts/${attemptId}/result`);
  await expect(page.getByRole('heading', { name: /^Your score: 4 of 5 points/ })).toBeVisible();
  const graded = page.locator('app-review-item').first();
  await expect(graded).toContainText('Right idea; name the pigment first.');
  await expect(graded).toContainText('Graded by');
  await expectNoA11yViolations(page);
});
