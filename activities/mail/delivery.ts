/**
 * One claimed batch of the outbox, from rows to sent mail. Every row is prepared (the reads its mails share are
 * made once for the batch), the action links of the whole batch are minted in one write before any mail goes
 * out, each mail is sent over the pool, and the sent marks are written in groups as mails complete. A sender
 * waits for its mail's mark before it takes the next, so a sender killed mid-batch re-sends at most the mails it
 * was on; the rest of its batch waits for the lease to run out, and their links, never delivered, are replaced.
 */
import crypto from 'node:crypto';
import type { Db } from '../../stores/db';
import { hashToken, newToken } from '../../stores/links/action-tokens';
import { groupCommit } from '../shared/group-commit';
import { prepareMail, renderMail, UnsendableMailError, type OutboxRow } from './compose';
import type { MailDispatcherOptions } from './dispatcher';
import type { PreparedMail } from './view';
import { batchReads, type SharedReads } from './shared-reads';

export type ClaimedRow = OutboxRow & { attempts: number };

interface ReadyMail {
  row: ClaimedRow;
  prepared: PreparedMail;
  token: string | null;
}

interface SentMark {
  id: string;
  messageId: string;
  subject: string;
  html: string;
  text: string;
}

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

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

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

/** A failed attempt: permanent ones are kept for admins to see, the others wait their backoff. */
async function recordFailure(opts: MailDispatcherOptions, row: ClaimedRow, err: unknown) {
  const reason = reasonOf(err);
  const permanent = isPermanent(err);
  try {
    await opts.db.outboxMessage.update({
      where: { id: row.id },
      data: permanent
        ? { status: 'FAILED', lastError: reason.slice(0, 2000), claimedUntil: null }
        : {
            lastError: reason.slice(0, 2000),
            claimedUntil: null,
            nextAttemptAt: new Date(Date.now() + backoffMs(row.attempts, opts.retryBaseMs, opts.retryMaxMs)),
          },
    });
  } catch (recordErr) {
    opts.log.warn(`mail ${row.kind} to ${row.toEmail}: the failure was not recorded: ${reasonOf(recordErr)}`);
  }
  opts.log[permanent ? 'warn' : 'debug'](
    `mail ${row.kind} to ${row.toEmail} ${permanent ? 'failed for good' : `will be retried (attempt ${row.attempts})`}: ${reason}`,
  );
}

/** The unused links of messages that were never delivered with them. */
function withdrawLinks(db: Db, outboxMessageIds: string[]) {
  return db.actionToken.deleteMany({ where: { outboxMessageId: { in: outboxMessageIds }, usedAt: null } });
}

/** Links minted by an earlier attempt that never completed were never delivered; the batch's new ones in one write. */
async function mintLinks(db: Db, ready: ReadyMail[]) {
  const retried = ready.filter((m) => m.row.attempts > 1).map((m) => m.row.id);
  if (retried.length > 0) await withdrawLinks(db, retried);
  const links = ready.flatMap((m) => {
    if (!m.prepared.link) return [];
    m.token = newToken();
    return [{ ...m.prepared.link, tokenHash: hashToken(m.token), outboxMessageId: m.row.id }];
  });
  if (links.length > 0) await db.actionToken.createMany({ data: links });
}

async function recordSent(db: Db, marks: SentMark[]) {
  const col = <K extends keyof SentMark>(k: K) => marks.map((m) => m[k]);
  await db.$executeRaw`
    UPDATE "OutboxMessage" AS o
       SET status = 'SENT', "sentAt" = now(), "messageId" = m.mid, subject = m.subject, html = m.html,
           text = m.text, "claimedUntil" = NULL, "lastError" = NULL
      FROM unnest(${col('id')}::uuid[], ${col('messageId')}::text[], ${col('subject')}::text[],
                  ${col('html')}::text[], ${col('text')}::text[]) AS m(id, mid, subject, html, text)
     WHERE o.id = m.id`;
}

async function sendOne(
  opts: MailDispatcherOptions,
  mail: ReadyMail,
  reads: SharedReads,
  mark: (m: SentMark) => Promise<void>,
) {
  const { row, prepared, token } = mail;
  const messageId = messageIdFor(row.idempotencyKey, opts.from);
  let rendered;
  try {
    rendered = renderMail(
      prepared,
      token && prepared.link
        ? { url: `${opts.publicUrl}/a/${token}`, expiresAt: prepared.link.expiresAt }
        : undefined,
    );
    await opts.transport.sendMail({
      from: opts.from,
      to: row.toEmail,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      headers: { 'X-Jingsai-Kind': row.kind },
      // A bulletin's PDF goes to every unit of the tree: read once for the batch.
      attachments: prepared.attachDocumentId
        ? await reads.once(`attachment:${prepared.attachDocumentId}`, () =>
            documentAttachment(opts.db, prepared.attachDocumentId!),
          )
        : [],
    });
  } catch (err) {
    if (token) await withdrawLinks(opts.db, [row.id]).catch(() => undefined);
    await recordFailure(opts, row, err);
    return;
  }
  // The stored copy is for admins: it must not carry a working link.
  const redact = (s: string) => (token ? s.split(token).join('[link]') : s);
  try {
    await mark({
      id: row.id,
      messageId,
      subject: rendered.subject,
      html: redact(rendered.html),
      text: redact(rendered.text),
    });
  } catch (err) {
    opts.log.warn(
      `mail ${row.kind} to ${row.toEmail} was sent but not recorded as sent; it goes again, with the same Message-ID, once its lease runs out: ${reasonOf(err)}`,
    );
  }
}

export async function deliverBatch(
  opts: MailDispatcherOptions,
  rows: ClaimedRow[],
  senders: number,
  isStopped: () => boolean,
): Promise<void> {
  const reads = batchReads();
  const prepared = await Promise.all(
    rows.map(async (row): Promise<ReadyMail | null> => {
      try {
        return { row, prepared: await prepareMail(opts.db, row, opts.linkGraceMs, reads), token: null };
      } catch (err) {
        await recordFailure(opts, row, err);
        return null;
      }
    }),
  );
  const ready = prepared.filter((m): m is ReadyMail => m !== null);
  await mintLinks(opts.db, ready);
  const mark = groupCommit((marks: SentMark[]) => recordSent(opts.db, marks));
  let next = 0;
  // Each mail waits mostly on the SMTP peer, so several go at once.
  await Promise.all(
    Array.from({ length: Math.min(senders, ready.length) }, async () => {
      while (!isStopped() && next < ready.length) await sendOne(opts, ready[next++]!, reads, mark);
    }),
  );
}
