/**
 * Question banks in the author's UI: importing GIFT questions into a draft (preview with the
 * errors' line numbers, fix, import), exports as downloads, and the item statistics page.
 */
import { readFile } from 'node:fs/promises';

import type { Page } from '@playwright/test';

import {
  authoredExam,
  bearer,
  login,
  publishedExamId,
  registerStudent,
  takeExam,
} from '../support/api';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';
const DEMO_AUTHOR = { email: DEMO_ACCOUNTS.author.email, password: DEMO_PASSWORD };
const DEMO_EXAM = 'Python basics';

/** Four questions; line 4 has an unclosed "{" (the error the author fixes). */
const BROKEN_GIFT = `// Geography
::Capital:: Which city is the capital of France? {=Paris ~Lyon ~Marseille}

::Rivers:: Which river flows through Paris? {=Seine ~Loire ~Thames

::Europe:: France is in Europe. {T}

::Regions:: How many regions has metropolitan France? {#13}
`;
const FIXED_GIFT = BROKEN_GIFT.replace('~Thames\n', '~Thames}\n');

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

test.describe('question banks', () => {
  test('an author imports GIFT questions: sees the error line, fixes it, imports, exports', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(60_000);
    const author = await login(request, DEMO_AUTHOR);
    const created = await request.post('/api/exams', {
      headers: bearer(author),
      data: { title: `Imported geography ${Date.now()}` },
    });
    expect(created.status(), await created.text()).toBe(201);
    const examId = ((await created.json()) as { id: number }).id;

    await signInAs(DEMO_AUTHOR);
    await page.goto(`/author/exams/${examId}`);
    await expect(page.getByRole('heading', { name: 'No questions yet' })).toBeVisible();

    await page.getByRole('button', { name: 'Import questions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import questions' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: 'GIFT (Moodle)' })).toBeChecked();

    // A file with an error: read in the browser, previewed by the server (a dry run).
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'geography.gift',
      mimeType: 'text/plain',
      buffer: Buffer.from(BROKEN_GIFT),
    });
    await expect(dialog.getByText('geography.gift')).toBeVisible();
    const source = dialog.getByLabel('Questions in GIFT (Moodle)');
    await expect(source).toHaveValue(BROKEN_GIFT);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const errors = dialog.getByRole('group', { name: '1 error' });
    await expect(errors).toBeVisible();
    await expect(errors.getByRole('button', { name: /^Line 4: go to the line/ })).toBeVisible();
    await expect(errors).toContainText('never closed');
    await expect(dialog.getByRole('button', { name: 'Import the valid part (3)' })).toBeEnabled();
    await expect(dialog.getByRole('button', { name: /^Import$/ })).toHaveCount(0);
    await expectNoA11yViolations(page);
    // The dialog scrolls inside the viewport: a screenshot of what the author sees.
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-import-errors.png` });

    // "Line 4" selects the line in the text; the author fixes it and previews again.
    await errors.getByRole('button', { name: /^Line 4/ }).click();
    await expect(source).toBeFocused();
    expect(
      await source.evaluate((el: HTMLTextAreaElement) =>
        el.value.slice(el.selectionStart, el.selectionEnd),
      ),
    ).toContain('~Thames');
    await source.fill(FIXED_GIFT);
    await expect(dialog.getByText('The text or the format changed')).toBeVisible();
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByText('4 questions ready')).toBeVisible();
    await expect(dialog.getByRole('group', { name: /error/ })).toHaveCount(0);
    const first = dialog.locator('li.question').first();
    await expect(first).toContainText('Single choice');
    await expect(first).toContainText('Which city is the capital of France?');
    await expect(first.locator('li.right')).toHaveText(/Right:\s*Paris/);
    await expect(first.locator('li.wrong').first()).toHaveText(/Wrong:\s*Lyon/);
    await expect(dialog.locator('li.question').nth(3)).toContainText('Answer: 13');
    await expectNoA11yViolations(page);

    await dialog.getByRole('button', { name: 'Import 4 questions' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('4 questions imported.')).toBeVisible();
    await expect(page.locator('app-question-list li.question')).toHaveCount(4);
    await expect(page.locator('app-question-list')).toContainText(
      'Which river flows through Paris?',
    );

    // Exports are downloads fetched with the token (no token in any URL).
    await page.getByRole('button', { name: 'More actions for this exam' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Export questions (GIFT)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`exam-${examId}.gift.txt`);
    const gift = await readFile((await download.path())!, 'utf-8');
    expect(gift).toContain('Which river flows through Paris?');
    expect(download.url()).not.toContain('token');
  });

  test('the author reads the item statistics of a demo exam', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(60_000);
    const author = await login(request, DEMO_AUTHOR);
    // A fresh copy of the demo exam, so other tests' attempts at the original cannot change
    // the figures this test expects.
    const demoId = await publishedExamId(request, DEMO_EXAM);
    const copy = await request.post(`/api/exams/${demoId}/copy`, { headers: bearer(author) });
    expect(copy.status()).toBe(201);
    const { id: examId, title } = (await copy.json()) as { id: number; title: string };
    const published = await request.post(`/api/exams/${examId}/publish`, {
      headers: bearer(author),
    });
    expect(published.status()).toBe(200);
    const key = await authoredExam(request, author, examId);
    const n = key.questions.length;
    for (const [name, correct] of [
      ['Ada Allright', n],
      ['Ben Most', Math.max(n - 1, 1)],
      ['Cy Half', Math.ceil(n / 2)],
      ['Di First', 1],
    ] as const) {
      await takeExam(request, await registerStudent(request, name), key, correct);
    }

    await signInAs(DEMO_AUTHOR);
    await page.goto(`/author/exams/${examId}/results`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);

    await page.getByRole('link', { name: 'Statistics' }).click();
    await expect(page).toHaveURL(new RegExp(`/author/exams/${examId}/statistics$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
    const figure = (name: string) =>
      page.locator('.figure', { hasText: name }).locator('dd:not(.sub)');
    expect(Number(await figure('Attempts (n)').innerText())).toBeGreaterThanOrEqual(4);
    await expect(figure('Highest')).toHaveText('100 %');
    await expect(figure('Standard deviation')).toHaveText(/\d+(\.\d+)? %/);
    await expect(page.locator('.figure', { hasText: /alpha/ }).locator('dd:not(.sub)')).toHaveText(
      /^−?\d\.\d\d$/,
    );

    // Both charts, with their text alternatives.
    await expect(page.locator('app-score-chart canvas')).toHaveAttribute(
      'aria-label',
      /Score distribution of \d+ finished attempts/,
    );
    await expect(page.locator('app-item-chart canvas')).toHaveAttribute(
      'aria-label',
      /question 1: facility \d+(\.\d+)? %, discrimination/,
    );

    // Every question in the table; question 1 (everyone right) is flagged as too easy.
    const rows = page.locator('table.items > tbody > tr:not(.answers-row)');
    await expect(rows).toHaveCount(n);
    await expect(rows.first().locator('.flag')).toContainText(['Too easy']);
    await expect(rows.first()).toContainText('100 %');

    // Choice frequencies, on demand.
    const answers = page.getByRole('button', { name: 'Answers to question 1', exact: true });
    await expect(answers).toHaveAttribute('aria-expanded', 'false');
    await answers.click();
    await expect(answers).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('table.choices caption').first()).toContainText('(question 1)');
    await expect(page.locator('table.choices').first()).toContainText('Right');

    await expectNoA11yViolations(page);
    await screenshot(page, 'desktop-statistics');

    // Each student's first attempt only: the same four students here.
    await page.getByRole('radio', { name: 'First attempt per student' }).click();
    await expect(page.getByRole('radio', { name: 'First attempt per student' })).toBeChecked();
    await expect(page.locator('app-item-chart canvas')).toBeVisible();
    expect(Number(await figure('Attempts (n)').innerText())).toBeGreaterThanOrEqual(4);

    // Back on the results page: the results as a CSV download.
    await page.getByRole('link', { name: 'Results', exact: true }).click();
    await page.getByRole('button', { name: 'Download results' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'CSV (spreadsheets)' }).click();
    const csv = await downloading;
    expect(csv.suggestedFilename()).toBe(`exam-${examId}-results.csv`);
    expect(await readFile((await csv.path())!, 'utf-8')).toContain('Ada Allright');
  });
});
