/**
 * The console's bulletins of a cycle: every issue (number, title, when) with its HTML and PDF, and a button that
 * issues one now, covering up to this minute, through the same service as the schedule.
 */
import { Router } from 'express';
import { z } from 'zod';
import { issueBulletin } from '../activities/bulletin/issue';
import { BulletinError } from '../stores/bulletin/snapshot';
import { cycleWithPlan } from '../stores/cycle/queries';
import { listDocuments } from '../stores/documents/queries';
import { formatLocal } from '../domain/time-zone';
import { translate } from '../templates/render';
import { consoleContext, consoleMessage, consolePage, pager, PAGE_SIZE } from './admin-console';
import type { BulletinRouteDeps } from './bulletins';
import { isUuid } from './validate';

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.enum(['issued', 'again']).optional().catch(undefined),
});
const issueBody = z.object({ _csrf: z.string() });

export function adminBulletinsRouter(deps: BulletinRouteDeps): Router {
  const { db } = deps;
  const router = Router();

  async function findCycle(id: string) {
    return isUuid(id) ? cycleWithPlan(db, id) : null;
  }

  router.get('/admin/cycles/:id/bulletins', async (req, res) => {
    const { locale } = consoleContext(res);
    const cycle = await findCycle(req.params.id);
    if (!cycle)
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    const q = listQuery.parse(req.query);
    const { total, rows } = await listDocuments(db, {
      kind: 'BULLETIN',
      cycleId: cycle.id,
      take: PAGE_SIZE,
      skip: (q.page - 1) * PAGE_SIZE,
    });
    consolePage(req, res, 200, 'admin-bulletins', {
      titleKey: 'admin.bulletinList.title',
      titleParams: { year: cycle.year },
      cycleHref: `/admin/cycles/${cycle.id}`,
      action: `/admin/cycles/${cycle.id}/bulletins`,
      done: q.done,
      bulletins: rows.map((r) => ({
        number: r.number,
        title: r.title,
        issuedAt: formatLocal(r.issuedAt),
        html: `/bulletins/${r.id}`,
        pdf: r.hasPdf ? `/bulletins/${r.id}.pdf` : null,
        xlsx: `/api/bulletins/${r.id}?format=xlsx&lang=${locale}`,
      })),
      pager: pager(req, total, q.page),
    });
  });

  router.post('/admin/cycles/:id/bulletins', async (req, res) => {
    const { locale, admin } = consoleContext(res);
    const cycle = await findCycle(req.params.id);
    if (!cycle || !issueBody.safeParse(req.body).success)
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    const back = `/admin/cycles/${cycle.id}/bulletins`;
    try {
      // Issued now, a bulletin covers up to this minute; a second press within the minute finds the same one.
      const periodKey = `now-${formatLocal(new Date()).replace(' ', 'T')}`;
      const issued = await issueBulletin(deps, { cycleId: cycle.id, periodKey, issuedBy: admin.email });
      res.redirect(303, `${back}?done=${issued.created ? 'issued' : 'again'}`);
    } catch (err) {
      if (!(err instanceof BulletinError)) throw err;
      consoleMessage(
        req,
        res,
        422,
        'problem',
        translate(locale, 'admin.bulletinList.failed', { why: err.message }),
        back,
      );
    }
  });

  return router;
}
