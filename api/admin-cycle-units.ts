/**
 * Adding units to a running year from the console: choose a branch or codes, preview who joins (units taking part
 * already are never added twice), then confirm. The workflow's refusal (the year has finished) is shown in words.
 */
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { cycleWithPlan } from '../stores/cycle/queries';
import type { Db } from '../stores/db';
import { translate } from '../templates/render';
import { consoleContext, consoleMessage, consolePage } from './admin-console';
import { addCycleUnits } from './cycles';
import { HttpError, pageMessage } from './errors';
import { isUuid } from './validate';

const text = z.string().max(200_000).default('');
const unitsForm = z.object({
  _csrf: z.string(),
  action: z.enum(['preview', 'add']),
  under: text,
  codes: text,
});
type UnitsForm = z.output<typeof unitsForm>;

export function adminCycleUnitsRouter({ db, client }: { db: Db; client: Client }): Router {
  const router = Router();

  async function page(req: Request, res: Response, status: number, values: Partial<UnitsForm>, extra = {}) {
    const { locale } = consoleContext(res);
    const cycle = isUuid(String(req.params.id)) ? await cycleWithPlan(db, String(req.params.id)) : null;
    if (!cycle)
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    consolePage(req, res, status, 'admin-cycle-units', {
      titleKey: 'admin.cycleUnits.title',
      titleParams: { year: cycle.year },
      cycleHref: `/admin/cycles/${cycle.id}`,
      action: `/admin/cycles/${cycle.id}/units`,
      values: { under: '', codes: '', ...values },
      ...extra,
    });
  }

  router.get('/admin/cycles/:id/units', (req, res) => page(req, res, 200, {}));

  router.post('/admin/cycles/:id/units', async (req, res) => {
    const { locale, admin } = consoleContext(res);
    const parsed = unitsForm.safeParse(req.body);
    if (!parsed.success || !isUuid(String(req.params.id)))
      return consoleMessage(req, res, 422, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    const form = parsed.data;
    const codes = form.codes.split(/[\s,，、]+/).filter(Boolean);
    if (!form.under.trim() && codes.length === 0)
      return page(req, res, 422, form, { problem: translate(locale, 'admin.newCycle.noUnits') });
    const units = codes.length > 0 ? { codes } : { under: form.under.trim() };
    try {
      const r = await addCycleUnits(db, client, String(req.params.id), {
        units,
        by: admin.email,
        preview: form.action === 'preview',
      });
      if (form.action === 'add' && r.adding.length > 0)
        return res.redirect(303, `/admin/cycles/${req.params.id}?added=${r.adding.length}`);
      return page(req, res, 200, form, {
        preview: r.adding.map((u) => ({ code: u.code, name: u.nameZh })),
        already: r.already,
        nothing: r.adding.length === 0,
      });
    } catch (err) {
      if (err instanceof HttpError)
        return page(req, res, err.status, form, { problem: pageMessage(locale, err) });
      throw err;
    }
  });

  return router;
}
