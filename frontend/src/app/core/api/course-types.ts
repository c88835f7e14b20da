/**
 * The payloads of issue #14's course, enrolment, accommodation and live-view endpoints. Those
 * the server's OpenAPI document describes are plain names for the generated types; the
 * accommodation and live-view ones follow the shared API contract until the "live" branch
 * documents them, and then become names for the generated types too.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type Course = Schemas['CourseOut'];
export type CourseRole = Course['my_role'];
export type CoursePage = Schemas['CoursePageOut'];
export type CourseTeacher = Schemas['TeacherOut'];
export type CourseExam = Schemas['CourseExamOut'];
export type CourseDetail = Schemas['CourseDetailOut'];
export type CourseCreate = Schemas['CourseIn'];
export type CoursePatch = Schemas['CoursePatchIn'];
export type CoursesQuery = NonNullable<paths['/api/courses']['get']['parameters']['query']>;
export type ArchivedFilter = NonNullable<CoursesQuery['archived']>;

export type RosterEntry = Schemas['RosterEntryOut'];
export type RosterPage = Schemas['RosterPageOut'];
export type EnrolmentSource = RosterEntry['source'];
export type JoinCode = Schemas['JoinCodeOut'];
export type JoinResult = Schemas['JoinedOut'];

export type ClassListReport = Schemas['ClassListReportOut'];
export type ClassListError = Schemas['ClassListErrorOut'];
export type ClassListPreviewRow = Schemas['ClassListRowOut'];
export type ClassListAction = ClassListPreviewRow['action'];
export type SetupLink = Schemas['SetupLinkOut'];

export type MyCourses = Schemas['MyCoursesOut'];
export type MyCourse = Schemas['MyCourseOut'];
export type MyCourseExam = Schemas['MyExamOut'];
export type MyExamState = MyCourseExam['state'];

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
