import type { Locator, Page } from '@playwright/test';

import { authoredExam, login, publishedExamId, registerStudent, takeExam } from '../support/api';
import { ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';
const DEMO_AUTHOR = { email: DEMO_ACCOUNTS.author.email, password: DEMO_PASSWORD };
/** A demo exam (flask seed-demo) with a pass mark: the results test gives it attempts. */
const DEMO_EXAM = 'Python basics';

/** A full-page screenshot from the top (the sticky toolbar stays where it belongs). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** Opens "Add question", picks the type, fills the common fields; the dialog stays open. */
async function newQuestion(page: Page, type: string, text: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add question' }).click();
  await page.getByRole('menuitem', { name: type }).click();
  const dialog = page.getByRole('dialog', { name: 'New question' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Question', { exact: true }).fill(text);
  return dialog;
}

async function saveQuestion(page: Page, dialog: Locator, count: number): Promise<void> {
  await dialog.getByRole('button', { name: 'Save question' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('app-question-list li.question')).toHaveCount(count);
}

/** Drag a question by its handle onto the place of another one (the CDK follows the mouse). */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const handle = await from.locator('.drag-handle').boundingBox();
  const target = await to.boundingBox();
  if (!handle || !target) throw new Error('nothing to drag');
  const x = handle.x + handle.width / 2;
  await page.mouse.move(x, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, handle.y - 8, { steps: 4 });
  await page.mouse.move(x, target.y + 4, { steps: 20 });
  await page.mouse.up();
}

test.describe('authoring', () => {
  test('an author writes an exam with every question type, fixes it and publishes it', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(90_000);
    const title = `Geography of France ${Date.now()}`;
    await signInAs('author');
    await page.goto('/author');
    await expect(page.getByRole('heading', { level: 1, name: 'My exams' })).toBeVisible();
    await page.getByRole('link', { name: 'New exam' }).first().click();
    await expect(page).toHaveURL(/\/author\/exams\/new$/);

    // Settings: validation first, then the real values.
    await page.getByRole('button', { name: 'Create exam' }).click();
    await expect(page.getByText('Give the exam a title.')).toBeVisible();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Short description').fill('Rivers, regions and capitals.');
    await page
      .getByLabel('Long description (Markdown)')
      .fill('## Rules\n\n- **No** notes\n- Answer every question');
    await page.getByText('Preview', { exact: true }).click();
    await expect(
      page.getByRole('region', { name: 'Preview of the long description' }).getByRole('heading'),
    ).toHaveText('Rules');
    await page.getByText('Write', { exact: true }).click();
    await page.getByRole('switch', { name: 'Time limit' }).click();
    await page.getByLabel('Minutes').fill('15');
    await page.getByRole('switch', { name: 'Pass mark' }).click();
    await page.getByRole('button', { name: 'Create exam' }).click();
    await expect(page).toHaveURL(/\/author\/exams\/\d+$/);
    const examId = Number(page.url().split('/').pop());
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('Saved at')).toBeVisible();

    // An unsaved edit is visible as such, and saved with one click.
    await page.getByLabel('Grace period').fill('45');
    await expect(page.getByText('Unsaved changes')).toBeVisible();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Saved at')).toBeVisible();

    // One question of every type. The single-choice one has no correct answer yet.
    let dialog = await newQuestion(page, 'Single choice', 'Which city is the capital of France?');
    await dialog.getByLabel('Alternative 1', { exact: true }).fill('Paris');
    await dialog.getByLabel('Alternative 2', { exact: true }).fill('Lyon');
    await saveQuestion(page, dialog, 1);

    dialog = await newQuestion(page, 'Multiple response', 'Which of these rivers flow in France?');
    await dialog.getByRole('button', { name: 'Add an alternative' }).click();
    for (const [i, text, credit] of [
      [1, 'Seine', '0.5'],
      [2, 'Loire', '0.5'],
      [3, 'Thames', '-1'],
    ] as const) {
      await dialog.getByLabel(`Alternative ${i}`, { exact: true }).fill(text);
      await dialog
        .getByLabel('Credit')
        .nth(i - 1)
        .fill(credit);
    }
    await dialog.getByLabel('Feedback 3 (optional)').fill('The Thames flows in England.');
    await saveQuestion(page, dialog, 2);

    dialog = await newQuestion(page, 'True / false', 'France is in Europe.');
    await dialog.getByRole('radio', { name: 'True' }).check();
    await saveQuestion(page, dialog, 3);

    dialog = await newQuestion(page, 'Short answer', 'Name the longest river in France.');
    await dialog.getByLabel('Accepted answer 1', { exact: true }).fill('Loire');
    await saveQuestion(page, dialog, 4);

    dialog = await newQuestion(page, 'Numeric', 'How many regions has metropolitan France?');
    await dialog.getByLabel('Answer', { exact: true }).fill('13');
    await dialog.getByLabel('Tolerance (±)').fill('0');
    await dialog.getByLabel('Points').fill('2');
    await saveQuestion(page, dialog, 5);

    // Publishing the incomplete exam is refused; the problem shows next to the question.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Not published' })).toContainText(
      '1 problem to fix',
    );
    const questions = page.locator('app-question-list li.question');
    await expect(
      questions.first().getByRole('list', { name: 'Problems of question 1' }),
    ).toContainText('exactly one alternative with full credit');

    // Fix it.
    await page.getByRole('button', { name: 'Edit question 1' }).click();
    dialog = page.getByRole('dialog', { name: 'Question 1' });
    await expect(dialog.getByText('Before publishing:')).toBeVisible();
    await dialog.getByRole('radio', { name: 'Alternative 1 is correct' }).check();
    await dialog.getByRole('button', { name: 'Save question' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Ready to publish' })).toBeVisible();
    await expect(questions.first().getByRole('list')).toHaveCount(0);

    // Reorder: drag the numeric question to the top…
    await drag(page, questions.nth(4), questions.nth(0));
    await expect(questions.first()).toContainText('How many regions');
    await expect(questions.nth(1)).toContainText('capital of France');
    // …then move it down again with the keyboard; the focus follows the question.
    await page.getByRole('button', { name: 'Move question 1 down' }).focus();
    await page.keyboard.press('Enter');
    await expect(questions.first()).toContainText('capital of France');
    await expect(questions.nth(1)).toContainText('How many regions');
    await expect(page.getByRole('button', { name: 'Move question 2 down' })).toBeFocused();
    // The server has the new order.
    const token = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    await expect
      .poll(async () => (await authoredExam(request, token, examId)).questions.map((q) => q.type))
      .toEqual(['single', 'numeric', 'multiple', 'true_false', 'short_answer']);

    await expectNoA11yViolations(page);
    await screenshot(page, 'desktop-editor');

    // Publish: the exam is in the public catalogue. Its alternatives are not shuffled and both
    // choice questions list the right one first, so it is published with a warning saying so.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.locator('.editor-header app-status-chip')).toHaveText('Published');
    // The publish notice, not the "Question n saved." one that may still be leaving the screen.
    const notice = page.locator('mat-snack-bar-container').filter({ hasText: 'is published' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('2 of 2 choice questions list a credited alternative first');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('link', { name: 'In the catalogue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.goto('/exams');
    await expect(page.getByRole('heading', { name: title })).toBeVisible();

    // My exams: find it, and archive it (it leaves the catalogue for the next tests).
    await page.goto('/author');
    await page.getByLabel('Search my exams').fill('Geography of France');
    const row = page.locator('li.exam-row', { hasText: title });
    await expect(row.locator('app-status-chip')).toHaveText('Published');
    await expect(row).toContainText('5 questions');
    await expectNoA11yViolations(page);
    await screenshot(page, 'desktop-my-exams');
    await row.getByRole('button', { name: `More actions for ${title}` }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Archive' }).click();
    await expect(row.locator('app-status-chip')).toHaveText('Archived');
    await page.getByText('Published', { exact: true }).click(); // the status filter
    await expect(page).toHaveURL(/status=published/);
    await expect(row).toHaveCount(0);
  });

  test('the author sees the results of a demo exam, and its locked questions', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    // Three accounts registered (argon2), two pages with axe: about 33 s at a load of 12.
    test.setTimeout(60_000);
    // Three new students take the demo exam: all right, half right, nothing.
    const author = await login(request, DEMO_AUTHOR);
    const examId = await publishedExamId(request, DEMO_EXAM);
    const key = await authoredExam(request, author, examId);
    const n = key.questions.length;
    for (const [name, correct] of [
      ['Grace Good', n],
      ['Hal Half', Math.ceil(n / 2)],
      ['Nils None', 0],
    ] as const) {
      await takeExam(request, await registerStudent(request, name), key, correct);
    }

    await signInAs(DEMO_AUTHOR);
    await page.goto('/author');
    await page.getByRole('button', { name: `More actions for ${DEMO_EXAM}` }).click();
    await page.getByRole('menuitem', { name: 'Results' }).click();
    await expect(page).toHaveURL(new RegExp(`/author/exams/${examId}/results$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(DEMO_EXAM);

    const figure = (name: string) => page.locator('.figure', { hasText: name }).locator('dd');
    expect(Number(await figure('Finished attempts').innerText())).toBeGreaterThanOrEqual(3);
    await expect(figure('Highest')).toHaveText('100 %');
    await expect(figure('Lowest')).toHaveText('0 %');
    await expect(figure('Pass rate')).toHaveText(/\d+(\.\d+)? %/);

    // The chart, and its text alternatives.
    const chart = page.locator('app-score-chart canvas');
    await expect(chart).toHaveAttribute('aria-label', /Score distribution of \d+ finished/);
    await page.getByText('Show the distribution as a table').click();
    const lowest = page.getByRole('row', { name: /^0–10 %/ });
    expect(Number(await lowest.getByRole('cell').innerText())).toBeGreaterThanOrEqual(1);

    // The attempts table sorts by any column.
    for (const name of ['Grace Good', 'Hal Half', 'Nils None']) {
      await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
    }
    const percentHeader = page.getByRole('columnheader', { name: '%' });
    await percentHeader.click();
    await expect(percentHeader).toHaveAttribute('aria-sort', 'ascending');
    await percentHeader.click();
    await expect(percentHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(page.locator('tr.mat-mdc-row').first()).toContainText('100 %');

    await expectNoA11yViolations(page);
    await page.getByText('Show the distribution as a table').click(); // closed again
    await screenshot(page, 'desktop-results');

    // With attempts, the questions and the pass mark are locked in the editor.
    await page.getByRole('link', { name: 'Back to the exam' }).click();
    await expect(page.getByText(/attempts? already taken/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add question' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Move question 1 down' })).toHaveCount(0);
    await expect(page.getByRole('switch', { name: 'Pass mark' })).toBeDisabled();
    await expect(page.getByLabel('Title')).toBeEnabled();
    await page.getByRole('button', { name: 'View question 1', exact: true }).click();
    await expect(page.getByRole('dialog').getByText('This question is locked')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
    await expectNoA11yViolations(page);
  });
});

test.describe('authoring at phone width', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('my exams, the editor and the results fit the screen', async ({
    page,
    request,
    signInAs,
  }) => {
    const examId = await publishedExamId(request, DEMO_EXAM);
    await signInAs(DEMO_AUTHOR);
    for (const [name, path, ready] of [
      ['my-exams', '/author', page.locator('li.exam-row').first()],
      ['editor', `/author/exams/${examId}`, page.locator('li.question').first()],
      ['results', `/author/exams/${examId}/results`, page.locator('app-score-chart canvas')],
    ] as const) {
      await page.goto(path);
      await expect(ready).toBeVisible();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
      await screenshot(page, `phone-${name}`);
    }
  });
});
