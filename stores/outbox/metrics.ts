/** The outbox as metrics read it: messages by status, and how long the oldest pending one has been due. */
import type { Db } from '../db';

export async function outboxCounts(db: Db): Promise<Record<string, number>> {
  const counts = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
  const byStatus: Record<string, number> = { PENDING: 0, SENT: 0, FAILED: 0 };
  for (const c of counts) byStatus[c.status] = c._count._all;
  return byStatus;
}

/** Seconds the oldest pending message has been due; 0 when none is. */
export async function oldestDueAgeSeconds(db: Db, now = new Date()): Promise<number> {
  const oldest = await db.outboxMessage.findFirst({
    where: { status: 'PENDING', nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    select: { nextAttemptAt: true },
  });
  return oldest ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000) : 0;
}
