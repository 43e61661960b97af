/** What the outbox API and the console list of emails: newest first, with counts by status. */
import type { Db } from '../db';

export const OUTBOX_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What a list of emails shows of each, in the API and on the console's outbox page. */
export const OUTBOX_LIST_FIELDS = {
  id: true,
  kind: true,
  toEmail: true,
  subject: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  sentAt: true,
  createdAt: true,
} as const;

export async function listOutbox(
  db: Db,
  q: { status?: OutboxStatus; take: number; skip: number },
): Promise<{ total: number; messages: Awaited<ReturnType<typeof findMessages>> }> {
  const where = q.status ? { status: q.status } : {};
  const [total, messages] = await Promise.all([
    db.outboxMessage.count({ where }),
    findMessages(db, where, q),
  ]);
  return { total, messages };
}

function findMessages(db: Db, where: { status?: OutboxStatus }, q: { take: number; skip: number }) {
  return db.outboxMessage.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: q.take,
    skip: q.skip,
    select: OUTBOX_LIST_FIELDS,
  });
}

/** How many emails are in each status. */
export async function outboxCounts(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
  const counts = { PENDING: 0, SENT: 0, FAILED: 0 };
  for (const r of rows) counts[r.status as OutboxStatus] = r._count._all;
  return counts;
}
