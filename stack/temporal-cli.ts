/**
 * Finding the Temporal CLI (which contains the dev server) without downloading from a vendor site: an explicit
 * TEMPORAL_CLI_PATH, a `temporal` on PATH, a copy built earlier into the per-user cache, or one built now with
 * `go install` into that cache (shared by every clone). Only when none of these is possible does the caller fall
 * back to the SDK's own download, which needs internet access.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION } from './config';
import type { Logger } from './log';

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install' | 'sdk-download';

export interface TemporalCli {
  source: TemporalCliSource;
  /** Absent for 'sdk-download'. */
  path?: string;
  installMs?: number;
}

export class TemporalCliError extends Error {
  override name = 'TemporalCliError';
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  return envPath
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name))
    .find(isExecutable);
}

export async function resolveTemporalCli(opts: {
  cliPath?: string;
  cacheDir: string;
  log: Logger;
}): Promise<TemporalCli> {
  if (opts.cliPath) {
    if (!isExecutable(opts.cliPath)) {
      throw new TemporalCliError(
        `TEMPORAL_CLI_PATH=${opts.cliPath} is not an executable file; fix the path or unset it.`,
      );
    }
    return { source: 'TEMPORAL_CLI_PATH', path: opts.cliPath };
  }
  const onPath = findOnPath('temporal');
  if (onPath) return { source: 'PATH', path: onPath };
  const cached = path.join(opts.cacheDir, 'temporal');
  if (isExecutable(cached)) return { source: 'cache', path: cached };
  const go = findOnPath('go');
  if (go) {
    const started = Date.now();
    await goInstall(go, opts.cacheDir, opts.log);
    if (!isExecutable(cached)) throw new TemporalCliError(`go install finished but ${cached} is missing`);
    return { source: 'go install', path: cached, installMs: Date.now() - started };
  }
  return { source: 'sdk-download' };
}

async function goInstall(go: string, cacheDir: string, log: Logger): Promise<void> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const module = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
  log.info(
    `installing the Temporal CLI with "go install ${module}" into ${cacheDir} (first time only: a few minutes)`,
  );
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', module], {
      env: { ...process.env, GOBIN: cacheDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        log.debug(line);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new TemporalCliError(`go install ${module} failed (exit ${code}):\n${tail.join('\n')}`)),
    );
  });
}
