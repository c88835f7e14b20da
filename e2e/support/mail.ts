/**
 * The mail the server sent, as the global setup's SMTP server (aiosmtpd) stored it: one file per
 * message in a maildir (`new/`). Enough MIME to read the app's plain-text mail.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from '@playwright/test';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

function maildir(): string {
  const dir = process.env['E2E_MAILDIR'];
  if (!dir) throw new Error('E2E_MAILDIR is not set: the global setup did not run');
  return dir;
}

function parse(raw: string): Mail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  let body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  } else if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { to: header('To'), subject: header('Subject'), body };
}

/** Every message received so far. */
export function mails(): Mail[] {
  const dir = join(maildir(), 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => parse(readFileSync(join(dir, name), 'utf8')));
}

/** The newest message to `address`, waiting for it (mail goes out after the request). */
export async function mailTo(address: string, count = 1): Promise<Mail> {
  let found: Mail[] = [];
  await expect
    .poll(() => (found = mails().filter((mail) => mail.to === address)).length, {
      timeout: 10_000,
      message: `${count} mail(s) to ${address}`,
    })
    .toBeGreaterThanOrEqual(count);
  return found[found.length - 1];
}

/** The set-password link in a message. */
export function linkIn(mail: Mail): string {
  const link = /https?:\/\/\S+\/set-password\/[A-Za-z0-9_-]+/.exec(mail.body)?.[0];
  expect(link, mail.body).toBeTruthy();
  return link!;
}
