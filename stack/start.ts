/**
 * `npm start`: the whole system on one machine, as one supervised process tree. Embedded PostgreSQL and the
 * Temporal dev server start unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; then migrations and the seed,
 * then the worker and the API as child processes. Ctrl-C (or SIGTERM) stops everything in reverse order.
 */
import path from 'node:path';
import { loadConfig, type Config } from './config';
import { ChildRole } from './child-role';
import { EmbeddedPostgres } from './embedded-postgres';
import { createLogger } from './log';
import { MailCatcher } from './mail-catcher';
import { runMain } from './main';
import { migrateAndSeed } from './migrate';
import { assertPortsFree } from './ports';
import { resolveTemporalCli, type TemporalCli } from './temporal-cli';
import { RestartBackoff } from './backoff';
import type { Logger } from './log';
import { TemporalDevServer } from './temporal-dev-server';
import { buildWorkflowBundle } from './workflow-bundle';

const HEALTHY_WITHIN_MS = 120_000;

runMain('jingsai', async () => {
  const config = loadConfig();
  const log = createLogger('jingsai', config.logLevel);
  const pg = config.database.embedded
    ? new EmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.database.embeddedPort,
        log: createLogger('postgres', config.logLevel),
      })
    : undefined;
  const temporal = config.temporal.embedded
    ? new TemporalDevServer({
        dataDir: config.dataDir,
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        log: createLogger('temporal', config.logLevel),
      })
    : undefined;
  const mailbox = config.mail.embedded
    ? new MailCatcher({
        port: config.mail.mailboxPort,
        dir: config.mail.mailboxDir,
        log: createLogger('mailbox', config.logLevel),
      })
    : undefined;
  const roles: ChildRole[] = [];
  let temporalCli: TemporalCli | undefined;

  let stopping: Promise<void> | undefined;
  let exitCode = 0;
  const stopAll = (reason: string, code = 0) => {
    if (stopping) return stopping;
    exitCode = code;
    log.info(`stopping (${reason})`);
    stopping = (async () => {
      for (const role of [...roles].reverse()) await role.stop();
      await mailbox?.stop();
      await temporal?.stop();
      await pg?.stop();
    })();
    return stopping;
  };
  // tsx and npm relay the terminal's SIGINT, so one Ctrl-C can arrive twice; only a later one forces the exit.
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt && Date.now() - firstSignalAt > 1500) {
      log.warn('second Ctrl-C: exiting at once');
      process.exit(130);
    }
    firstSignalAt ||= Date.now();
    void stopAll(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await pg?.reclaimOrphan();
  await temporal?.reclaimOrphan();
  await assertPortsFree([
    { port: config.port, variable: 'PORT', what: 'the API' },
    ...(pg
      ? [{ port: config.database.embeddedPort, variable: 'EMBEDDED_PG_PORT', what: 'embedded PostgreSQL' }]
      : []),
    ...(temporal
      ? [
          { port: config.temporal.port, variable: 'TEMPORAL_PORT', what: 'the Temporal dev server' },
          { port: config.temporal.uiPort, variable: 'TEMPORAL_UI_PORT', what: 'the Temporal Web UI' },
        ]
      : []),
    ...(mailbox
      ? [{ port: config.mail.mailboxPort, variable: 'MAILBOX_SMTP_PORT', what: 'the local mailbox' }]
      : []),
  ]);

  // Bundled while PostgreSQL and Temporal start, as it needs neither; awaited before the roles start (the catch
  // only keeps a start-up that fails earlier from leaving its failure unhandled).
  const bundling = workflowBundleFor(config, log);
  bundling.catch(() => undefined);
  try {
    if (pg) await pg.start();
    if (stopping) return await stopping;
    await migrateAndSeed(config.database.url, config.seedDemoData, log);
    if (temporal) {
      const cli = (temporalCli = await resolveTemporalCli({
        cliPath: config.temporal.cliPath,
        cacheDir: config.temporal.cacheDir,
        log,
      }));
      log.info(
        `Temporal CLI: ${cli.path ?? '(SDK download)'} — from ${cli.source}` +
          (cli.installMs !== undefined ? `, installed in ${(cli.installMs / 1000).toFixed(1)} s` : ''),
      );
      if (stopping) return await stopping;
      await temporal.start(cli);
    }
    if (stopping) return await stopping;
    await mailbox?.start();

    const childEnv = { ...roleEnv(config), WORKFLOW_BUNDLE: await bundling };
    for (const [name, entry] of [
      ['worker', 'stack/worker-main.ts'],
      ['API', 'stack/api-main.ts'],
    ] as const) {
      const role = new ChildRole(name, entry, childEnv, log);
      roles.push(role);
      role.start();
    }
    await waitHealthy(`http://127.0.0.1:${config.port}/healthz`, () => Boolean(stopping));
    if (stopping) return await stopping;
    process.stdout.write(banner(config, temporal?.uiUrl));
  } catch (err) {
    await stopAll('start-up failed', 1);
    throw err;
  }
  // Parts that die are started again (with a growing wait); the API stays up and says 503 meanwhile.
  pg?.onUnexpectedExit(
    restartOnExit(
      'PostgreSQL',
      () => pg.start(),
      log,
      () => Boolean(stopping),
    ),
  );
  if (temporal && temporalCli)
    temporal.onUnexpectedExit(
      restartOnExit(
        'the Temporal dev server',
        () => temporal.start(temporalCli!),
        log,
        () => Boolean(stopping),
      ),
    );
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (stopping) {
        clearInterval(poll);
        resolve();
      }
    }, 200);
  });
  await stopping;
  if (exitCode !== 0) throw new Error('stopped after a failure; see the log above');
});

