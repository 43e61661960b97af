/**
 * The plan period as a whole (`GET /api/plans/:code/period?unit=`, and the console's `/admin/plans/:code/period`):
 * for the city or one unit's subtree, each indicator year by year with its target and completion, where the period
 * stands against its target and the pace needed in the years left; the branches on track for the period or not;
 * a chart per indicator of each year's completion against its target.
 */
import { Router } from 'express';
import { z } from 'zod';
import { barChart } from '../../domain/chart-geometry';
import { formatFigure } from '../../domain/figure-format';
import type { PeriodIndicatorView } from '../../domain/plan-period';
import type { Db } from '../../stores/db';
import { planPeriodView, type PlanPeriodView } from '../../stores/plan/period';
import { periodIndicatorTexts, trackKey } from '../../templates/period-format';
import { translate, type Locale } from '../../templates/render';
import { consoleContext, consoleMessage, consolePage } from '../admin-console';
import { HttpError } from '../errors';

const periodQuery = z.object({ unit: z.string().trim().min(1).max(64).optional() }).strict();

function chartOf(locale: Locale, v: PeriodIndicatorView) {
  return barChart(
    translate(locale, 'period.chart', { name: v.name }),
    v.rows.map((r) => ({
      label: translate(locale, 'period.year', { year: r.year }),
      value: Math.min(r.completion ?? 0, 1.5),
      display:
        r.figure === null
          ? translate(locale, 'bulletin.noData')
          : `${formatFigure(r.figure, v.measure)}${r.target === null ? '' : ` / ${formatFigure(r.target, v.measure)}`}`,
      tone: r.completion === null ? 'plain' : r.completion >= 1 ? 'good' : r.final ? 'bad' : 'warn',
    })),
    {
      max: 1,
      marker: { value: 1, label: translate(locale, 'bulletin.chart.marker') },
      labelWidth: 80,
      legend: {
        good: translate(locale, 'period.legend.met'),
        warn: translate(locale, 'period.legend.running'),
        bad: translate(locale, 'period.legend.missed'),
        plain: translate(locale, 'pace.NO_DATA'),
      },
    },
  );
}

function pageView(locale: Locale, v: PlanPeriodView) {
  return {
    ...v,
    track: translate(locale, trackKey(v.onTrack)),
    branches: v.branches.map((b) => ({
      ...b,
      track: translate(locale, trackKey(b.onTrack)),
      href: `/admin/plans/${encodeURIComponent(v.plan.code)}/period?unit=${encodeURIComponent(b.code)}`,
    })),
    indicators: v.indicators.map((i) => ({ ...periodIndicatorTexts(locale, i), chart: chartOf(locale, i) })),
  };
}

export function planPeriodRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/plans/:code/period', async (req, res) => {
    const q = periodQuery.safeParse(req.query);
    if (!q.success) throw new HttpError(422, 'invalid_input', 'Only "unit" (a unit code) may be given.');
    const view = await planPeriodView(db, req.params.code, q.data.unit ?? null);
    if (!view) throw new HttpError(404, 'not_found', `No plan "${req.params.code}".`);
    if (q.data.unit && !view.unit && view.years.length > 0)
      throw new HttpError(404, 'not_found', `No unit "${q.data.unit}" in the plan's cycles.`);
    res.json(view);
  });

  router.get('/admin/plans/:code/period', async (req, res) => {
    const { locale } = consoleContext(res);
    const q = periodQuery.safeParse(req.query);
    const view = q.success ? await planPeriodView(db, req.params.code, q.data.unit ?? null) : null;
    if (!view)
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'period.unknown'), '/admin/plans');
    consolePage(req, res, 200, 'admin-plan-period', {
      titleKey: 'period.title',
      titleParams: { plan: view.plan.name, start: view.plan.periodStart, end: view.plan.periodEnd },
      planHref: `/admin/plans/${encodeURIComponent(view.plan.code)}`,
      cityHref: `/admin/plans/${encodeURIComponent(view.plan.code)}/period`,
      period: pageView(locale, view),
    });
  });

  return router;
}
