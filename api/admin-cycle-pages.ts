/**
 * Cycles in the console: the start page (plan, year, units, calendar with a preview of every date, decision policy)
 * and each cycle's dashboard (counts per stage, overdue steps, lagging units, progress per indicator, filters by
 * county/industry, stage and status; units paginated, each linking to its own page).
 */
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { ensureBulletinSchedule } from '../activities/bulletin/schedule';
import { completionChart } from '../activities/bulletin/document';
import { loadBulletinSnapshot } from '../stores/bulletin/snapshot';
import { cycleDashboard } from '../stores/cycle/dashboard';
import { cycleWithPlan } from '../stores/cycle/queries';
import { CycleInputError, startCycle } from '../stores/cycle/store';
import { rootOrganisations } from '../stores/organisation/queries';
import { planChoices } from '../stores/plan/queries';
import { cycleActivityProblems } from '../stores/problems/queries';
import type { Db } from '../stores/db';
import { stepLabel, checkLabelsOf } from '../templates/labels';
import { buildBulletin } from '../domain/bulletin';
import { defaultCalendar, MISSED_POLICIES } from '../domain/calendar';
import {
  CALENDAR_FORM_FIELDS,
  calendarFormFrom,
  calendarFromForm,
  previewCalendar,
  type FieldProblem,
  type CalendarForm,
} from '../domain/calendar-form';
import { restrictToBranch } from '../domain/dashboard';
import { STAGES, STATUSES } from '../domain/stages';
import { DECISION_POLICIES } from '../domain/decision';
import { formatLocal, wallClockAt } from '../domain/time-zone';
import { translate, type Locale, inLocale } from '../templates/render';
import { HttpError } from './errors';
import { problemRow } from './admin-unit-page';
import { setCyclePaused } from './cycles';
import { isUuid } from './validate';
import {
  consoleContext,
  consoleMessage,
  consolePage,
  fieldProblems,
  pager,
  PAGE_SIZE,
} from './admin-console';

const text = z.string().max(20_000).default('');
const startForm = z.object({
  _csrf: z.string(),
  action: z.enum(['preview', 'start']),
  plan: text,
  year: text,
  under: text,
  codes: text,
  policy: text,
  quorum: text,
  secret: text,
  recusal: text,
  bulletins: text,
  ...Object.fromEntries(CALENDAR_FORM_FIELDS.map((f) => [f, text])),
});
type StartForm = z.output<typeof startForm> & CalendarForm;

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

