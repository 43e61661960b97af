/** GET /healthz: database, Temporal and worker status as JSON; 503 when any part is down. */
import { Router } from 'express';
import type { Connection } from '@temporalio/client';
import type { Db } from '../stores/db';
import { liveWorkers, pingDatabase } from '../stores/health/heartbeat';

export interface HealthDeps {
  db: Db;
  temporal: Connection;
  namespace: string;
  taskQueue: string;
}

interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

const CHECK_TIMEOUT_MS = 3000;

async function timed(fn: () => Promise<Record<string, unknown>>): Promise<Check> {
  const started = Date.now();
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    return { ok: true, latencyMs: Date.now() - started, ...detail };
  } catch (err) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

export async function checkHealth(deps: HealthDeps) {
  const [database, temporal] = await Promise.all([
    timed(async () => {
      await pingDatabase(deps.db);
      return {};
    }),
    timed(async () => {
      // Bounded at the call itself: the client's retry loop would otherwise outlive the check.
      const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
      await deps.temporal.withAbortSignal(signal, () =>
        deps.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }),
        ),
      );
      return { namespace: deps.namespace };
    }),
  ]);
  const worker = database.ok
    ? await timed(async () => {
        const workers = await liveWorkers(deps.db, deps.taskQueue);
        if (workers.length === 0)
          throw new Error(`no worker has polled task queue "${deps.taskQueue}" recently`);
        return {
          taskQueue: deps.taskQueue,
          workers: workers.map((w) => ({ identity: w.identity, lastSeenAt: w.lastSeenAt })),
        };
      })
    : { ok: false, latencyMs: 0, error: 'unknown: the database is down' };
  const ok = database.ok && temporal.ok && worker.ok;
  return { status: ok ? 'ok' : 'down', checks: { database, temporal, worker } };
}

export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const report = await checkHealth(deps);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return router;
}
