import type { Page } from '@playwright/test';

import { bearer, login, registerStudent, STUDENT_PASSWORD } from '../support/api';
import { ACCOUNTS, DEMO_ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

/** A CSV file for the class-list upload (set on the dialog's hidden file input). */
function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') };
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** Creates a course through the list page's dialog; the page then shows it. */
async function createCourse(page: Page, name: string): Promise<number> {
  await page.goto('/courses');
  await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
  await page.getByRole('button', { name: 'New course' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New course' });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByText('Give the course a name.')).toBeVisible();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Code').fill('BIO-101');
  await dialog.getByLabel('Term').fill('Spring 2027');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/courses\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return Number(new URL(page.url()).pathname.split('/').pop());
}

test.describe('courses', () => {
  test('a teacher creates a course, uploads a class list and manages the roster', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(120_000);
    const stamp = Date.now();
    const name = `Biology ${stamp}`;
    const existing = await registerStudent(request, 'Rita Registered');
    await signInAs('author');
    await page.goto('/courses');
    await expectNoA11yViolations(page);
    await createCourse(page, name);
    await expect(page.getByText('BIO-101')).toBeVisible();
    await expectNoA11yViolations(page);

    // The list finds it; the toolbar leads there.
    await page.getByRole('link', { name: 'Courses', exact: true }).click();
    await page.getByLabel('Search courses').fill(String(stamp));
    await expect(page.getByRole('link', { name: `Open ${name}` })).toBeVisible();
    await page.getByRole('link', { name: `Open ${name}` }).click();

    // Class list: errors first, each with its line; nothing is enrolled.
    await page.getByRole('tab', { name: 'Students' }).click();
    await expect(page).toHaveURL(/tab=students/);
    await page.getByRole('button', { name: 'Upload a class list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload a class list' });
    await dialog
      .locator('input[type=file]')
      .setInputFiles(
        csv(
          'class.csv',
          `email,name,external_id\nnew1.${stamp}@example.com,Nia New,S1\nnot-an-email,Bad Row,S2\n` +
            `${existing.user.email},Rita Registered,S3\nnew1.${stamp}@example.com,Twice,S4\n`,
        ),
      );
    await expect(dialog.getByRole('heading', { name: /Preview/ })).toBeVisible();
    const errors = dialog.getByRole('list', { name: 'Errors in the class list' });
    await expect(errors).toContainText('Line 3');
    await expect(errors).toContainText('Line 5');
    await expect(dialog.getByRole('button', { name: /^Enrol \d+ students$/ })).toHaveCount(0);
    await expectNoA11yViolations(page);

    // A good list: the preview says what each row does, then it is applied.
    const good =
      `Email;Name;External_ID\nnew1.${stamp}@example.com;Nia New;S1\n` +
      `new2.${stamp}@example.com;Noel New;S2\n${existing.user.email};Rita Registered;S3\n`;
    await dialog.locator('input[type=file]').setInputFiles(csv('class-good.csv', good));
    const table = dialog.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(table.getByRole('row', { name: /Nia New/ })).toContainText('New account');
    await expect(table.getByRole('row', { name: /Rita Registered/ })).toContainText(
      'Enrol existing account',
    );
    await expect(dialog).toContainText('3 rows: 2 new accounts, 1 existing account to enrol');
    await screenshot(page, 'desktop-class-list');
    await dialog.getByRole('button', { name: 'Enrol 3 students' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('3 students enrolled (2 new).')).toBeVisible();

    const roster = page.getByRole('table', { name: `Students of ${name}` });
    await expect(roster.getByRole('row')).toHaveCount(4);
    const nia = roster.getByRole('row', { name: /Nia New/ });
    await expect(nia).toContainText('No password yet');
    await expect(roster.getByRole('row', { name: /Rita Registered/ })).toContainText(
      'Password set',
    );
    await page.getByLabel('Search students').fill('Noel');
    await expect(roster.getByRole('row')).toHaveCount(2);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect(roster.getByRole('row')).toHaveCount(4);

    // Set-up links: all of them as a CSV, or one copied.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Set-up links (CSV)' }).click();
    const file = await download;
    const links = await (await file.createReadStream()).toArray();
    const text = Buffer.concat(links).toString('utf-8');
    expect(text).toContain(`new1.${stamp}@example.com`);
    expect(text).toContain('/set-password/');
    expect(text).not.toContain(existing.user.email);
    await nia.getByRole('button', { name: 'Actions for Nia New' }).click();
    await page.getByRole('menuitem', { name: 'Copy set-up link' }).click();
    await expect(page.getByText(/set-up link for Nia New/i)).toBeVisible();

    // A course-wide accommodation.
    await nia.getByRole('button', { name: 'Actions for Nia New' }).click();
    await page.getByRole('menuitem', { name: 'Accommodation…' }).click();
    const accommodation = page.getByRole('dialog', { name: 'Accommodation for Nia New' });
    await accommodation.getByLabel('Extra time (percent)').fill('501');
    await accommodation.getByRole('button', { name: 'Save' }).click();
    await expect(accommodation.getByText('A whole number from 0 to 500.')).toBeVisible();
    await accommodation.getByLabel('Extra time (percent)').fill('50');
    await expectNoA11yViolations(page);
    await accommodation.getByRole('button', { name: 'Save' }).click();
    await expect(accommodation).toBeHidden();
    await expect(nia).toContainText('+50 % time');

    // Add by e-mail: an unknown address is refused on its field; a known one is enrolled.
    await page.getByLabel('Add a student by e-mail').fill(`nobody.${stamp}@example.com`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.locator('mat-error')).toBeVisible();
    const late = await registerStudent(request, 'Larry Late');
    await page.getByLabel('Add a student by e-mail').fill(late.user.email);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(roster.getByRole('row', { name: /Larry Late/ })).toBeVisible();

    // Remove, after a confirmation.
    await roster
      .getByRole('row', { name: /Larry Late/ })
      .getByRole('button', { name: 'Actions for Larry Late' })
      .click();
    await page.getByRole('menuitem', { name: 'Remove from the course…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect(roster.getByRole('row', { name: /Larry Late/ })).toHaveCount(0);
    await screenshot(page, 'desktop-course');
    await expectNoA11yViolations(page);
  });

  test('join codes: show, join by link (signing in first), rotate, turn off', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(90_000);
    const name = `Chemistry ${Date.now()}`;
    await signInAs('author');
    await createCourse(page, name);
    await page.getByRole('tab', { name: 'Joining' }).click();
    await page.getByRole('button', { name: 'Turn joining on' }).click();
    const code = (await page.getByLabel('Join code', { exact: true }).textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await expect(page.getByText(`/join/${code}`)).toBeVisible();
    await expectNoA11yViolations(page);

    // Co-teachers: must be authors; the owner cannot be removed.
    await page.getByRole('tab', { name: 'Teachers' }).click();
    await page.getByLabel('Add a co-teacher by e-mail').fill(ACCOUNTS.student.email);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.locator('mat-error')).toBeVisible();
    await page.getByLabel('Add a co-teacher by e-mail').fill(DEMO_ACCOUNTS.author.email);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const teachers = page.getByRole('list', { name: 'Teachers' });
    await expect(teachers).toContainText(DEMO_ACCOUNTS.author.name);
    await expect(
      page.getByRole('button', { name: `Remove ${ACCOUNTS.author.name} as a teacher` }),
    ).toHaveCount(0);
    await page
      .getByRole('button', { name: `Remove ${DEMO_ACCOUNTS.author.name} as a teacher` })
      .click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect(teachers).not.toContainText(DEMO_ACCOUNTS.author.name);

    // A student opens the link signed out: sign in first, then joined, then My courses.
    const student = await registerStudent(request, 'Jo Joiner');
    const context = await page.context().browser()!.newContext();
    const other = await context.newPage();
    await other.goto(`${new URL(page.url()).origin}/join/${code}`);
    await expect(other).toHaveURL(/\/sign-in\?returnUrl=%2Fjoin%2F/);
    await other.getByLabel('E-mail').fill(student.user.email);
    await other.getByLabel('Password', { exact: true }).fill(STUDENT_PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other).toHaveURL(/\/my-courses#course-\d+$/);
    await expect(other.getByRole('heading', { level: 2, name: new RegExp(name) })).toBeVisible();

    // A new code: the old link stops working.
    await page.getByRole('tab', { name: 'Joining' }).click();
    await page.getByRole('button', { name: 'New code' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'New code' }).click();
    await expect(page.getByLabel('Join code', { exact: true })).not.toHaveText(code);
    await other.goto(`/join/${code}`);
    await expect(other.getByText('This join link does not work')).toBeVisible();
    await context.close();

    // Turned off: no code, and the student's form says so too.
    await page.getByRole('button', { name: 'Turn joining off' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Turn off' }).click();
    await expect(page.getByRole('button', { name: 'Turn joining on' })).toBeVisible();

    // The roster shows who joined by code.
    await page.getByRole('tab', { name: 'Students' }).click();
    await expect(page.getByRole('row', { name: /Jo Joiner/ })).toContainText('Join code');

    // Settings: rename, archive (the students' home no longer lists it), restore.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Name').fill(`${name} (renamed)`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${name} (renamed)` })).toBeVisible();
    await page.getByRole('button', { name: 'Archive the course' }).click();
    await expect(page.getByText('Archived', { exact: true }).first()).toBeVisible();
    const token = await login(request, { email: student.user.email, password: STUDENT_PASSWORD });
    const home = await request.get('/api/me/courses', { headers: bearer(token) });
    const items = ((await home.json()) as { items: { name: string }[] }).items;
    expect(items.map((c) => c.name)).not.toContain(`${name} (renamed)`);
    await page.getByRole('button', { name: 'Restore the course' }).click();
    await expect(page.getByRole('button', { name: 'Archive the course' })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('a student joins with a code on My courses; a wrong code is explained', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    const created = await request.post('/api/courses', {
      headers: bearer(author),
      data: { name: `Physics ${Date.now()}` },
    });
    const course = (await created.json()) as { id: number; name: string };
    const rotated = await request.post(`/api/courses/${course.id}/join-code`, {
      headers: bearer(author),
    });
    const { join_code } = (await rotated.json()) as { join_code: string };

    const student = await registerStudent(request, 'Mo Member');
    await signInAs({ email: student.user.email, password: STUDENT_PASSWORD });
    await page.goto('/');
    await expect(page).toHaveURL(/\/my-courses$/);
    await expect(page.getByText('You are in no course yet')).toBeVisible();
    await expectNoA11yViolations(page);

    await page.getByLabel('Join code', { exact: true }).fill('WRONGCODE');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.locator('mat-error, app-form-error')).toContainText(/./);
    await page.getByLabel('Join code', { exact: true }).fill(join_code.toLowerCase());
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByRole('heading', { level: 2, name: course.name })).toBeVisible();
    await expect(page.getByText('No open or upcoming exams.')).toBeVisible();
    await expectNoA11yViolations(page);
  });
});
