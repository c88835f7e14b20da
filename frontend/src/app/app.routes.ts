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
    path: 'sign-in',
    title: 'Sign in',
    loadComponent: () => import('./features/auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: 'register',
    title: 'Create an account',
    loadComponent: () => import('./features/auth/register.page').then((m) => m.RegisterPage),
  },
  // Placeholders until their features land (phase 2); the guards are already the real ones.
  {
    path: 'my-results',
    title: 'My results',
    canActivate: [signedInGuard],
    data: { heading: 'My results', summary: 'Your submitted attempts and their scores.' },
    loadComponent: () =>
      import('./features/coming-soon/coming-soon.page').then((m) => m.ComingSoonPage),
  },
  {
    path: 'author',
    title: 'Author',
    canActivate: [roleGuard(['author', 'admin'])],
    data: { heading: 'Author', summary: 'Write exams, publish them and see their results.' },
    loadComponent: () =>
      import('./features/coming-soon/coming-soon.page').then((m) => m.ComingSoonPage),
  },
  {
    path: 'admin',
    title: 'Admin',
    canActivate: [roleGuard(['admin'])],
    data: { heading: 'Admin', summary: 'Manage accounts and roles.' },
    loadComponent: () =>
      import('./features/coming-soon/coming-soon.page').then((m) => m.ComingSoonPage),
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
