/**
 * Admin API for the outbox: what was sent, what waits, and what failed for good with the reason; a failed email can
 * be queued again once its cause (an address, a server setting) has been fixed.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../activities/db';
import { resendOutboxMessage } from '../activities/outbox-resend';
import { HttpError } from './errors';
import { parseBody, parseId } from './validate';

const listQuery = z
  .object({
    status: z.enum(['PENDING', 'SENT', 'FAILED']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

/** What a list of emails shows of each, here and on the console's outbox page. */
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

const resendBody = z.object({ by: z.string().min(1).max(200) }).strict();

export function outboxRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/outbox', async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const where = q.status ? { status: q.status } : {};
    const [total, messages] = await Promise.all([
      db.outboxMessage.count({ where }),
      db.outboxMessage.findMany({
        where,
        orderBy: { createdAt: 'desc' },
        take: q.limit,
        skip: q.offset,
        select: OUTBOX_LIST_FIELDS,
      }),
    ]);
    res.json({ total, limit: q.limit, offset: q.offset, messages });
  });

  router.post('/api/outbox/:id/resend', async (req, res) => {
    const id = parseId(req.params.id, 'outbox message');
    const { by } = parseBody(resendBody, req.body);
    const result = await resendOutboxMessage(db, id, by);
    if (!result.ok && result.reason === 'unknown')
      throw new HttpError(404, 'not_found', `No outbox message with id "${id}".`);
    if (!result.ok)
      throw new HttpError(
        409,
        'not_failed',
        `This message is ${result.status}; only FAILED messages are resent.`,
      );
    res.status(202).json({ id, status: 'PENDING' });
  });

  return router;
}
