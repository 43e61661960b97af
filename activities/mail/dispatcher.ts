/**
 * Delivers the outbox: claims due messages (SKIP LOCKED, so any number of workers share the work), renders them,
 * mints the action link of those that ask someone to act, and sends them over SMTP. A transient failure (server
 * down, 4xx) is retried with exponential backoff for as long as it takes; a permanent one (5xx, or a message that
 * cannot be rendered) is marked FAILED with the reason for admins to see. A sender that dies mid-send holds its
 * messages only until their lease runs out.
 */
import crypto from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../../stack/log';
import type { Db } from '../../stores/db';
import { hashToken, newToken } from '../../stores/links/action-tokens';
import { prepareMail, renderMail, UnsendableMailError, type OutboxRow } from './compose';
import { startPollingLoop, type PollingLoop } from '../shared/polling-loop';

export interface MailDispatcherOptions {
  db: Db;
  transport: Transporter;
  from: string;
  publicUrl: string;
  linkGraceMs: number;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseMs: number;
  batchSize?: number;
  /** Messages in flight at once (each on its own SMTP connection of the pool); 1 sends one after another. */
  senders?: number;
  log: Logger;
}

/** `wake()` looks for due messages now instead of at the next poll. */
export type MailDispatcher = PollingLoop;

export type DeliveryOutcome = 'SENT' | 'RETRY' | 'FAILED';

/** SMTP 5xx replies are permanent for this message; everything else (4xx, no connection, timeouts) may pass later. */
export function isPermanent(err: unknown): boolean {
  if (err instanceof UnsendableMailError) return true;
  const e = err as { responseCode?: number; code?: string };
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
}

export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** The same for every attempt at the same notification, so a receiver can tell a resend from a new message. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'jingsai.localhost';
  return `<${crypto.createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

async function claim(db: Db, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  return db.$queryRaw<OutboxRow[]>`
    UPDATE "OutboxMessage"
       SET "claimedUntil" = now() + ${leaseMs} * interval '1 millisecond', attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM "OutboxMessage"
        WHERE status = 'PENDING' AND "nextAttemptAt" <= now()
          AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
        ORDER BY "nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, "idempotencyKey", "personId", "toEmail", locale::text AS locale, data, attempts`;
}

/** The document's printed PDF, named by its number or title; none while it has no PDF (no Chromium). */
async function documentAttachment(db: Db, documentId: string) {
  const doc = await db.document.findUnique({
    where: { id: documentId },
    select: { title: true, pdf: true, data: true },
  });
  if (!doc?.pdf) return [];
  const number = (doc.data as { number?: unknown } | null)?.number;
  const name = `${typeof number === 'string' && number ? `${number} ` : ''}${doc.title}`.replace(
    /[\\/:*?"<>|]/g,
    '_',
  );
  return [{ filename: `${name}.pdf`, content: Buffer.from(doc.pdf), contentType: 'application/pdf' }];
}

export async function deliver(
  opts: MailDispatcherOptions,
  row: OutboxRow & { attempts?: number },
): Promise<DeliveryOutcome> {
  const { db } = opts;
  let tokenId: string | null = null;
  try {
    const prepared = await prepareMail(db, row, opts.linkGraceMs);
    let token: string | null = null;
    // A link minted by an attempt that never completed (a sender killed mid-send) was never delivered; a first
    // attempt has none to delete.
    if ((row.attempts ?? 2) > 1)
      await db.actionToken.deleteMany({ where: { outboxMessageId: row.id, usedAt: null } });
    if (prepared.link) {
      token = newToken();
      const created = await db.actionToken.create({
        data: { ...prepared.link, tokenHash: hashToken(token), outboxMessageId: row.id },
        select: { id: true },
      });
      tokenId = created.id;
    }
    const mail = renderMail(
      prepared,
      token && prepared.link
        ? { url: `${opts.publicUrl}/a/${token}`, expiresAt: prepared.link.expiresAt }
        : undefined,
    );
    const messageId = messageIdFor(row.idempotencyKey, opts.from);
    await opts.transport.sendMail({
      from: opts.from,
      to: row.toEmail,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId,
      headers: { 'X-Jingsai-Kind': row.kind },
      attachments: prepared.attachDocumentId ? await documentAttachment(db, prepared.attachDocumentId) : [],
    });
    // The stored copy is for admins: it must not carry a working link.
    const redact = (s: string) => (token ? s.split(token).join('[link]') : s);
    await db.outboxMessage.update({
      where: { id: row.id },
      data: {
        status: 'SENT',
        sentAt: new Date(),
        messageId,
        subject: mail.subject,
        html: redact(mail.html),
        text: redact(mail.text),
        claimedUntil: null,
        lastError: null,
      },
    });
    return 'SENT';
  } catch (err) {
    if (tokenId) await db.actionToken.delete({ where: { id: tokenId } }).catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    const permanent = isPermanent(err);
    const attempts = row.attempts ?? 1;
    await db.outboxMessage.update({
      where: { id: row.id },
      data: permanent
        ? { status: 'FAILED', lastError: reason.slice(0, 2000), claimedUntil: null }
        : {
            lastError: reason.slice(0, 2000),
            claimedUntil: null,
            nextAttemptAt: new Date(Date.now() + backoffMs(attempts, opts.retryBaseMs, opts.retryMaxMs)),
          },
    });
    opts.log[permanent ? 'warn' : 'debug'](
      `mail ${row.kind} to ${row.toEmail} ${permanent ? 'failed for good' : `will be retried (attempt ${attempts})`}: ${reason}`,
    );
    return permanent ? 'FAILED' : 'RETRY';
  }
}

export function startMailDispatcher(opts: MailDispatcherOptions): MailDispatcher {
  const senders = opts.senders ?? 1;
  const batchSize = opts.batchSize ?? Math.max(20, senders * 5);
  return startPollingLoop(opts.pollMs, async (isStopped) => {
    let claimed = 0;
    try {
      const rows = await claim(opts.db, opts.leaseMs, batchSize);
      claimed = rows.length;
      // Each message waits mostly on the database and the SMTP peer, so several go at once.
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(senders, rows.length) }, async () => {
          while (!isStopped() && next < rows.length) await deliver(opts, rows[next++]!);
        }),
      );
    } catch (err) {
      opts.log.warn(`outbox not read: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A full batch: more may be due.
    return claimed === batchSize;
  });
}
