/**
 * No failed write may wedge a unit's year: a permanent database failure is injected (a test-only trigger that
 * raises for one unit's rows) into each activity the unit workflow writes with, on real Temporal, PostgreSQL, SMTP.
 * In an update handler the person gets a clear error, nothing is recorded, the link and the step stay open; in the
 * stage sequence the unit is held, the problem shows on the dashboard and the unit page with its error, the office
 * gets one mail, the workflow still answers queries, extensions and cancels, and a retry after the repair goes on.
 * (judgeEvaluation only reads, so a trigger cannot fail it.)
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import type { Db } from '../stores/db';
import { artifact, ARTIFACTS } from './support/browser';
import { startLateCycle, YEAR } from './support/cycle-fixture';
import { eventually } from './support/eventually';
import { openLink, postLink } from './support/link-client';
import { linkIn, mailTo, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;
let db: Db;
let pg: PgClient;
let temporal: Client;
let connection: Connection;
let f: TestStack['fixture'];
const ids: Record<string, string> = {};
let cycleId = '';

const TABLES = [
  'Submission',
  'Decision',
  'AuditLog',
  'Assessment',
  'OutboxMessage',
  'ProgressReport',
  'EvaluationScore',
];

/** Makes every write to `table` for `code`'s assessment fail (only those whose `column` is set, when given). */
const arm = (table: string, code: string, column = '') =>
  pg.query('INSERT INTO test_fail_writes (tbl, assessment, col) VALUES ($1, $2, $3)', [
    table,
    ids[code],
    column,
  ]);
const disarm = () => pg.query('DELETE FROM test_fail_writes');

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({
    taskQueue: 'write-failures-test',
    worker: true,
    env: mailTo(peer),
  });
  ({ db, fixture: f } = stack);
  connection = await Connection.connect({ address: stack.temporal.address });
  temporal = new Client({ connection });
  pg = new PgClient({ connectionString: stack.database.url });
  await pg.connect();
  await pg.query(`
    CREATE TABLE test_fail_writes (tbl text NOT NULL, assessment uuid NOT NULL, col text NOT NULL DEFAULT '');
    CREATE FUNCTION test_fail_writes() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r jsonb := to_jsonb(NEW);
    BEGIN
      IF EXISTS (SELECT 1 FROM test_fail_writes t WHERE t.tbl = TG_TABLE_NAME
                 AND t.assessment::text IN (r->>'assessmentId', r->>'id', r->>'subjectId', r->'data'->>'assessmentId')
                 AND (t.col = '' OR r->>t.col IS NOT NULL)) THEN
        RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME;
      END IF;
      RETURN NEW;
    END $$;`);
  for (const t of TABLES)
    await pg.query(
      `CREATE TRIGGER test_fail BEFORE INSERT OR UPDATE ON "${t}" FOR EACH ROW EXECUTE FUNCTION test_fail_writes()`,
    );
  const started = await startLateCycle(stack.client);
  cycleId = started.cycleId;
  Object.assign(ids, started.ids);
}, 180_000);

afterAll(async () => {
  await pg?.end();
  await connection?.close();
  await stack?.stop();
  await peer.stop();
});

const api = () => stack.client;
const contact = (code: string) => ({ 'c.a': f.a, 'c.b': f.b, 'c.a.g': f.g })[code]!.contact;
const officeMails = () => peer.to('admin@test.example').filter((m) => /系统故障/.test(m.subject ?? ''));
const problemsOf = async (code: string) =>
  (await api().call('GET', `/api/assessments/${ids[code]}/problems`)).json.problems as Array<{
    activity: string;
    message: string;
    permanent: boolean;
  }>;

