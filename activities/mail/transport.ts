/** The SMTP connection pool every sender in a worker process shares (SMTP_URL, or the local mailbox). */
import nodemailer, { type Transporter } from 'nodemailer';

export function createMailTransport(smtpUrl: string, maxConnections = 2): Transporter {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections,
    // Short enough that a dead server turns into a retry well within the sender's lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
