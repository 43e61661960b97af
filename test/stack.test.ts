/**
 * `npm start` for real: the whole embedded stack boots, /healthz goes green, Ctrl-C stops every process it
 * started, and a second start reuses the data. Also the start-up refusals a new user meets first.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isAlive } from '../stack/orphans';
import { isPortFree } from '../stack/ports';
import { freePort, tempDir } from './support/servers';
import { npmStart, waitFor } from './support/npm-start';

function pidsIn(output: string): number[] {
  return [...output.matchAll(/\(pid (\d+)/g)].map((m) => Number(m[1]));
}

describe('npm start (embedded stack)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: number[];

  beforeAll(async () => {
    dataDir = tempDir('stack');
    ports = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const [api, pg, temporal, ui, mailbox] = ports;
    env = {
      DATA_DIR: dataDir,
      PORT: String(api),
      EMBEDDED_PG_PORT: String(pg),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: String(ui),
      MAILBOX_SMTP_PORT: String(mailbox),
      LOG_LEVEL: 'info',
    };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function bootAndStop(): Promise<string> {
    const run = npmStart(env);
    try {
      await waitFor(() => run.output().includes('jingsai is running'), 150_000, 'the banner', run.output);
      const res = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
      expect(res.status).toBe(200);
      const health = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
      expect(health.status).toBe('ok');
      expect(Object.fromEntries(Object.entries(health.checks).map(([k, v]) => [k, v.ok]))).toEqual({
        database: true,
        temporal: true,
        worker: true,
      });
      expect(run.output()).toContain(`Temporal UI:     http://localhost:${env.TEMPORAL_UI_PORT}`);
      const uiRes = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`);
      expect(uiRes.status).toBe(200);
      expect(run.output()).toContain(`local mailbox at http://localhost:${env.PORT}/mailbox`);
      const mailbox = await fetch(`http://127.0.0.1:${env.PORT}/mailbox`);
      expect(mailbox.status).toBe(200);
      expect(await mailbox.text()).toContain('本地邮箱');
      // Its mails hold every link token: the banner says what it is for, and only this user reads the files.
      expect(run.output()).toContain('the mailbox shows every link of every mail');
      expect(fs.statSync(path.join(dataDir, 'mailbox')).mode & 0o777).toBe(0o700);
    } finally {
      process.kill(-run.child.pid!, 'SIGINT');
    }
    expect(await run.exited).toBe(0);
    const pids = pidsIn(run.output());
    expect(pids.length).toBe(4); // PostgreSQL, Temporal, worker, API
    await waitFor(() => pids.every((p) => !isAlive(p)), 10_000, 'every process to exit', run.output);
    for (const port of ports) expect(await isPortFree(port)).toBe(true);
    return run.output();
  }

  it('boots to a green /healthz and stops every process on Ctrl-C', async () => {
    const out = await bootAndStop();
    expect(out).toMatch(/Temporal CLI: .* — from (TEMPORAL_CLI_PATH|PATH|cache|go install)/);
    expect(out).toContain('seed: built-in plan created, 19 demo organisations created');
  }, 200_000);

  it('reuses the data on a second start: nothing lost, nothing seeded twice', async () => {
    const out = await bootAndStop();
    expect(out).toContain('database schema up to date');
    expect(out).toContain('seed: built-in plan already present, 0 demo organisations created');
  }, 200_000);

  it('names the variable to change when a port is taken, and starts nothing', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(Number(env.PORT), '127.0.0.1', () => r()));
    try {
      const run = npmStart(env);
      expect(await run.exited).not.toBe(0);
      expect(run.output()).toContain(
        `Port ${env.PORT} (the API) is already in use. Stop whatever uses it, or set PORT to a free port.`,
      );
      expect(await isPortFree(Number(env.EMBEDDED_PG_PORT))).toBe(true);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('refuses a bad configuration value with the variable and what it expects', async () => {
    const run = npmStart({ ...env, PORT: 'eighty', TEMPORAL_TLS: 'maybe' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('PORT: expected a port number for the API (got "eighty")');
    expect(run.output()).toContain('TEMPORAL_TLS: expected true or false (got "maybe")');
  }, 60_000);
});
