/**
 * The payloads of issue #14's course, enrolment, accommodation and live-view endpoints: plain
 * names for the types generated from the server's OpenAPI document (schema.d.ts).
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

export type AccommodationIn = Required<Schemas['AccommodationIn']>;
/** The fields an accommodation sets (the form's and the summary's). */
export type AccommodationFields = AccommodationIn;
export type Accommodation = Schemas['AccommodationOut'];
export type AccommodationList = Schemas['AccommodationListOut'];

export type LiveView = Schemas['LiveOut'];
export type LiveStudent = Schemas['LiveStudentOut'];
export type LiveCounts = Schemas['LiveCountsOut'];
export type LiveState = LiveStudent['state'];
/** POST /api/attempts/{id}/extend: the new deadline. */
export type Deadline = Schemas['DeadlineOut'];
