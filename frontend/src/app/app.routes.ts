import { inject } from '@angular/core';
import { type Routes } from '@angular/router';

import { roleGuard, signedInGuard } from './core/auth/auth.guards';
import { AuthService } from './core/auth/auth.service';

export const routes: Routes = [
  // Home: a student's courses; the catalogue for everyone else.
  {
    path: '',
    pathMatch: 'full',
    redirectTo: () => (inject(AuthService).hasRole('student') ? 'my-courses' : 'exams'),
  },
  {
    path: 'exams',
    title: $localize`:@@route.exams:Exams`,
    loadComponent: () => import('./features/catalog/catalog.page').then((m) => m.CatalogPage),
  },
  {
    path: 'exams/:id',
    title: $localize`:@@route.exam:Exam`,
    loadComponent: () =>
      import('./features/exam-detail/exam-detail.page').then((m) => m.ExamDetailPage),
  },
  {
    path: 'attempts/:attemptId',
    title: $localize`:@@route.examInProgress:Exam in progress`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/take-exam/take-exam.page').then((m) => m.TakeExamPage),
  },
  {
    path: 'attempts/:attemptId/result',
    title: $localize`:@@route.result:Result`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/result/result.page').then((m) => m.ResultPage),
  },
  {
    path: 'me/results',
    title: $localize`:@@route.myResults:My results`,
    canActivate: [signedInGuard],
    loadComponent: () =>
      import('./features/my-results/my-results.page').then((m) => m.MyResultsPage),
  },
  {
    path: 'my-courses',
    title: $localize`:@@route.myCourses:My courses`,
    canActivate: [signedInGuard],
    loadComponent: () =>
      import('./features/my-courses/my-courses.page').then((m) => m.MyCoursesPage),
  },
  {
    // A teacher's join link: signs in first (and comes back), then joins.
    path: 'join/:code',
    title: $localize`:@@route.joinACourse:Join a course`,
    canActivate: [signedInGuard],
    loadComponent: () => import('./features/my-courses/join.page').then((m) => m.JoinPage),
  },
  // The former address of My results.
  { path: 'my-results', pathMatch: 'full', redirectTo: 'me/results' },
  {
    path: 'sign-in',
    title: $localize`:@@route.signIn:Sign in`,
    loadComponent: () => import('./features/auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    // The identity provider's redirect back (docs/oidc.md).
    path: 'auth/callback',
    title: $localize`:@@route.signingIn:Signing in`,
    loadComponent: () => import('./features/auth/callback.page').then((m) => m.AuthCallbackPage),
  },
  {
    // A learning platform's launch (LTI 1.3) lands here with a one-time ticket.
    path: 'lti/launch',
    title: $localize`:@@route.opening:Opening`,
    loadComponent: () => import('./features/lti/lti-launch.page').then((m) => m.LtiLaunchPage),
  },
  {
    path: 'forgot-password',
    title: $localize`:@@route.forgotPassword:Forgot password`,
    loadComponent: () =>
      import('./features/auth/forgot-password.page').then((m) => m.ForgotPasswordPage),
  },
  {
    // The target of the set-up and reset links in mail and in the teacher's links CSV.
    path: 'set-password/:token',
    title: $localize`:@@route.chooseAPassword:Choose a password`,
    loadComponent: () => import('./features/auth/set-password.page').then((m) => m.SetPasswordPage),
  },
  {
    path: 'register',
    title: $localize`:@@route.createAnAccount:Create an account`,
    loadComponent: () => import('./features/auth/register.page').then((m) => m.RegisterPage),
  },
  {
    path: 'author',
    title: $localize`:@@route.myExams:My exams`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/my-exams/my-exams.page').then((m) => m.MyExamsPage),
  },
  {
    path: 'bank',
    title: $localize`:@@route.questionBank:Question bank`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () => import('./features/bank/bank.page').then((m) => m.BankPage),
  },
  // `:id` is "new" for a new exam: the same page then stays on screen once it is created.
  {
    path: 'author/exams/:id',
    title: $localize`:@@route.editExam:Edit exam`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/editor/exam-editor.page').then((m) => m.ExamEditorPage),
  },
  {
    path: 'author/exams/:id/results',
    title: $localize`:@@route.examResults:Exam results`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/results/exam-results.page').then((m) => m.ExamResultsPage),
  },
  {
    path: 'author/exams/:id/grading',
    title: $localize`:@@route.grading:Grading`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/grading/grading.page').then((m) => m.GradingPage),
  },
  {
    path: 'author/exams/:id/live',
    title: $localize`:@@route.liveView:Live view`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () => import('./features/live/live-view.page').then((m) => m.LiveViewPage),
  },
  {
    path: 'courses',
    title: $localize`:@@route.courses:Courses`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/courses/course-list.page').then((m) => m.CourseListPage),
  },
  {
    path: 'courses/:id',
    title: $localize`:@@route.course:Course`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () => import('./features/courses/course.page').then((m) => m.CoursePage),
  },
  {
    path: 'author/exams/:id/statistics',
    title: $localize`:@@route.examStatistics:Exam statistics`,
    canActivate: [roleGuard(['author', 'admin'])],
    loadComponent: () =>
      import('./features/author/statistics/statistics.page').then((m) => m.StatisticsPage),
  },
  {
    path: 'admin',
    title: $localize`:@@route.administration:Administration`,
    canActivate: [roleGuard(['admin'])],
    loadComponent: () => import('./features/admin/admin.page').then((m) => m.AdminPage),
  },
  {
    path: '**',
    title: $localize`:@@route.pageNotFound:Page not found`,
    loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
