/**
 * Moodle XML in the author's UI: a Moodle export imported through the import dialog (essay,
 * matching, cloze and ordering questions included; a description, which has no type here, is
 * listed as skipped), then exported back from the editor's menu as a file Moodle reads.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { bearer, login } from '../support/api';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, REPO } from '../support/env';
import { expect, test } from '../support/fixtures';

const DEMO_AUTHOR = { email: DEMO_ACCOUNTS.author.email, password: DEMO_PASSWORD };
// The hand-written Moodle export the backend's tests read too.
const FIXTURE = join(REPO, 'backend', 'tests', 'data', 'moodle_export.xml');

test('an author imports a Moodle XML export and exports the questions back', async ({
  page,
  request,
  signInAs,
  expectNoA11yViolations,
}) => {
  test.setTimeout(60_000);
  const author = await login(request, DEMO_AUTHOR);
  const created = await request.post('/api/exams', {
    headers: bearer(author),
    data: { title: `From Moodle ${Date.now()}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  const examId = ((await created.json()) as { id: number }).id;

  await signInAs(DEMO_AUTHOR);
  await page.goto(`/author/exams/${examId}`);
  await page.getByRole('button', { name: 'Import questions' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import questions' });

  // An .xml file selects the format.
  await dialog.locator('input[type="file"]').setInputFiles(FIXTURE);
  await expect(dialog.getByText('moodle_export.xml')).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Moodle XML' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('9 questions ready')).toBeVisible();
  const skipped = dialog.getByRole('group', { name: /1 skipped item/ });
  await expect(skipped).toContainText('description “Instructions”');
  await expect(dialog.locator('li.question').first()).toContainText('Capital of France');
  await expectNoA11yViolations(page);

  await dialog.getByRole('button', { name: 'Import 9 questions' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('9 questions imported.')).toBeVisible();
  await expect(page.locator('app-question-list li.question')).toHaveCount(9);

  await page.getByRole('button', { name: 'More actions for this exam' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export questions (Moodle XML)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`exam-${examId}.moodle.xml`);
  const xml = await readFile((await download.path())!, 'utf-8');
  expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<quiz>/);
  expect(
    xml.match(/<question type="(multichoice|truefalse|shortanswer|numerical)">/g),
  ).toHaveLength(5);
  for (const type of ['essay', 'match', 'multianswer', 'ordering']) {
    expect(xml).toContain(`<question type="${type}">`);
  }
  expect(xml).toContain('Paris is in {1:MULTICHOICE:=France~Spain}.');
  expect(xml).toContain('Chemical symbol of sodium?');
  expect(xml).toContain('fraction="33.33333"');
});
