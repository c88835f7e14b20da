/**
 * The payloads of issue #14's course, enrolment, accommodation and live-view endpoints, as the
 * shared API contract names them. The server's OpenAPI document does not describe them yet (the
 * backend branches are being built alongside): once it does, each of these becomes a plain name
 * for the generated type in api-types.ts, as every other payload is.
 */
import type { Page } from './api-types';

export type CourseRole = 'owner' | 'teacher' | 'admin';
export type ArchivedFilter = 'false' | 'true' | 'all';

export interface CoursePerson {
  id: number;
  display_name: string;
  email: string;
}

export interface Course {
  id: number;
  name: string;
  code: string;
  term: string;
  archived: boolean;
  owner: CoursePerson;
  student_count: number;
  exam_count: number;
  created_at: string;
  my_role: CourseRole;
}
export type CoursePage = Page<Course>;

export interface CourseTeacher extends CoursePerson {
  is_owner: boolean;
}

export interface CourseExam {
  id: number;
  title: string;
  status: 'draft' | 'published' | 'archived';
  opens_at: string | null;
  closes_at: string | null;
  time_limit_minutes: number | null;
  question_count: number;
}

export interface CourseDetail extends Course {
  teachers: CourseTeacher[];
  join_code: string | null;
  exams: CourseExam[];
}

export interface CourseCreate {
  name: string;
  code: string;
  term: string;
}
export type CoursePatch = Partial<CourseCreate & { archived: boolean }>;

export interface CoursesQuery {
  page?: number;
  per_page?: number;
  q?: string;
  archived?: ArchivedFilter;
}

export type EnrolmentSource = string;

export interface RosterEntry {
  user_id: number;
  email: string;
  display_name: string;
  external_id: string | null;
  source: EnrolmentSource;
  enrolled_at: string;
  has_password: boolean;
}
export type RosterPage = Page<RosterEntry>;

export interface JoinCode {
  join_code: string;
}
export interface JoinResult {
  course_id: number;
  name: string;
}

// --- class lists ---------------------------------------------------------------------------

export type ClassListAction = 'create' | 'enrol' | 'already_enrolled';

export interface ClassListError {
  line: number;
  column: string | null;
  message: string;
}

export interface ClassListPreviewRow {
  line: number;
  email: string;
  name: string;
  external_id: string | null;
  action: ClassListAction;
}

export interface ClassListReport {
  rows: number;
  will_create: number;
  will_enrol: number;
  already_enrolled: number;
  errors: ClassListError[];
  preview: ClassListPreviewRow[];
  applied: boolean;
}

export interface SetupLink {
  link: string;
  expires_at: string;
  emailed: boolean;
}

// --- accommodations ------------------------------------------------------------------------

export interface AccommodationFields {
  extra_minutes: number | null;
  extra_time_percent: number | null;
  extra_attempts: number;
  opens_at: string | null;
  closes_at: string | null;
}
export type AccommodationIn = AccommodationFields;

export interface Accommodation extends AccommodationFields {
  id: number;
  user_id: number;
  display_name: string;
  email: string;
  course_id: number | null;
  exam_id: number | null;
  updated_at: string;
}
export interface AccommodationList {
  items: Accommodation[];
}

// --- the live view -------------------------------------------------------------------------

export type LiveState = 'not_started' | 'in_progress' | 'submitted';

export interface LiveStudent {
  user_id: number;
  display_name: string;
  email: string;
  state: LiveState;
  attempt_id: number | null;
  answered: number;
  last_saved_at: string | null;
  deadline: string | null;
  score: number | null;
  max_score: number | null;
  percentage: number | null;
  attempts_used: number;
  attempts_allowed: number | null;
  accommodated: boolean;
}

export interface LiveCounts {
  not_started: number;
  in_progress: number;
  submitted: number;
}

export interface LiveView {
  server_now: string;
  question_count: number;
  counts: LiveCounts;
  students: LiveStudent[];
}

// --- the student's home --------------------------------------------------------------------

export type MyExamState = 'upcoming' | 'open' | 'closed';

export interface MyCourseExam {
  id: number;
  title: string;
  opens_at: string | null;
  closes_at: string | null;
  time_limit_minutes: number | null;
  attempts_used: number;
  attempts_allowed: number | null;
  state: MyExamState;
  my_deadline: string | null;
}

export interface MyCourse {
  id: number;
  name: string;
  code: string;
  term: string;
  exams: MyCourseExam[];
}

export interface MyCourses {
  items: MyCourse[];
}
