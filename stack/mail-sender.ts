/**
 * The outbox's sender in a process: a worker's own (MAIL_SENDERS at once), or `npm run mailer`'s when the mail is
 * sent by processes of its own, so that sending scales apart from the workers.
 */
import { startMailDispatcher } from '../activities/mail/dispatcher';
import { createMailTransport } from '../activities/mail/transport';
import type { Db } from '../stores/db';
import type { Config } from './config';
import type { Logger } from './log';

export function startMailSender(config: Config, db: Db, log: Logger): { stop(): Promise<void> } {
  const transport = createMailTransport(config.mail.smtpUrl, Math.max(2, config.mail.senders));
  const dispatcher = startMailDispatcher({
    db,
    transport,
    from: config.mail.from,
    publicUrl: config.publicUrl,
    linkGraceMs: config.linkGraceMs,
    pollMs: config.mail.pollMs,
    retryBaseMs: config.mail.retryBaseMs,
    retryMaxMs: config.mail.retryMaxMs,
    leaseMs: config.mail.leaseMs,
    senders: config.mail.senders,
    log,
  });
  return {
    async stop() {
      await dispatcher.stop();
      transport.close();
    },
  };
}
