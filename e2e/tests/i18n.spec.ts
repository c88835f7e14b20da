/**
 * The student's whole path in Arabic (right to left) and in Spanish (issue 18): a browser that
 * prefers the language (Accept-Language and navigator.languages) gets the interface in it with
 * no setting; sign in, catalogue, exam page, start, answer, submit, result — axe-clean in each.
 * Then: the timer and numbers are formatted per locale, and the picker switches the language.
 *
 * The demo exam "Python basics" is timed (20 min), one question per page, with immediate review.
 */
import { type Page } from '@playwright/test';

import {
  STUDENT_PASSWORD,
  authoredExam,
  createExam,
  login,
  publishedExamId,
  registerStudent,
  takeExam,
} from '../support/api';
import { ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

// README's screenshots are refreshed only on request (UPDATE_SCREENSHOTS=1), so a test run leaves
// the checkout clean; otherwise they go with the other test artefacts.
const DOCS = process.env['UPDATE_SCREENSHOTS'] ? '../docs/screenshots' : 'test-results/screenshots';

interface Words {
  signIn: string;
  email: string;
  password: string;
  catalogue: string;
  rules: string;
  start: string;
  timeLeft: RegExp;
  saved: string;
  answered: string;
  submitExam: string;
  dialog: string;
  confirm: string;
  score: string;
  myResults: string;
}

const WORDS: Record<'ar' | 'es', Words> = {
  ar: {
    signIn: 'تسجيل الدخول',
    email: 'البريد الإلكتروني',
    password: 'كلمة المرور',
    catalogue: 'الاختبارات',
    rules: 'القواعد',
    start: 'ابدأ الاختبار',
    // 19 or 20 minutes: Arabic's "many" form after 11–99.
    timeLeft: /^الوقت المتبقي: (20|19) دقيقة/,
    saved: 'تم الحفظ',
    answered: 'تمت الإجابة عن 1 من 11',
    submitExam: 'تسليم الاختبار…',
    dialog: 'هل تريد تسليم إجاباتك؟',
    confirm: 'تسليم الإجابات',
    score: 'درجتك:',
    myResults: 'نتائجي',
  },
  es: {
    signIn: 'Iniciar sesión',
    email: 'Correo electrónico',
    password: 'Contraseña',
    catalogue: 'Exámenes',
    rules: 'Normas',
    start: 'Comenzar el examen',
    timeLeft: /^Tiempo restante: (20|19) minutos/,
    saved: 'Guardado',
    answered: '1 de 11 respondidas',
    submitExam: 'Entregar el examen…',
    dialog: '¿Entregar tus respuestas?',
    confirm: 'Entregar las respuestas',
    score: 'Tu puntuación:',
    myResults: 'Mis resultados',
  },
};

/** Signs in through the sign-in page, in the page's language. */
async function signInThroughPage(page: Page, words: Words, email: string): Promise<void> {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: words.signIn })).toBeVisible();
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password, { exact: true }).fill(STUDENT_PASSWORD);
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
  await expect(page).toHaveURL(/\/my-courses$/); // a student's home
}

for (const locale of ['ar', 'es'] as const) {
  const words = WORDS[locale];
  const dir = locale === 'ar' ? 'rtl' : 'ltr';

  test.describe(`the student's path in ${locale}`, () => {
    test.use({ locale });

    test(`sign in, start, answer, submit and see the result (${locale}, ${dir})`, async ({
      page,
      request,
      expectNoA11yViolations,
    }) => {
      test.setTimeout(90_000);
      const student = await registerStudent(request, `Student ${locale}`);
      const email = student.user.email;

      await signInThroughPage(page, words, email);
      const html = page.locator('html');
      await expect(html).toHaveAttribute('lang', locale);
      await expect(html).toHaveAttribute('dir', dir);

      // The catalogue, then the exam's page.
      await page.locator('.nav-links').getByRole('link', { name: words.catalogue }).click();
      await expect(page.getByRole('heading', { level: 1, name: words.catalogue })).toBeVisible();
      await page.getByRole('link', { name: 'Python basics', exact: true }).click();
      await expect(page.getByRole('heading', { name: words.rules })).toBeVisible();
      await expectNoA11yViolations(page);
      await page.getByRole('button', { name: words.start }).click();
      await expect(page).toHaveURL(/\/attempts\/\d+$/);

      // Taking it: the timer speaks the language, the progress counts in it.
      const timer = page.getByRole('timer');
      await expect(timer).toHaveAttribute('aria-label', words.timeLeft);
      await page.getByRole('radio', { name: '3', exact: true }).check();
      await expect(page.locator('.save-status-text')).toHaveText(words.saved);
      await expect(page.locator('.progress-text')).toHaveText(words.answered);
      await expect(html).toHaveAttribute('dir', dir);
      // The author's text keeps the exam's language (the demo exam is English), whatever the UI's.
      const questionText = page.locator('.question-text');
      await expect(questionText).toHaveAttribute('lang', 'en');
      await expect(questionText).toHaveAttribute('dir', 'ltr');
      await expectNoA11yViolations(page);
      await page.screenshot({ path: `${DOCS}/exam-${locale}.png` });

      await page.getByRole('button', { name: words.submitExam }).click();
      const dialog = page.getByRole('dialog', { name: words.dialog });
      await expect(dialog).toBeVisible();
      await expectNoA11yViolations(page);
      await dialog.getByRole('button', { name: words.confirm }).click();

      // The result.
      await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
      await expect(page.locator('#score-heading')).toContainText(words.score);
      await expect(
        page.getByRole('navigation').getByRole('link', { name: words.myResults }).first(),
      ).toBeVisible();
      await expect(html).toHaveAttribute('dir', dir);
      await expectNoA11yViolations(page);
      await page.screenshot({
        path: `test-results/screenshots/result-${locale}.png`,
        fullPage: true,
      });
    });
  });
}

