/**
 * A real SMTP server for tests (the smtp-server package), every message parsed with mailparser. It can be stopped
 * and started again on the same port, refuse chosen recipients permanently, and run a hook while a message is
 * still being received (before the server answers), which is where a test kills a sender mid-send.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './servers';

export interface PeerOptions {
  /** Recipients refused with 550 (permanent). */
  refuse?: (address: string) => boolean;
  /** Runs after the message arrived and before the server replies; resolve false to never reply. */
  beforeReply?: (mail: ParsedMail, count: number) => Promise<boolean> | boolean;
}

export class SmtpPeer {
  readonly received: ParsedMail[] = [];
  /** Sessions that broke off mid-mail (a sender killed while sending), which a real server logs and survives. */
  readonly brokenSessions: Error[] = [];
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly options: PeerOptions = {}) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.options.refuse?.(address.address))
          return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            const reply = (await this.options.beforeReply?.(mail, this.received.length + 1)) ?? true;
            if (!reply) return;
            this.received.push(mail);
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    server.removeAllListeners('error');
    server.on('error', (err: Error) => this.brokenSessions.push(err));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // Drop open connections at once, as a crashed server would.
    for (const conn of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? [])
      conn.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((m) =>
      [m.to].flat().some((a) => a?.value.some((v) => v.address === address)),
    );
  }

  /** Waits until `predicate` holds for the received mail. */
  async waitFor(
    predicate: (mails: ParsedMail[]) => boolean,
    timeoutMs = 30_000,
    what = 'mail',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; received: ${this.received.map((m) => `${[m.to].flat()[0]?.text} ${m.subject}`).join(' | ')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The action link in a received email (its text part). */
export function linkIn(mail: ParsedMail): string {
  const m = /https?:\/\/\S+\/a\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '');
  if (!m) throw new Error(`no action link in "${mail.subject}"`);
  return m[0];
}

/** Settings that send a test's mail to `peer` at once and retry it fast. */
export function mailTo(peer: SmtpPeer): NodeJS.ProcessEnv {
  return { SMTP_URL: peer.url, MAIL_POLL_MS: '100', MAIL_RETRY_BASE_MS: '200', MAIL_RETRY_MAX_MS: '1000' };
}
