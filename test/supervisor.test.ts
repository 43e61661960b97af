/**
 * The supervisor of `npm start` keeps the stack up: each embedded part is killed in turn (PostgreSQL's
 * postmaster, the Temporal dev server, the worker six times in a row, the API) and is started again, with the wait
 * growing while a part keeps dying; meanwhile /healthz is red, the API keeps answering and a person following a
 * link gets a clear 503 page instead of a raw error; afterwards everything is green and Ctrl-C still stops it all.
 */
import { freePort, tempDir } from './support/servers';
import { npmStart, waitFor, type Started } from './support/npm-start';
import fs from 'node:fs';

let dataDir: string;
let run: Started;
let port: number;

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const health = async () => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
};

/** The pid the supervisor's log gave last for a part (it logs one at each start). */
function lastPid(pattern: RegExp): number {
  const all = [...run.output().matchAll(new RegExp(pattern, 'g'))];
  if (all.length === 0) throw new Error(`no ${pattern} in the output:\n${run.output()}`);
  return Number(all[all.length - 1]![1]);
}
const count = (text: string) => run.output().split(text).length - 1;

async function killAndRecover(what: string, pid: RegExp, back: string) {
  const before = count(back);
  process.kill(lastPid(pid), 'SIGKILL');
  await waitFor(() => count(back) > before, 90_000, `${what} to be started again`, run.output);
  await waitFor(async () => (await health()) === 200, 90_000, `/healthz green after ${what}`, run.output);
}

it('restarts every embedded part that dies, answers 503 meanwhile, and never takes the stack down', async () => {
  dataDir = tempDir('supervisor');
  port = await freePort();
  run = npmStart({
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    MAILBOX_SMTP_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  });
  try {
    await waitFor(() => run.output().includes('jingsai is running'), 150_000, 'the banner', run.output);

    // PostgreSQL dies: /healthz goes red, a link page says to try again later (503, Retry-After), then it is back.
    const pgBefore = count('PostgreSQL is running again');
    process.kill(lastPid(/PostgreSQL [\d.]+ ready on [\d.:]+ in \d+ ms \(pid (\d+)/), 'SIGKILL');
    // While it is down (a second's wait and its start-up) /healthz is red, and a person following a link is told
    // to try again later.
    await waitFor(
      async () => (await health()) === 503,
      10_000,
      '/healthz red without PostgreSQL',
      run.output,
    );
    let page: Response | undefined;
    await waitFor(
      async () => {
        page = await fetch(`http://127.0.0.1:${port}/a/${'x'.repeat(43)}`);
        return page.status === 503;
      },
      10_000,
      'a 503 page without PostgreSQL',
      run.output,
    );
    expect(page!.headers.get('retry-after')).toBe('10');
    expect(await page!.text()).toContain('暂时无法办理，请稍后再试');
    await waitFor(
      () => count('PostgreSQL is running again') > pgBefore,
      90_000,
      'PostgreSQL back',
      run.output,
    );
    await waitFor(async () => (await health()) === 200, 90_000, '/healthz green again', run.output);
    expect(run.output()).toMatch(/PostgreSQL exited \(SIGKILL\); restarting it in 1 s/);

    await killAndRecover(
      'the Temporal dev server',
      /Temporal dev server ready on [\d.:]+ in \d+ ms \(pid (\d+)/,
      'the Temporal dev server is running again',
    );
    expect(run.output()).toMatch(/the Temporal dev server exited \(SIGKILL\); restarting it in 1 s/);

    // The worker crash-loops: six deaths in a row are met with a growing wait, never with the stack stopping.
    for (let i = 0; i < 6; i++) {
      const before = count('worker started');
      process.kill(lastPid(/worker started \(pid (\d+)\)/), 'SIGKILL');
      await waitFor(() => count('worker started') > before, 60_000, `worker restart ${i + 1}`, run.output);
      // The API answers all along.
      expect((await fetch(`http://127.0.0.1:${port}/admin/sign-in`)).status).toBe(200);
    }
    expect(run.output()).toMatch(
      /restarting it in 1 s[\s\S]*restarting it in 2 s[\s\S]*restarting it in 4 s[\s\S]*restarting it in 8 s[\s\S]*restarting it in 16 s/,
    );
    await waitFor(
      async () => (await health()) === 200,
      90_000,
      '/healthz green after the worker',
      run.output,
    );

    await killAndRecover('the API', /API started \(pid (\d+)\)/, 'API started');
    expect(run.output()).not.toContain('stopping (');
  } finally {
    process.kill(-run.child.pid!, 'SIGINT');
  }
  expect(await run.exited).toBe(0);
}, 600_000);
