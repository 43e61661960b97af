/**
 * Real servers for tests: an embedded PostgreSQL or a fresh database on an external one, and a Temporal dev
 * server, each in its own temporary folder on free ports, so test files never share state.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../stack/embedded-postgres';
import { createLogger } from '../../stack/log';
import { resolveTemporalCli } from '../../stack/temporal-cli';
import { TemporalDevServer, type DevServerOptions } from '../../stack/temporal-dev-server';
import { loadConfig } from '../../stack/config';

export const quietLog = createLogger('test', 'warn');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A temporary folder the postgres system user can traverse (mkdtemp makes 0700 folders). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jingsai-${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export interface TestDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(): Promise<
  TestDatabase & { dataDir: string; server: EmbeddedPostgres }
> {
  const dataDir = tempDir('pg');
  const server = new EmbeddedPostgres({ dataDir, port: await freePort(), log: quietLog });
  await server.start();
  return {
    url: server.url,
    dataDir,
    server,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the PostgreSQL that `adminUrl` reaches; dropped again by `stop`. */
export async function createExternalDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `jingsai_test_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestTemporal {
  address: string;
  stop(): Promise<void>;
}

/**
 * A dev server on fresh ports. The CLI picks its internal services' ports at random too, so a start can lose a
 * race for a port to a server another test is starting; such a start is retried on new ports, and said.
 */
export async function startTemporal(
  dynamicConfig?: DevServerOptions['dynamicConfig'],
  attempts = 3,
): Promise<TestTemporal> {
  const config = loadConfig({});
  const cli = await resolveTemporalCli({
    cliPath: process.env.TEMPORAL_CLI_PATH,
    cacheDir: config.temporal.cacheDir,
    log: quietLog,
  });
  for (let attempt = 1; ; attempt++) {
    const dataDir = tempDir('temporal');
    const server = new TemporalDevServer({
      dataDir,
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      dynamicConfig,
      // TEMPORAL_SERVER_LOG=1 shows what the dev server says, e.g. while investigating a benchmark.
      log: process.env.TEMPORAL_SERVER_LOG ? createLogger('temporal', 'debug') : quietLog,
    });
    try {
      await server.start(cli);
    } catch (err) {
      await server.stop().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (attempt >= attempts) throw err;
      quietLog.warn(`Temporal dev server start ${attempt} of ${attempts} failed, retrying: ${String(err)}`);
      continue;
    }
    return {
      address: server.address,
      async stop() {
        await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * PostgreSQL and Temporal started side by side. If either fails the other is stopped again before the error is
 * thrown: a server left running would keep Jest from ever exiting.
 */
export async function startServers(
  temporalConfig?: DevServerOptions['dynamicConfig'],
): Promise<[TestDatabase, TestTemporal]> {
  const [database, temporal] = await Promise.allSettled([
    startEmbeddedPostgres(),
    startTemporal(temporalConfig),
  ]);
  if (database.status === 'fulfilled' && temporal.status === 'fulfilled')
    return [database.value, temporal.value];
  if (database.status === 'fulfilled') await database.value.stop().catch(() => undefined);
  if (temporal.status === 'fulfilled') await temporal.value.stop().catch(() => undefined);
  throw database.status === 'rejected' ? database.reason : (temporal as PromiseRejectedResult).reason;
}
