/**
 * What the logs of a running system hold: `npm start` with JSON logs at debug level, an admin signing in (and
 * failing once), an API token used, a notice issued and its emailed link opened and answered. Every request has
 * one access line with its request id, the link's path without its token, the Temporal SDK writes through the
 * same logger, and no password, session, CSRF token, API token or link token appears anywhere in the output.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { freePort, tempDir } from './support/servers';
import { npmStart, waitFor, type Started } from './support/npm-start';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const PASSWORD = 'a secret sign-in phrase 7';
const WRONG = 'a wrong sign-in phrase 8';

let dataDir: string;
let started: Started;

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('logs every request with its id and never a secret', async () => {
  dataDir = tempDir('logs');
  const port = await freePort();
  const pgPort = await freePort();
  started = npmStart({
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    MAILBOX_SMTP_PORT: String(await freePort()),
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
    MAIL_POLL_MS: '200',
  });
  const base = `http://127.0.0.1:${port}`;
  const secrets: string[] = [PASSWORD, WRONG];
  try {
    await waitFor(
      () => started.output().includes('jingsai is running'),
      150_000,
      'the banner',
      started.output,
    );
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'stack/create-admin.ts'),
        '--email',
        'ops@test.example',
        '--name',
        'Ops',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: `postgresql://jingsai:jingsai@127.0.0.1:${pgPort}/jingsai`,
          ADMIN_PASSWORD: PASSWORD,
        },
      },
    );
    const signIn = (password: string) =>
      fetch(`${base}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@test.example', password }),
      });
    expect((await signIn(WRONG)).status).toBe(401);
    const session = await signIn(PASSWORD);
    expect(session.status).toBe(201);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    secrets.push(cookie.split('=')[1]!, csrfToken);
    const created = await fetch(`${base}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'ops script' }),
    });
    const { token } = (await created.json()) as { token: string };
    secrets.push(token);
    const api = (method: string, route: string, body?: unknown) =>
      fetch(`${base}${route}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const notice = await api('POST', '/api/notices', {
      series: '平工文',
      issuer: '平顶山市总工会',
      title: '关于报送材料的通知',
      body: '请于截止日前签收。',
      recipients: { units: ['pds.wugang'] },
      due: '2099-12-20T18:00:00',
      by: 'ops@test.example',
    });
    expect(notice.status).toBe(201);

    // The contact's mail, as the local mailbox keeps it; its link opened and answered.
    const box = path.join(dataDir, 'mailbox');
    let link = '';
    await waitFor(
      async () => {
        for (const f of fs.existsSync(box) ? fs.readdirSync(box).filter((n) => n.endsWith('.eml')) : []) {
          const mail = await simpleParser(fs.readFileSync(path.join(box, f)));
          const found = /https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]+/.exec(mail.text ?? '');
          if (found && mail.subject?.includes('关于报送材料的通知')) link = found[0];
        }
        return link !== '';
      },
      60_000,
      'the notice mail',
      started.output,
    );
    const linkToken = link.split('/a/')[1]!;
    secrets.push(linkToken);
    const page = await fetch(`${base}/a/${linkToken}`);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const answered = await fetch(`${base}/a/${linkToken}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: page.headers.get('set-cookie')?.split(';')[0] ?? '',
      },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('已签收');
    secrets.push(csrf);
  } finally {
    process.kill(-started.child.pid!, 'SIGINT');
  }
  expect(await started.exited).toBe(0);
  const out = started.output();
  for (const secret of secrets) expect(out.includes(secret)).toBe(false);

  const lines = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = lines.filter((l) => l.msg === 'request');
  expect(requests.every((r) => typeof r.reqId === 'string' && typeof r.status === 'number')).toBe(true);
  expect(requests.filter((r) => r.path === '/a/[token]').map((r) => r.method)).toEqual(['GET', 'POST']);
  expect(requests.some((r) => r.path === '/api/sessions' && r.status === 401)).toBe(true);
  expect(lines.some((l) => l.name === 'temporal-sdk')).toBe(true);
}, 300_000);
