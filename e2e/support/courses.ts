/** Courses and their exams through the API, for tests whose subject is another page. */
import { type APIRequestContext, expect } from '@playwright/test';

import { type Token, bearer } from './api';

export interface Course {
  id: number;
  name: string;
}

export async function createCourse(
  request: APIRequestContext,
  teacher: Token,
  name: string,
): Promise<Course> {
  const response = await request.post('/api/courses', {
    headers: bearer(teacher),
    data: { name },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Course;
}

/** Puts `students` on the course's roster (by e-mail: existing accounts). */
export async function enrol(
  request: APIRequestContext,
  teacher: Token,
  course: Course,
  students: Token[],
): Promise<void> {
  for (const student of students) {
    const response = await request.post(`/api/courses/${course.id}/students`, {
      headers: bearer(teacher),
      data: { email: student.user.email },
    });
    expect(response.status(), await response.text()).toBe(201);
  }
}

/**
 * A published exam of the course with `questions` true/false questions (all true) and a time
 * limit of `minutes`. Returns its id.
 */
export async function courseExam(
  request: APIRequestContext,
  teacher: Token,
  course: Course,
  { title, minutes, questions }: { title: string; minutes: number; questions: number },
): Promise<number> {
  const created = await request.post('/api/exams', {
    headers: bearer(teacher),
    data: { title, course_id: course.id, time_limit_minutes: minutes, pass_mark_percent: null },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await addQuestionsAndPublish(request, teacher, id, questions);
  return id;
}

export async function addQuestionsAndPublish(
  request: APIRequestContext,
  teacher: Token,
  examId: number,
  questions: number,
): Promise<void> {
  for (let i = 1; i <= questions; i++) {
    const question = await request.post(`/api/exams/${examId}/questions`, {
      headers: bearer(teacher),
      data: { type: 'true_false', text: `Statement ${i} is true.`, correct: true },
    });
    expect(question.status(), await question.text()).toBe(201);
  }
  const published = await request.post(`/api/exams/${examId}/publish`, {
    headers: bearer(teacher),
  });
  expect(published.status(), await published.text()).toBe(200);
}

interface StartedAttempt {
  id: number;
  questions: { id: number; alternatives: { id: number; text: string }[] }[];
}

/** Starts (or resumes) `student`'s attempt. */
export async function start(
  request: APIRequestContext,
  student: Token,
  examId: number,
): Promise<StartedAttempt> {
  const response = await request.post(`/api/exams/${examId}/attempts`, {
    headers: bearer(student),
  });
  expect([200, 201], await response.text()).toContain(response.status());
  return (await response.json()) as StartedAttempt;
}

/** Answers the attempt's first `count` questions "True" (the key) by autosave. */
export async function answer(
  request: APIRequestContext,
  student: Token,
  attempt: StartedAttempt,
  count: number,
): Promise<void> {
  for (const question of attempt.questions.slice(0, count)) {
    const right = question.alternatives.find((a) => a.text === 'True') ?? question.alternatives[0];
    const saved = await request.put(`/api/attempts/${attempt.id}/responses/${question.id}`, {
      headers: bearer(student),
      data: { selected_ids: [right.id], seq: 1 },
    });
    expect(saved.status(), await saved.text()).toBe(200);
  }
}

export async function submit(
  request: APIRequestContext,
  student: Token,
  attempt: StartedAttempt,
): Promise<void> {
  const response = await request.post(`/api/attempts/${attempt.id}/submit`, {
    headers: bearer(student),
    data: { responses: [] },
  });
  expect(response.status(), await response.text()).toBe(200);
}
