/**
 * Plans in the console: the list, one plan with its indicators and stated targets, a copy for another period, and
 * allocating an indicator's target from a unit to its children with the sum checked against the parent's.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../stores/db';
import { rootOrganisations } from '../stores/organisation/queries';
import { listPlans, planWithContents } from '../stores/plan/queries';
import {
  copyPlan,
  loadAllocation,
  PlanAdminError,
  saveAllocation,
  type AllocationView,
} from '../stores/plan/admin';
import { PlanConflictError } from '../stores/plan/store';
import { PlanValidationError } from '../domain/plan';
import { targetForYear } from '../domain/targets';
import { translate, inLocale } from '../templates/render';
import { consoleContext, consoleMessage, consolePage, fieldProblems } from './admin-console';

const year = z.coerce.number().int().min(1949).max(2200);
const copyBody = z.object({
  _csrf: z.string(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-", e.g. pds-2016-2020'),
  nameZh: z.string().trim().min(1, 'a name is required').max(200),
  nameEn: z.string().trim().max(200).optional(),
  periodStart: year,
  periodEnd: year,
  baselines: z.literal('1').optional(),
});
const allocationQuery = z.object({ indicator: z.string().max(64), year, under: z.string().max(64) });

export function adminPlansRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/admin/plans', async (req, res) => {
    const plans = await listPlans(db);
    consolePage(req, res, 200, 'admin-plans', {
      titleKey: 'admin.plans.title',
      plans: plans.map((p) => ({
        ...p,
        href: `/admin/plans/${encodeURIComponent(p.code)}`,
        indicators: p._count.indicators,
        cycles: p._count.cycles,
      })),
    });
  });

  router.get('/admin/plans/:code', async (req, res) => {
    const { locale } = consoleContext(res);
    const plan = await planWithContents(db, req.params.code);
    if (!plan)
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(locale, 'admin.plans.unknown'),
        '/admin/plans',
      );
    const [root] = await rootOrganisations(db, 1);
    const years = Array.from(
      { length: plan.periodEnd - plan.periodStart + 1 },
      (_, i) => plan.periodStart + i,
    );
    consolePage(req, res, 200, 'admin-plan', {
      titleKey: 'admin.plans.one',
      titleParams: { name: inLocale(locale, plan.nameZh, plan.nameEn) },
      plan: {
        code: plan.code,
        period: `${plan.periodStart}–${plan.periodEnd}`,
        weights: `${plan.indicatorWeight.toNumber()} / ${plan.committeeWeight.toNumber()}`,
        source: plan.sourceDocument,
      },
      years,
      indicators: plan.indicators.map((i) => ({
        code: i.code,
        name: inLocale(locale, i.nameZh, i.nameEn),
        unit: inLocale(locale, i.unitZh, i.unitEn),
        kind: translate(locale, `indicatorKind.${i.kind}`),
        weight: i.weight.toNumber(),
        // Stated targets, and where the plan states none for a year the one derived from its pace, marked so.
        targets: years.map((y) => {
          const t = targetForYear(
            i.kind,
            i.targets.map((x) => ({ year: x.year, value: x.value.toNumber() })),
            y,
            plan.periodStart,
          );
          return t ? { value: t.value, derived: t.derived } : null;
        }),
        allocateHref: root
          ? `/admin/plans/${encodeURIComponent(plan.code)}/allocation?indicator=${encodeURIComponent(i.code)}&year=${plan.periodStart}&under=${encodeURIComponent(root.code)}`
          : null,
      })),
      criteria: plan.criteria.map((c) => ({
        code: c.code,
        name: inLocale(locale, c.nameZh, c.nameEn),
        weight: c.weight.toNumber(),
      })),
      copy: {
        periodStart: plan.periodEnd + 1,
        periodEnd: plan.periodEnd + 1 + (plan.periodEnd - plan.periodStart),
      },
    });
  });

  router.post('/admin/plans/:code/copy', async (req, res) => {
    const { locale, admin } = consoleContext(res);
    const back = `/admin/plans/${encodeURIComponent(req.params.code)}`;
    const body = copyBody.safeParse(req.body);
    if (!body.success)
      return consoleMessage(req, res, 422, 'problem', fieldProblems(body.error.issues), back);
    try {
      const plan = await copyPlan(
        db,
        req.params.code,
        {
          code: body.data.code,
          nameZh: body.data.nameZh,
          nameEn: body.data.nameEn || null,
          periodStart: body.data.periodStart,
          periodEnd: body.data.periodEnd,
          baselines: body.data.baselines === '1',
        },
        admin.email,
      );
      res.redirect(303, `/admin/plans/${encodeURIComponent(plan.code)}`);
    } catch (err) {
      if (err instanceof PlanConflictError || err instanceof PlanValidationError)
        return consoleMessage(req, res, 422, 'problem', err.message, back);
      if (err instanceof PlanAdminError && err.problem === 'noBaselineYear')
        return consoleMessage(
          req,
          res,
          422,
          'problem',
          translate(locale, 'admin.plans.noBaselineYear', err.params),
          back,
        );
      if (err instanceof PlanAdminError)
        return consoleMessage(
          req,
          res,
          404,
          'problem',
          translate(locale, 'admin.plans.unknown'),
          '/admin/plans',
        );
      throw err;
    }
  });

  async function allocationPage(
    req: Request,
    res: Response,
    status: number,
    view: AllocationView,
    extra: Record<string, unknown> = {},
  ) {
    const { locale } = consoleContext(res);
    const values = (extra.values as Record<string, string> | undefined) ?? {};
    const base = `/admin/plans/${encodeURIComponent(String(req.params.code))}/allocation`;
    consolePage(req, res, status, 'admin-allocation', {
      titleKey: 'admin.allocation.title',
      titleParams: {
        indicator: inLocale(locale, view.indicator.nameZh, view.indicator.nameEn),
        year: view.year,
      },
      planHref: `/admin/plans/${encodeURIComponent(String(req.params.code))}`,
      exportHref: `/api/plans/${encodeURIComponent(String(req.params.code))}/allocations?format=xlsx&year=${view.year}&lang=${locale}`,
      action: `${base}?indicator=${encodeURIComponent(view.indicator.code)}&year=${view.year}&under=${encodeURIComponent(view.parent.code)}`,
      view,
      summable: view.indicator.aggregation === 'SUM',
      children: view.children.map((c) => ({
        ...c,
        input: values[c.code] ?? (c.notApplicable ? '' : (c.value ?? c.suggested ?? '').toString()),
        // A refused form shows what was posted; otherwise what is stored.
        na: extra.values ? values[`na_${c.code}`] === 'on' : c.notApplicable,
        href: `${base}?indicator=${encodeURIComponent(view.indicator.code)}&year=${view.year}&under=${encodeURIComponent(c.code)}`,
      })),
      ...extra,
    });
  }

  async function withAllocation(req: Request, res: Response, run: (view: AllocationView) => Promise<void>) {
    const { locale } = consoleContext(res);
    const q = allocationQuery.safeParse(req.query);
    const back = `/admin/plans/${encodeURIComponent(String(req.params.code))}`;
    if (!q.success) return consoleMessage(req, res, 422, 'problem', fieldProblems(q.error.issues), back);
    try {
      await run(
        await loadAllocation(db, String(req.params.code), q.data.indicator, q.data.year, q.data.under),
      );
    } catch (err) {
      if (
        err instanceof PlanAdminError &&
        err.problem !== 'sumMismatch' &&
        err.problem !== 'badValue' &&
        err.problem !== 'noParentTarget'
      )
        return consoleMessage(
          req,
          res,
          err.problem === 'tooManyChildren' ? 409 : 404,
          'problem',
          translate(locale, `admin.allocation.problem.${err.problem}`, err.params),
          back,
        );
      throw err;
    }
  }

  router.get('/admin/plans/:code/allocation', (req, res) =>
    withAllocation(req, res, (view) => allocationPage(req, res, 200, view)),
  );

  router.post('/admin/plans/:code/allocation', (req, res) =>
    withAllocation(req, res, async (view) => {
      const { locale, admin } = consoleContext(res);
      const body = req.body as Record<string, unknown>;
      // A unit marked 不适用 takes no target: whatever its field holds is not read.
      const notApplicable = new Set(
        view.children.filter((c) => body[`na_${c.code}`] === 'on').map((c) => c.code),
      );
      const raw = Object.fromEntries(
        view.children.map((c) => [
          c.code,
          notApplicable.has(c.code) ? '' : String(body[`v_${c.code}`] ?? '').trim(),
        ]),
      );
      const naValues = Object.fromEntries([...notApplicable].map((c) => [`na_${c}`, 'on']));
      const values = new Map<string, number>();
      const bad = Object.entries(raw)
        .filter(([, v]) => v !== '' && !/^\d+(\.\d+)?$/.test(v))
        .map(([code]) => code);
      if (bad.length > 0)
        return allocationPage(req, res, 422, view, {
          values: { ...raw, ...naValues },
          problem: translate(locale, 'admin.allocation.problem.badValue', { code: bad.join('、') }),
        });
      for (const [code, v] of Object.entries(raw)) if (v !== '') values.set(code, Number(v));
      try {
        await saveAllocation(db, view, values, admin.email, notApplicable);
      } catch (err) {
        if (err instanceof PlanAdminError)
          return allocationPage(req, res, 422, view, {
            values: { ...raw, ...naValues },
            problem: translate(locale, `admin.allocation.problem.${err.problem}`, err.params),
          });
        throw err;
      }
      allocationPage(
        req,
        res,
        200,
        await loadAllocation(db, String(req.params.code), view.indicator.code, view.year, view.parent.code),
        { saved: true },
      );
    }),
  );

  return router;
}
