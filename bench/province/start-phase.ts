/**
 * Start: the cycle's fan-out over every unit, until each unit's workflow waits on its first step (the projection
 * says so and the workflow's first task has run), against N trivial workflows started and completed by the same
 * workers. Both timed on idle workers.
 */
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../stack/config';
import { lastFirstTaskCompleted, startBenchCycle, startTrivial } from '../cycle-start';
import { ProvinceStack } from './stack';

/** Histories read to find when the last first task ran: all of them up to this many, else the latest started. */
const HISTORIES_READ = 20_000;

export interface StartResult {
  cycleId: string;
  units: number;
  trivialMs: number;
  fanOutMs: number;
  waitingMs: number;
  historiesRead: number;
}

async function completedTrivial(client: Client): Promise<number> {
  const { count } = await client.workflow.count(
    `WorkflowType = 'trivialWorkflow' AND ExecutionStatus = 'Completed'`,
  );
  return count;
}

/** The trivial baseline runs at most this many workflows and is scaled to N: its rate is steady long before. */
const TRIVIAL_MAX = 20_000;

/** The time N trivial workflows take to be started and completed, and how many were run to tell. */
async function trivialBaseline(client: Client, n: number): Promise<{ ms: number; ran: number }> {
  const { taskQueue } = ProvinceStack;
  await startTrivial(client, taskQueue, 200, 'warmup');
  while ((await completedTrivial(client)) < 200) await new Promise((r) => setTimeout(r, 250));
  const ran = Math.min(n, TRIVIAL_MAX);
  const t0 = performance.now();
  await startTrivial(client, taskQueue, ran, 'trivial');
  while ((await completedTrivial(client)) < 200 + ran) await new Promise((r) => setTimeout(r, 250));
  return { ms: ((performance.now() - t0) * n) / ran, ran };
}

export async function startPhase(stack: ProvinceStack, rootCode: string, log: (m: string) => void) {
  const { db, client } = stack;
  const units = await db.organisation.count({ where: { parentId: { not: null } } });
  const trivial = await trivialBaseline(client, units);
  const trivialMs = trivial.ms;
  log(
    `trivial: ${units} workflows started and completed in ${(trivialMs / 1000).toFixed(1)} s${trivial.ran < units ? ` (${trivial.ran} run, scaled)` : ''}`,
  );

  const {
    cycle,
    t0Wall,
    projectedMs,
    starts: started,
  } = await startBenchCycle(
    db,
    client,
    {
      taskQueue: ProvinceStack.taskQueue,
      batchSize: loadConfig({ DATABASE_URL: stack.database.url }).cycleBatchSize,
    },
    rootCode,
    1000,
  );
  const fanOutMs = started[started.length - 1]!.at - t0Wall;
  const latest = started.slice(-HISTORIES_READ).map((s) => s.id);
  const waitingMs = Math.max(projectedMs, (await lastFirstTaskCompleted(client, latest)) - t0Wall);
  log(
    `cycle: ${cycle.units} units started in ${(fanOutMs / 1000).toFixed(1)} s; the projection showed all waiting after ${(projectedMs / 1000).toFixed(1)} s, every workflow had run its first task after ${(waitingMs / 1000).toFixed(1)} s (${latest.length} latest-started histories read)`,
  );
  return {
    cycleId: cycle.id,
    units: cycle.units,
    trivialMs,
    fanOutMs,
    waitingMs,
    historiesRead: latest.length,
  } satisfies StartResult;
}