test.describe('numbers, dates and the timer per locale', () => {
  let examId = 0;
  let key: Awaited<ReturnType<typeof authoredExam>>;

  test.beforeAll(async ({ request }) => {
    // Three statements, one answered right: 1 of 3 points, 33.33 %.
    const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    examId = await createExam(request, author, `Numbers ${Date.now()}`, {
      trueFalse: 3,
      publish: true,
    });
    key = await authoredExam(request, author, examId);
  });

  for (const [locale, percent, month] of [
    ['es', /1 de 3 puntos \(33,33\s%\)/, 'es'],
    ['ar', /1 من 3 نقطة \(33\.33\S*%\S*\)/, 'ar'],
    ['en', /1 of 3 points \(33\.33%\)/, 'en'],
  ] as const) {
    test.describe(locale, () => {
      test.use({ locale });

      test(`the score, the percentage and the date follow ${locale}`, async ({
        page,
        request,
        signInAs,
      }) => {
        const student = await registerStudent(request, `Numbers ${locale}`);
        await takeExam(request, student, key, 1);
        const mine = await request.get('/api/me/attempts', {
          headers: { Authorization: `Bearer ${student.access_token}` },
        });
        const attempt = ((await mine.json()) as { items: { id: number }[] }).items[0];
        const email = student.user.email;
        await signInAs({ email, password: STUDENT_PASSWORD });
        await page.goto(`/attempts/${attempt.id}/result`);
        await expect(page.locator('#score-heading')).toHaveText(percent);
        // The submission date, with the locale's month name (Angular's locale data).
        const monthName = new Intl.DateTimeFormat(month, { month: 'short' })
          .format(new Date())
          .replace('.', '');
        await expect(page.locator('.meta')).toContainText(monthName);
      });
    });
  }

  test.describe('timer', () => {
    test.use({ locale: 'es' });

    test('the timer and its spoken form follow the locale (es)', async ({
      page,
      request,
      signInAs,
    }) => {
      const student = await registerStudent(request, 'Timer es');
      const email = student.user.email;
      await signInAs({ email, password: STUDENT_PASSWORD });
      await page.goto(`/exams/${await publishedExamId(request, 'Python basics')}`);
      await page.getByRole('button', { name: 'Comenzar el examen' }).click();
      const timer = page.getByRole('timer');
      await expect(timer).toHaveAttribute(
        'aria-label',
        /^Tiempo restante: (20 minutos|19 minutos \d+ segundos?)$/,
      );
      await expect(timer.locator('.timer-value')).toHaveText(/^(20:00|19:\d\d)$/);
      await expect(page.getByRole('heading', { name: /^Pregunta 1 de 11/ })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Pregunta 2, sin responder' })).toBeVisible();
    });
  });
});

test.describe('switching the language', () => {
  test.use({ locale: 'en-US' });

  test('the picker on the sign-in page switches to Arabic and back, kept in this browser', async ({
    page,
  }) => {
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await page.locator('main').getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitemradio', { name: 'العربية' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    expect(await page.evaluate(() => localStorage.getItem('oe.locale'))).toBe('ar');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' })).toBeVisible();
    await page.locator('main').getByRole('button', { name: 'اللغة' }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('signed in, the account menu switches the language, kept on the account', async ({
    page,
    request,
    signInAs,
  }) => {
    const student = await registerStudent(request, 'Switcher');
    await signInAs({ email: student.user.email, password: STUDENT_PASSWORD });
    await page.goto('/my-courses');
    await expect(page.getByRole('heading', { level: 1, name: 'My courses' })).toBeVisible();
    await page.getByRole('button', { name: /^Account menu for / }).click();
    await page.getByRole('menuitem', { name: 'Language' }).click();
    await page.getByRole('menuitemradio', { name: 'Español' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mis cursos' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    expect(await page.evaluate(() => localStorage.getItem('oe.locale'))).toBe('es');
    const me = await request.get('/api/auth/me', {
      headers: { Authorization: `Bearer ${student.access_token}` },
    });
    expect(((await me.json()) as { locale: string | null }).locale).toBe('es');
  });
});
