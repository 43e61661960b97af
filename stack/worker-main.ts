/** `npm run worker`: one worker process against the configured (or embedded) Temporal and PostgreSQL. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { Runtime } from '@temporalio/worker';
import { workerRuntimeOptions } from './runtime';
import { runMain, stopRequested } from './main';
import { startWorker } from './worker';

runMain('worker', async () => {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  Runtime.install(workerRuntimeOptions(config));
  const worker = await startWorker(config, log);
  const reason = await Promise.race([stopRequested(), worker.done.then(() => 'worker ended')]);
  log.info(`stopping (${reason})`);
  await worker.shutdown();
});
