/**
 * Stopping the processes the supervisor starts, and the servers it recorded in pid files, so that a run killed with SIGKILL (which cannot clean up)
 * does not leave a PostgreSQL or Temporal server holding the ports for the next `npm start`.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';

export function writePidFile(file: string, pid: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${pid}\n`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * If the pid file names a live process whose command line mentions `marker` (its data path), it is ours from an
 * earlier run: stop it. A recycled pid belonging to something else is left alone.
 */
export async function reclaimOrphan(
  file: string,
  marker: string,
  signal: NodeJS.Signals,
  log: Logger,
): Promise<void> {
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  fs.rmSync(file, { force: true });
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return;
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return;
  }
  if (!cmdline.includes(marker)) return;
  log.warn(`stopping a server left running by an earlier run (pid ${pid})`);
  process.kill(pid, signal);
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * Asks a child process to stop with `signal` and waits for it; after `timeoutMs` it is killed. Resolves at once for
 * a child that has already exited.
 */
export async function terminate(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
  timeoutMs: number,
  onForce?: () => void,
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => {
    onForce?.();
    child.kill('SIGKILL');
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
}
