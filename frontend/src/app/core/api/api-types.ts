/**
 * The API's payload types: plain names for the types generated from the server's OpenAPI
 * document (schema.d.ts, `npm run gen:api`; `make lint` fails when it is out of date).
 *
 * The server declares every field it always sends as required, nullable ones as nullable and
 * every closed set of values as an enum, so nothing here restates or patches the contract.
 * The few value lists below exist because a page needs them at run time; `allOf` makes each
 * a compile error the day the server adds or drops a value.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The list given, checked to hold every member of the union T (and nothing else). */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L =>
    list;

export type Role = Schemas['UserOut']['role'];
export const ROLES = allOf<Role>()(['student', 'author', 'admin']);

export type User = Schemas['UserOut'];
export type TokenResponse = Schemas['TokenOut'];
export type LoginRequest = Schemas['LoginIn'];
export type RegisterRequest = Schemas['RegisterIn'];
export type RefreshRequest = Schemas['RefreshIn'];
export type AuthConfig = Schemas['AuthConfigOut'];
export type OidcConfig = Schemas['OIDCConfigOut'];
export type ForgotPasswordRequest = Schemas['ForgotPasswordIn'];
export type ForgotPasswordResponse = Schemas['ForgotPasswordOut'];
/** What a set-password link is for (GET /api/auth/password-token/{token}). */
export type PasswordTokenInfo = Schemas['PasswordTokenOut'];
export type SetPasswordRequest = Schemas['SetPasswordIn'];

export type ExamSummary = Schemas['ExamSummaryOut'];
export type ExamPage = Schemas['ExamPageOut'];
/** GET /api/exams/{id}: the summary plus the viewer's own terms (`my_*`, accommodations applied). */
export type ExamDetail = Schemas['ExamDetailOut'];
export type CatalogueQuery = NonNullable<paths['/api/exams']['get']['parameters']['query']>;

export type AttemptState = Schemas['AttemptOut']['state'];

/** A question as a student sees it while answering (never the key). */
export type AttemptQuestion = Schemas['QuestionPublicOut'];
/** An answer stored on the server, with the client's sequence number. */
export type SavedAnswer = Schemas['SavedAnswerOut'];
/** One question of a finalized attempt's review: the question, the answer, the key, feedback. */
export type ReviewItem = Schemas['ReviewItemOut'];
export type AttemptResult = Schemas['ResultOut'];
export type AttemptExam = Schemas['AttemptExamOut'];
/** GET /api/attempts/{id}: the questions in the attempt's order, the saved answers, the result. */
export type Attempt = Schemas['AttemptOut'];
/** PUT /api/attempts/{id}/responses/{question_id}. */
export type SaveAnswerRequest = Schemas['AnswerIn'];
export type SaveAnswerResponse = Schemas['SaveOut'];
/** One answer sent with POST /api/attempts/{id}/submit. */
export type FinalAnswer = Schemas['FinalAnswerIn'];
export type MyAttempt = Schemas['MyAttemptOut'];
export type MyAttemptsQuery = NonNullable<paths['/api/me/attempts']['get']['parameters']['query']>;

// --- authoring -----------------------------------------------------------------------------

export type ExamStatus = Schemas['ExamSummaryOut']['status'];
export const EXAM_STATUSES = allOf<ExamStatus>()(['draft', 'published', 'archived']);
export type ReviewPolicy = Schemas['ExamSummaryOut']['review_policy'];
export type QuestionType = Schemas['QuestionOut']['type'];
export const QUESTION_TYPES = allOf<QuestionType>()([
  'single',
  'multiple',
  'true_false',
  'short_answer',
  'numeric',
  'essay',
  'matching',
  'ordering',
  'cloze',
]);
/** The types the question editor can write so far (issue 15 adds the others' forms). */
export const AUTHORED_QUESTION_TYPES: readonly QuestionType[] = [
  'single',
  'multiple',
  'true_false',
  'short_answer',
  'numeric',
  'essay',
  'matching',
  'ordering',
  'cloze',
];

export type AuthorExamSummary = Schemas['AuthorExamSummaryOut'];
export type AuthorExamPage = Schemas['AuthorExamPageOut'];
export type AuthorExamsQuery = NonNullable<
  paths['/api/author/exams']['get']['parameters']['query']
>;

export type Alternative = Schemas['AlternativeOut'];
export type Question = Schemas['QuestionOut'];

