/** The worker as a separate process (`npm run worker`), so that a test can SIGKILL it and start another. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Db } from '../../stores/db';
import { liveWorkers } from '../../stores/health/heartbeat';

const ROOT = path.resolve(__dirname, '..', '..');

export class WorkerProcess {
  private child?: ChildProcess;

  constructor(
    private readonly db: Db,
    private readonly taskQueue: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts a worker and waits until its heartbeat says it polls the task queue. */
  async start(): Promise<void> {
    const before = new Set((await liveWorkers(this.db, this.taskQueue)).map((w) => w.identity));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'stack/worker-main.ts')], {
      cwd: ROOT,
      env: { ...process.env, TEMPORAL_TASK_QUEUE: this.taskQueue, LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.child = child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const live = await liveWorkers(this.db, this.taskQueue);
      if (live.some((w) => !before.has(w.identity) && w.pid === child.pid)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the worker process did not start');
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
