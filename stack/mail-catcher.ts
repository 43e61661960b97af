/**
 * The local mailbox of the embedded stack: an SMTP server on loopback that accepts every message and keeps it as
 * an .eml file under DATA_DIR/mailbox, where the /mailbox page reads it. Only started when SMTP_URL is unset.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Logger } from './log';

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export class MailCatcher {
  private server?: SMTPServer;

  constructor(private readonly opts: { port: number; dir: string; log: Logger; host?: string }) {}

  async start(): Promise<void> {
    // Every mail holds link tokens: only this user may read them.
    fs.mkdirSync(this.opts.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.opts.dir, 0o700);
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      banner: 'jingsai local mailbox',
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
            return;
          }
          // Time first, so a listing sorts by arrival; written then renamed, so a reader never sees half a file.
          const name = `${Date.now().toString().padStart(15, '0')}-${crypto.randomBytes(4).toString('hex')}.eml`;
          const tmp = path.join(this.opts.dir, `.${name}`);
          fs.writeFileSync(tmp, Buffer.concat(chunks), { mode: 0o600 });
          fs.renameSync(tmp, path.join(this.opts.dir, name));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.opts.log.warn(`mailbox: ${err.message}`));
    this.server = server;
    this.opts.log.info(`local mailbox on smtp://127.0.0.1:${this.opts.port}, kept in ${this.opts.dir}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
