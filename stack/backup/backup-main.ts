/**
 * `npm run backup -- [FILE]`: a consistent backup of jingsai's PostgreSQL data, taken while the system runs (or,
 * with the embedded database, while it is stopped). FILE defaults to jingsai-<date and time>.backup here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { runMain } from '../main';
import { withCommandDatabase } from './command-database';
import { writeBackup } from './dump';
import { BackupError } from './format';

runMain('backup', async () => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.resolve(process.env.INIT_CWD ?? '.', process.argv[2] ?? `jingsai-${stamp}.backup`);
  if (fs.existsSync(file))
    throw new BackupError(`${file} already exists; name a new file (npm run backup -- FILE)`);
  const config = loadConfig();
  const log = createLogger('backup', config.logLevel);
  const started = Date.now();
  const summary = await withCommandDatabase(config, log, (url) => writeBackup(url, file));
  process.stdout.write(
    `backup written to ${summary.file}: ${summary.tables} tables, ${summary.rows} rows, ` +
      `${summary.bytes} bytes in ${Date.now() - started} ms\n`,
  );
});
