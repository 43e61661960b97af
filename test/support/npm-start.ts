/** `npm start` run by a test as a terminal would run it, and waiting on what it prints or serves. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function npmStart(env: NodeJS.ProcessEnv): Started {
  const { DATABASE_URL: _d, TEMPORAL_ADDRESS: _t, ...base } = process.env;
  // The command behind `npm start` (npm itself exits by re-raising SIGINT, hiding the supervisor's exit code), in
  // its own process group, so the test can send SIGINT to the whole group exactly as a terminal's Ctrl-C does.
  const script = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts.start;
  const [bin, ...args] = script.split(' ');
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', bin!), args, {
    cwd: ROOT,
    env: { ...base, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
}
