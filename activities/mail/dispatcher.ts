/**
 * Delivers the outbox: claims due messages (SKIP LOCKED, so any number of workers share the work), renders them,
 * mints the action link of those that ask someone to act, and sends them over SMTP. A transient failure (server
 * down, 4xx) is retried with exponential backoff for as long as it takes; a permanent one (5xx, or a message that
 * cannot be rendered) is marked FAILED with the reason for admins to see. A sender that dies mid-send holds its
 * messages only until their lease runs out.
 */
import type { Transporter } from 'nodemailer';
import type { Logger } from '../../stack/log';
import type { Db } from '../../stores/db';
import { startPollingLoop, type PollingLoop } from '../shared/polling-loop';
import { deliverBatch, type ClaimedRow } from './delivery';

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

async function claim(db: Db, leaseMs: number, limit: number): Promise<ClaimedRow[]> {
  return db.$queryRaw<ClaimedRow[]>`
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

export function startMailDispatcher(opts: MailDispatcherOptions): MailDispatcher {
  const senders = opts.senders ?? 1;
  const batchSize = opts.batchSize ?? Math.max(20, senders * 5);
  return startPollingLoop(opts.pollMs, async (isStopped) => {
    let claimed = 0;
    try {
      const rows = await claim(opts.db, opts.leaseMs, batchSize);
      claimed = rows.length;
      if (rows.length > 0) await deliverBatch(opts, rows, senders, isStopped);
    } catch (err) {
      opts.log.warn(
        `outbox round failed (its messages go again once their lease runs out): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    // A full batch: more may be due.
    return claimed === batchSize;
  });
}