async function consolePage(path: string): Promise<string> {
  const signIn = await fetch(`${stack.api.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@test.example', password: ADMIN_PASSWORD }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  return (await fetch(`${stack.api.url}${path}`, { headers: { cookie } })).text();
}

/** The workflow's own answer, not the projection: it must answer while held. */
async function statusOf(code: string) {
  const handle = temporal.workflow.getHandle(
    (await db.assessment.findUniqueOrThrow({ where: { id: ids[code] } })).workflowId,
  );
  return handle.query<{ step: string | null; status: string; problem: { activity: string } | null }>(
    'status',
  );
}

const heldAt = (code: string, activity: string) =>
  eventually(
    () => statusOf(code),
    (s) => s.problem?.activity === activity,
    `${code} held at ${activity}`,
    30_000,
  );

const submit = (code: string, step: string, payload: unknown) =>
  api().submit(ids[code]!, step, payload, contact(code));
const vote = (code: string, step: string, outcome = 'APPROVE') => api().vote(ids[code]!, step, f.m1, outcome);
const plan = { title: '年度方案', summary: '概要', measures: ['措施'], campaigns: [] };
const targets = { targets: { 'a.count': 40, 'b.share': 50 } };

it('a failed submission write refuses the person, keeps the link and the step, and tells the office once', async () => {
  await peer.waitFor(() => peer.to('c.a@test.example').length > 0, 30_000, 'invitation of c.a');
  const url = linkIn(peer.to('c.a@test.example')[0]!);
  await arm('Submission', 'c.a');
  for (let attempt = 0; attempt < 2; attempt++) {
    const page = await openLink(url);
    expect(page.status).toBe(200);
    const res = await postLink(url, page, { title: '方案', summary: '概要', measures: '措施' });
    expect(res.status).toBe(503);
    expect(res.html).toContain('系统暂时无法保存');
    expect(res.html).toContain('injected failure on Submission');
  }
  expect(await db.submission.count({ where: { assessmentId: ids['c.a'] } })).toBe(0);
  expect(
    (await db.actionToken.findFirstOrThrow({ where: { assessmentId: ids['c.a'], step: 'plan' } })).usedAt,
  ).toBeNull();
  expect(await statusOf('c.a')).toMatchObject({ step: 'plan', status: 'WAITING_SUBMISSION', problem: null });
  expect(await problemsOf('c.a')).toEqual([
    expect.objectContaining({
      activity: 'recordSubmission',
      permanent: true,
      message: expect.stringContaining('injected failure'),
    }),
  ]);
  const dashboard = await consolePage(`/admin/cycles/${cycleId}`);
  expect(dashboard).toContain('运行故障的单位：1 个');
  expect(dashboard).toContain('保存报送材料');
  await peer.waitFor(() => officeMails().length >= 1, 30_000, 'the office mail');
  expect(officeMails()[0]!.text).toContain('injected failure on Submission');

  await disarm();
  const page = await openLink(url);
  expect((await postLink(url, page, { title: '方案', summary: '概要', measures: '措施' })).status).toBe(200);
  await api().until('c.a', YEAR, 'plan', 'WAITING_DECISION');
  expect(await problemsOf('c.a')).toEqual([]);
  expect(officeMails()).toHaveLength(1);
});

it('a failed vote or audit write is refused and changes nothing', async () => {
  await arm('Decision', 'c.a');
  const refused = await vote('c.a', 'plan', 'RETURN');
  expect(refused.status).toBe(503);
  expect(refused.json.error.code).toBe('write_failed');
  expect(await db.decision.count({ where: { assessmentId: ids['c.a'] } })).toBe(0);
  expect(await statusOf('c.a')).toMatchObject({ step: 'plan', status: 'WAITING_DECISION' });
  await disarm();

  await arm('AuditLog', 'c.a');
  const before = (await api().unitState('c.a', YEAR)).dueAt;
  const extend = await api().call('POST', `/api/assessments/${ids['c.a']}/due-date`, {
    step: 'plan',
    dueAt: `${YEAR + 1}-01-15T18:00:00+08:00`,
    by: 'admin',
    reason: '延期',
  });
  expect(extend.status).toBe(503);
  expect((await api().unitState('c.a', YEAR)).dueAt).toBe(before);
  await disarm();
  expect((await vote('c.a', 'plan')).status).toBe(201);
});

it('a stage held by a failed projection is shown, answers, and goes on after the repair and a retry', async () => {
  await api().until('c.a', YEAR, 'targets', 'WAITING_SUBMISSION');
  expect((await submit('c.a', 'targets', targets)).status).toBe(201);
  await arm('Assessment', 'c.a');
  expect((await vote('c.a', 'targets')).status).toBe(201);
  await heldAt('c.a', 'projectAssessment');
  expect(await problemsOf('c.a')).toEqual([expect.objectContaining({ activity: 'projectAssessment' })]);
  const unitPage = await consolePage(`/admin/cycles/${cycleId}/units/c.a`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(artifact('console-unit-problem.html'), unitPage);
  fs.writeFileSync(artifact('console-dashboard-problem.html'), await consolePage(`/admin/cycles/${cycleId}`));
  expect(unitPage).toContain('更新办理状态');
  expect(unitPage).toContain('injected failure on Assessment');
  expect(unitPage).toContain('重试');
  // A retry before the repair fails again, and the unit stays held.
  const early = await api().call('POST', `/api/assessments/${ids['c.a']}/retry`, {
    by: 'admin',
    reason: '再试',
  });
  expect(early.status).toBe(202);
  await eventually(
    () => problemsOf('c.a'),
    (p) => (p[0] as { occurrences?: number } | undefined)?.occurrences === 2,
    'the retried projection failing again',
    30_000,
  );
  await disarm();
  await heldAt('c.a', 'projectAssessment');
  expect(
    (await api().call('POST', `/api/assessments/${ids['c.a']}/retry`, { by: 'admin', reason: '已修复' }))
      .status,
  ).toBe(202);
  await api().until('c.a', YEAR, 'check-1', 'WAITING_SUBMISSION');
  expect(await problemsOf('c.a')).toEqual([]);
  expect(
    (await api().call('POST', `/api/assessments/${ids['c.a']}/retry`, { by: 'admin', reason: 'x' })).status,
  ).toBe(409);
});

it('notify and judgeProgress failures hold the stage; the office hears once of each; cancel works while held', async () => {
  expect((await submit('c.b', 'plan', plan)).status).toBe(201);
  expect((await vote('c.b', 'plan')).status).toBe(201);
  await api().until('c.b', YEAR, 'targets', 'WAITING_SUBMISSION');
  expect((await submit('c.b', 'targets', targets)).status).toBe(201);
  await arm('OutboxMessage', 'c.b');
  expect((await vote('c.b', 'targets')).status).toBe(201);
  await heldAt('c.b', 'notify');
  await disarm();
  await api().call('POST', `/api/assessments/${ids['c.b']}/retry`, { by: 'admin', reason: '已修复' });
  await api().until('c.b', YEAR, 'check-1', 'WAITING_SUBMISSION');

  const mailsBefore = officeMails().length;
  await arm('ProgressReport', 'c.b');
  expect((await submit('c.b', 'check-1', { figures: { 'a.count': { value: 30 } } })).status).toBe(201);
  await heldAt('c.b', 'judgeProgress');
  await peer.waitFor(() => officeMails().length > mailsBefore, 30_000, 'the office mail about judgeProgress');
  // Held, it still answers at once: an extension of a step that is no longer open is refused, not left hanging.
  const started = Date.now();
  const extend = await api().call('POST', `/api/assessments/${ids['c.b']}/due-date`, {
    step: 'check-1',
    dueAt: `${YEAR + 1}-01-15T18:00:00+08:00`,
    by: 'admin',
    reason: '延期',
  });
  expect(extend.status).toBe(409);
  expect(Date.now() - started).toBeLessThan(5_000);
  const cancel = await api().call('POST', `/api/assessments/${ids['c.b']}/cancel`, {
    by: 'admin',
    reason: '数据有误',
  });
  expect(cancel.status).toBe(204);
  await api().until('c.b', YEAR, null, 'CANCELLED');
  await disarm();
});

it('failed score and result writes: the member is refused, the confirmed result waits for a retry', async () => {
  const g = 'c.a.g';
  for (const [step, payload] of [
    ['plan', plan],
    ['targets', targets],
    ['check-1', { figures: { 'a.count': { value: 5 } } }],
  ] as const) {
    await api().until(g, YEAR, step, 'WAITING_SUBMISSION');
    expect((await submit(g, step, payload)).status).toBe(201);
    await api().until(g, YEAR, step, 'WAITING_DECISION');
    expect((await vote(g, step, step === 'check-1' ? 'ACKNOWLEDGE' : 'APPROVE')).status).toBe(201);
  }
  await api().until(g, YEAR, 'evaluation', 'WAITING_SUBMISSION');
  const evaluation = { figures: { 'a.count': { value: 10 } }, selfAssessment: '全年完成' };
  expect((await submit(g, 'evaluation', evaluation)).status).toBe(201);
  await api().until(g, YEAR, 'scoring', 'WAITING_DECISION');

  await arm('EvaluationScore', g);
  const scores = (personId: string) =>
    api().call('POST', `/api/assessments/${ids[g]}/scores`, { personId, scores: { x: 80, y: 90 } });
  expect((await scores(f.m1)).status).toBe(503);
  expect(await db.evaluationScore.count({ where: { assessmentId: ids[g] } })).toBe(0);
  await disarm();
  // m3 belongs to county a, above c.a.g, and so may judge it.
  for (const member of [f.chair, f.m1, f.m2, f.m3]) expect((await scores(member)).status).toBe(201);

  await api()
    .until(g, YEAR, 'confirmation', 'WAITING_DECISION')
    .catch(async (err) => {
      throw new Error(`${String(err)}; workflow: ${JSON.stringify(await statusOf(g))}`);
    });
  await arm('Assessment', g, 'score');
  expect((await api().vote(ids[g]!, 'confirmation', f.chair)).status).toBe(201);
  await heldAt(g, 'recordResult');
  await disarm();
  await api().call('POST', `/api/assessments/${ids[g]}/retry`, { by: 'admin', reason: '已修复' });
  const done = await api().until(g, YEAR, null, 'COMPLETED');
  expect(done.result.score).toBeGreaterThan(0);
});
