/**
 * `npm run restore -- FILE`: loads a backup written by `npm run backup` into an empty database (DATABASE_URL, or
 * the embedded one of a new DATA_DIR). Stop the system first; start it again when this has finished.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { runMain } from '../main';
import { migrateDatabase, migrationNames } from '../migrate';
import { withCommandDatabase } from './command-database';
import { BackupError } from './format';
import { restoreBackup } from './restore';

runMain('restore', async () => {
  if (!process.argv[2]) throw new BackupError('usage: npm run restore -- FILE (a file npm run backup wrote)');
  const file = path.resolve(process.env.INIT_CWD ?? '.', process.argv[2]);
  const config = loadConfig();
  const log = createLogger('restore', config.logLevel);
  const started = Date.now();
  const { header, rows } = await withCommandDatabase(config, log, (url) =>
    restoreBackup(url, file, { migrations: migrationNames(), migrate: (u) => migrateDatabase(u, log) }),
  );
  process.stdout.write(
    `restored ${file} (taken ${header.takenAt}): ${header.tables.length} tables, ${rows} rows ` +
      `in ${Date.now() - started} ms\n`,
  );
});
