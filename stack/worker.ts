/** The Temporal worker role: polls the task queue, runs workflows and activities, and reports it is alive. */
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { findChromium, useDocumentFonts } from '../activities/documents/pdf';
import { createDb } from '../stores/db';
import { startHeartbeat } from '../stores/health/heartbeat';
import type { Config } from './config';
import type { Logger } from './log';
import { startMailSender } from './mail-sender';
import { startRollupRefresher } from '../activities/cycle/rollup-refresher';
import { temporalConnectionOptions } from './temporal-connection';
import { workflowCode } from './workflow-bundle';

/** A cycle's dashboard figures wait ten times as long as their last refresh took, and are never older than 10 min. */
const ROLLUP_COST_FACTOR = 10;
const ROLLUP_MAX_AGE_MS = 600_000;

export interface RunningWorker {
  identity: string;
  /** Resolves when the worker has stopped (after a shutdown signal or `shutdown()`). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export async function startWorker(
  config: Config,
  log: Logger,
  extra: Partial<
    Pick<WorkerOptions, 'workflowBundle' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>
  > = {},
): Promise<RunningWorker> {
  const db = createDb(config.database.url, config.database.poolSize);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  // Activities that start or signal workflows (the cycle's fan-out) use an ordinary client.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config));
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const identity = `${process.pid}@${os.hostname()}`;
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity,
    ...(extra.workflowBundle
      ? { workflowBundle: extra.workflowBundle }
      : workflowCode(config.temporal.workflowBundle)),
    activities: createActivities({
      db,
      client,
      taskQueue: config.temporal.taskQueue,
      publicUrl: config.publicUrl,
      chromiumPath: config.chromiumPath,
    }),
    maxConcurrentWorkflowTaskExecutions: extra.maxConcurrentWorkflowTaskExecutions,
    maxCachedWorkflows: extra.maxCachedWorkflows ?? config.temporal.cachedWorkflows,
  });
  const stopHeartbeat = startHeartbeat(db, identity, config.temporal.taskQueue, (err) =>
    log.warn(`heartbeat not recorded: ${err instanceof Error ? err.message : String(err)}`),
  );
  const mail = config.mail.senders > 0 ? startMailSender(config, db, log) : null;
  const rollups = startRollupRefresher({
    db,
    pollMs: config.rollupRefreshMs,
    minIntervalMs: config.rollupRefreshMs,
    costFactor: ROLLUP_COST_FACTOR,
    maxAgeMs: ROLLUP_MAX_AGE_MS,
    log,
  });
  log.info(
    `worker ${identity} polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}, ` +
      `keeping up to ${worker.options.maxCachedWorkflows} workflows in memory (WORKER_CACHED_WORKFLOWS), ` +
      `running ${config.temporal.workflowBundle ? `the workflow bundle ${config.temporal.workflowBundle}` : 'the workflows bundled from source'}`,
  );
  const chromium = findChromium(config.chromiumPath);
  useDocumentFonts(config.documentFontsDir);
  if (chromium)
    log.info(
      `PDFs on: documents are printed with ${chromium}${config.documentFontsDir ? `, with the fonts in ${config.documentFontsDir}` : ''}`,
    );
  else
    log.warn(
      "PDFs off: no Chromium found (install Debian's chromium or set CHROMIUM_PATH); documents are issued as HTML, " +
        'and their PDF is made when one is first downloaded after Chromium is installed',
    );
  const done = worker.run().finally(async () => {
    await mail?.stop();
    await rollups.stop();
    await stopHeartbeat();
    await connection.close();
    await clientConnection.close();
    await db.$disconnect();
    log.info('worker stopped');
  });
  return {
    identity,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
