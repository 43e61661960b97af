/**
 * Cycles in the console (started from admin-cycle-start.ts): each cycle's dashboard (counts per stage, overdue steps, lagging units, progress per indicator, filters by
 * county/industry, stage and status; units paginated, each linking to its own page).
 */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { completionChart } from '../activities/bulletin/document';
import { cycleDashboard } from '../stores/cycle/dashboard';
import { dashboardRollup } from '../stores/cycle/rollup';
import { cycleWithPlan } from '../stores/cycle/queries';
import { cycleActivityProblems } from '../stores/problems/queries';
import type { Db } from '../stores/db';
import { stepLabel, checkLabelsOf } from '../templates/labels';
import { STAGES, STATUSES } from '../domain/stages';
import { formatLocal } from '../domain/time-zone';
import { translate, type Locale, inLocale } from '../templates/render';
import { HttpError } from './errors';
import { problemRow } from './admin-unit-page';
import { setCyclePaused } from './cycles';
import { isUuid } from './validate';
import { consoleContext, consoleMessage, consolePage, pager, PAGE_SIZE } from './admin-console';

const pauseForm = z.object({
  _csrf: z.string(),
  paused: z.enum(['true', 'false']),
  reason: z.string().trim().min(1).max(2000),
});
const dashboardQuery = z.object({
  under: z.string().max(64).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  overdue: z.literal('1').optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export interface CyclePageDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  cycleBatchSize: number;
}

export function adminCyclePagesRouter({ db, client }: CyclePageDeps): Router {
  const router = Router();
  router.get('/admin/cycles/:id', async (req, res) => {
    const { locale } = consoleContext(res);
    const id = req.params.id;
    if (!isUuid(id))
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    const cycle = await cycleWithPlan(db, id);
    if (!cycle)
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    const q = dashboardQuery.parse(req.query);
    const now = new Date();
    const [{ groups, matching, rows }, rollup, problems] = await Promise.all([
      cycleDashboard(db, id, {
        under: q.under,
        stage: q.stage,
        status: q.status,
        overdue: q.overdue === '1',
        take: PAGE_SIZE,
        skip: (q.page - 1) * PAGE_SIZE,
        now,
      }),
      dashboardRollup(db, id, q.under),
      cycleActivityProblems(db, cycle),
    ]);
    const data = rollup.figures;
    const overdue = groups.reduce((n, g) => n + g.overdue, 0);
    const checkLabels = checkLabelsOf(cycle.calendar);
    const stageCount = (s: string) => groups.filter((g) => g.stage === s).reduce((n, g) => n + g.n, 0);
    const statusCount = (s: string) => groups.filter((g) => g.status === s).reduce((n, g) => n + g.n, 0);
    const base = (extra: Record<string, string | undefined>) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ under: q.under, ...extra })) if (v) p.set(k, v);
      const s = p.toString();
      return `/admin/cycles/${id}${s ? `?${s}` : ''}`;
    };
    const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
    consolePage(req, res, 200, 'admin-cycle', {
      titleKey: 'admin.cycle.title',
      titleParams: { year: cycle.year },
      started: req.query.started === '1',
      existing: req.query.existing === '1',
      unitsHref: `/admin/cycles/${id}/units`,
      added: typeof req.query.added === 'string' ? Number(req.query.added) || null : null,
      cycle: {
        id,
        year: cycle.year,
        plan: inLocale(locale, cycle.plan.nameZh, cycle.plan.nameEn),
        status: translate(locale, `admin.cycleStatus.${cycle.status}`),
        pausable: cycle.status === 'RUNNING' || cycle.status === 'PAUSED',
        paused: cycle.status === 'PAUSED',
        bulletinsHref: `/admin/cycles/${id}/bulletins`,
        noticesHref: `/admin/cycles/${id}/notices`,
        exportHref: `/api/cycles/${id}/results.xlsx`,
      },
      under: q.under,
      branches: rollup.branches.map((b) => ({ ...b, selected: b.code === q.under })),
      figuresAsOf: formatLocal(rollup.computedAt),
      stages: STAGES.map((s) => ({
        label: translate(locale, `stage.${s}`),
        count: stageCount(s),
        href: base({ stage: s }),
        current: q.stage === s,
      })),
      statuses: STATUSES.filter((s) => statusCount(s) > 0).map((s) => ({
        label: translate(locale, `admin.status.${s}`),
        count: statusCount(s),
        href: base({ status: s }),
        current: q.status === s,
      })),
      overdue: { count: overdue, href: base({ overdue: '1' }), current: Boolean(q.overdue) },
      problems: problems.map((p) => {
        const org = p.assessment?.organisation;
        return {
          ...problemRow(locale, p),
          unit: org ? inLocale(locale, org.nameZh, org.nameEn) : translate(locale, 'admin.problem.cycle'),
          href: org ? `/admin/cycles/${id}/units/${encodeURIComponent(org.code)}` : base({}),
        };
      }),
      clearHref: base({}),
      filtered: Boolean(q.stage || q.status || q.overdue),
      chart: data && completionChart(locale, data.indicators),
      lagging: data
        ? {
            count: data.lagging.count,
            shown: data.lagging.shown.map((l) => ({
              name: l.name,
              href: `/admin/cycles/${id}/units/${encodeURIComponent(l.code)}`,
              indicators: l.indicators.map((i) => `${i.name} ${pct(i.completion)}`).join('；'),
            })),
          }
        : { count: 0, shown: [] },
      units: rows.map((r) => ({
        ...r,
        href: `/admin/cycles/${id}/units/${encodeURIComponent(r.code)}`,
        stage: translate(locale, `stage.${r.stage}`),
        status: translate(locale, `admin.status.${r.status}`),
        step: r.step ? stepLabel(locale as Locale, r.step, checkLabels) : '',
        dueAt: r.dueAt ? formatLocal(r.dueAt) : '',
        grade: r.grade ? translate(locale, `grade.${r.grade}`) : '',
        overdue: r.stage !== 'FINISHED' && r.dueAt !== null && r.dueAt < now,
        score: r.score === null ? '' : r.score.toFixed(2),
      })),
      pager: pager(req, matching, q.page),
    });
  });

  router.post('/admin/cycles/:id/pause', async (req, res) => {
    const { locale, admin } = consoleContext(res);
    const id = String(req.params.id);
    const back = `/admin/cycles/${id}`;
    const body = pauseForm.safeParse(req.body);
    if (!body.success)
      return consoleMessage(req, res, 422, 'problem', translate(locale, 'admin.unit.needReason'), back);
    const unknownCycle = () =>
      consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.cycle.unknown'), '/admin');
    if (!isUuid(id)) return unknownCycle();
    try {
      await setCyclePaused(db, client, id, {
        paused: body.data.paused === 'true',
        by: admin.email,
        reason: body.data.reason,
      });
    } catch (err) {
      if (err instanceof HttpError)
        return err.status === 404
          ? unknownCycle()
          : consoleMessage(req, res, err.status, 'problem', err.message, back);
      throw err;
    }
    res.redirect(303, back);
  });

  return router;
}