export function adminCyclePagesRouter({ db, client, taskQueue, cycleBatchSize }: CyclePageDeps): Router {
  const router = Router();

  async function startPage(
    req: Request,
    res: Response,
    status: number,
    values: Partial<StartForm>,
    extra: Record<string, unknown> = {},
  ) {
    const { locale } = consoleContext(res);
    const [plans, roots] = await Promise.all([planChoices(db), rootOrganisations(db)]);
    const year =
      values.year ||
      String(
        Math.min(
          Math.max(wallClockAt(new Date()).year, plans[0]?.periodStart ?? 0),
          plans[0]?.periodEnd ?? 9999,
        ),
      );
    const defaults = calendarFormFrom(defaultCalendar(Number(year) || wallClockAt(new Date()).year));
    const v = {
      ...defaults,
      plan: plans[0]?.code ?? '',
      under: roots[0]?.code ?? '',
      policy: 'MAJORITY',
      bulletins: '',
      ...values,
      year,
    };
    consolePage(req, res, status, 'admin-cycle-new', {
      titleKey: 'admin.newCycle.title',
      values: v,
      plans: plans.map((p) => ({
        code: p.code,
        label: `${inLocale(locale, p.nameZh, p.nameEn)} (${p.periodStart}–${p.periodEnd})`,
        selected: p.code === v.plan,
      })),
      policies: DECISION_POLICIES.map((p) => ({
        value: p,
        label: translate(locale, `admin.policy.${p}`),
        selected: p === v.policy,
      })),
      missedPolicies: MISSED_POLICIES.map((p) => ({
        value: p,
        label: translate(locale, `admin.missed.${p}`),
        selected: p === v.onMissed,
      })),
      bulletinChoices: ['', 'month', 'quarter'].map((b) => ({
        value: b,
        label: translate(locale, `admin.bulletins.${b || 'none'}`),
        selected: b === v.bulletins,
      })),
      errors: {},
      ...extra,
    });
  }

  router.get('/admin/cycles/new', (req, res) => startPage(req, res, 200, {}));

  router.post('/admin/cycles/new', async (req, res) => {
    const { locale, admin } = consoleContext(res);
    const parsed = startForm.safeParse(req.body);
    if (!parsed.success)
      return consoleMessage(
        req,
        res,
        422,
        'problem',
        fieldProblems(parsed.error.issues),
        '/admin/cycles/new',
      );
    const form = parsed.data as StartForm;
    const errors: Record<string, string> = {};
    const year = Number(form.year);
    if (!/^\d{4}$/.test(form.year.trim())) errors.year = translate(locale, 'admin.newCycle.badYear');
    const codes = form.codes.split(/[\s,，、]+/).filter(Boolean);
    if (!form.under.trim() && codes.length === 0) errors.under = translate(locale, 'admin.newCycle.noUnits');
    if (!(DECISION_POLICIES as readonly string[]).includes(form.policy))
      errors.policy = translate(locale, 'admin.newCycle.badPolicy');
    const quorum = form.policy === 'QUORUM' ? Number(form.quorum) : undefined;
    if (form.policy === 'QUORUM' && !(Number.isInteger(quorum) && quorum! >= 1))
      errors.quorum = translate(locale, 'admin.newCycle.badQuorum');
    if (!['', 'month', 'quarter'].includes(form.bulletins))
      errors.bulletins = translate(locale, 'admin.newCycle.badBulletins');
    const cal = calendarFromForm(form);
    for (const p of cal.problems) errors[p.field] ??= calendarProblem(locale as Locale, p);
    if (Object.keys(errors).length > 0 || !cal.calendar)
      return startPage(req, res, 422, form, {
        errors,
        problem: translate(locale, 'admin.newCycle.fix', {
          fields: Object.keys(errors)
            .map((f) => translate(locale, `admin.field.${f}`))
            .join('、'),
        }),
      });
    if (form.action === 'preview') {
      const rows = previewCalendar(cal.calendar, form.decisionWithin.trim(), Date.now());
      const preview = rows.map((r) => ({
        step: r.step.startsWith('check:')
          ? translate(locale, 'step.check', { label: r.step.slice(6) })
          : translate(locale, `step.${r.step}`),
        event: translate(locale, `admin.preview.${r.event}`),
        at: r.event === 'DECISION' ? translate(locale, 'admin.preview.within', { within: r.at }) : r.at,
        due: r.event === 'DUE',
        past: r.past,
      }));
      const past = rows.filter((r) => r.past).length;
      return startPage(req, res, 200, form, { preview, pastWarning: past > 0 ? past : null });
    }
    try {
      const cycle = await startCycle(
        db,
        client,
        { taskQueue, batchSize: cycleBatchSize },
        {
          plan: form.plan,
          year,
          units: codes.length > 0 ? { codes } : { under: form.under.trim() },
          calendar: cal.calendar,
          decisionPolicy: {
            kind: form.policy as (typeof DECISION_POLICIES)[number],
            ...(quorum ? { quorum } : {}),
            ...(form.secret === 'on' ? { secret: true } : {}),
            ...(form.recusal === 'BRANCH' ? { recusal: 'BRANCH' as const } : {}),
          },
          startedBy: admin.email,
        },
      );
      if (form.bulletins) await ensureBulletinSchedule(client, taskQueue, cycle.id, form.bulletins);
      // The same plan and year lands on the running cycle: the page says nothing new started and how to add units.
      res.redirect(303, `/admin/cycles/${cycle.id}?${cycle.created ? 'started' : 'existing'}=1`);
    } catch (err) {
      if (!(err instanceof CycleInputError)) throw err;
      const fieldOf = (path: string) =>
        path === 'units.codes'
          ? 'codes'
          : path === 'units.under'
            ? 'under'
            : path.startsWith('calendar.')
              ? 'checks'
              : path;
      for (const i of err.issues) errors[fieldOf(i.path)] ??= i.message;
      startPage(req, res, 422, form, { errors, problem: err.message });
    }
  });

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
    const [{ groups, matching, rows }, snapshot, problems] = await Promise.all([
      cycleDashboard(db, id, {
        under: q.under,
        stage: q.stage,
        status: q.status,
        overdue: q.overdue === '1',
        take: PAGE_SIZE,
        skip: (q.page - 1) * PAGE_SIZE,
        now,
      }),
      loadBulletinSnapshot(db, id, now),
      cycleActivityProblems(db, cycle),
    ]);
    const branchInput = q.under ? restrictToBranch(snapshot, q.under) : snapshot;
    const data =
      branchInput && branchInput.units.some((u) => u.participating) ? buildBulletin(branchInput) : null;
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
      },
      under: q.under,
      branches: snapshot.units
        .filter((u) => u.kind === 'COUNTY_DISTRICT' || u.kind === 'INDUSTRY_UNION')
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((u) => ({ code: u.code, name: u.name, selected: u.code === q.under })),
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
            shown: data.lagging.shown.slice(0, 20).map((l) => ({
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

/** A calendar problem in the reader's language, naming any other field it refers to by its label. */
function calendarProblem(locale: Locale, p: FieldProblem): string {
  const params = { ...p.params };
  if (typeof params.field === 'string') params.field = translate(locale, `admin.field.${params.field}`);
  return translate(locale, `calendar.${p.key}`, params);
}
