/**
 * The embedded Temporal server: `temporal server start-dev` with its SQLite file under DATA_DIR/temporal, so
 * workflows survive restarts, and its Web UI. Where no CLI binary can be had, the SDK's own download is used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from './log';
import { reclaimOrphan, terminate, writePidFile } from './orphans';
import { waitForPort } from './ports';
import type { TemporalCli } from './temporal-cli';

export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log: Logger;
  /** Server settings such as `limit.historyCount.suggestContinueAsNew`, e.g. for a test to reach a limit soon. */
  dynamicConfig?: Record<string, number | string | boolean>;
}

export class TemporalDevServer {
  private process?: ChildProcess;
  private stopping = false;
  private exitHandler?: (how: string) => void;
  private sdkServer?: { teardown(): Promise<void> };
  private readonly dbFile: string;
  private readonly pidFile: string;
  /** The last lines the server printed, so a failed start can say why. */
  private readonly outputTail: string[] = [];

  constructor(private readonly opts: DevServerOptions) {
    this.dbFile = path.join(opts.dataDir, 'temporal', 'temporal.db');
    this.pidFile = path.join(opts.dataDir, 'run', 'temporal.pid');
  }

  get address(): string {
    return `127.0.0.1:${this.opts.port}`;
  }

  get uiUrl(): string {
    return `http://localhost:${this.opts.uiPort}`;
  }

  async reclaimOrphan(): Promise<void> {
    await reclaimOrphan(this.pidFile, this.dbFile, 'SIGTERM', this.opts.log);
  }

  /** Called when the server (a binary's process) dies without being asked to stop, after it had started. */
  onUnexpectedExit(handler: (how: string) => void): void {
    this.exitHandler = handler;
  }

  async start(cli: TemporalCli): Promise<void> {
    this.stopping = false;
    fs.mkdirSync(path.dirname(this.dbFile), { recursive: true });
    const started = Date.now();
    if (cli.source === 'sdk-download') await this.startWithSdkDownload();
    else await this.startBinary(cli.path!);
    await this.waitUntilServing(60_000);
    this.opts.log.info(
      `Temporal dev server ready on ${this.address} in ${Date.now() - started} ms (pid ${this.process?.pid ?? 'in-process'}, data: ${this.dbFile})`,
    );
  }

  private async startBinary(binary: string): Promise<void> {
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.opts.port),
      '--ui-port',
      String(this.opts.uiPort),
      '--db-filename',
      this.dbFile,
      // WAL with normal syncing: otherwise the SQLite store serialises every start behind every task completion.
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      '--log-level',
      'warn',
      ...(this.opts.namespace === 'default' ? [] : ['--namespace', this.opts.namespace]),
      ...this.dynamicConfigArgs(),
    ];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.process = child;
    writePidFile(this.pidFile, child.pid!);
    const forward = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => {
          this.outputTail.push(l);
          if (this.outputTail.length > 20) this.outputTail.shift();
          this.opts.log.debug(l);
        });
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    const exitedEarly = new Promise<never>((_, reject) =>
      // 'close', not 'exit': by then the output that says why has been read.
      child.once('close', (code) =>
        reject(
          new Error(
            `the Temporal dev server exited (code ${code}) while starting; it said:\n${this.outputTail.join('\n') || '(nothing)'}`,
          ),
        ),
      ),
    );
    exitedEarly.catch(() => undefined);
    await Promise.race([waitForPort(this.opts.port, 60_000), exitedEarly]);
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.exitHandler?.(signal ?? `code ${code}`);
    });
  }

  /** The same server settings whichever way the server is started. */
  private dynamicConfigArgs(): string[] {
    return Object.entries(this.opts.dynamicConfig ?? {}).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]);
  }

  private async startWithSdkDownload(): Promise<void> {
    this.opts.log.info(
      'no Temporal CLI and no Go toolchain: letting the Temporal SDK download its dev server (needs internet access)',
    );
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: this.opts.port,
        ui: true,
        uiPort: this.opts.uiPort,
        dbFilename: this.dbFile,
        namespace: this.opts.namespace,
        extraArgs: this.dynamicConfigArgs(),
      },
    });
    this.sdkServer = env;
  }

  private async waitUntilServing(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const connection = await Connection.connect({ address: this.address, connectTimeout: 2000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: this.opts.namespace });
          return;
        } finally {
          await connection.close();
        }
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(
      `the Temporal dev server did not start serving within ${timeoutMs} ms: ${String(lastError)}`,
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.sdkServer) {
      await this.sdkServer.teardown();
      this.opts.log.info('Temporal dev server stopped');
      return;
    }
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
    await terminate(this.process, 'SIGTERM', 15_000);
    fs.rmSync(this.pidFile, { force: true });
    this.opts.log.info('Temporal dev server stopped');
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }
}
