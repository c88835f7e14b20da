/**
 * Direct API calls for test data the UI under test does not create itself (students who take
 * an exam, its key), so the pages have something to show.
 */
import { type APIRequestContext, expect } from '@playwright/test';

import type { Credentials } from './fixtures';

export interface Token {
  access_token: string;
  user: { id: number; email: string; display_name: string; role: string };
}

interface AlternativeKey {
  id: number;
  text: string;
  credit: number;
}
interface QuestionKey {
  id: number;
  type: string;
  numeric_answer: number | null;
  alternatives: AlternativeKey[];
}
export interface AuthoredExam {
  id: number;
  title: string;
  attempt_count: number;
  questions: QuestionKey[];
}

export const bearer = (token: Token) => ({ Authorization: `Bearer ${token.access_token}` });

export async function login(request: APIRequestContext, credentials: Credentials): Promise<Token> {
  const response = await request.post('/api/auth/login', { data: credentials });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Token;
}

export const STUDENT_PASSWORD = 'violet kettle orbit 52';

/** A new student account (unique e-mail), so tests never share attempts. */
export async function registerStudent(request: APIRequestContext, name: string): Promise<Token> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  const response = await request.post('/api/auth/register', {
    data: { email, password: STUDENT_PASSWORD, display_name: name },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Token;
}

/** A published exam's id, by its exact title. */
export async function publishedExamId(request: APIRequestContext, title: string): Promise<number> {
  const response = await request.get('/api/exams', { params: { q: title, per_page: 50 } });
  const page = (await response.json()) as { items: { id: number; title: string }[] };
  const exam = page.items.find((e) => e.title === title);
  expect(exam, `published exam "${title}"`).toBeTruthy();
  return exam!.id;
}

export async function authoredExam(
  request: APIRequestContext,
  token: Token,
  id: number,
): Promise<AuthoredExam> {
  const response = await request.get(`/api/author/exams/${id}`, { headers: bearer(token) });
  expect(response.status()).toBe(200);
  return (await response.json()) as AuthoredExam;
}

/**
 * Start an attempt as `student` and submit it with the first `correct` questions answered
 * right (from the key) and the rest left blank.
 */
export async function takeExam(
  request: APIRequestContext,
  student: Token,
  key: AuthoredExam,
  correct: number,
): Promise<void> {
  const started = await request.post(`/api/exams/${key.id}/attempts`, {
    headers: bearer(student),
  });
  expect([200, 201], await started.text()).toContain(started.status());
  const attempt = (await started.json()) as { id: number };
  const responses = key.questions.slice(0, correct).map((q) => {
    const best = q.alternatives.filter((a) => a.credit > 0);
    switch (q.type) {
      case 'numeric':
        return { question_id: q.id, seq: 1, number: q.numeric_answer };
      case 'short_answer':
        return {
          question_id: q.id,
          seq: 1,
          text: (q.alternatives.find((a) => a.credit >= 1) ?? best[0]).text.replace(/\*/g, ''),
        };
      case 'single':
      case 'true_false':
        return {
          question_id: q.id,
          seq: 1,
          selected_ids: [(q.alternatives.find((a) => a.credit >= 1) ?? best[0]).id],
        };
      default:
        return { question_id: q.id, seq: 1, selected_ids: best.map((a) => a.id) };
    }
  });
  const submitted = await request.post(`/api/attempts/${attempt.id}/submit`, {
    headers: bearer(student),
    data: { responses },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
}

/**
 * A new exam of `author`'s, with no pass mark and `trueFalse` true/false questions (none: an
 * empty draft), published if asked. Returns its id.
 */
export async function createExam(
  request: APIRequestContext,
  author: Token,
  title: string,
  { trueFalse = 0, publish = false }: { trueFalse?: number; publish?: boolean } = {},
): Promise<number> {
  const created = await request.post('/api/exams', {
    headers: bearer(author),
    data: { title, pass_mark_percent: null },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  for (let i = 1; i <= trueFalse; i++) {
    const question = await request.post(`/api/exams/${id}/questions`, {
      headers: bearer(author),
      data: { type: 'true_false', text: `Statement ${i} is true.`, correct: true },
    });
    expect(question.status(), await question.text()).toBe(201);
  }
  if (publish) {
    const published = await request.post(`/api/exams/${id}/publish`, { headers: bearer(author) });
    expect(published.status(), await published.text()).toBe(200);
  }
  return id;
}

/** Starts an attempt as `student` and leaves it in progress. */
export async function startAttempt(
  request: APIRequestContext,
  student: Token,
  examId: number,
): Promise<void> {
  const started = await request.post(`/api/exams/${examId}/attempts`, {
    headers: bearer(student),
  });
  expect([200, 201], await started.text()).toContain(started.status());
}
