/** Queuing a failed email again once its cause has been fixed; only FAILED messages qualify. */
import { recordAudit } from '../audit';
import type { Db } from '../db';

export type ResendResult =
  { ok: true } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'notFailed'; status: string };

export async function resendOutboxMessage(db: Db, id: string, by: string): Promise<ResendResult> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.outboxMessage.updateMany({
      where: { id, status: 'FAILED' },
      data: { status: 'PENDING', nextAttemptAt: new Date(), attempts: 0, claimedUntil: null },
    });
    if (count === 0) {
      const exists = await tx.outboxMessage.findUnique({ where: { id }, select: { status: true } });
      return exists
        ? { ok: false, reason: 'notFailed', status: exists.status }
        : { ok: false, reason: 'unknown' };
    }
    await recordAudit(tx, {
      actor: by,
      action: 'outbox.resend',
      subjectType: 'OutboxMessage',
      subjectId: id,
    });
    return { ok: true };
  });
}
