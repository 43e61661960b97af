/** Worker liveness in the database: each worker refreshes its row; /healthz counts rows seen recently. */
import os from 'node:os';
import type { Db } from '../db';

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_STALE_MS = 15_000;

export function startHeartbeat(
  db: Db,
  identity: string,
  taskQueue: string,
  onError: (err: unknown) => void,
): () => Promise<void> {
  const startedAt = new Date();
  const beat = async () => {
    const now = new Date();
    await db.workerHeartbeat.upsert({
      where: { identity },
      update: { lastSeenAt: now },
      create: { identity, taskQueue, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: now },
    });
  };
  let running = beat().catch(onError);
  const timer = setInterval(() => {
    running = beat().catch(onError);
  }, HEARTBEAT_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await running;
    await db.workerHeartbeat.deleteMany({ where: { identity } }).catch(onError);
  };
}

export async function liveWorkers(db: Db, taskQueue: string, now = new Date()) {
  return db.workerHeartbeat.findMany({
    where: { taskQueue, lastSeenAt: { gte: new Date(now.getTime() - HEARTBEAT_STALE_MS) } },
    orderBy: { lastSeenAt: 'desc' },
  });
}

/** Answers when the database does (a round trip, nothing read). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
