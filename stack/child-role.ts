/**
 * A role (worker or API) run as a child process of the supervisor, restarted whenever it dies unexpectedly, with
 * a growing wait while it keeps dying (stack/backoff.ts), so one crash-looping role never takes the rest down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './config';
import type { Logger } from './log';
import { RestartBackoff } from './backoff';
import { terminate } from './orphans';

export class ChildRole {
  private child?: ChildProcess;
  private stopping = false;
  private readonly backoff = new RestartBackoff();
  private timer?: NodeJS.Timeout;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
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
    this.backoff.up();
    this.log.info(`${this.name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const delay = this.backoff.next();
      this.log.warn(
        `the ${this.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s`,
      );
      this.timer = setTimeout(() => !this.stopping && this.start(), delay);
    });
  }

  async stop(timeoutMs = 20_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await terminate(this.child, 'SIGTERM', timeoutMs, () =>
      this.log.warn(`the ${this.name} did not stop within ${timeoutMs} ms; killing it`),
    );
  }
}
