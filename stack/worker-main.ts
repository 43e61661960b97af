/** `npm run worker`: one worker process against the configured (or embedded) Temporal and PostgreSQL. */
import { loadConfig } from './config';
import { createLogger } from './log';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runMain, stopRequested } from './main';
import { startWorker } from './worker';

runMain('worker', async () => {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  // The SDK's own lines (the worker, workflows' and activities' loggers) go through the same logger.
  const sdk = createLogger('temporal-sdk', config.logLevel);
  Runtime.install({
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN', (entry) => {
      const fields = { ...entry.meta };
      if (entry.level === 'ERROR') sdk.error(entry.message, fields);
      else if (entry.level === 'WARN') sdk.warn(entry.message, fields);
      else if (entry.level === 'INFO') sdk.info(entry.message, fields);
      else sdk.debug(entry.message, fields);
    }),
    shutdownSignals: [],
  });
  const worker = await startWorker(config, log);
  const reason = await Promise.race([stopRequested(), worker.done.then(() => 'worker ended')]);
  log.info(`stopping (${reason})`);
  await worker.shutdown();
});
