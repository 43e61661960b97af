/**
 * Writes a backup of a running database: one REPEATABLE READ READ ONLY transaction, so every table is read at the
 * same instant while workers and API processes go on writing, as pg_dump does.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Client, escapeIdentifier } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BACKUP_FORMAT, END_OF_TABLE, type BackupHeader } from './format';
import { appliedMigrations } from '../migrate';
import { columnsOf, loadOrder, tableNames } from './schema';

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
}

export async function writeBackup(url: string, file: string): Promise<BackupSummary> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const partial = `${file}.partial`;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const header = await readHeader(client);
    const rows: Record<string, number> = {};
    await pipeline(
      Readable.from(contents(client, header, rows)),
      createGzip(),
      fs.createWriteStream(partial, { mode: 0o600 }),
    );
    await client.query('COMMIT');
    fs.renameSync(partial, file);
    return {
      file,
      tables: header.tables.length,
      rows: Object.values(rows).reduce((n, r) => n + r, 0),
      bytes: fs.statSync(file).size,
    };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

async function readHeader(client: Client): Promise<BackupHeader> {
  const tables = await loadOrder(client, await tableNames(client));
  const described = [];
  for (const name of tables) described.push({ name, columns: await columnsOf(client, name) });
  const version = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  return {
    format: BACKUP_FORMAT,
    version: 1,
    takenAt: new Date().toISOString(),
    serverVersion: version.rows[0]!.v,
    migrations: await appliedMigrations(client),
    tables: described,
  };
}

/** The file's content; `rows` gets each table's count (a COPY row is one line: its newlines are escaped). */
async function* contents(
  client: Client,
  header: BackupHeader,
  rows: Record<string, number>,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  const hashed = (chunk: Buffer) => (hash.update(chunk), chunk);
  yield hashed(Buffer.from(`${JSON.stringify(header)}\n`));
  for (const t of header.tables) {
    const columns = t.columns.map(escapeIdentifier).join(', ');
    const copy: Readable = client.query(copyTo(`COPY ${escapeIdentifier(t.name)} (${columns}) TO STDOUT`));
    rows[t.name] = 0;
    for await (const chunk of copy) {
      for (let i = (chunk as Buffer).indexOf(10); i >= 0; i = (chunk as Buffer).indexOf(10, i + 1))
        rows[t.name]!++;
      yield hashed(chunk as Buffer);
    }
    yield hashed(Buffer.from(`${END_OF_TABLE}\n`));
  }
  yield Buffer.from(`${JSON.stringify({ end: true, sha256: hash.digest('hex'), rows })}\n`);
}
