/**
 * A small LTI 1.3 platform for the browser test (node's http and crypto only): a course page
 * that launches the tool in an iframe (OIDC third-party login initiation), an authorization
 * endpoint answering with a signed id_token in an auto-submitted form, its key set, a token
 * endpoint, AGS line items and scores, and the deep-linking return URL.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLIENT_ID = 'online-exam-e2e';
export const DEPLOYMENT_ID = 'e2e-deployment';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export interface PlatformState {
  scores: Record<string, unknown>[];
  placedExamId: string | null;
}

export async function startPlatform(
  port: number,
  app: string,
): Promise<{ url: string; state: PlatformState; stop: () => Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'e2e-key', alg: 'RS256', use: 'sig' };
  const state: PlatformState = { scores: [], placedExamId: null };
  const tokens = new Set<string>();

  const sign = (claims: Record<string, unknown>) => {
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'e2e-key' }));
    const body = b64url(JSON.stringify(claims));
    const signer = createSign('RSA-SHA256');
    signer.update(`${head}.${body}`);
    return `${head}.${body}.${b64url(signer.sign(privateKey))}`;
  };

  const idToken = (nonce: string, who: string, kind: string) => {
    const now = Math.floor(Date.now() / 1000);
    const teacher = who === 'teacher';
    const claims: Record<string, unknown> = {
      iss: url,
      aud: CLIENT_ID,
      sub: `${who}-sub`,
      iat: now,
      exp: now + 300,
      nonce,
      name: teacher ? 'Tina Platform' : 'Sid Platform',
      [LTI + 'message_type']: kind === 'deep' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
      [LTI + 'version']: '1.3.0',
      [LTI + 'deployment_id']: DEPLOYMENT_ID,
      [LTI + 'roles']: [
        `http://purl.imsglobal.org/vocab/lis/v2/membership#${teacher ? 'Instructor' : 'Learner'}`,
      ],
      [LTI + 'context']: { id: 'e2e-course', title: 'Chemistry in the platform', label: 'CHEM' },
      [LTI + 'resource_link']: { id: 'e2e-link' },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: [
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        ],
        lineitems: `${url}/lineitems`,
      },
    };
    if (state.placedExamId) claims[LTI + 'custom'] = { exam_id: state.placedExamId };
    if (kind === 'deep') {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
      };
    }
    return sign(claims);
  };

  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      request.on('data', (chunk) => (data += chunk));
      request.on('end', () => resolve(data));
    });

  const server: Server = createServer((request, response) => {
    void (async () => {
      const here = new URL(request.url ?? '/', url);
      const body = await read(request);
      const html = (text: string) => {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end(text);
      };
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (here.pathname === '/course') {
        // The platform's course page: the tool opens in an iframe (login initiation).
        const who = here.searchParams.get('who') ?? 'student';
        const kind = here.searchParams.get('kind') ?? 'link';
        const login = new URL(`${app}/api/lti/login`);
        login.search = new URLSearchParams({
          iss: url,
          login_hint: who,
          lti_message_hint: kind,
          client_id: CLIENT_ID,
          lti_deployment_id: DEPLOYMENT_ID,
          target_link_uri: `${app}/api/lti/launch`,
        }).toString();
        return html(
          `<!doctype html><title>Platform course</title><h1>Platform course</h1>` +
            `<iframe title="Online Exam" src="${login}" style="width:1100px;height:800px"></iframe>`,
        );
      }
      if (here.pathname === '/auth') {
        const q = here.searchParams;
        const token = idToken(
          q.get('nonce') ?? '',
          q.get('login_hint') ?? '',
          q.get('lti_message_hint') ?? '',
        );
        return html(
          `<!doctype html><form method="post" action="${q.get('redirect_uri')}">` +
            `<input type="hidden" name="id_token" value="${token}">` +
            `<input type="hidden" name="state" value="${q.get('state')}"></form>` +
            `<script>document.forms[0].submit()</script>`,
        );
      }
      if (here.pathname === '/jwks') return json(200, { keys: [jwk] });
      if (here.pathname === '/token') {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials' || !form.get('client_assertion')) {
          return json(400, { error: 'invalid_request' });
        }
        const token = randomUUID();
        tokens.add(token);
        return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
      }
      if (here.pathname === '/deep-link-return') {
        const jwt = new URLSearchParams(body).get('JWT') ?? '';
        const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
        const item = claims['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'][0];
        state.placedExamId = item.custom.exam_id;
        return html(`<!doctype html><h1>Placed: ${item.title}</h1>`);
      }
      const bearer = (request.headers.authorization ?? '').replace('Bearer ', '');
      if (!tokens.has(bearer)) return json(401, { error: 'unauthorized' });
      if (here.pathname === '/lineitems' && request.method === 'POST') {
        return json(201, { ...JSON.parse(body), id: `${url}/lineitems/1` });
      }
      if (here.pathname === '/lineitems/1/scores' && request.method === 'POST') {
        state.scores.push(JSON.parse(body));
        return json(200, {});
      }
      return json(404, { error: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
