/**
 * Matching, ordering and missing-words (cloze) questions end to end: an author writes one of
 * each in the editor and publishes; a student answers all three (the order both by dragging and
 * with the keyboard), reloads half-way (the answers are kept), submits and reads the review.
 */
import type { Locator, Page } from '@playwright/test';

import { expect, test } from '../support/fixtures';

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

const ORDER = ['ant', 'cat', 'horse'];

async function shownOrder(list: Locator): Promise<string[]> {
  return (await list.locator('.ordering-text').allInnerTexts()).map((t) => t.trim());
}

test('an author writes matching, ordering and cloze questions; a student answers them', async ({
  page,
  signInAs,
  expectNoA11yViolations,
}) => {
  test.setTimeout(120_000);
  const title = `Structured ${Date.now()}`;
  await signInAs('author');
  await page.goto('/author/exams/new');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create exam' }).click();
  await expect(page).toHaveURL(/\/author\/exams\/\d+$/);
  const examId = Number(page.url().split('/').pop());

  let dialog = await newQuestion(page, 'Matching', 'Match each country with its capital.');
  await dialog.getByLabel('Item 1', { exact: true }).fill('France');
  await dialog.getByLabel('Answer 1', { exact: true }).fill('Paris');
  await dialog.getByLabel('Item 2', { exact: true }).fill('Italy');
  await dialog.getByLabel('Answer 2', { exact: true }).fill('Rome');
  await dialog.getByLabel('Extra wrong answers (optional, one per line)').fill('Berlin');
  await saveQuestion(page, dialog, 1);

  dialog = await newQuestion(page, 'Ordering', 'Order these animals from smallest to largest.');
  for (const [i, text] of ORDER.entries()) {
    await dialog.getByLabel(`Item ${i + 1}`, { exact: true }).fill(text);
  }
  await dialog.getByRole('radio', { name: 'A share per item in its place' }).check();
  await saveQuestion(page, dialog, 2);

  dialog = await newQuestion(page, 'Missing words', 'Water boils at {#1} degrees and is {#2}.');
  await dialog.getByLabel('Gap 1: accepted answers (one per line)').fill('100');
  await dialog.getByRole('button', { name: 'Add a gap' }).click();
  await dialog.getByRole('combobox', { name: 'Gap 2' }).click();
  await page.getByRole('option', { name: 'Choose from a list' }).click();
  await dialog.getByLabel('Gap 2: correct choice').fill('wet');
  await dialog.getByLabel('Gap 2: wrong choices (one per line)').fill('dry\ngreen');
  await saveQuestion(page, dialog, 3);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.locator('.editor-header app-status-chip')).toHaveText('Published');

  // The student.
  await signInAs('student');
  await page.goto(`/exams/${examId}`);
  await page.getByRole('button', { name: 'Start exam' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  const status = page.locator('.save-status-text');
  const next = page.getByRole('button', { name: 'Next', exact: true });

  // 1. Matching: a select per item, labelled by the item.
  await expect(page.getByRole('heading', { name: 'Question 1 of 3' })).toBeVisible();
  await page.getByLabel('France').selectOption({ label: 'Paris' });
  await page.getByLabel('Italy').selectOption({ label: 'Berlin' });
  await expect(status).toHaveText('Saved');
  await next.click();

  // 2. Ordering: the shown order is shuffled (never the right one). With the keyboard, put it
  // in the order horse, ant, cat (every move announced)…
  await expect(page.getByRole('heading', { name: 'Question 2 of 3' })).toBeVisible();
  const list = page.locator('app-ordering-input ol');
  expect(await shownOrder(list)).not.toEqual(ORDER);
  const announcer = page.locator('.cdk-live-announcer-element');
  const first = (await shownOrder(list))[0];
  await page.getByRole('button', { name: `Move down: ${first}` }).focus();
  await page.keyboard.press('Enter');
  await expect(announcer).toContainText(`Moved ${first} to position 2 of 3.`);
  for (const [target, text] of ['horse', 'ant', 'cat'].entries()) {
    while ((await shownOrder(list)).indexOf(text) > target) {
      const at = (await shownOrder(list)).indexOf(text);
      await page.getByRole('button', { name: `Move up: ${text}` }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await shownOrder(list)).indexOf(text)).toBe(at - 1);
    }
  }
  expect(await shownOrder(list)).toEqual(['horse', 'ant', 'cat']);
  // …then drag the horse to the end.
  const items = list.locator('li');
  const handle = await items.nth(0).locator('.drag-handle').boundingBox();
  const target = await items.nth(2).boundingBox();
  if (!handle || !target) throw new Error('nothing to drag');
  const x = handle.x + handle.width / 2;
  await page.mouse.move(x, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, handle.y + handle.height / 2 + 8, { steps: 4 });
  await page.mouse.move(x, target.y + target.height - 4, { steps: 20 });
  await page.mouse.up();
  await expect.poll(() => shownOrder(list)).toEqual(ORDER);
  await expect(status).toHaveText('Saved');

  // Reload half-way: both answers are back.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Question 2 of 3' })).toBeVisible();
  await expect.poll(() => shownOrder(list)).toEqual(ORDER);
  await page.getByRole('button', { name: 'Question 1, answered' }).click();
  await expect(page.getByLabel('France')).toHaveValue(/\d+/);
  await expect(page.getByLabel('France').locator('option:checked')).toHaveText('Paris');
  await expect(page.getByLabel('Italy').locator('option:checked')).toHaveText('Berlin');
  await page.getByRole('button', { name: 'Question 3, not answered' }).click();

  // 3. Cloze: a field and a select inside the text, labelled by their gap.
  await expect(page.getByRole('heading', { name: 'Question 3 of 3' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Gap 1 of 2' }).fill('100');
  await page.getByRole('combobox', { name: 'Gap 2 of 2' }).selectOption({ label: 'wet' });
  await expect(status).toHaveText('Saved');
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'Submit exam…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Submit your answers?' });
  await expect(confirm).toContainText('You answered 3 of 3 questions');
  await confirm.getByRole('button', { name: 'Submit answers' }).click();

  // The result: matching half right (1 of 2 points), ordering and cloze right (1 + 1).
  await expect(page).toHaveURL(/\/result$/);
  await expect(page.getByRole('heading', { name: /^Your score: 2\.5 of 3 points/ })).toBeVisible();
  const review = page.locator('app-review-item');
  await expect(review.nth(0)).toContainText('Partly correct');
  await expect(review.nth(0)).toContainText('France → Paris; Italy → Berlin');
  await expect(review.nth(0)).toContainText('France → Paris; Italy → Rome');
  await expect(review.nth(1)).toContainText('Correct');
  await expect(review.nth(1)).toContainText('ant → cat → horse');
  await expect(review.nth(2)).toContainText('Gap 1: 100; Gap 2: wet');
  await expectNoA11yViolations(page);
});
