import type { Page } from '@playwright/test';

import { bearer, createExam, login, registerStudent, STUDENT_PASSWORD } from '../support/api';
import { ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

/** The question texts the attempt page shows, in order. */
async function shownQuestions(page: Page): Promise<string[]> {
  const texts = page.locator('.question-text');
  await expect(texts.first()).toBeVisible();
  return (await texts.allInnerTexts()).map((t) => t.trim());
}

test.describe('question bank', () => {
  test('a teacher builds a random exam from the bank; each student keeps their own draw', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(150_000);
    const stamp = Date.now();
    const categoryName = `Bank e2e ${stamp}`;
    const questionText = (n: number) => `Bank question ${n} of ${stamp}`;

    // The bank: a category and four questions written in the question editor.
    await signInAs('author');
    await page.goto('/bank');
    await expect(page.getByRole('heading', { level: 1, name: 'Question bank' })).toBeVisible();
    await page.getByLabel('New category name').fill(categoryName);
    await page.getByRole('button', { name: 'Add category', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Questions in ${categoryName}` })).toBeVisible();
    for (let n = 1; n <= 4; n++) {
      await page.getByRole('button', { name: 'New question' }).click();
      const dialog = page.getByRole('dialog', { name: 'New bank question' });
      await expect(dialog).toBeVisible();
      await dialog.getByLabel('Question', { exact: true }).fill(questionText(n));
      await dialog.getByLabel('Alternative 1', { exact: true }).fill('Right');
      await dialog.getByLabel('Alternative 2', { exact: true }).fill('Wrong');
      await dialog.getByRole('radio', { name: 'Alternative 1 is correct' }).check();
      await dialog.getByRole('button', { name: 'Save question' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.locator('li.bank-question')).toHaveCount(n);
    }
    await expectNoA11yViolations(page);

    // The exam: question 1 as a fixed copy, and 2 random questions of 2 points.
    const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    const examId = await createExam(request, author, `Bank exam ${stamp}`);
    const patched = await request.patch(`/api/exams/${examId}`, {
      headers: bearer(author),
      data: { one_question_per_page: false },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    await page.goto(`/author/exams/${examId}`);
    await page.getByRole('button', { name: 'Add from bank' }).click();
    const picker = page.getByRole('dialog', { name: 'Add questions from the bank' });
    await picker.getByLabel('Search text').fill(questionText(1));
    await picker.getByRole('button', { name: 'Search' }).click();
    await picker
      .getByRole('button', { name: `Add “${questionText(1).slice(0, 40)}” to the exam` })
      .click();
    await expect(picker.getByText('Added')).toBeVisible();
    await picker.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('app-question-list li.question')).toHaveCount(1);

    await page.getByRole('button', { name: 'Add random questions' }).click();
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: categoryName }).click();
    await page.getByLabel('How many').fill('2');
    await page.getByLabel('Points each').fill('2');
    await page.getByRole('button', { name: 'Add random questions' }).click();
    await expect(page.getByText(`2 question(s) from ${categoryName}`)).toBeVisible();
    await expectNoA11yViolations(page);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByText(`drawn from 3`)).toBeVisible(); // the pool, without question 1

    // Two students: each gets question 1 and two others, the same after a reload.
    const draws: string[][] = [];
    for (const name of ['Bank Student One', 'Bank Student Two']) {
      const student = await registerStudent(request, name);
      await signInAs({ email: student.user.email, password: STUDENT_PASSWORD });
      await page.goto(`/exams/${examId}`);
      await page.getByRole('button', { name: 'Start exam' }).click();
      await expect(page).toHaveURL(/\/attempts\/\d+$/);
      const shown = await shownQuestions(page);
      expect(shown).toHaveLength(3);
      expect(shown).toContain(questionText(1));
      expect(new Set(shown).size).toBe(3);
      await page.reload();
      expect(await shownQuestions(page)).toEqual(shown);
      draws.push(shown);
    }

    // The results list every question of the pool.
    const exported = await request.get(`/api/exams/${examId}/results/export`, {
      headers: bearer(author),
      params: { format: 'csv' },
    });
    expect(exported.status()).toBe(200);
    const csv = await exported.text();
    // a column per question: the fixed one (1 point) and the three of the pool (2 points each)
    expect(csv).toContain('Q1 (1 pt),Q2 (2 pts),Q3 (2 pts),Q4 (2 pts)');
    expect(csv).toContain('Bank Student One');
    expect(csv).toContain('Bank Student Two');
    const detail = await request.get(`/api/author/exams/${examId}`, { headers: bearer(author) });
    const exam = (await detail.json()) as { question_count: number; total_points: number };
    expect([exam.question_count, exam.total_points]).toEqual([3, 5]);
  });
});
