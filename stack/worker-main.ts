/** `npm run worker`: one worker process against the configured (or embedded) Temporal and PostgreSQL. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runMain, stopRequested } from './main';
import { startWorker } from './worker';

runMain('worker', async () => {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  Runtime.install({
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN'),
    shutdownSignals: [],
  });
  const worker = await startWorker(config, log);
  const reason = await Promise.race([stopRequested(), worker.done.then(() => 'worker ended')]);
  log.info(`stopping (${reason})`);
  await worker.shutdown();
});
