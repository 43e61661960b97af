/**
 * Starting a cycle for N units: units started per second (the cycle's fan-out) and the time until every unit is
 * waiting for its plan, against the rate of starting N trivial workflows with the same concurrency, server and
 * worker in the same run (the baseline from the bench's client, the fan-out from the worker's). Each is timed on
 * an idle worker. Last line: `cycle-start units=N rate=R/s trivial=T/s ratio=X`.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startCycle } from '../stores/cycle/store';
import { createDb, type Db } from '../stores/db';
import { loadConfig } from '../stack/config';
import { migrateAndSeed } from '../stack/migrate';
import { startWorker } from '../stack/worker';
import { shanghaiIn } from '../test/support/cycle-fixture';
import { MailCatcher } from '../stack/mail-catcher';
import { freePort, quietLog, startServers, tempDir } from '../test/support/servers';
import { generateFederation } from './fixture-tree';
import { inPool } from './pool';

/** The fan-out starts workflows 32 at a time (activities/cycle/runner.ts); the baseline does the same. */
const CONCURRENCY = 32;

export async function startTrivial(
  client: Client,
  taskQueue: string,
  n: number,
  prefix: string,
): Promise<number> {
  const started = performance.now();
  await inPool(n, CONCURRENCY, async (i) => {
    await client.workflow.start('trivialWorkflow', { taskQueue, workflowId: `${prefix}-${i}`, args: [] });
  });
  return performance.now() - started;
}

/**
 * When the worker had run the last of these workflows' first tasks (its due-date timers set), from the times the
 * server recorded in their histories: read after the run, so reading them does not slow what is measured.
 */
