/**
 * The whole system for an integration test, on real servers: embedded PostgreSQL (migrated), a Temporal dev
 * server, the API and optionally an in-process worker, with the cycle fixture seeded.
 */
import { createAdmin, createApiToken } from '../../stores/admins/admins';
import { createDb, type Db } from '../../stores/db';
import { startApi, type RunningApi } from '../../stack/api';
import { loadConfig } from '../../stack/config';
import { migrateAndSeed } from '../../stack/migrate';
import type { DevServerOptions } from '../../stack/temporal-dev-server';
import { startWorker, type RunningWorker } from '../../stack/worker';
import { ApiClient } from './api-client';
import { seedCycleFixture } from './cycle-fixture';
import { freePort, quietLog, startServers, type TestDatabase, type TestTemporal } from './servers';

export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestStack {
  database: TestDatabase;
  temporal: TestTemporal;
  db: Db;
  api: RunningApi;
  client: ApiClient;
  fixture: Awaited<ReturnType<typeof seedCycleFixture>>;
  config: ReturnType<typeof loadConfig>;
  /** An API token of the admin the stack creates (admin@test.example, password ADMIN_PASSWORD). */
  adminToken: string;
  worker?: RunningWorker;
  stop(): Promise<void>;
}

export async function startTestStack(opts: {
  taskQueue: string;
  worker: boolean;
  /** More environment for the API and worker, e.g. SMTP_URL of a test peer. */
  env?: NodeJS.ProcessEnv;
  /** Settings of the Temporal dev server, e.g. a low history limit. */
  temporalConfig?: DevServerOptions['dynamicConfig'];
}): Promise<TestStack> {
  const [database, temporal] = await startServers(opts.temporalConfig);
  // What has started so far, stopped in reverse order if a later step fails or when the test is done.
  const started: Array<() => Promise<unknown>> = [() => database.stop(), () => temporal.stop()];
  const stopAll = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    await migrateAndSeed(database.url, false, quietLog);
    const db = createDb(database.url, 4);
    started.push(() => db.$disconnect());
    const fixture = await seedCycleFixture(db);
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(await freePort()),
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      // Without a peer of its own, a test's mail goes nowhere (port 9 discards) and is simply retried.
      SMTP_URL: 'smtp://127.0.0.1:9',
      // A test plays every person from one address: the per-address rate limits are the rate-limit test's subject.
      RATE_LIMIT_PER_MINUTE: '100000',
      ...opts.env,
    });
    const worker = opts.worker ? await startWorker(config, quietLog) : undefined;
    if (worker) started.push(() => worker.shutdown());
    const api = await startApi(config, quietLog);
    started.push(() => api.close());
    const admin = await createAdmin(db, {
      email: 'admin@test.example',
      name: 'Test admin',
      password: ADMIN_PASSWORD,
    });
    const { token } = await createApiToken(db, admin.id, 'tests');
    return {
      database,
      temporal,
      db,
      api,
      client: new ApiClient(api.url, token),
      adminToken: token,
      fixture,
      config,
      worker,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}
