/**
 * Admin API for the outbox: what was sent, what waits, and what failed for good with the reason; a failed email can
 * be queued again once its cause (an address, a server setting) has been fixed.
 */
import { Router } from 'express';
import { outboxWorkbook } from './exports/tables';
import { listParams, localeQuery, wantsXlsx } from './exports/workbook';
import { z } from 'zod';
import type { Db } from '../stores/db';
import { listOutbox, OUTBOX_STATUSES } from '../stores/outbox/queries';
import { resendOutboxMessage } from '../stores/outbox/resend';
import { HttpError } from './errors';
import { parseBody, parseId } from './validate';

const listQuery = z
  .object({
    status: z.enum(OUTBOX_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

const resendBody = z.object({ by: z.string().min(1).max(200) }).strict();

export function outboxRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/outbox', async (req, res) => {
    const q = parseBody(listQuery, listParams(req));
    // Every email of the status asked (or all), as a workbook.
    if (wantsXlsx(req)) return outboxWorkbook(res, db, q.status, localeQuery(req));
    const { total, messages } = await listOutbox(db, { status: q.status, take: q.limit, skip: q.offset });
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
