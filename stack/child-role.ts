/**
 * A role (worker or API) run as a child process of the supervisor, restarted if it dies unexpectedly, so one
 * crash does not take the system down; a role that keeps dying gives up and stops everything with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './config';
import type { Logger } from './log';
import { terminate } from './orphans';

const MAX_RESTARTS_PER_MINUTE = 5;

export class ChildRole {
  private child?: ChildProcess;
  private stopping = false;
  private restarts: number[] = [];

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly onGiveUp: (reason: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, this.entry)], {
      cwd: PROJECT_ROOT,
      env: this.env,
      // Own process group: Ctrl-C reaches only the supervisor, which stops the roles in order. The IPC channel
      // closes if the supervisor dies, and the role then shuts itself down (stack/main.ts).
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    this.log.info(`${this.name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const now = Date.now();
      this.restarts = this.restarts.filter((t) => now - t < 60_000);
      if (this.restarts.length >= MAX_RESTARTS_PER_MINUTE) {
        this.onGiveUp(
          `the ${this.name} exited ${MAX_RESTARTS_PER_MINUTE} times within a minute (last: ${signal ?? `code ${code}`})`,
        );
        return;
      }
      this.restarts.push(now);
      this.log.warn(`the ${this.name} exited (${signal ?? `code ${code}`}); restarting it`);
      setTimeout(() => !this.stopping && this.start(), 1000);
    });
  }

  async stop(timeoutMs = 20_000): Promise<void> {
    this.stopping = true;
    await terminate(this.child, 'SIGTERM', timeoutMs, () =>
      this.log.warn(`the ${this.name} did not stop within ${timeoutMs} ms; killing it`),
    );
  }
}
