/**
 * Rate limits on what anyone may open without signing in, shared by every API process through PostgreSQL: two
 * API processes on one database count one address's link-page requests together; past the limit the page says
 * when to try again (429, Retry-After); another address is not held up, nor is the admin API.
 */
import { startApi } from '../stack/api';
import { freePort, quietLog } from './support/servers';
import { startTestStack, type TestStack } from './support/test-stack';

let stack: TestStack;
let second: Awaited<ReturnType<typeof startApi>>;

beforeAll(async () => {
  stack = await startTestStack({
    taskQueue: 'rate-limit-test',
    worker: false,
    env: { RATE_LIMIT_PER_MINUTE: '10', TRUST_PROXY: 'loopback' },
  });
  second = await startApi({ ...stack.config, port: await freePort() }, quietLog);
}, 120_000);

afterAll(async () => {
  await second?.close();
  await stack?.stop();
});

const link = (base: string, from: string) =>
  fetch(`${base}/a/${'x'.repeat(43)}`, { headers: { 'x-forwarded-for': from } });

it('counts one address across API processes and tells a limited client when to try again', async () => {
  const statuses = [];
  for (let i = 0; i < 10; i++)
    statuses.push((await link(i % 2 ? second.url : stack.api.url, '198.51.100.40')).status);
  // An unknown link is a 404 page: counted, but not limited yet.
  expect(statuses).toEqual(Array(10).fill(404));
  const limited = await link(second.url, '198.51.100.40');
  expect(limited.status).toBe(429);
  const wait = Number(limited.headers.get('retry-after'));
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(60);
  expect(await limited.text()).toContain(`请求过于频繁，请于 ${wait} 秒后再试`);
  expect((await link(stack.api.url, '198.51.100.40')).status).toBe(429);
  // Another address, and the admin API, go on.
  expect((await link(stack.api.url, '198.51.100.41')).status).toBe(404);
  expect((await stack.client.call('GET', '/api/outbox')).status).toBe(200);
});
