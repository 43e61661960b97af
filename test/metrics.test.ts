/**
 * Metrics for Prometheus: the API's `/metrics` only for the scraper holding METRICS_TOKEN (and absent without
 * one), with requests by route and status, link actions by outcome and the outbox read from PostgreSQL; a worker
 * started as `npm run worker` with WORKER_METRICS_ADDRESS serves the Temporal SDK's own metrics.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startApi } from '../stack/api';
import { terminate } from '../stack/orphans';
import { freePort, quietLog } from './support/servers';
import { startTestStack, type TestStack } from './support/test-stack';
import { waitFor } from './support/npm-start';

const TOKEN = 'metrics-scraper-token-0123456789';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'metrics-test', worker: false, env: { METRICS_TOKEN: TOKEN } });
}, 120_000);

afterAll(() => stack?.stop());

const scrape = (url: string, token?: string) =>
  fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

it('counts requests, link actions and the outbox for the scraper that holds the token', async () => {
  const { db } = stack;
  // Two messages waiting, the older due two minutes ago; one sent, one failed.
  const row = (key: string, status: 'PENDING' | 'SENT' | 'FAILED', dueAgoMs: number) =>
    db.outboxMessage.create({
      data: {
        idempotencyKey: key,
        kind: 'TEST',
        toEmail: 'x@test.example',
        subject: 's',
        html: 'h',
        text: 't',
        data: {},
        status,
        nextAttemptAt: new Date(Date.now() - dueAgoMs),
      },
    });
  await Promise.all([
    row('a', 'PENDING', 120_000),
    row('b', 'PENDING', 1000),
    row('c', 'SENT', 0),
    row('d', 'FAILED', 0),
  ]);
  expect((await stack.client.call('GET', '/api/outbox')).status).toBe(200);
  expect((await fetch(`${stack.api.url}/a/${'x'.repeat(43)}`, { method: 'POST' })).status).toBe(404);

  expect((await scrape(stack.api.url)).status).toBe(401);
  expect((await scrape(stack.api.url, 'not-the-token-but-as-long-as-it')).status).toBe(401);
  const res = await scrape(stack.api.url, TOKEN);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  expect(text).toMatch(
    /jingsai_http_request_duration_seconds_count\{method="GET",route="\/api\/outbox",status="200"\} 1/,
  );
  expect(text).toMatch(
    /jingsai_http_request_duration_seconds_bucket\{le="0.5",method="GET",route="\/api\/outbox",status="200"\} 1/,
  );
  expect(text).toContain('jingsai_link_actions_total{outcome="refused"} 1');
  expect(text).toContain('jingsai_outbox_messages{status="PENDING"} 2');
  expect(text).toContain('jingsai_outbox_messages{status="SENT"} 1');
  expect(text).toContain('jingsai_outbox_messages{status="FAILED"} 1');
  const age = Number(/^jingsai_outbox_oldest_due_age_seconds (\S+)$/m.exec(text)![1]);
  expect(age).toBeGreaterThanOrEqual(120);
  expect(age).toBeLessThan(180);

  // Without a token configured there is nothing to scrape.
  const open = await startApi({ ...stack.config, port: await freePort(), metrics: {} }, quietLog);
  try {
    expect((await scrape(open.url, TOKEN)).status).toBe(404);
  } finally {
    await open.close();
  }
});

it("serves the worker's own metrics through the Temporal SDK's exporter", async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const root = path.resolve(__dirname, '..');
  let out = '';
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'stack/worker-main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: stack.config.database.url,
      TEMPORAL_ADDRESS: stack.config.temporal.address,
      TEMPORAL_TASK_QUEUE: 'metrics-test',
      SMTP_URL: 'smtp://127.0.0.1:9',
      WORKER_METRICS_ADDRESS: address,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  worker.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  worker.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  try {
    let text = '';
    await waitFor(
      async () => {
        text = await fetch(`http://${address}/metrics`)
          .then((r) => r.text())
          .catch(() => '');
        return /temporal_worker_task_slots_available\{[^}]*task_queue="metrics-test"/.test(text);
      },
      60_000,
      "the worker's metrics",
      () => out,
    );
    expect(text).toMatch(/temporal_request\{[^}]*operation="PollWorkflowTaskQueue"|temporal_long_request/);
  } finally {
    await terminate(worker, 'SIGTERM', 20_000);
  }
});
