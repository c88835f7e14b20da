/**
 * QTI packages in the author's UI: an exam exported as a QTI 3.0 package (a download from the
 * editor's menu) and imported into a new exam through the import dialog (preview, import).
 */
import { readFile } from 'node:fs/promises';

import { authoredExam, bearer, createExam, login } from '../support/api';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const DEMO_AUTHOR = { email: DEMO_ACCOUNTS.author.email, password: DEMO_PASSWORD };

/** One question of every type, with partial credit, feedback and a tolerance. */
const QUESTIONS = [
  {
    type: 'single',
    text: 'Which city is the capital of France?',
    points: 2,
    alternatives: [
      { text: 'Paris', credit: 1, feedback: 'Yes.' },
      { text: 'Lyon', credit: 0, feedback: '' },
    ],
  },
  {
    type: 'multiple',
    text: 'Which rivers flow through France?',
    alternatives: [
      { text: 'Seine', credit: 0.5, feedback: '' },
      { text: 'Loire', credit: 0.5, feedback: '' },
      { text: 'Thames', credit: -1, feedback: 'That one is English.' },
    ],
  },
  { type: 'true_false', text: 'France is in Europe.', correct: true },
  {
    type: 'short_answer',
    text: 'Name the river of Paris.',
    general_feedback: 'The Seine.',
    alternatives: [{ text: 'Seine', credit: 1, feedback: '' }],
  },
  {
    type: 'numeric',
    text: 'How many regions has metropolitan France?',
    numeric_answer: 13,
    numeric_tolerance: 0,
  },
];

test.describe('QTI packages', () => {
  test('an author exports an exam as a QTI 3.0 package and imports it into a new exam', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(90_000);
    const author = await login(request, DEMO_AUTHOR);
    const sourceId = await createExam(request, author, `QTI source ${Date.now()}`);
    for (const question of QUESTIONS) {
      const added = await request.post(`/api/exams/${sourceId}/questions`, {
        headers: bearer(author),
        data: question,
      });
      expect(added.status(), await added.text()).toBe(201);
    }

    await signInAs(DEMO_AUTHOR);
    await page.goto(`/author/exams/${sourceId}`);
    await expect(page.locator('app-question-list li.question')).toHaveCount(QUESTIONS.length);
    await page.getByRole('button', { name: 'More actions for this exam' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Export exam (QTI 3.0 package, .zip)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`exam-${sourceId}.qti.zip`);
    const zip = await readFile((await download.path())!);
    expect(zip.subarray(0, 2).toString()).toBe('PK'); // a zip archive
    expect(download.url()).not.toContain('token');

    // A new exam, made in the UI, then the package imported into it.
    const title = `QTI copy ${Date.now()}`;
    await page.goto('/author');
    await page.getByRole('link', { name: 'New exam' }).first().click();
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Create exam' }).click();
    await expect(page).toHaveURL(/\/author\/exams\/\d+$/);
    const copyId = Number(page.url().split('/').pop());
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    await page.getByRole('button', { name: 'Import questions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import questions' });
    await dialog.getByRole('radio', { name: 'QTI 3.0 package (.zip)' }).check();
    await expect(dialog.locator('textarea')).toHaveCount(0); // a package is not pasted
    await expect(dialog.locator('input[type="file"]')).toHaveAttribute('accept', /\.zip/);
    await dialog.locator('input[type="file"]').setInputFiles({
      name: download.suggestedFilename(),
      mimeType: 'application/zip',
      buffer: zip,
    });
    await expect(dialog.getByText(`Loaded: ${download.suggestedFilename()}`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByText(`${QUESTIONS.length} questions ready`)).toBeVisible();
    const questions = dialog.locator('li.question');
    await expect(questions).toHaveCount(QUESTIONS.length);
    await expect(questions.first()).toContainText('Which city is the capital of France?');
    await expect(questions.first().locator('li.right')).toHaveText(/Right:\s*Paris/);
    await expect(questions.nth(4)).toContainText('Answer: 13');
    await expectNoA11yViolations(page);

    await dialog.getByRole('button', { name: `Import ${QUESTIONS.length} questions` }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`${QUESTIONS.length} questions imported.`)).toBeVisible();
    await expect(page.locator('app-question-list li.question')).toHaveCount(QUESTIONS.length);

    // The same questions, key and feedback included (ids and times aside).
    const ignored = new Set(['id', 'question_id', 'exam_id', 'created_at', 'updated_at']);
    const strip = (exam: Awaited<ReturnType<typeof authoredExam>>): unknown =>
      JSON.parse(
        JSON.stringify(exam.questions, (k, v: unknown) => (ignored.has(k) ? undefined : v)),
      );
    const source = await authoredExam(request, author, sourceId);
    const copy = await authoredExam(request, author, copyId);
    expect(strip(copy)).toEqual(strip(source));
  });
});