/** Why an exam cannot be published: exam-level problems and problems per question id. */
export type PublishProblems = Schemas['PublishProblemsOut'];

export type AuthorExam = Schemas['ExamAuthorOut'];

/** Advice that did not stop publishing (e.g. `credited_alternative_first`). */
export type PublishWarning = Schemas['PublishWarningOut'];

/** The author's view as publishing answers it: with the advice that did not stop it. */
export type PublishedExam = Schemas['PublishedExamOut'];

export type ExamCreate = Schemas['ExamIn'];
export type ExamPatch = Schemas['ExamPatchIn'];
export type QuestionCreate = Schemas['QuestionIn'];
export type QuestionPatch = Schemas['QuestionPatchIn'];
export type AlternativeInput = Schemas['AlternativeIn'];

export type ExamResult = Schemas['ExamResultOut'];
export type ResultsSummary = Schemas['ResultsSummaryOut'];

// --- manual grading ------------------------------------------------------------------------

export type GradingOverview = Schemas['GradingOverviewOut'];
export type GradingQuestion = Schemas['GradingQuestionOut'];
export type GradingAttempt = Schemas['GradingAttemptOut'];
export type GradingAnswer = Schemas['GradingAnswerOut'];
export type GradingAnswerPage = Schemas['GradingAnswerPageOut'];
export type GradeRequest = Schemas['GradeIn'];
export type GradingAnswersQuery = NonNullable<
  paths['/api/exams/{exam_id}/grading/answers']['get']['parameters']['query']
>;
export type ExamResultPage = Schemas['ExamResultPageOut'];

// --- question banks: import, export, statistics ------------------------------------------

export type ImportRequest = Schemas['ImportIn'];
export type ImportFormat = ImportRequest['format'];
export const IMPORT_FORMATS = allOf<ImportFormat>()(['gift', 'aiken', 'json', 'moodle_xml']);
/** A problem in an imported text: 1-based line and question index (either may be null). */
export type ImportIssue = Schemas['IssueOut'];
export type ImportSkipped = Schemas['SkippedOut'];
export type ImportedQuestion = Schemas['ImportedQuestionOut'];
export type ImportReport = Schemas['ImportReportOut'];
export type QuestionExportFormat = NonNullable<
  NonNullable<paths['/api/exams/{exam_id}/export']['get']['parameters']['query']>['format']
>;
export type ResultsExportFormat = NonNullable<
  NonNullable<paths['/api/exams/{exam_id}/results/export']['get']['parameters']['query']>['format']
>;

export type StatisticsPopulation = Schemas['StatisticsOut']['population'];
export type StatisticsFlag = Schemas['QuestionStatOut']['flags'][number];
export type AlternativeStat = Schemas['AlternativeStatOut'];
/** `answer` is the text (short answer) or the number (numeric). */
export type AnswerStat = Schemas['AnswerStatOut'];
export type QuestionStat = Schemas['QuestionStatOut'];
export type ScoreSummary = Schemas['SummaryOut'];
export type HistogramBucket = Schemas['BucketOut'];
export type ExamStatistics = Schemas['StatisticsOut'];

// --- administration --------------------------------------------------------------------------

export type AdminUser = Schemas['UserAdminOut'];
export type AdminUserPage = Schemas['UserPageOut'];
export type AdminUsersQuery = NonNullable<paths['/api/admin/users']['get']['parameters']['query']>;
export type AdminUserPatch = Schemas['UserPatchIn'];
export type AuditEvent = Schemas['AuditEventOut'];
export type AuditPage = Schemas['AuditPageOut'];
export type AuditQuery = NonNullable<paths['/api/admin/audit']['get']['parameters']['query']>;

/** The one error shape every API error has: `{"error": {status, code, message, details}}`. */
export type ApiErrorBody = Schemas['ErrorOut'];
export type ApiErrorDetail = Schemas['ErrorDetail'];

/** Any list envelope: `{items, page, per_page, total}`. */
export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

// --- question bank ---
export type BankCategory = Schemas['CategoryOut'];
export type BankCategoryCreate = Schemas['CategoryIn'];
export type BankCategoryPatch = Schemas['CategoryPatchIn'];
export type BankQuestion = Schemas['BankQuestionOut'];
export type BankQuestionPage = Schemas['BankQuestionPageOut'];
export type BankVersion = Schemas['BankVersionOut'];
export type ExamSlot = Schemas['SlotOut'];
export type ExamSlotCreate = Schemas['SlotIn'];