export async function lastFirstTaskCompleted(client: Client, workflowIds: string[]): Promise<number> {
  let latest = 0;
  await inPool(workflowIds.length, CONCURRENCY, async (i) => {
    for (;;) {
      const history = await client.workflow.getHandle(workflowIds[i]!).fetchHistory();
      const done = history.events?.find((e) => e.workflowTaskCompletedEventAttributes);
      if (done?.eventTime) {
        const { seconds, nanos } = done.eventTime;
        latest = Math.max(latest, Number(String(seconds)) * 1000 + Math.floor((nanos ?? 0) / 1e6));
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  return latest;
}

const DAY = 86_400_000;

/** Due dates ahead of now, as in a year just started (a past due date would measure escalations instead). */
export function futureCalendar() {
  return {
    planSubmission: { due: shanghaiIn(30 * DAY) },
    targetSetting: { due: shanghaiIn(60 * DAY) },
    checks: [1, 2, 3, 4].map((q) => ({
      label: `Q${q}`,
      asOf: shanghaiIn((60 + 90 * q) * DAY - DAY),
      due: shanghaiIn((60 + 90 * q) * DAY),
    })),
    evaluation: { due: shanghaiIn(440 * DAY) },
  };
}

/**
 * Starts a cycle of the built-in plan over the tree under `rootCode` (due dates ahead), waits until the projection
 * shows every unit waiting for its plan, and lists when the server started each unit workflow, earliest first.
 * Only the projection is polled meanwhile: querying the cycle workflow mid-run would wait for a worker.
 */
export async function startBenchCycle(
  db: Db,
  client: Client,
  target: { taskQueue: string; batchSize: number },
  rootCode: string,
  pollMs = 250,
) {
  const plan = await db.plan.findFirstOrThrow({ where: { isBuiltIn: true } });
  const t0 = performance.now();
  const t0Wall = Date.now();
  const cycle = await startCycle(db, client, target, {
    plan: plan.code,
    year: plan.periodStart,
    units: { under: rootCode },
    calendar: futureCalendar(),
    decisionPolicy: { kind: 'MAJORITY' },
    startedBy: 'bench',
  });
  let projectedMs = 0;
  for (;;) {
    const waiting = await db.assessment.count({
      where: { cycleId: cycle.id, step: 'plan', status: 'WAITING_SUBMISSION' },
    });
    if (waiting >= cycle.units) {
      projectedMs = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const starts: Array<{ id: string; at: number }> = [];
  while (starts.length < cycle.units) {
    starts.length = 0;
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'unitAssessmentWorkflow'` }))
      starts.push({ id: wf.workflowId, at: wf.startTime.getTime() });
  }
  starts.sort((a, b) => a.at - b.at);
  return { cycle, t0Wall, projectedMs, starts };
}

export async function runCycleStartBench(args: Map<string, string>): Promise<void> {
  const units = Number(args.get('units') ?? 2000);
  if (!Number.isInteger(units) || units < 1) throw new Error('--units must be a positive whole number');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

  const [database, temporal] = await startServers();
  const taskQueue = 'bench';
  // The embedded defaults of `npm start`: invitations go to the local mailbox, once each. (Without a mail server
  // the sender would retry every invitation with backoff all through the run, a cost no installation has.)
  const mailDir = tempDir('bench-mail');
  const mailPort = await freePort();
  const catcher = new MailCatcher({ port: mailPort, dir: mailDir, log: quietLog });
  await catcher.start();
  try {
    await migrateAndSeed(database.url, false, quietLog);
    const db = createDb(database.url, 8);
    const { rootCode } = await generateFederation(db, units);
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(await freePort()),
      TEMPORAL_TASK_QUEUE: taskQueue,
      MAILBOX_SMTP_PORT: String(mailPort),
      DATA_DIR: mailDir,
    });
    const worker = await startWorker(config, quietLog);
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    try {
      await startTrivial(client, taskQueue, Math.min(200, units), 'warmup');
      const trivialMs = await startTrivial(client, taskQueue, units, 'trivial');
      const trivialRate = units / (trivialMs / 1000);
      log(
        `trivial: ${units} workflows started in ${(trivialMs / 1000).toFixed(2)} s (${trivialRate.toFixed(0)}/s)`,
      );

      // The worker finishes the baseline's workflows before the cycle starts. Timing the cycle over that backlog
      // (the worker completes trivial workflows more slowly than the server accepts them) charged the cycle with
      // the baseline's own work, and the faster the baseline, the more.
      const drainStarted = performance.now();
      const trivialTotal = Math.min(200, units) + units;
      for (;;) {
        const { count } = await client.workflow.count(
          `WorkflowType = 'trivialWorkflow' AND ExecutionStatus = 'Completed'`,
        );
        if (count >= trivialTotal) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      log(
        `the worker finished the trivial workflows ${((performance.now() - drainStarted) / 1000).toFixed(2)} s later`,
      );

      const { cycle, t0Wall, projectedMs, starts } = await startBenchCycle(
        db,
        client,
        { taskQueue, batchSize: config.cycleBatchSize },
        rootCode,
      );
      const lastStart = starts[starts.length - 1]!.at;
      const unitIds = starts.map((u) => u.id);
      const startedMs = lastStart - t0Wall;
      const rate = cycle.units / (startedMs / 1000);
      const waitingMs = Math.max(projectedMs, (await lastFirstTaskCompleted(client, unitIds)) - t0Wall);
      log(
        `cycle: ${cycle.units} unit workflows started in ${(startedMs / 1000).toFixed(2)} s (${rate.toFixed(0)}/s); the projection showed every unit waiting for its plan after ${(projectedMs / 1000).toFixed(2)} s, and every unit workflow was waiting for it (first task run, due-date timers set) after ${(waitingMs / 1000).toFixed(2)} s`,
      );
      process.stdout.write(
        `cycle-start units=${cycle.units} rate=${rate.toFixed(1)}/s trivial=${trivialRate.toFixed(1)}/s ratio=${(rate / trivialRate).toFixed(2)}\n`,
      );
    } finally {
      await connection.close();
      await worker.shutdown();
      await db.$disconnect();
    }
  } finally {
    await catcher.stop();
    fs.rmSync(mailDir, { recursive: true, force: true });
    await temporal.stop();
    await database.stop();
  }
}
