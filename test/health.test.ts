/** /healthz is red, naming the part, whenever Temporal, the database or every worker is down. */
import { createDb } from '../stores/db';
import { startApi, type RunningApi } from '../stack/api';
import { loadConfig } from '../stack/config';
import { migrateAndSeed } from '../stack/migrate';
import { freePort, quietLog, startEmbeddedPostgres } from './support/servers';

type Health = { status: string; checks: Record<string, { ok: boolean; error?: string }> };

async function health(api: RunningApi): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${api.url}/healthz`);
  return { code: res.status, body: (await res.json()) as Health };
}

it('reports each part that is down, with a 503', async () => {
  const database = await startEmbeddedPostgres();
  const deadTemporal = `127.0.0.1:${await freePort()}`;
  const config = loadConfig({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: deadTemporal,
    PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: 'health-test',
  });
  let api: RunningApi | undefined;
  try {
    await migrateAndSeed(database.url, false, quietLog);
    api = await startApi(config, quietLog);

    let h = await health(api);
    expect(h.code).toBe(503);
    expect(h.body.status).toBe('down');
    expect(h.body.checks.database).toMatchObject({ ok: true });
    expect(h.body.checks.temporal!.ok).toBe(false);
    expect(h.body.checks.worker).toMatchObject({
      ok: false,
      error: 'no worker has polled task queue "health-test" recently',
    });

    const db = createDb(database.url, 1);
    const now = new Date();
    await db.workerHeartbeat.create({
      data: {
        identity: 'w1',
        taskQueue: 'health-test',
        hostname: 'h',
        pid: 1,
        startedAt: now,
        lastSeenAt: now,
      },
    });
    await db.$disconnect();
    h = await health(api);
    expect(h.body.checks.worker!.ok).toBe(true);
    expect(h.code).toBe(503);

    await database.server.stop();
    h = await health(api);
    expect(h.code).toBe(503);
    expect(h.body.checks.database!.ok).toBe(false);
    expect(h.body.checks.worker).toMatchObject({ ok: false, error: 'unknown: the database is down' });

    const home = await fetch(`${api.url}/`, { redirect: 'manual' });
    expect([home.status, home.headers.get('location')]).toEqual([303, '/admin']);
    expect((await fetch(`${api.url}/favicon.ico`)).status).toBe(204);

    const missing = await fetch(`${api.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /nowhere. See README.md for the API.' },
    });
  } finally {
    await api?.close();
    await database.stop();
  }
}, 120_000);
