/**
 * The database a backup or restore command works on: the configured one, or with the embedded default the one in
 * DATA_DIR — reached while `npm start` runs, else started for the command alone and stopped after it.
 */
import { Client } from 'pg';
import { isTransient } from '../../activities/failures';
import { databaseAddress, type Config } from '../config';
import { EmbeddedPostgres } from '../embedded-postgres';
import type { Logger } from '../log';
import { BackupError } from './format';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if (isTransient(err)) return false;
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function withCommandDatabase<T>(
  config: Config,
  log: Logger,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const { url, embedded, embeddedPort } = config.database;
  if (await reachable(url)) return work(url);
  if (!embedded)
    throw new BackupError(
      `cannot reach the database at ${databaseAddress(url)}; check DATABASE_URL and that it runs`,
    );
  const server = new EmbeddedPostgres({ dataDir: config.dataDir, port: embeddedPort, log });
  await server.start();
  try {
    return await work(server.url);
  } finally {
    await server.stop();
  }
}
