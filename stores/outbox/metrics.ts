/** The outbox as metrics read it: messages by status, and how long the oldest pending one has been due. */
import type { Db } from '../db';

export async function outboxMetrics(db: Db, now = new Date()) {
  const [counts, oldest] = await Promise.all([
    db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } }),
    db.outboxMessage.findFirst({
      where: { status: 'PENDING', nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    }),
  ]);
  const byStatus: Record<string, number> = { PENDING: 0, SENT: 0, FAILED: 0 };
  for (const c of counts) byStatus[c.status] = c._count._all;
  return {
    byStatus,
    oldestDueAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000) : 0,
  };
}
