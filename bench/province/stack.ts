/**
 * The embedded stack the province bench runs against, as `npm start` runs it: PostgreSQL, the Temporal dev server
 * (SQLite), the local mailbox, K `npm run worker` processes, one `npm run api`, and — from the invite phase on —
 * M `npm run mailer` processes (the workers send no mail, so that sending is timed on its own).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { MailCatcher } from '../../stack/mail-catcher';
import { createDb, type Db } from '../../stores/db';
import { migrateAndSeed } from '../../stack/migrate';
import { ClusterProcess } from '../../test/support/cluster';
import {
  freePort,
  quietLog,
  startServers,
  tempDir,
  type TestDatabase,
  type TestTemporal,
} from '../../test/support/servers';
import { childPids, cpuSeconds, diskMb, findProcess, peakRssMb, sharedAwareRssMb } from './memory';

/** Mails each mailer sends at once: a province's invitations are a burst of tens of thousands. */
const MAILER_SENDERS = '4';

export class ProvinceStack {
  readonly workers: ClusterProcess[] = [];
  readonly mailers: ClusterProcess[] = [];
  /** CPU seconds of API processes replaced by `restartApi`. */
  private apiCpuBefore = 0;
  private constructor(
    readonly database: TestDatabase & { dataDir: string },
    readonly temporal: TestTemporal,
    readonly catcher: MailCatcher,
    readonly mailDir: string,
    readonly api: ClusterProcess,
    readonly apiUrl: string,
    readonly db: Db,
    readonly client: Client,
    private readonly connection: Connection,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static readonly taskQueue = 'province';

  /** `profileDir`: each worker writes a V8 CPU profile of each of its threads there when it stops. */
  static async start(workers: number, profileDir?: string): Promise<ProvinceStack> {
    const [database, temporal] = await startServers();
    const mailDir = tempDir('province-mail');
    const mailPort = await freePort();
    const catcher = new MailCatcher({ port: mailPort, dir: mailDir, log: quietLog });
    try {
      await catcher.start();
      await migrateAndSeed(database.url, false, quietLog);
    } catch (err) {
      await catcher.stop().catch(() => undefined);
      await Promise.allSettled([temporal.stop(), database.stop()]);
      throw err;
    }
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: ProvinceStack.taskQueue,
      SMTP_URL: `smtp://127.0.0.1:${mailPort}`,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      MAIL_POLL_MS: '200',
    };
    const api = new ClusterProcess('api', 'api', {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    api.start();
    const connection = await Connection.connect({ address: temporal.address });
    const stack = new ProvinceStack(
      database as TestDatabase & { dataDir: string },
      temporal,
      catcher,
      mailDir,
      api,
      `http://127.0.0.1:${port}`,
      createDb(database.url, 8),
      new Client({ connection }),
      connection,
      env,
    );
    for (let i = 0; i < workers; i++) {
      const w = new ClusterProcess(`worker-${i + 1}`, 'worker', {
        ...env,
        MAIL_SENDERS: '0',
        ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
      });
      w.start();
      stack.workers.push(w);
    }
    await stack.healthy();
    return stack;
  }

  private async healthy(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while ((await fetch(`${this.apiUrl}/healthz`).catch(() => null))?.status !== 200) {
      if (Date.now() > deadline) {
        const said = [this.api, ...this.workers].map((p) => `${p.name}: ${p.output.slice(-1500)}`).join('\n');
        await this.stop();
        throw new Error(`the stack was not healthy within 120 s:\n${said}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** A fresh API process, so that its peak memory is that of what it does next alone. */
  async restartApi(): Promise<void> {
    // What the API used before counts on: the phases' CPU figures are differences.
    this.apiCpuBefore += cpuSeconds(this.api.pid!);
    await this.api.restart();
    await this.healthy();
  }

  startMailers(n: number): void {
    for (let i = 0; i < n; i++) {
      const m = new ClusterProcess(`mailer-${i + 1}`, 'mailer', {
        ...this.env,
        MAIL_SENDERS: MAILER_SENDERS,
      });
      m.start();
      this.mailers.push(m);
    }
  }

  /** Runs `work` on a connection of its own to the database (for COPY and timed plain queries), closed after. */
  async withPg<T>(work: (pg: PgClient) => Promise<T>): Promise<T> {
    const pg = new PgClient({ connectionString: this.database.url });
    await pg.connect();
    try {
      return await work(pg);
    } finally {
      await pg.end();
    }
  }

  /** Mails the local mailbox holds. */
  delivered(): number {
    return fs.readdirSync(this.mailDir).filter((f) => f.endsWith('.eml')).length;
  }

  get mailPort(): number {
    return Number(new URL(String(this.env.SMTP_URL)).port);
  }

  private temporalProcess() {
    return findProcess(['start-dev', this.temporal.address.split(':')[1]!]);
  }

  private postgresPids(): number[] {
    const master = findProcess([this.database.dataDir]);
    return master ? [master.pid, ...childPids(master.pid)] : [];
  }

  private postgresCpu(): number {
    const [master, ...children] = this.postgresPids();
    if (master === undefined) return 0;
    return cpuSeconds(master, true) + children.reduce((n, pid) => n + cpuSeconds(pid), 0);
  }

  /** CPU seconds used so far by each process (PostgreSQL's together) and by the bench itself. */
  cpu(): Map<string, number> {
    const temporal = this.temporalProcess();
    const usage = process.cpuUsage();
    return new Map([
      ...[...this.workers, this.api, ...this.mailers].map(
        (p) =>
          [p.name, (p.pid ? cpuSeconds(p.pid) : 0) + (p === this.api ? this.apiCpuBefore : 0)] as [
            string,
            number,
          ],
      ),
      ['temporal', temporal ? cpuSeconds(temporal.pid) : 0],
      ['postgresql', this.postgresCpu()],
      ['bench', (usage.user + usage.system) / 1e6],
    ]);
  }

  /** Peak RSS of each process (PostgreSQL's processes together, shared memory counted once: now, not peak). */
  memory(): Array<[string, number]> {
    const temporal = this.temporalProcess();
    return [
      ...[...this.workers, this.api, ...this.mailers].map(
        (p) => [p.name, p.pid ? peakRssMb(p.pid) : 0] as [string, number],
      ),
      ['temporal', temporal ? peakRssMb(temporal.pid) : 0],
      ['postgresql (all processes, PSS now)', sharedAwareRssMb(this.postgresPids())],
    ];
  }

  async dataSizes(): Promise<{ postgresMb: number; temporalMb: number }> {
    const [size] = await this.db.$queryRaw<Array<{ bytes: bigint }>>`
      SELECT pg_database_size(current_database()) AS bytes`;
    const args = this.temporalProcess()?.args ?? [];
    const file = args[args.indexOf('--db-filename') + 1];
    const temporalMb = file
      ? ['', '-wal', '-shm'].reduce((n, s) => n + diskMb(`${file}${s}`), 0)
      : diskMb(path.dirname(file ?? '.'));
    return { postgresMb: Number(size?.bytes ?? 0) / 1e6, temporalMb };
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.api, ...this.mailers, ...this.workers].map((p) => p.stop()));
    await this.connection.close().catch(() => undefined);
    await this.db.$disconnect();
    await this.catcher.stop();
    fs.rmSync(this.mailDir, { recursive: true, force: true });
    await this.temporal.stop();
    await this.database.stop();
  }
}
