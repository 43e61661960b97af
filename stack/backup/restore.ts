/**
 * Loads a backup into an empty database: the schema from this release's migrations (which must be the ones the
 * backup was taken with), then every table's rows in one transaction, so a bad or truncated file leaves the
 * database as empty as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Client, escapeIdentifier } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BackupError, backupHeader, backupTrailer, END_OF_TABLE, type BackupHeader } from './format';
import { advanceSequences, tableNames } from './schema';

export interface RestoreSteps {
  /** This release's migrations, by folder name. */
  migrations: string[];
  /** Brings the empty database's schema up to this release. */
  migrate(url: string): Promise<void>;
}

export async function restoreBackup(
  url: string,
  file: string,
  steps: RestoreSteps,
): Promise<{ header: BackupHeader; rows: number }> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const hash = createHash('sha256');
  const next = async (): Promise<string | undefined> => {
    const r = await lines.next().catch((err: Error) => {
      throw new BackupError(`${file} is damaged or incomplete (${err.message}); nothing was restored`);
    });
    if (r.done) return undefined;
    hash.update(`${r.value}\n`);
    return r.value;
  };
  const header = parseHeader(await next(), file);
  checkMigrations(header, steps.migrations);

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await assertEmpty(client);
    await steps.migrate(url);
    await client.query('BEGIN');
    const loaded: Record<string, number> = {};
    for (const t of header.tables) loaded[t.name] = await loadTable(client, t, next, file);
    const digest = hash.digest('hex');
    const trailer = backupTrailer.safeParse(parseJson((await lines.next()).value));
    if (!trailer.success || trailer.data.sha256 !== digest || !(await lines.next()).done)
      throw new BackupError(
        `${file} is damaged or incomplete (its checksum does not match); nothing was restored`,
      );
    const short = header.tables.find((t) => trailer.data.rows[t.name] !== loaded[t.name]);
    if (short)
      throw new BackupError(
        `${file} is damaged or incomplete (table ${short.name}: ${loaded[short.name]} of ${trailer.data.rows[short.name] ?? 0} rows); nothing was restored`,
      );
    await advanceSequences(
      client,
      header.tables.map((t) => t.name),
    );
    await client.query('COMMIT');
    return { header, rows: Object.values(loaded).reduce((n, r) => n + r, 0) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
    input.destroy();
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseHeader(line: string | undefined, file: string): BackupHeader {
  const parsed = backupHeader.safeParse(parseJson(line));
  if (!parsed.success) throw new BackupError(`${file} is not a jingsai backup (npm run backup writes one)`);
  return parsed.data;
}

function checkMigrations(header: BackupHeader, release: string[]): void {
  const missing = header.migrations.filter((m) => !release.includes(m));
  const added = release.filter((m) => !header.migrations.includes(m));
  if (missing.length === 0 && added.length === 0) return;
  throw new BackupError(
    `this backup was taken with a different schema (${missing.length ? `migrations this release lacks: ${missing.join(', ')}` : `migrations it predates: ${added.join(', ')}`}). ` +
      'Restore it with the release that took it, then upgrade: npm start applies the newer migrations.',
  );
}

async function assertEmpty(client: Client): Promise<void> {
  const holding: string[] = [];
  for (const name of await tableNames(client)) {
    const { rows } = await client.query(`SELECT 1 FROM ${escapeIdentifier(name)} LIMIT 1`);
    if (rows.length) holding.push(name);
  }
  if (holding.length)
    throw new BackupError(
      `the database already holds data (${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ', …' : ''}); ` +
        'a backup is restored only into an empty database: create a new one (createdb) and point DATABASE_URL at ' +
        'it, or for the embedded database use a new DATA_DIR',
    );
}

async function loadTable(
  client: Client,
  table: BackupHeader['tables'][number],
  next: () => Promise<string | undefined>,
  file: string,
): Promise<number> {
  let rows = 0;
  let ended = false;
  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    for (let line = await next(); line !== undefined; line = await next()) {
      if (line === END_OF_TABLE) {
        ended = true;
        break;
      }
      rows++;
      chunk += `${line}\n`;
      if (chunk.length >= 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const columns = table.columns.map(escapeIdentifier).join(', ');
  const name = escapeIdentifier(table.name);
  // The rows are restored as they were: triggers that keep derived state (roll-up marks) must not rewrite them.
  await client.query(`ALTER TABLE ${name} DISABLE TRIGGER USER`);
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${name} (${columns}) FROM STDIN`)));
  await client.query(`ALTER TABLE ${name} ENABLE TRIGGER USER`);
  if (!ended)
    throw new BackupError(
      `${file} is damaged or incomplete (table ${table.name} ends early); nothing was restored`,
    );
  return rows;
}
