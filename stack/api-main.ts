/** `npm run api`: one API process against the configured (or embedded) Temporal and PostgreSQL. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { runMain, stopRequested } from './main';
import { startApi } from './api';

runMain('api', async () => {
  const config = loadConfig();
  const log = createLogger('api', config.logLevel);
  const api = await startApi(config, log);
  const reason = await stopRequested();
  log.info(`stopping (${reason})`);
  await api.close();
});
