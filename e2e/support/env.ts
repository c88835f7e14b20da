/** Paths and accounts shared by the global setup and the tests. */
import { resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
export const VENV_BIN = process.env['VENV_BIN'] ?? resolve(REPO, '.venv', 'bin');
export const SPA_INDEX = resolve(REPO, 'frontend', 'dist', 'frontend', 'browser', 'index.html');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The throwaway database: always named oe_e2e*, created and dropped by the global setup. */
export const DATABASE_URL =
  process.env['E2E_DATABASE_URL'] ?? 'postgresql+psycopg://postgres@127.0.0.1:5432/oe_e2e';

/** Accounts the setup creates with `flask users create` (one password, from the environment). */
export const PASSWORD = 'e2e-password-0123';
export const ACCOUNTS = {
  student: {
    email: 'e2e-student@example.com',
    name: 'Erin Student',
    role: 'student',
  },
  author: {
    email: 'e2e-author@example.com',
    name: 'Edgar Author',
    role: 'author',
  },
  admin: { email: 'e2e-admin@example.com', name: 'Edith Admin', role: 'admin' },
} as const;
export type AccountName = keyof typeof ACCOUNTS;

/** The demo accounts of `flask seed-demo` (backend/src/online_exam/demo.py): they own the demo exams. */
export const DEMO_PASSWORD = 'demo-only-password';
export const DEMO_ACCOUNTS = {
  author: { email: 'author@example.com', name: 'Alan Author' },
  admin: { email: 'admin@example.com', name: 'Ada Admin' },
  student: { email: 'student@example.com', name: 'Sam Student' },
} as const;

/** Set by the global setup for the workers. */
export function baseUrl(): string {
  const url = process.env['E2E_BASE_URL'];
  if (!url) throw new Error('E2E_BASE_URL is not set: the global setup did not run');
  return url;
}
