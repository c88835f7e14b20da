/**
 * A real OpenID Connect provider for the OIDC spec: node-oidc-provider on 127.0.0.1, with a
 * public PKCE client for the SPA, JWT (RS256) access tokens for the API's audience that carry
 * e-mail, name and roles, refresh tokens, and its development login/consent pages
 * (devInteractions: any login name and password are accepted).
 * And a second Flask server on the e2e database with OIDC_ISSUER/OIDC_AUDIENCE/OIDC_CLIENT_ID set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DATABASE_URL, PASSWORD, REPO, VENV_BIN } from './env';
import { waitForHealth } from './global-setup';

export const OIDC_CLIENT_ID = 'online-exam-spa';
export const OIDC_AUDIENCE = 'https://api.online-exam.test';
export const ROLES_CLAIM = 'https://online-exams.com/roles';

export interface Person {
  name: string;
  email: string;
  roles: string[];
}

/** Starts the provider; `people` maps login names to who they are. Returns its stop function. */
export async function startProvider(
  issuer: string,
  appOrigin: string,
  people: Record<string, Person>,
): Promise<() => Promise<void>> {
  // node-oidc-provider is an ES module.
  const { default: Provider } = (await import('oidc-provider')) as {
    default: new (issuer: string, config: object) => { listen: (...args: unknown[]) => Server };
  };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'e2e-rs256',
    alg: 'RS256',
    use: 'sig',
  };
  const person = (id: string): Person =>
    people[id] ?? { name: id, email: `${id}@idp.example`, roles: [] };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        token_endpoint_auth_method: 'none', // a public client: PKCE
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${appOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${appOrigin}/`],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['e2e-cookie-key-not-secret'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OIDC_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid profile email',
          audience: OIDC_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // The public SPA renews with a refresh token (no iframe, no third-party cookies).
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed: (g: string) => boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === appOrigin,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: person(id).email,
        email_verified: true,
        name: person(id).name,
      }),
    }),
    extraTokenClaims: (_ctx: unknown, token: { kind: string; accountId?: string }) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const who = person(token.accountId);
      return { email: who.email, email_verified: true, name: who.name, [ROLES_CLAIM]: who.roles };
    },
  });
  const port = Number(new URL(issuer).port);
  const server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((done, fail) => {
    server.once('listening', () => done());
    server.once('error', fail);
  });
  return () => new Promise<void>((done) => server.close(() => done()));
}

/** A second app server (same database as the global setup's) in OIDC mode. Returns its stop function. */
export async function startOidcApp(port: number, issuer: string): Promise<() => Promise<void>> {
  const instance = mkdtempSync(join(tmpdir(), 'oe-e2e-oidc-instance-'));
  const logFile = resolve(__dirname, '..', 'logs', 'server-oidc.log');
  const log = createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${VENV_BIN}:${process.env['PATH'] ?? ''}`,
    FLASK_APP: 'online_exam',
    DATABASE_URL,
    SECRET_KEY: `e2e-oidc-${Date.now()}-not-a-real-secret-but-long-enough`,
    INSTANCE_PATH: instance,
    ONLINE_EXAM_PASSWORD: PASSWORD,
    PYTHONUNBUFFERED: '1',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE,
    OIDC_CLIENT_ID,
    OIDC_ROLES_CLAIM: ROLES_CLAIM,
    OIDC_ALGORITHMS: 'RS256',
    ALLOW_PASSWORD_LOGIN: 'false',
  };
  const server: ChildProcess = spawn(
    join(VENV_BIN, 'flask'),
    ['run', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  await waitForHealth(`http://127.0.0.1:${port}`, server, logFile);
  return async () => {
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
    rmSync(instance, { recursive: true, force: true });
  };
}
