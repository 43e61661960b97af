/**
 * `npm run backup` and `npm run restore` as an operator runs them: a running cycle's database is backed up while
 * writes go on (two tables written in one transaction each must come back together: one snapshot), restored into
 * an empty database table for table equal, and the restored data serves the API; a non-empty database, a damaged
 * file and a foreign file are refused with nothing changed; with the embedded database a stopped system is backed
 * up and restored into a new DATA_DIR.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { startApi } from '../stack/api';
import { planPayload } from './support/api-client';
import { startLateCycle } from './support/cycle-fixture';
import { createExternalDatabase, freePort, quietLog, tempDir, type TestDatabase } from './support/servers';
import { eventually } from './support/eventually';
import { mailTo, SmtpPeer } from './support/smtp-peer';
import { startTestStack, type TestStack } from './support/test-stack';

const ROOT = path.resolve(__dirname, '..');
const peer = new SmtpPeer();
let stack: TestStack;
let work: string;
const extra: TestDatabase[] = [];

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: 'backup-test', worker: true, env: mailTo(peer) });
  work = tempDir('backup');
}, 180_000);

afterAll(async () => {
  for (const d of extra) await d.stop();
  await stack?.stop();
  await peer.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** `npm run -s SCRIPT -- FILE` with only environment variables, as an operator types it. */
