/**
 * The worker process is killed with SIGKILL in the middle of a cycle, twice, with votes and scores in flight, and
 * started again: every unit finishes, and every decision, score and submission is recorded exactly once.
 */
import type { Db } from '../stores/db';
import { planPayload } from './support/api-client';
import { PLAN_CODE, YEAR } from './support/cycle-fixture';
import { startTestStack, type TestStack } from './support/test-stack';
import { WorkerProcess } from './support/worker-process';

const TASK_QUEUE = 'crash-test';

let stack: TestStack;
let database: TestStack['database'];
let temporal: TestStack['temporal'];
let db: Db;
let worker: WorkerProcess;

beforeAll(async () => {
  // No worker in this process: the test runs it as a separate process so that it can kill it.
  stack = await startTestStack({ taskQueue: TASK_QUEUE, worker: false });
  ({ database, temporal, db } = stack);
  worker = new WorkerProcess(db, TASK_QUEUE, {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: 'smtp://127.0.0.1:9',
  });
}, 120_000);

afterAll(async () => {
  await worker?.kill();
  await stack?.stop();
});

it('finishes every unit with nothing lost or applied twice after SIGKILLs of the worker', async () => {
  const f = stack.fixture;
  await worker.start();
  const client = stack.client;
  const day = (n: number) => `2026-12-${String(n).padStart(2, '0')}T18:00`;
  const started = await client.call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { under: 'c' },
    calendar: {
      planSubmission: { due: day(10) },
      targetSetting: { due: day(11) },
      checks: [{ label: 'Q4', asOf: day(12), due: day(13) }],
      evaluation: { due: day(14) },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(started.status).toBe(201);
  const units = [
    { code: 'c.a', contact: f.a.contact, voter: f.m1, scorers: [f.chair, f.m1, f.m2] },
    { code: 'c.b', contact: f.b.contact, voter: f.m3, scorers: [f.chair, f.m1, f.m2, f.m3] },
    { code: 'c.a.g', contact: f.g.contact, voter: f.m2, scorers: [f.chair, f.m1, f.m2, f.m3] },
  ];
  const ids: Record<string, string> = {};
  for (const u of units)
    ids[u.code] = (await client.until(u.code, YEAR, 'plan', 'WAITING_SUBMISSION')).assessmentId;

  for (const u of units)
    expect((await client.submit(ids[u.code]!, 'plan', planPayload(u.code), u.contact)).status).toBe(201);
  for (const u of units) await client.until(u.code, YEAR, 'plan', 'WAITING_DECISION');

  // Crash 1: votes sent, worker killed at once; the updates wait for a worker and are applied once when it returns.
  const votes = units.map((u) => client.vote(ids[u.code]!, 'plan', u.voter));
  await new Promise((r) => setTimeout(r, 50));
  await worker.kill();
  await new Promise((r) => setTimeout(r, 1500));
  await worker.start();
  for (const r of await Promise.all(votes)) expect(r.status).toBe(201);

  for (const u of units) {
    const id = ids[u.code]!;
    await client.until(u.code, YEAR, 'targets', 'WAITING_SUBMISSION');
    expect(
      (await client.submit(id, 'targets', { targets: { 'a.count': 10, 'b.share': 50 } }, u.contact)).status,
    ).toBe(201);
    await client.until(u.code, YEAR, 'targets', 'WAITING_DECISION');
    expect((await client.vote(id, 'targets', u.voter)).status).toBe(201);
    await client.until(u.code, YEAR, 'check-1', 'WAITING_SUBMISSION');
    expect(
      (await client.submit(id, 'check-1', { figures: { 'a.count': { value: 9 } } }, u.contact)).status,
    ).toBe(201);
    await client.until(u.code, YEAR, 'check-1', 'WAITING_DECISION');
    expect((await client.vote(id, 'check-1', u.voter, 'ACKNOWLEDGE')).status).toBe(201);
    await client.until(u.code, YEAR, 'evaluation', 'WAITING_SUBMISSION');
    const final = {
      figures: { 'a.count': { value: 10 }, 'b.share': { value: 50, numerator: 1, denominator: 2 } },
      selfAssessment: '完成',
    };
    expect((await client.submit(id, 'evaluation', final, u.contact)).status).toBe(201);
    await client.until(u.code, YEAR, 'scoring', 'WAITING_DECISION');
  }

  // Crash 2: in the middle of a burst of scores.
  const scores = units.flatMap((u) =>
    u.scorers.map((personId) =>
      client.call('POST', `/api/assessments/${ids[u.code]}/scores`, { personId, scores: { x: 80, y: 80 } }),
    ),
  );
  await new Promise((r) => setTimeout(r, 100));
  await worker.kill();
  await new Promise((r) => setTimeout(r, 1500));
  await worker.start();
  for (const r of await Promise.all(scores)) expect(r.status).toBe(201);

  for (const u of units) {
    await client.until(u.code, YEAR, 'confirmation', 'WAITING_DECISION');
    expect((await client.vote(ids[u.code]!, 'confirmation', f.chair)).status).toBe(201);
  }
  const cycle = await client.waitForCycle(started.json.cycle.id, 'COMPLETED', 60_000);
  // 100 % of indicators, committee 80 → 0.7 × 100 + 0.3 × 80 = 94 for every unit.
  expect(cycle.units.map((u: any) => [u.unit.code, u.status, u.score])).toEqual([
    ['c.a', 'COMPLETED', 94],
    ['c.a.g', 'COMPLETED', 94],
    ['c.b', 'COMPLETED', 94],
  ]);

  // Exactly once: one decision per step per unit, one score per member and criterion, one submission per step.
  const decisions = await db.decision.groupBy({ by: ['assessmentId', 'step'], _count: { _all: true } });
  expect(decisions).toHaveLength(3 * 4);
  expect(decisions.every((d) => d._count._all === 1)).toBe(true);
  expect(await db.evaluationScore.count()).toBe((3 + 4 + 4) * 2);
  expect(await db.submission.count()).toBe(3 * 4);
  const results = await db.outboxMessage.groupBy({
    by: ['kind', 'personId'],
    where: { kind: 'DECISION_RESULT' },
    _count: { _all: true },
  });
  expect(results.map((r) => r._count._all)).toEqual([4, 4, 4]);
}, 300_000);