/** The bundle the worker role runs: the one given, else one built now, so that a restarted worker starts quickly. */
async function workflowBundleFor(config: Config, log: Logger): Promise<string> {
  if (config.temporal.workflowBundle) return config.temporal.workflowBundle;
  const file = path.join(config.dataDir, 'workflow-bundle.js');
  const t0 = Date.now();
  await buildWorkflowBundle(file);
  log.info(`workflows bundled into ${file} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

/** Children connect to exactly what the supervisor started or was given; they never embed anything themselves. */
function roleEnv(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: config.database.url,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    PORT: String(config.port),
    HOST: config.host,
    LOG_LEVEL: config.logLevel,
    ...(config.mail.embedded ? { JINGSAI_MAILBOX_PAGE: '1' } : {}),
  };
}

async function waitHealthy(url: string, cancelled: () => boolean): Promise<void> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let last = '';
  while (Date.now() < deadline && !cancelled()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
      last = await res.text();
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!cancelled())
    throw new Error(
      `the system did not become healthy within ${HEALTHY_WITHIN_MS / 1000} s; last /healthz: ${last}`,
    );
}

function banner(config: Config, temporalUi: string | undefined): string {
  const api = config.publicUrl;
  return [
    '',
    'jingsai is running',
    `  API and pages:   ${api}`,
    `  Health:          ${api}/healthz`,
    `  Temporal:        ${config.temporal.address} (namespace ${config.temporal.namespace})${config.temporal.embedded ? ', embedded' : ''}`,
    ...(temporalUi ? [`  Temporal UI:     ${temporalUi}`] : []),
    `  Mail:            ${config.mail.embedded ? `local mailbox at ${api}/mailbox` : 'SMTP_URL'}`,
    ...(config.mail.embedded
      ? [
          '  Warning:         the mailbox shows every link of every mail: it is for trying jingsai out, set',
          `                   SMTP_URL for real use${process.env.MAILBOX_PUBLIC === 'true' ? '; MAILBOX_PUBLIC=true opens it to the network' : '; it answers this machine only'}`,
        ]
      : []),
    `  PostgreSQL:      ${config.database.embedded ? `embedded on 127.0.0.1:${config.database.embeddedPort}` : 'external (DATABASE_URL)'}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/** What to do when an embedded part dies: say so, and start it again until it runs, waiting longer each time. */
function restartOnExit(name: string, start: () => Promise<void>, log: Logger, stopping: () => boolean) {
  const backoff = new RestartBackoff();
  backoff.up();
  const retry = (why: string) => {
    if (stopping()) return;
    const delay = backoff.next();
    log.warn(`${name} ${why}; restarting it in ${delay / 1000} s`);
    setTimeout(async () => {
      if (stopping()) return;
      try {
        await start();
        backoff.up();
        log.info(`${name} is running again`);
      } catch (err) {
        retry(`did not start (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`);
      }
    }, delay);
  };
  return (how: string) => retry(`exited (${how})`);
}
