/** The API role: the Express app on PORT, with its database and Temporal connections. */
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createDb } from '../stores/db';
import { useDocumentFonts } from '../activities/documents/pdf';
import type { Config } from './config';
import type { Logger } from './log';
import { temporalConnectionOptions } from './temporal-connection';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function startApi(config: Config, log: Logger): Promise<RunningApi> {
  const db = createDb(config.database.url, config.database.poolSize);
  // The API prints a document's PDF when one is first downloaded: with the office's fonts as the worker does.
  useDocumentFonts(config.documentFontsDir);
  // Lazy, so the API comes up (and /healthz can say Temporal is down) even while Temporal is unreachable. The
  // health probe has its own connection without the SDK's retry interceptor: a probe must answer, not retry.
  const temporal = Connection.lazy({ ...temporalConnectionOptions(config), interceptors: [] });
  const clientConnection = Connection.lazy(temporalConnectionOptions(config));
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const app = createApp({
    db,
    temporal,
    client,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    cycleBatchSize: config.cycleBatchSize,
    secret: config.secret,
    secureCookies: config.publicUrl.startsWith('https:'),
    trustProxy: config.trustProxy,
    rateLimitPerMinute: config.rateLimitPerMinute,
    metricsToken: config.metrics.token,
    mailbox:
      config.mail.mailboxPage === 'off'
        ? undefined
        : { dir: config.mail.mailboxDir, public: config.mail.mailboxPage === 'public' },
    publicUrl: config.publicUrl,
    chromiumPath: config.chromiumPath,
    attachmentsDir: config.attachmentsDir,
    log,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  log.info(`API listening on ${url}`);
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(force);
      await temporal.close();
      await clientConnection.close();
      await db.$disconnect();
      log.info('API stopped');
    },
  };
}
