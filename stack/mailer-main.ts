/** `npm run mailer`: a process that only sends the outbox's mail (MAIL_SENDERS at once), beside workers with MAIL_SENDERS=0. */
import { createDb } from '../stores/db';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { startMailSender } from './mail-sender';
import { runMain, stopRequested } from './main';

runMain('mailer', async () => {
  const config = loadConfig();
  const log = createLogger('mailer', config.logLevel);
  if (config.mail.senders < 1)
    throw new ConfigError([
      {
        variable: 'MAIL_SENDERS',
        message: 'a mailer needs at least 1 sender',
        value: String(config.mail.senders),
      },
    ]);
  const db = createDb(config.database.url, config.database.poolSize);
  const sender = startMailSender(config, db, log);
  log.info(
    `mailer sending ${config.mail.senders} at once through ${config.mail.embedded ? 'the local mailbox' : 'SMTP_URL'}`,
  );
  log.info(`stopping (${await stopRequested()})`);
  await sender.stop();
  await db.$disconnect();
});
