import { type Routes } from '@angular/router';

import { roleGuard, signedInGuard } from './core/auth/auth.guards';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'exams' },
  {
    path: 'exams',
    title: 'Exams',
    loadComponent: () => import('./features/catalog/catalog.page').then((m) => m.CatalogPage),
  },
  {
    path: 'exams/:id',
    title: 'Exam',
    loadComponent: () =>
      import('./features/exam-detail/exam-detail.page').then((m) => m.ExamDetailPage),
  },
  {
    path: 'attempts/:attemptId',
    title: 'Exam in progress',
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/take-exam/take-exam.page').then((m) => m.TakeExamPage),
  },
  {
    path: 'attempts/:attemptId/result',
    title: 'Result',
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/result/result.page').then((m) => m.ResultPage),
  },
  {
    path: 'me/results',
    title: 'My results',
    canActivate: [signedInGuard],
    loadComponent: () =>
      import('./features/my-results/my-results.page').then((m) => m.MyResultsPage),
  },
  // The former address of My results.
  { path: 'my-results', pathMatch: 'full', redirectTo: 'me/results' },
  {
    path: 'sign-in',
    title: 'Sign in',
    loadComponent: () => import('./features/auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    // The identity provider's redirect back (docs/oidc.md).
    path: 'auth/callback',
    title: 'Signing in',
    loadComponent: () => import('./features/auth/callback.page').then((m) => m.AuthCallbackPage),
  },
  {
    path: 'forgot-password',
    title: 'Forgot password',
    loadComponent: () =>
      import('./features/auth/forgot-password.page').then((m) => m.ForgotPasswordPage),
  },
  {
    // The target of the set-up and reset links in mail and in the teacher's links CSV.
    path: 'set-password/:token',
    title: 'Choose a password',
    loadComponent: () => import('./features/auth/set-password.page').then((m) => m.SetPasswordPage),
  },
  {
    path: 'register',
    title: 'Create an account',
    loadComponent: () => import('./features/auth/register.page').then((m) => m.RegisterPage),
  },
  {
    path: 'author',
    title: 'My exams',
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/my-exams/my-exams.page').then((m) => m.MyExamsPage),
  },
  // `:id` is "new" for a new exam: the same page then stays on screen once it is created.
  {
    path: 'author/exams/:id',
    title: 'Edit exam',
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/editor/exam-editor.page').then((m) => m.ExamEditorPage),
  },
  {
    path: 'author/exams/:id/results',
    title: 'Exam results',
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/results/exam-results.page').then((m) => m.ExamResultsPage),
  },
  {
    path: 'author/exams/:id/statistics',
    title: 'Exam statistics',
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/statistics/statistics.page').then((m) => m.StatisticsPage),
  },
  {
    path: 'admin',
    title: 'Administration',
    canActivate: [roleGuard(['admin'])],
    loadComponent: () => import('./features/admin/admin.page').then((m) => m.AdminPage),
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
