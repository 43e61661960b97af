/** The console's outbox: sent, pending and failed emails with the reason, newest first, and a resend for failed ones. */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../stores/db';
import { listOutbox, outboxCounts, OUTBOX_STATUSES } from '../stores/outbox/queries';
import { resendOutboxMessage } from '../stores/outbox/resend';
import { formatLocal } from '../domain/time-zone';
import { translate } from '../templates/render';
import {
  consoleContext,
  consoleMessage,
  consolePage,
  fieldProblems,
  pager,
  PAGE_SIZE,
} from './admin-console';

const listQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
const resendBody = z.object({ _csrf: z.string(), id: z.uuid() });

export function adminOutboxRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/admin/outbox', async (req, res) => {
    const { locale } = consoleContext(res);
    const q = listQuery.parse(req.query);
    const [{ total, messages }, counts] = await Promise.all([
      listOutbox(db, { status: q.status, skip: (q.page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
      outboxCounts(db),
    ]);
    const done = req.query.done === 'resent';
    consolePage(req, res, 200, 'admin-outbox', {
      titleKey: 'admin.outbox.title',
      done,
      exportHref: `/api/outbox?${new URLSearchParams({ format: 'xlsx', lang: locale, ...(q.status ? { status: q.status } : {}) })}`,
      filters: [
        { href: '/admin/outbox', label: translate(locale, 'admin.outbox.all'), current: !q.status },
        ...OUTBOX_STATUSES.map((s) => ({
          href: `/admin/outbox?status=${s}`,
          label: `${translate(locale, `admin.outbox.status.${s}`)} (${counts[s]})`,
          current: q.status === s,
        })),
      ],
      messages: messages.map((m) => ({
        ...m,
        statusLabel: translate(locale, `admin.outbox.status.${m.status}`),
        failed: m.status === 'FAILED',
        createdAt: formatLocal(m.createdAt),
        sentAt: m.sentAt ? formatLocal(m.sentAt) : '',
        nextAttemptAt: m.status === 'PENDING' ? formatLocal(m.nextAttemptAt) : '',
      })),
      pager: pager(req, total, q.page),
    });
  });

  router.post('/admin/outbox/resend', async (req, res) => {
    const { locale, admin } = consoleContext(res);
    const body = resendBody.safeParse(req.body);
    if (!body.success)
      return consoleMessage(req, res, 422, 'problem', fieldProblems(body.error.issues), '/admin/outbox');
    const result = await resendOutboxMessage(db, body.data.id, admin.email);
    if (!result.ok)
      return consoleMessage(
        req,
        res,
        result.reason === 'unknown' ? 404 : 409,
        'problem',
        result.reason === 'unknown'
          ? translate(locale, 'admin.outbox.unknown')
          : translate(locale, 'admin.outbox.notFailed', {
              status: translate(locale, `admin.outbox.status.${result.status}`),
            }),
        '/admin/outbox',
      );
    res.redirect(303, '/admin/outbox?status=FAILED&done=resent');
  });

  return router;
}
