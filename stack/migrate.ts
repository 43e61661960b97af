/** Applies Prisma migrations with the Prisma CLI (`migrate deploy`), then seeds; both are safe to repeat. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, type ClientBase } from 'pg';
import { createDb } from '../stores/db';
import { seedDatabase, type SeedResult } from '../prisma/seed';
import { PROJECT_ROOT } from './config';
import type { Logger } from './log';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

/** This release's migrations, by folder name. */
export function migrationNames(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The migrations recorded as applied to a database, by name. */
export async function appliedMigrations(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.migration_name);
}

/**
 * True when every migration folder is recorded as applied. The Prisma CLI takes ~10 s to start with its JS engine,
 * so a restart of an up-to-date database skips it; anything new or unknown still goes through `migrate deploy`.
 */
async function allMigrationsApplied(url: string): Promise<boolean> {
  const expected = migrationNames();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('public._prisma_migrations') AS t`);
    if (!table.rows[0]?.t) return false;
    const applied = new Set(await appliedMigrations(client));
    return expected.every((name) => applied.has(name)) && applied.size === expected.length;
  } finally {
    await client.end();
  }
}

export async function migrateDatabase(url: string, log: Logger): Promise<void> {
  const started = Date.now();
  if (await allMigrationsApplied(url)) {
    log.info(`database schema up to date (checked in ${Date.now() - started} ms)`);
    return;
  }
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('prisma/build/index.js'), 'migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => output.push(chunk.toString());
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const text = output.join('');
  if (code !== 0) throw new MigrationError(`prisma migrate deploy failed (exit ${code}):\n${text}`);
  const applied = /(\d+) migrations? found/.exec(text)?.[1] ?? '?';
  log.info(`database migrated (${applied} migrations) in ${Date.now() - started} ms`);
}

export async function migrateAndSeed(url: string, demo: boolean, log: Logger): Promise<SeedResult> {
  await migrateDatabase(url, log);
  const db = createDb(url, 2);
  try {
    const result = await seedDatabase(db, { demo });
    log.info(
      `seed: built-in plan ${result.planCreated ? 'created' : 'already present'}` +
        (demo ? `, ${result.organisationsCreated} demo organisations created` : ', demo data off'),
    );
    return result;
  } finally {
    await db.$disconnect();
  }
}
