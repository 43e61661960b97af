/**
 * Access to the admin API: every admin route refuses an anonymous request and an email link's token; sign-in
 * with a slow-hashed password opens a session (state changes also need its CSRF token), failures are counted
 * per account and address before the password is checked (a parallel wave included) and answered alike, API tokens work until revoked, sign-out ends the session, and the command line creates admins.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashToken, newToken } from '../stores/links/action-tokens';
import type { Db } from '../stores/db';
import { ApiClient } from './support/api-client';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';
import { requestAuditCount } from './support/audit';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const ID = '00000000-0000-4000-8000-000000000000';

let stack: TestStack;
let db: Db;
let anonymous: ApiClient;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'auth-test', worker: false, env: { TRUST_PROXY: 'loopback' } });
  db = stack.db;
  anonymous = new ApiClient(stack.api.url);
}, 120_000);

afterAll(() => stack?.stop());

const ADMIN_ROUTES: Array<[string, string]> = [
  ['POST', '/api/cycles'],
  ['GET', `/api/cycles/${ID}`],
  ['POST', `/api/cycles/${ID}/pause`],
  ['POST', `/api/cycles/${ID}/resume`],
  ['POST', `/api/cycles/${ID}/bulletins`],
  ['GET', '/api/units/c.a/assessments/2026'],
  ['POST', `/api/assessments/${ID}/submissions`],
  ['POST', `/api/assessments/${ID}/votes`],
  ['POST', `/api/assessments/${ID}/delegations`],
  ['POST', `/api/assessments/${ID}/scores`],
  ['POST', `/api/assessments/${ID}/due-date`],
  ['POST', `/api/assessments/${ID}/approvers`],
  ['POST', `/api/assessments/${ID}/cancel`],
  ['GET', '/api/outbox'],
  ['POST', `/api/outbox/${ID}/resend`],
  ['GET', '/api/bulletins'],
  ['GET', '/api/organisations'],
  ['POST', '/api/organisations/import'],
  ['GET', '/api/plans'],
  ['GET', '/api/plans/test-2026-2030'],
  ['GET', '/api/tokens'],
  ['POST', '/api/tokens'],
  ['DELETE', `/api/tokens/${ID}`],
  ['DELETE', '/api/sessions'],
];

/** A sign-in; `from` is the client's address as a proxy in front would forward it (TRUST_PROXY=loopback). */
async function signIn(email: string, password: string, from = '198.51.100.1') {
  const res = await fetch(`${stack.api.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ email, password }),
  });
  const json = (await res.json()) as { csrfToken?: string; error?: { code: string } };
  return { status: res.status, json, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

it('refuses every admin route to an anonymous request and to an email link token, changing nothing', async () => {
  const before = await Promise.all([db.cycle.count(), requestAuditCount(db), db.apiToken.count()]);
  const linkToken = newToken();
  for (const [method, route] of ADMIN_ROUTES) {
    const anon = await anonymous.call(method, route, method === 'GET' ? undefined : {});
    expect([route, anon.status, anon.json.error.code]).toEqual([route, 401, 'unauthorized']);
    const asLink = await new ApiClient(stack.api.url, linkToken).call(
      method,
      route,
      method === 'GET' ? undefined : {},
    );
    expect([route, asLink.status]).toEqual([route, 401]);
  }
  expect(await Promise.all([db.cycle.count(), requestAuditCount(db), db.apiToken.count()])).toEqual(before);
  // The public parts stay public.
  expect((await fetch(`${stack.api.url}/healthz`)).status).not.toBe(401);
  expect(hashToken(linkToken)).toMatch(/^[0-9a-f]{64}$/);
});

it('signs in with the password, asks for the CSRF token on changes, and signs out', async () => {
  const wrong = await signIn('admin@test.example', 'not the password');
  expect(wrong.status).toBe(401);
  expect((await signIn('nobody@test.example', ADMIN_PASSWORD)).status).toBe(401);
  const ok = await signIn('ADMIN@test.example', ADMIN_PASSWORD);
  expect(ok.status).toBe(201);
  expect(ok.cookie).toMatch(/^jingsai_session=/);
  const session = new ApiClient(stack.api.url);
  const withCookie = { cookie: ok.cookie! };
  expect((await session.call('GET', '/api/outbox', undefined, withCookie)).status).toBe(200);
  const noCsrf = await session.call('POST', '/api/tokens', { name: 'script' }, withCookie);
  expect(noCsrf.status).toBe(403);
  expect(await db.apiToken.count({ where: { name: 'script' } })).toBe(0);
  const created = await session.call(
    'POST',
    '/api/tokens',
    { name: 'script' },
    { ...withCookie, 'x-csrf-token': ok.json.csrfToken! },
  );
  expect(created.status).toBe(201);
  expect(created.json.token).toMatch(/^jst_/);

  // The token works for scripts until it is revoked.
  const script = new ApiClient(stack.api.url, created.json.token);
  expect((await script.call('GET', '/api/bulletins')).status).toBe(200);
  expect((await script.call('DELETE', `/api/tokens/${created.json.id}`)).status).toBe(204);
  expect((await script.call('GET', '/api/bulletins')).status).toBe(401);
  expect((await stack.client.call('DELETE', `/api/tokens/${created.json.id}`)).status).toBe(404);

  // A token made to expire works until then; the list says when each was last used and when it expires.
  const brief = await stack.client.call('POST', '/api/tokens', { name: 'brief', expiresInDays: 1 });
  expect(brief.status).toBe(201);
  const expires = Date.parse(brief.json.expiresAt);
  expect(Math.abs(expires - (Date.now() + 86_400_000))).toBeLessThan(60_000);
  const briefScript = new ApiClient(stack.api.url, brief.json.token);
  expect((await briefScript.call('GET', '/api/bulletins')).status).toBe(200);
  const listed = (await stack.client.call('GET', '/api/tokens')).json.tokens.find(
    (t: any) => t.name === 'brief',
  );
  expect(listed.expiresAt).toBe(brief.json.expiresAt);
  expect(Date.now() - Date.parse(listed.lastUsedAt)).toBeLessThan(60_000);
  await db.apiToken.update({
    where: { id: brief.json.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const expired = await briefScript.call('GET', '/api/bulletins');
  expect([expired.status, expired.json.error.message]).toEqual([
    401,
    'This API token is unknown, expired or revoked.',
  ]);
  expect((await stack.client.call('POST', '/api/tokens', { name: 'x', expiresInDays: 0 })).status).toBe(422);

  expect(
    (
      await session.call('DELETE', '/api/sessions', undefined, {
        ...withCookie,
        'x-csrf-token': ok.json.csrfToken!,
      })
    ).status,
  ).toBe(204);
  expect((await session.call('GET', '/api/outbox', undefined, withCookie)).status).toBe(401);
  // The audit log says who signed in and who made and revoked the token.
  const actions = (await db.auditLog.findMany({ where: { subjectType: { in: ['Admin', 'ApiToken'] } } })).map(
    (a) => a.action,
  );
  expect(actions).toEqual(
    expect.arrayContaining([
      'admin.sign_in_failed',
      'admin.signed_in',
      'api_token.created',
      'api_token.revoked',
    ]),
  );
});

const createAdmin = (email: string, password: string) =>
  run(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'stack/create-admin.ts'), '--email', email, '--name', email],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.database.url, ADMIN_PASSWORD: password } },
  );

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(attempt: () => Promise<{ status: number }>) {
  const start = performance.now();
  const { status } = await attempt();
  return { status, ms: performance.now() - start };
}

it('counts a parallel wave of wrong passwords before checking them, and locks only that account from that address', async () => {
  const email = 'locked@test.example';
  await createAdmin(email, 'a long password 1');
  // 40 wrong passwords at once from one address: at most five are checked, every answer is the same 401.
  const wave = await Promise.all(
    Array.from({ length: 40 }, (_, i) => signIn(email, `wrong ${i}`, '198.51.100.10')),
  );
  expect(new Set(wave.map((r) => [r.status, r.json.error?.code].join()))).toEqual(
    new Set(['401,invalid_credentials']),
  );
  const checked = await db.auditLog.count({
    where: { actor: email, action: { in: ['admin.sign_in_failed', 'admin.locked'] } },
  });
  expect(checked).toBe(5);
  // The right password from that address is refused for now, with the same answer and no session.
  const right = await signIn(email, 'a long password 1', '198.51.100.10');
  expect([right.status, right.json.error?.code, right.cookie]).toEqual([
    401,
    'invalid_credentials',
    undefined,
  ]);
  expect(await db.adminSession.count({ where: { admin: { email } } })).toBe(0);
  // From elsewhere the admin signs in: nobody can lock an admin out from another address.
  expect((await signIn(email, 'a long password 1', '203.0.113.7')).status).toBe(201);
});

it('answers an unknown email, a wrong password and a locked account the same, in the same time', async () => {
  const email = 'timing@test.example';
  await createAdmin(email, 'a long password 3');
  const wrong = [];
  for (let i = 0; i < 5; i++) wrong.push(await timed(() => signIn(email, `wrong ${i}`, '198.51.100.20')));
  const locked = [];
  for (let i = 0; i < 5; i++)
    locked.push(await timed(() => signIn(email, 'a long password 3', '198.51.100.20')));
  const unknown = [];
  for (let i = 0; i < 5; i++)
    unknown.push(await timed(() => signIn(`nobody${i}@test.example`, 'a long password 3', '198.51.100.21')));
  for (const r of [...wrong, ...locked, ...unknown]) expect(r.status).toBe(401);
  const base = median(wrong.map((r) => r.ms));
  for (const set of [locked, unknown]) {
    const ratio = median(set.map((r) => r.ms)) / base;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }
});

it('throttles an address that tries many accounts', async () => {
  // 20 failures from one address, over different emails, lock the address for any account.
  for (let i = 0; i < 20; i++)
    expect((await signIn(`guess${i}@test.example`, 'x', '198.51.100.30')).status).toBe(401);
  const ok = await signIn('admin@test.example', ADMIN_PASSWORD, '198.51.100.30');
  expect(ok.status).toBe(401);
  expect((await signIn('admin@test.example', ADMIN_PASSWORD, '198.51.100.31')).status).toBe(201);
});

it('creates admins from the command line and refuses bad input with a clear message', async () => {
  const env = { ...process.env, DATABASE_URL: stack.database.url, ADMIN_PASSWORD: 'a long password 2' };
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'stack/create-admin.ts'), ...args], {
      cwd: ROOT,
      env,
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        out: e.stdout,
        err: e.stderr,
      }),
    );
  const ok = await cli('--email', 'second@test.example', '--name', 'Second');
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.out).toContain('admin second@test.example created');
  expect((await signIn('second@test.example', 'a long password 2')).status).toBe(201);
  const again = await cli('--email', 'second@test.example', '--name', 'Again');
  expect(again.code).not.toBe(0);
  expect(again.err).toContain('exists already');
  const bad = await cli('--email', 'not-an-email', '--name', 'X');
  expect(bad.err).toContain('is not an email address');
  const short = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'stack/create-admin.ts'),
      '--email',
      'short@test.example',
      '--name',
      'S',
    ],
    {
      cwd: ROOT,
      env: { ...env, ADMIN_PASSWORD: 'short' },
    },
  ).catch((e: { stderr: string }) => e);
  expect((short as { stderr: string }).stderr).toContain('at least 10 characters');
  expect(await db.admin.count({ where: { email: { in: ['not-an-email', 'short@test.example'] } } })).toBe(0);
});

it('sends the security headers on pages and keeps the API out of caches', async () => {
  const page = await fetch(`${stack.api.url}/admin/sign-in`);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(page.headers.get('content-security-policy')).not.toContain('script-src');
  expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  const token = await stack.client.call('POST', '/api/tokens', { name: 'cache check' });
  expect(token.status).toBe(201);
  const listed = await fetch(`${stack.api.url}/api/tokens`, {
    headers: { authorization: `Bearer ${token.json.token}` },
  });
  expect(listed.headers.get('cache-control')).toBe('no-store');
});
