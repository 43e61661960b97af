/**
 * The Temporal SDK runtime of a worker process: the SDK's own log lines go through jingsai's logger, and with
 * WORKER_METRICS_ADDRESS its Prometheus exporter serves the worker's metrics (task slots, polls, latencies) at
 * http://WORKER_METRICS_ADDRESS/metrics.
 */
import { DefaultLogger, type RuntimeOptions } from '@temporalio/worker';
import type { Config } from './config';
import { createLogger } from './log';

export function workerRuntimeOptions(config: Config): RuntimeOptions {
  const sdk = createLogger('temporal-sdk', config.logLevel);
  const level = config.logLevel === 'debug' ? 'DEBUG' : 'WARN';
  return {
    logger: new DefaultLogger(level, (entry) => {
      const fields = { ...entry.meta };
      if (entry.level === 'ERROR') sdk.error(entry.message, fields);
      else if (entry.level === 'WARN') sdk.warn(entry.message, fields);
      else if (entry.level === 'INFO') sdk.info(entry.message, fields);
      else sdk.debug(entry.message, fields);
    }),
    shutdownSignals: [],
    telemetryOptions: {
      // The SDK core's own lines (in Rust) too, instead of its coloured console output.
      logging: { forward: {}, filter: { core: level, other: level } },
      ...(config.metrics.workerAddress
        ? { metrics: { prometheus: { bindAddress: config.metrics.workerAddress } } }
        : {}),
    },
  };
}
