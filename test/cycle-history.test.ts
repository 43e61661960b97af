/**
 * A cycle keeps its own history bounded whatever the number of units: the fan-out starts units in batches and the
 * cycle workflow continues as new whenever the server suggests it. Here the dev server suggests it after 40 events
 * and a batch is 4 units, so 30 units take several runs in the fan-out and again while they finish; every unit must
 * be started and invited exactly once, pausing must survive the hand-over, and the cycle must still end when the
 * last unit does.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Db } from '../stores/db';
import { ApiClient } from './support/api-client';
import { PLAN_CODE, YEAR } from './support/cycle-fixture';
import { eventually } from './support/eventually';
import { startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const UNITS = 30;
const SUGGEST_AFTER_EVENTS = 40;
const codes = Array.from({ length: UNITS }, (_, i) => `c.b.h${String(i + 1).padStart(2, '0')}`);

let stack: TestStack;
let db: Db;
let api: ApiClient;
let connection: Connection;
let temporal: Client;

beforeAll(async () => {
  stack = await startTestStack({
    taskQueue: 'history-test',
    worker: true,
    env: { CYCLE_BATCH_SIZE: '4' },
    temporalConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_AFTER_EVENTS },
  });
  ({ db, client: api } = stack);
  connection = await Connection.connect({ address: stack.temporal.address });
  temporal = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

/** Every run of the cycle workflow so far, oldest first, with the length of its history. */
async function cycleRuns(workflowId: string) {
  const runs: Array<{ runId: string; status: string; events: number }> = [];
  for await (const wf of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await temporal.workflow.getHandle(workflowId, wf.runId).fetchHistory();
    runs.push({ runId: wf.runId, status: wf.status.name, events: history.events?.length ?? 0 });
  }
  return runs.reverse();
}

it('starts 30 units in batches over several runs and ends after the last unit, pause carried across', async () => {
  const csv = [
    'code,name,kind,parent,contact_name,contact_email',
    ...codes.map((c) => `${c},基层工会${c},基层工会,c.b,${c}联络员,${c}@test.example`),
  ].join('\n');
  expect((await api.call('POST', '/api/organisations/import', { csv })).status).toBe(201);

  const started = await api.call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { codes },
    calendar: {
      planSubmission: { due: `${YEAR}-12-20T18:00` },
      targetSetting: { due: `${YEAR}-12-21T18:00` },
      checks: [{ label: 'Q4', asOf: `${YEAR}-12-22`, due: `${YEAR}-12-23T18:00` }],
      evaluation: { due: `${YEAR}-12-24T18:00` },
    },
  });
  expect(started.status).toBe(201);
  const { id: cycleId, workflowId } = started.json.cycle;

  await eventually(
    () => db.assessment.count({ where: { cycleId, step: 'plan', status: 'WAITING_SUBMISSION' } }),
    (n) => n === UNITS,
    'every unit to wait for its plan',
    60_000,
  );
  const unitWorkflows = await temporal.workflow.count(`WorkflowType = 'unitAssessmentWorkflow'`);
  expect(unitWorkflows.count).toBe(UNITS);
  const invitations = await db.outboxMessage.groupBy({
    by: ['toEmail'],
    where: { kind: 'INVITE_PLAN' },
    _count: { _all: true },
  });
  expect(invitations).toHaveLength(UNITS);
  expect(invitations.every((i) => i._count._all === 1)).toBe(true);
  const afterFanOut = await cycleRuns(workflowId);
  // 8 batches of 4 do not fit in one run of at most ~40 events.
  expect(afterFanOut.length).toBeGreaterThan(1);

  const assessments = await db.assessment.findMany({ where: { cycleId }, select: { id: true } });
  const pause = (paused: boolean) =>
    api.call('POST', `/api/cycles/${cycleId}/${paused ? 'pause' : 'resume'}`, {
      by: 'admin@test',
      reason: paused ? '核对名单' : '核对完毕',
    });
  expect((await pause(true)).status).toBe(200);
  const [last, ...rest] = assessments;
  for (const a of rest) {
    const r = await api.call('POST', `/api/assessments/${a.id}/cancel`, {
      by: 'admin@test',
      reason: '退出竞赛',
    });
    expect(r.status).toBe(204);
  }
  const { runs: unitsFinished } = await eventually(
    async () => ({
      runs: await cycleRuns(workflowId),
      progress: await temporal.workflow.getHandle(workflowId).query<{ finished: number }>('progress'),
    }),
    ({ runs, progress }) => progress.finished === UNITS - 1 && runs.length > afterFanOut.length,
    'the cycle to hear of 29 finished units over new runs',
    60_000,
  );
  // The new run still knows the cycle is paused: pausing again is refused, resuming is accepted.
  const again = await pause(true);
  expect(again.status).toBe(409);
  expect(again.json.error.message).toMatch(/already paused/);
  expect((await pause(false)).status).toBe(200);

  expect(
    (await api.call('POST', `/api/assessments/${last!.id}/cancel`, { by: 'admin@test', reason: '退出竞赛' }))
      .status,
  ).toBe(204);
  // Every unit was cancelled, so the year ends as cancelled (no ranks, no year-end bulletin of blanks).
  const done = await api.waitForCycle(cycleId, 'CANCELLED', 90_000);
  expect(done.cycle.completedAt).not.toBeNull();

  await temporal.workflow.getHandle(workflowId).result();
  const runs = await cycleRuns(workflowId);
  expect(runs.length).toBeGreaterThanOrEqual(unitsFinished.length);
  expect(runs.slice(0, -1).every((r) => r.status === 'CONTINUED_AS_NEW')).toBe(true);
  expect(runs.at(-1)!.status).toBe('COMPLETED');
  // Bounded: no run holds much more than the limit, while all runs together hold several times it.
  for (const r of runs) expect(r.events).toBeLessThan(SUGGEST_AFTER_EVENTS * 2);
  expect(runs.reduce((n, r) => n + r.events, 0)).toBeGreaterThan(SUGGEST_AFTER_EVENTS * 3);
  expect(await db.assessment.count({ where: { cycleId, status: 'CANCELLED' } })).toBe(UNITS);
});