function npmRun(script: 'backup' | 'restore', file: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', script, '--', file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * Each table's rows, in a fixed order, as one digest; aside are the migrations' bookkeeping (timestamps differ) and
 * the worker's heartbeat, which it rewrites every few seconds.
 */
async function contents(url: string): Promise<Record<string, string>> {
  const tables = await query<{ t: string }>(
    url,
    `SELECT relname AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
      AND relname NOT IN ('_prisma_migrations', 'WorkerHeartbeat') ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await query<{ d: string; n: string }>(
      url,
      `SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS d, count(*) AS n FROM "${t}" r`,
    );
    out[t] = `${row!.n}:${row!.d}`;
  }
  return out;
}

const emptyDatabase = async () => {
  const d = await createExternalDatabase(stack.database.url);
  extra.push(d);
  return d;
};

it('backs up a running cycle from one snapshot and restores it into an empty database, equal table for table', async () => {
  const { ids } = await startLateCycle(stack.client);
  const submitted = await stack.client.call('POST', `/api/assessments/${ids['c.a']}/submissions`, {
    step: 'plan',
    payload: planPayload('c.a 2026 年劳动竞赛方案'),
    submittedBy: stack.fixture.a.contact,
  });
  expect(submitted.status).toBe(201);
  // The mails of the start and the submission sent: the outbox holds still while the backup is compared.
  await eventually(
    () => stack.db.outboxMessage.count({ where: { status: { not: 'SENT' } } }),
    (n) => n === 0,
    'the outbox to drain',
    60_000,
  );
  // The workers' dashboard roll-up takes in the cycle's changes too; after that nothing but the writer below
  // changes the running database until it is compared (the next refresh needs a change, or ten minutes).
  await eventually(
    async () => {
      const [changes, cycle] = await Promise.all([
        stack.db.cycleRollupChange.count(),
        stack.db.cycle.findFirstOrThrow({
          select: {
            rollupRefreshedAt: true,
            rollups: { where: { branch: '' }, select: { computedAt: true } },
          },
        }),
      ]);
      return { changes, refreshed: cycle.rollupRefreshedAt, computed: cycle.rollups[0]?.computedAt ?? null };
    },
    (r) => r.changes === 0 && r.refreshed !== null && r.computed !== null && r.computed >= r.refreshed,
    'the roll-up to take in the changes',
    60_000,
  );
  // The refresh records how long it took right after writing its rows.
  await new Promise((r) => setTimeout(r, 1000));

  // Writes that go on while the backup runs: a pair of rows in two tables, one transaction each.
  let writing = true;
  let pairs = 0;
  const writer = (async () => {
    while (writing) {
      const key = `pair-${pairs}`;
      await stack.db.$transaction([
        stack.db.auditLog.create({
          data: { actor: 'test', action: 'backup.pair', subjectType: 'Pair', subjectId: key, detail: {} },
        }),
        stack.db.rateLimitHit.create({ data: { key, hits: 1, resetAt: new Date(Date.now() + 86_400_000) } }),
      ]);
      pairs++;
    }
  })();
  const file = path.join(work, 'running.backup');
  const backup = await npmRun('backup', file, { DATABASE_URL: stack.database.url });
  writing = false;
  await writer;
  expect(backup.out).toMatch(/backup written to .*running\.backup: \d+ tables, \d+ rows/);
  expect(backup.code).toBe(0);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  const target = await emptyDatabase();
  const restore = await npmRun('restore', file, { DATABASE_URL: target.url });
  expect(restore.out).toMatch(/restored .*running\.backup \(taken .*\): \d+ tables, \d+ rows/);
  expect(restore.code).toBe(0);

  // The pairs written during the backup come back whole: both rows of each, or neither.
  const audited = await query<{ k: string }>(
    target.url,
    `SELECT "subjectId" AS k FROM "AuditLog" WHERE action = 'backup.pair' ORDER BY 1`,
  );
  const hits = await query<{ k: string }>(target.url, `SELECT key AS k FROM "RateLimitHit" ORDER BY 1`);
  expect(hits.map((h) => h.k)).toEqual(audited.map((a) => a.k));
  expect(audited.length).toBeGreaterThan(0);
  expect(audited.length).toBeLessThan(pairs);

  // Everything else is as it is now in the running database (nothing is due in the late cycle).
  const [source, restored] = await Promise.all([contents(stack.database.url), contents(target.url)]);
  const without = (c: Record<string, string>) => {
    const { AuditLog: _a, RateLimitHit: _r, ...rest } = c;
    return rest;
  };
  expect(without(restored)).toEqual(without(source));
  expect(Object.keys(restored).length).toBeGreaterThan(40);
  // Ids go on after the restored ones: a new audit row gets the next id.
  const [{ max }] = (await query<{ max: string }>(target.url, `SELECT max(id) AS max FROM "AuditLog"`)) as [
    { max: string },
  ];
  await query(
    target.url,
    `INSERT INTO "AuditLog" (actor, action, "subjectType", "subjectId", detail) VALUES ('t', 't', 't', 't', '{}')`,
  );
  const [{ next }] = (await query<{ next: string }>(
    target.url,
    `SELECT max(id) AS next FROM "AuditLog"`,
  )) as [{ next: string }];
  expect(BigInt(next)).toBe(BigInt(max) + 1n);

  // The restored database serves the API with the same admin token: the cycle and its submission are there.
  const api = await startApi(
    { ...stack.config, port: await freePort(), database: { ...stack.config.database, url: target.url } },
    quietLog,
  );
  try {
    const res = await fetch(`${api.url}/api/units/c.a/assessments/2026`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(res.status).toBe(200);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('c.a 2026 年劳动竞赛方案');
  } finally {
    await api.close();
  }
}, 240_000);

it('refuses a database that holds data, a damaged file and a file that is not a backup, changing nothing', async () => {
  const file = path.join(work, 'refusals.backup');
  expect((await npmRun('backup', file, { DATABASE_URL: stack.database.url })).code).toBe(0);
  expect((await npmRun('backup', file, { DATABASE_URL: stack.database.url })).out).toMatch(
    /already exists; name a new file/,
  );

  const before = await contents(stack.database.url);
  const intoFull = await npmRun('restore', file, { DATABASE_URL: stack.database.url });
  expect(intoFull.code).toBe(1);
  expect(intoFull.out).toMatch(/the database already holds data .*restored only into an empty database/);
  expect(await contents(stack.database.url)).toEqual(before);

  // Cut off in the middle of the rows, and a file whose rows were altered (still a valid gzip).
  const body = gunzipSync(fs.readFileSync(file));
  const cut = path.join(work, 'cut.backup');
  fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size * 0.7)));
  const altered = path.join(work, 'altered.backup');
  fs.writeFileSync(altered, gzipSync(Buffer.from(body.toString('utf8').replace('c.a.g', 'c.x.g'))));
  const foreign = path.join(work, 'foreign.backup');
  fs.writeFileSync(foreign, gzipSync(Buffer.from('-- PostgreSQL database dump\n')));

  for (const [bad, message] of [
    [cut, /is damaged or incomplete .*nothing was restored/],
    [altered, /is damaged or incomplete \(its checksum does not match\); nothing was restored/],
    [foreign, /is not a jingsai backup/],
  ] as const) {
    const target = await emptyDatabase();
    const res = await npmRun('restore', bad, { DATABASE_URL: target.url });
    expect(res.out).toMatch(message);
    expect(res.code).toBe(1);
    const rows = Object.values(await contents(target.url)).filter((v) => !v.startsWith('0:'));
    expect(rows).toEqual([]);
  }
}, 240_000);

it('with the embedded database, restores into a new DATA_DIR and backs up a stopped system', async () => {
  const file = path.join(work, 'for-embedded.backup');
  expect((await npmRun('backup', file, { DATABASE_URL: stack.database.url })).code).toBe(0);
  const dataDir = tempDir('backup-embedded');
  try {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
    const restore = await npmRun('restore', file, env);
    expect(restore.out).toMatch(/restored .* \d+ tables/);
    expect(restore.code).toBe(0);
    const again = path.join(work, 'from-embedded.backup');
    const backup = await npmRun('backup', again, env);
    expect(backup.code).toBe(0);
    // The same rows in the same order: everything between the header line and the checksum line.
    const rowsOf = (f: string) => gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n').slice(1, -2);
    expect(rowsOf(again)).toEqual(rowsOf(file));
    expect(rowsOf(file).length).toBeGreaterThan(100);
    // The embedded server was started for the command and stopped after it.
    expect(fs.existsSync(path.join(dataDir, 'run', 'postgres.pid'))).toBe(false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);
