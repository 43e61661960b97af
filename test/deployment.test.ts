/**
 * A year across deployments: a cycle starts on one build; mid-year its workers stop and workers of a later build
 * take over, whose unit workflow has an added step (a timer and an activity) after target setting, guarded by
 * `patched()`. A unit already past that point keeps its history's path; a unit not yet there takes the new step;
 * a cycle started after the deployment takes it too; all finish. The recorded history of the unit that ran on
 * both builds replays on the later build, and fails on a build that made the same change without the guard.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { startWorker, type RunningWorker } from '../stack/worker';
import { planPayload } from './support/api-client';
import { shanghaiIn } from './support/cycle-fixture';
import { nextBuild } from './support/next-build';
import { quietLog } from './support/servers';
import { startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

let stack: TestStack;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'deployment-test', worker: false });
}, 120_000);

afterAll(async () => {
  await worker?.shutdown();
  await stack?.stop();
});

async function startCycle(year: number, codes: string[]) {
  const started = Date.now();
  const res = await stack.client.call('POST', '/api/cycles', {
    plan: 'test-2026-2030',
    year,
    units: { codes },
    calendar: {
      planSubmission: { due: shanghaiIn(120_000, started), reminders: [] },
      targetSetting: { due: shanghaiIn(130_000, started), reminders: [] },
      checks: [
        { label: '全年', asOf: shanghaiIn(2_000, started), due: shanghaiIn(140_000, started), reminders: [] },
      ],
      evaluation: { due: shanghaiIn(150_000, started), reminders: [] },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(res.status).toBe(201);
  return res.json.cycle.id as string;
}

/** Acts a unit's steps from `from` up to (not including) `until`, through the API. */
async function act(code: string, year: number, contact: string, from: string, until: string | null) {
  const { client, fixture: f } = stack;
  const steps = ['plan', 'targets', 'check-1', 'evaluation'];
  const id = (await client.until(code, year, from, 'WAITING_SUBMISSION', 60_000)).assessmentId as string;
  const scorers = code === 'c.a' ? [f.chair, f.m1, f.m2] : [f.chair, f.m1, f.m2, f.m3];
  for (const step of steps.slice(steps.indexOf(from), until ? steps.indexOf(until) : undefined)) {
    await client.until(code, year, step, 'WAITING_SUBMISSION', 60_000);
    const payload =
      step === 'plan'
        ? planPayload(`${code}方案`)
        : step === 'targets'
          ? { targets: { 'a.count': 40, 'b.share': 50 } }
          : {
              figures: { 'a.count': { value: 40 }, 'b.share': { value: 50 } },
              ...(step === 'evaluation' ? { selfAssessment: '完成' } : {}),
            };
    expect((await client.submit(id, step, payload, contact)).status).toBe(201);
    if (step === 'evaluation') {
      await client.until(code, year, 'scoring', 'WAITING_DECISION', 60_000);
      for (const personId of scorers)
        expect(
          (await client.call('POST', `/api/assessments/${id}/scores`, { personId, scores: { x: 80, y: 80 } }))
            .status,
        ).toBe(201);
      await client.until(code, year, 'confirmation', 'WAITING_DECISION', 60_000);
      expect((await client.vote(id, 'confirmation', f.chair, 'APPROVE')).status).toBe(201);
    } else {
      await client.until(code, year, step, 'WAITING_DECISION', 60_000);
      expect(
        (await client.vote(id, step, f.chair, step.startsWith('check') ? 'ACKNOWLEDGE' : 'APPROVE')).status,
      ).toBe(201);
    }
  }
  return id;
}

const settled = async (assessmentId: string) =>
  stack.db.auditLog.count({ where: { action: 'assessment.targetsSettled', subjectId: assessmentId } });

it('keeps every unit correct when a later build takes over mid-year, and its guard is what makes that so', async () => {
  const { fixture: f, config, db } = stack;
  const [guarded, unguarded] = await Promise.all([nextBuild('next'), nextBuild('next-unguarded', false)]);
  worker = await startWorker(config, quietLog);
  const first = await startCycle(2026, ['c.a', 'c.b']);
  // On the first build: c.a past target setting, c.b only through its plan.
  const a = await act('c.a', 2026, f.a.contact, 'plan', 'check-1');
  const b = await act('c.b', 2026, f.b.contact, 'plan', 'targets');

  // The deployment: the old workers stop, the later build's take the queue.
  await worker.shutdown();
  worker = await startWorker(config, quietLog, { workflowBundle: guarded });
  await act('c.a', 2026, f.a.contact, 'check-1', null);
  await act('c.b', 2026, f.b.contact, 'targets', null);
  await stack.client.waitForCycle(first, 'COMPLETED', 120_000);
  const results = await db.assessment.findMany({
    where: { cycleId: first },
    select: { status: true, score: true },
  });
  expect(results.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
  expect(results.every((r) => r.score !== null)).toBe(true);
  // c.a had passed the point on the old build: no new step; c.b reached it on the new build: the new step ran.
  expect([await settled(a), await settled(b)]).toEqual([0, 1]);

  // A cycle started after the deployment runs the new step.
  const second = await startCycle(2027, ['c.a.g']);
  const g = await act('c.a.g', 2027, f.g.contact, 'plan', null);
  await stack.client.waitForCycle(second, 'COMPLETED', 120_000);
  expect(await settled(g)).toBe(1);

  // c.a's whole history (started on the old build, finished on the new) replays on the new build, and would
  // have broken a build that added the step without the guard.
  const connection = await Connection.connect({ address: stack.temporal.address });
  try {
    const client = new Client({ connection });
    const workflowId = (await db.assessment.findUniqueOrThrow({ where: { id: a } })).workflowId;
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: guarded, replayName: 'guarded' }, history, workflowId);
    await expect(
      Worker.runReplayHistory({ workflowBundle: unguarded, replayName: 'unguarded' }, history, workflowId),
    ).rejects.toThrow(/[Nn]ondeterminism|DeterminismViolation/);
  } finally {
    await connection.close();
  }
}, 600_000);
