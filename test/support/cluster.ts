/**
 * Processes of a cluster as an operator runs them: `npm run worker` and `npm run api`, each started with only
 * environment variables, restarted (as systemd would) when it dies unless it is being stopped, its output kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { terminate } from '../../stack/orphans';

const ROOT = path.resolve(__dirname, '../..');

export class ClusterProcess {
  private child?: ChildProcess;
  private stopping = false;
  output = '';
  starts = 0;

  constructor(
    readonly name: string,
    private readonly script: 'worker' | 'api' | 'mailer',
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const entry = `stack/${this.script}-main.ts`;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.starts++;
    const keep = (c: Buffer) => (this.output += c.toString());
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', () => {
      if (!this.stopping) setTimeout(() => !this.stopping && this.start(), 2000);
    });
  }

  /** As a crash would: the process is gone at once; it comes back two seconds later. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await terminate(this.child, 'SIGTERM', 20_000);
  }

  /** As a deployment would: stopped gracefully, then started again at once. */
  async restart(): Promise<void> {
    await this.stop();
    this.stopping = false;
    this.start();
  }
}
