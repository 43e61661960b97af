/** A workflow through the real Temporal dev server, a real worker and its activity on real PostgreSQL. */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { pingWorkflow } from '../workflows';
import { loadConfig } from '../stack/config';
import { migrateAndSeed } from '../stack/migrate';
import { startWorker, type RunningWorker } from '../stack/worker';
import { quietLog, startServers, type TestDatabase, type TestTemporal } from './support/servers';

Runtime.install({ logger: new DefaultLogger('WARN') });

describe('Temporal dev server round trip', () => {
  let database: TestDatabase;
  let temporal: TestTemporal;
  let worker: RunningWorker;
  let connection: Connection;
  const taskQueue = `ping-${process.pid}`;

  beforeAll(async () => {
    [database, temporal] = await startServers();
    await migrateAndSeed(database.url, false, quietLog);
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    worker = await startWorker(config, quietLog);
    connection = await Connection.connect({ address: temporal.address });
  });
  afterAll(async () => {
    await connection?.close();
    await worker?.shutdown();
    await temporal?.stop();
    await database?.stop();
  });

  it('runs a workflow whose activity reads the database clock', async () => {
    const client = new Client({ connection });
    const before = Date.now();
    const result = await client.workflow.execute(pingWorkflow, {
      taskQueue,
      workflowId: `ping-${Date.now()}`,
      args: ['你好'],
    });
    expect(result.message).toBe('你好');
    const dbTime = Date.parse(result.databaseTime);
    expect(dbTime).toBeGreaterThanOrEqual(before - 5000);
    expect(dbTime).toBeLessThanOrEqual(Date.now() + 5000);
  });

  it('records the worker heartbeat that /healthz reads', async () => {
    const { createDb } = await import('../stores/db');
    const { liveWorkers } = await import('../stores/health/heartbeat');
    const db = createDb(database.url, 1);
    try {
      expect((await liveWorkers(db, taskQueue)).map((w) => w.identity)).toEqual([worker.identity]);
    } finally {
      await db.$disconnect();
    }
  });
});
