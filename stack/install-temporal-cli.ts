/** `npm run temporal:install`: finds or builds the Temporal CLI ahead of time (CI runs it before the tests). */
import { loadConfig } from './config';
import { createLogger } from './log';
import { runMain } from './main';
import { resolveTemporalCli } from './temporal-cli';

runMain('temporal-cli', async () => {
  const config = loadConfig();
  const log = createLogger('temporal-cli', config.logLevel);
  const cli = await resolveTemporalCli({
    cliPath: config.temporal.cliPath,
    cacheDir: config.temporal.cacheDir,
    log,
  });
  if (cli.source === 'sdk-download')
    throw new Error('no Temporal CLI and no Go toolchain here: install Go ≥ 1.25 or set TEMPORAL_CLI_PATH');
  log.info(
    `${cli.path} (from ${cli.source}${cli.installMs !== undefined ? `, installed in ${(cli.installMs / 1000).toFixed(1)} s` : ''})`,
  );
});
