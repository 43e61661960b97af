/**
 * The bulletin schedule through the real Temporal dev server: a cycle started with `bulletins.every` gets a
 * Temporal Schedule, which issues one bulletin per period; the worker is stopped across two periods and started
 * again, and no period is skipped or issued twice.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startWorker, type RunningWorker } from '../stack/worker';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { quietLog } from './support/servers';
import { startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const EVERY_S = 3;
let stack: TestStack;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'bulletin-schedule-test', worker: true });
  worker = stack.worker;
}, 120_000);

afterAll(async () => {
  // The stack stops the worker it started; a restarted one is this test's to stop.
  if (worker !== stack?.worker) await worker?.shutdown();
  await stack?.stop();
});

async function bulletins(cycleId: string) {
  return stack.db.document.findMany({
    where: { cycleId, kind: 'BULLETIN' },
    orderBy: { periodKey: 'asc' },
    select: { periodKey: true, number: true },
  });
}

async function waitForBulletins(cycleId: string, n: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await bulletins(cycleId);
    if (list.length >= n) return list;
    if (Date.now() > deadline)
      throw new Error(`only ${list.length} of ${n} bulletins: ${JSON.stringify(list)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('issues one bulletin per period, none skipped or doubled across a worker restart', async () => {
  const day = 86_400_000;
  const body = {
    plan: PLAN_CODE,
    year: YEAR,
    units: { under: 'c' },
    calendar: {
      planSubmission: { due: shanghaiIn(30 * day) },
      targetSetting: { due: shanghaiIn(60 * day) },
      checks: [{ label: 'Q4', asOf: shanghaiIn(61 * day), due: shanghaiIn(90 * day) }],
      evaluation: { due: shanghaiIn(120 * day) },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
    bulletins: { every: `${EVERY_S}s` },
  };
  const bad = await stack.client.call('POST', '/api/cycles', { ...body, bulletins: { every: 'weekly' } });
  expect(bad.status).toBe(422);
  expect(await stack.db.cycle.count()).toBe(0);

  const started = await stack.client.call('POST', '/api/cycles', body);
  expect(started.status).toBe(201);
  const cycleId: string = started.json.cycle.id;
  expect(started.json.bulletinSchedule).toBe(`bulletins-${cycleId}`);
  // Starting the same year again keeps the one schedule.
  expect((await stack.client.call('POST', '/api/cycles', body)).status).toBe(200);

  await waitForBulletins(cycleId, 2);
  await worker!.shutdown();
  const beforeRestart = (await bulletins(cycleId)).length;
  await new Promise((r) => setTimeout(r, 2.5 * EVERY_S * 1000));
  expect((await bulletins(cycleId)).length).toBe(beforeRestart);
  worker = await startWorker(stack.config, quietLog);
  const list = await waitForBulletins(cycleId, beforeRestart + 4);

  const times = list.map((b) => Date.parse(b.periodKey.replace(/^t-/, '')));
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(EVERY_S * 1000);
  expect(list.map((b) => b.number).sort((a, b) => a! - b!)).toEqual(list.map((_, i) => i + 1));
});
