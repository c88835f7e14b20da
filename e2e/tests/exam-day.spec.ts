/**
 * The whole exam day (issue #14's "done when"): a teacher creates a course and uploads a class
 * list; a new student sets a password from the link in the local SMTP server's mailbox and takes
 * the course exam with 50 % extra time while the teacher watches the live view and extends
 * another student's time; a student outside the course gets "not found" for the exam.
 */
import type { Browser, Page } from '@playwright/test';

import { bearer, login, registerStudent, STUDENT_PASSWORD } from '../support/api';
import { addQuestionsAndPublish, answer, start } from '../support/courses';
import { ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';
import { linkIn, mailTo } from '../support/mail';

const SCREENSHOTS = 'test-results/screenshots';

/** "14:59" / "1:05:09" → seconds. */
function seconds(text: string | null): number {
  return (text ?? '')
    .trim()
    .split(':')
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0);
}

async function newPage(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin });
  return context.newPage();
}

test('exam day: course, class list, set-password mail, 50 % extra time, live view, extension, outsiders', async ({
  page,
  browser,
  request,
  signInAs,
  expectNoA11yViolations,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const origin = new URL(test.info().project.use.baseURL ?? process.env['E2E_BASE_URL']!).origin;
  const nia = { email: `nia.${stamp}@example.com`, name: 'Nia Needs-Time' };
  const noel = { email: `noel.${stamp}@example.com`, name: 'Noel Regular' };

  // --- The teacher: a course, a class list, an exam in the course ----------------------------
  await signInAs('author');
  await page.goto('/courses');
  await page.getByRole('button', { name: 'New course' }).first().click();
  const create = page.getByRole('dialog', { name: 'New course' });
  await create.getByLabel('Name').fill(`Exam day ${stamp}`);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/courses\/\d+$/);
  const courseId = Number(new URL(page.url()).pathname.split('/').pop());

  await page.getByRole('tab', { name: 'Students' }).click();
  await page.getByRole('button', { name: 'Upload a class list' }).click();
  const upload = page.getByRole('dialog', { name: 'Upload a class list' });
  await upload.locator('input[type=file]').setInputFiles({
    name: 'class.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`email,name\n${nia.email},${nia.name}\n${noel.email},${noel.name}\n`),
  });
  await expect(upload.getByRole('table').getByRole('row')).toHaveCount(3);
  await upload.getByRole('button', { name: 'Enrol 2 students' }).click();
  await expect(upload).toBeHidden();
  const roster = page.getByRole('table', { name: /^Students of/ });
  await expect(roster.getByRole('row', { name: new RegExp(nia.name) })).toContainText(
    'No password yet',
  );

  // Nia is entitled to 50 % extra time in every exam of the course.
  await roster
    .getByRole('row', { name: new RegExp(nia.name) })
    .getByRole('button', { name: `Actions for ${nia.name}` })
    .click();
  await page.getByRole('menuitem', { name: 'Accommodation…' }).click();
  const accommodation = page.getByRole('dialog', { name: `Accommodation for ${nia.name}` });
  await accommodation.getByLabel('Extra time (percent)').fill('50');
  await accommodation.getByRole('button', { name: 'Save' }).click();
  await expect(roster.getByRole('row', { name: new RegExp(nia.name) })).toContainText('+50 % time');

  // "New exam in this course": the course is chosen already; 10 minutes.
  await page.getByRole('tab', { name: 'Exams' }).click();
  await page.getByRole('link', { name: 'New exam in this course' }).click();
  await expect(page).toHaveURL(new RegExp(`/author/exams/new\\?course=${courseId}$`));
  await page.getByLabel('Title').fill('Cell biology test');
  await expect(page.getByRole('combobox', { name: 'Who takes it' })).toContainText(
    `Students of Exam day ${stamp}`,
  );
  await page.getByRole('switch', { name: 'Time limit' }).click();
  await page.getByLabel('Minutes').fill('10');
  await page.getByRole('button', { name: 'Create exam' }).click();
  await expect(page).toHaveURL(/\/author\/exams\/\d+$/);
  const examId = Number(new URL(page.url()).pathname.split('/').pop());
  const teacher = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
  await addQuestionsAndPublish(request, teacher, examId, 3);

  // --- Nia: the set-password link from the mailbox, then My courses ---------------------------
  const mail = await mailTo(nia.email);
  const link = linkIn(mail);
  const niaPage = await newPage(browser, origin);
  await niaPage.goto(link);
  await niaPage.getByLabel('Password', { exact: true }).fill(STUDENT_PASSWORD);
  await niaPage.getByLabel('Repeat the password').fill(STUDENT_PASSWORD);
  await niaPage.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(niaPage).toHaveURL(/\/my-courses$/);
  await expect(niaPage.getByRole('heading', { level: 2, name: `Exam day ${stamp}` })).toBeVisible();
  await expect(niaPage.getByText('Cell biology test')).toBeVisible();
  await expect(niaPage.getByText('1 attempt left')).toBeVisible();
  await expectNoA11yViolations(niaPage);
  await niaPage.screenshot({ path: `${SCREENSHOTS}/desktop-my-courses.png`, fullPage: true });
  await niaPage.getByRole('link', { name: 'Start Cell biology test' }).click();
  await expect(niaPage.getByText('15 min (with your extra time)')).toBeVisible();
  await niaPage.getByRole('button', { name: 'Start exam' }).click();
  await expect(niaPage).toHaveURL(/\/attempts\/\d+$/);
  // 10 minutes + 50 %.
  await expect(niaPage.getByRole('timer')).toContainText(/(15:00|14:\d\d)$/);
  await niaPage.getByRole('radio', { name: 'True' }).first().check();
  await expect(niaPage.locator('.save-status-text')).toHaveText('Saved');

  // --- Noel: the link from the teacher's CSV, through the API; he starts too ------------------
  const noelSetup = await request.post(
    `/api/courses/${courseId}/students/${await userId(noel.email)}/setup-link`,
    { headers: bearer(teacher) },
  );
  const token = new URL(((await noelSetup.json()) as { link: string }).link).pathname
    .split('/')
    .pop();
  const set = await request.post('/api/auth/set-password', {
    data: { token, password: STUDENT_PASSWORD },
  });
  expect(set.status(), await set.text()).toBe(200);
  const noelToken = await login(request, { email: noel.email, password: STUDENT_PASSWORD });
  const noelAttempt = await start(request, noelToken, examId);
  await answer(request, noelToken, noelAttempt, 2);

  // --- The teacher watches the live view and gives Noel 5 more minutes ------------------------
  await page.goto(`/author/exams/${examId}/live`);
  const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
  await expect(page.getByTestId('count-in_progress')).toHaveText('2');
  await expect(row(nia.name)).toContainText('1 of 3');
  await expect(row(nia.name)).toContainText('Accommodation');
  await expect(row(nia.name).getByTestId('time-left')).toHaveText(/^(15:00|14:\d\d)$/);
  await expect(row(noel.name)).toContainText('2 of 3');
  const noelLeft = row(noel.name).getByTestId('time-left');
  await expect(noelLeft).toHaveText(/^(10:00|9:\d\d)$/);
  await row(noel.name)
    .getByRole('button', { name: `Actions for ${noel.name}` })
    .click();
  await page.getByRole('menuitem', { name: 'Extend time…' }).click();
  const extend = page.getByRole('dialog', { name: `Extend ${noel.name}’s time` });
  await extend.getByLabel('Extra minutes').fill('5');
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(extend).toBeHidden();
  await expect.poll(async () => seconds(await noelLeft.textContent())).toBeGreaterThan(14 * 60);
  await expectNoA11yViolations(page);
  await page.screenshot({ path: `${SCREENSHOTS}/desktop-exam-day-live.png`, fullPage: true });

  // Noel's own page sees the new deadline (the server's, from his attempt).
  const noelView = await request.get(`/api/attempts/${noelAttempt.id}`, {
    headers: bearer(noelToken),
  });
  const deadline = Date.parse(((await noelView.json()) as { deadline: string }).deadline);
  expect(deadline - Date.now()).toBeGreaterThan(14 * 60_000);

  // --- Nia submits; the live view shows her score at its next poll ----------------------------
  await niaPage.getByRole('button', { name: 'Submit exam…' }).click();
  await niaPage
    .getByRole('dialog', { name: 'Submit your answers?' })
    .getByRole('button', { name: 'Submit answers' })
    .click();
  await expect(niaPage).toHaveURL(/\/attempts\/\d+\/result$/);
  await expect(row(nia.name)).toContainText('Submitted', { timeout: 12_000 });
  await expect(row(nia.name)).toContainText('1 / 3');
  await expect(page.getByTestId('count-submitted')).toHaveText('1');

  // --- A student outside the course: the exam does not exist for them -------------------------
  const outsider = await registerStudent(request, 'Otto Outsider');
  const outsiderPage = await newPage(browser, origin);
  await outsiderPage.goto('/sign-in');
  await outsiderPage.getByLabel('E-mail').fill(outsider.user.email);
  await outsiderPage.getByLabel('Password', { exact: true }).fill(STUDENT_PASSWORD);
  await outsiderPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(outsiderPage).toHaveURL(/\/my-courses$/);
  await outsiderPage.goto(`/exams/${examId}`);
  await expect(outsiderPage.getByRole('heading', { name: 'Exam not found' })).toBeVisible();
  const direct = await request.post(`/api/exams/${examId}/attempts`, {
    headers: bearer(outsider),
  });
  expect(direct.status()).toBe(404);

  await niaPage.context().close();
  await outsiderPage.context().close();

  /** A student's user id, from the teacher's roster. */
  async function userId(email: string): Promise<number> {
    const response = await request.get(`/api/courses/${courseId}/students`, {
      headers: bearer(teacher),
      params: { q: email },
    });
    const page = (await response.json()) as { items: { user_id: number; email: string }[] };
    return page.items.find((s) => s.email === email)!.user_id;
  }
});
