/**
 * Starts the real backend for the tests:
 *   throwaway PostgreSQL database oe_e2e → `flask db upgrade` → `flask seed-demo` (demo exams) →
 *   `flask users create` for a student, an author and an admin → `flask run` on a free port,
 * serving the built SPA (frontend/dist/frontend/browser) and the API on one origin, under the
 * production security headers (CSP). Returns the teardown: stop the server, drop the database.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ACCOUNTS, DATABASE_URL, PASSWORD, REPO, SPA_INDEX, VENV_BIN } from './env';

const LOG_DIR = resolve(__dirname, '..', 'logs');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });
}

export async function waitForHealth(
  url: string,
  server: ChildProcess,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`the server exited with ${server.exitCode}; see ${logFile}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not become healthy within 60 s; see ${logFile}`);
}

/** Resolves once something accepts connections on the port. */
async function waitForPort(port: number, process: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${what} exited with ${process.exitCode}`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => done(socket.end() && true));
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on port ${port} within 30 s`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(SPA_INDEX)) {
    throw new Error(
      `No built frontend at ${SPA_INDEX}. Build it first: cd frontend && npm ci && npx ng build`,
    );
  }
  mkdirSync(LOG_DIR, { recursive: true });
  const python = join(VENV_BIN, 'python');
  const flask = join(VENV_BIN, 'flask');
  const dbScript = resolve(__dirname, 'db.py');
  const instance = mkdtempSync(join(tmpdir(), 'oe-e2e-instance-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${VENV_BIN}:${process.env['PATH'] ?? ''}`,
    FLASK_APP: 'online_exam',
    DATABASE_URL,
    SECRET_KEY: `e2e-${Date.now()}-not-a-real-secret-but-long-enough`,
    INSTANCE_PATH: instance,
    ONLINE_EXAM_PASSWORD: PASSWORD,
    PYTHONUNBUFFERED: '1',
  };
  const started = Date.now();
  const run = (cmd: string, args: string[]) => {
    execFileSync(cmd, args, {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (process.env['E2E_DEBUG'])
      console.log(`${Date.now() - started} ms: ${args.slice(0, 2).join(' ')}`);
  };

  const runAsync = (cmd: string, args: string[]) =>
    new Promise<void>((done, fail) =>
      execFile(cmd, args, { cwd: REPO, env }, (error, _stdout, stderr) =>
        error ? fail(new Error(`${args.join(' ')} failed: ${stderr}`)) : done(),
      ),
    );

  run(python, [dbScript, 'create', DATABASE_URL]);
  run(flask, ['db', 'upgrade']);
  run(flask, ['seed-demo']);
  // The accounts are independent: create them side by side (each CLI start takes seconds).
  await Promise.all(
    Object.values(ACCOUNTS).map((account) =>
      runAsync(flask, [
        'users',
        'create',
        '--email',
        account.email,
        '--name',
        account.name,
        '--role',
        account.role,
      ]),
    ),
  );
  if (process.env['E2E_DEBUG']) console.log(`${Date.now() - started} ms: users created`);

  // The local mail server; the tests read what it received from the maildir.
  const maildir = join(instance, 'mail');
  const smtpPort = await freePort();
  const smtp = spawn(
    python,
    [
      '-m',
      'aiosmtpd',
      '-n',
      '-l',
      `127.0.0.1:${smtpPort}`,
      '-c',
      'aiosmtpd.handlers.Mailbox',
      maildir,
    ],
    { cwd: REPO, env, stdio: 'ignore' },
  );
  await waitForPort(smtpPort, smtp, 'the SMTP server');
  process.env['E2E_MAILDIR'] = maildir;

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  Object.assign(env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_STARTTLS: 'false',
    SMTP_FROM: 'Online Exam <exams@example.com>',
    PUBLIC_BASE_URL: url,
  });
  const logFile = join(LOG_DIR, 'server.log');
  const log = createWriteStream(logFile);
  const server = spawn(flask, ['run', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  await waitForHealth(url, server, logFile);
  if (process.env['E2E_DEBUG']) console.log(`${Date.now() - started} ms: server up at ${url}`);
  process.env['E2E_BASE_URL'] = url;

  return async () => {
    if (process.env['E2E_DEBUG']) console.log(`${Date.now() - started} ms: teardown`);
    server.kill('SIGTERM');
    await new Promise<void>((done) => {
      if (server.exitCode !== null) return done();
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        done();
      }, 5000);
      server.once('exit', () => {
        clearTimeout(timer);
        done();
      });
    });
    log.end();
    smtp.kill('SIGTERM');
    if (!process.env['E2E_KEEP_DATABASE']) run(python, [dbScript, 'drop', DATABASE_URL]);
    rmSync(instance, { recursive: true, force: true });
  };
}
