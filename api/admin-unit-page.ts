/**
 * One unit's page in a cycle: its timeline, its figures against targets, and the admin actions (extend the due
 * date, reassign an approver, cancel), each with a reason that the workflow writes to the audit log.
 */
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { activityProblems } from '../stores/problems/queries';
import { peopleWithEmail, personIdByEmail, unitAssessment } from '../stores/assessment/queries';
import type { Db } from '../stores/db';
import { checkLabelsOf, stepLabel } from '../templates/labels';
import { figuresTableRows } from '../stores/assessment/progress';
import { loadResultSheet } from '../stores/assessment/result-sheet';
import { isConflicted, loadUnitFigures, loadUnitTimeline } from '../stores/assessment/timeline';
import { resultView } from './assessment/result-view';
import { formatLocal, instantOf, parseLocalDateTime } from '../domain/time-zone';
import { hasMessage, translate, type Locale, inLocale } from '../templates/render';
import {
  cancelUpdate,
  extendDueDateUpdate,
  reassignApproverUpdate,
  retryUpdate,
} from '../workflows/assessment/contract';
import { consoleContext, consoleMessage, consolePage } from './admin-console';
import { HttpError, pageMessage } from './errors';
import { isUuid } from './validate';
import { runUpdate } from './workflow-calls';

const reason = z.string().trim().min(1).max(2000);
const dueBody = z.object({
  _csrf: z.string(),
  step: z.string().min(1).max(40),
  dueAt: z.string().max(40),
  reason,
});
const reassignBody = z.object({
  _csrf: z.string(),
  from: z.uuid(),
  to: z.string().trim().toLowerCase().max(200),
  reason,
});
const cancelBody = z.object({ _csrf: z.string(), reason });
// Cancelling ends the unit's year for good: the form asks for an explicit confirmation.
const confirmedCancelBody = cancelBody.extend({ confirm: z.literal('on') });
const ACTIONS = ['due-date', 'approver', 'cancel', 'retry'] as const;

export function adminUnitPageRouter({ db, client }: { db: Db; client: Client }): Router {
  const router = Router();

  async function findAssessment(cycleId: string, code: string) {
    if (!isUuid(cycleId)) return null;
    return unitAssessment(db, cycleId, code);
  }

  async function unitPage(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const { locale } = consoleContext(res);
    const cycleId = String(req.params.id);
    const a = await findAssessment(cycleId, String(req.params.code));
    if (!a)
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(locale, 'admin.unit.unknown'),
        `/admin/cycles/${cycleId}`,
      );
    const checkLabels = checkLabelsOf(a.cycle.calendar);
    const label = (step: string | null) => (step ? stepLabel(locale as Locale, step, checkLabels) : '');
    const [timeline, figures, waiting, problems, sheet] = await Promise.all([
      loadUnitTimeline(db, a.id),
      loadUnitFigures(db, a.id),
      peopleWithEmail(db, a.waitingOn),
      activityProblems(db, [a.id]),
      // The result sheet exists from the year-end evaluation on.
      a.stage === 'EVALUATION' || a.stage === 'FINISHED' ? loadResultSheet(db, a.id) : null,
    ]);
    const describe = (e: (typeof timeline)[number]) => {
      const d = e.detail;
      switch (e.kind) {
        case 'submission':
          return translate(locale, 'admin.timeline.submitted', { step: label(e.step), version: d.version });
        case 'decision':
          return translate(locale, 'admin.timeline.decided', {
            step: label(e.step),
            outcome: translate(locale, `admin.outcome.${e.what}`),
            comment: d.comment ? `：${String(d.comment)}` : '',
          });
        case 'score':
          return translate(locale, 'admin.timeline.scored', {
            round: d.round,
            total: Number(d.total).toFixed(2),
          });
        case 'email':
          return translate(locale, 'admin.timeline.email', {
            subject: d.subject,
            status: translate(locale, `admin.outbox.status.${String(d.status)}`),
          });
        default:
          return translate(locale, 'admin.timeline.action', {
            action: hasMessage(locale, `admin.action.${e.what}`)
              ? translate(locale, `admin.action.${e.what}`)
              : e.what,
            step: label(e.step),
            to: typeof d.to === 'string' ? formatIfDate(d.to) : '',
            reason: typeof d.reason === 'string' ? d.reason : '',
          });
      }
    };
    const open = a.stage !== 'FINISHED' && a.status !== 'CANCELLED';
    consolePage(req, res, status, 'admin-unit', {
      titleKey: 'admin.unit.title',
      titleParams: { name: a.organisation.nameZh, year: a.cycle.year },
      cycleHref: `/admin/cycles/${cycleId}`,
      action: `/admin/cycles/${cycleId}/units/${encodeURIComponent(a.organisation.code)}`,
      unit: {
        code: a.organisation.code,
        name: inLocale(locale, a.organisation.nameZh, a.organisation.nameEn),
        stage: translate(locale, `stage.${a.stage}`),
        status: translate(locale, `admin.status.${a.status}`),
        step: a.step,
        stepLabel: label(a.step),
        dueAt: a.dueAt ? formatLocal(a.dueAt) : '',
        dueValue: a.dueAt ? formatLocal(a.dueAt).replace(' ', 'T') : '',
        score: a.score?.toNumber() ?? null,
        grade: a.grade ? translate(locale, `grade.${a.grade}`) : null,
        rank: a.rank,
      },
      result: sheet ? resultView(sheet, locale as Locale) : undefined,
      open,
      waiting,
      timeline: timeline.map((e) => ({
        at: formatLocal(e.at),
        kind: translate(locale, `admin.timeline.kind.${e.kind}`),
        who: e.who,
        text: describe(e),
      })),
      figures: figuresTableRows(figures.rows, locale, figures.notApplicable),
      problems: problems.map((p) => problemRow(locale, p)),
      done: ACTIONS.find((x) => x === req.query.done),
      ...extra,
    });
  }

  router.get('/admin/cycles/:id/units/:code', (req, res) => unitPage(req, res, 200));

  /** Runs an action; a refusal (bad input, or the workflow's validator) re-shows the page saying why. */
  async function act(
    req: Request,
    res: Response,
    name: (typeof ACTIONS)[number],
    run: (a: NonNullable<Awaited<ReturnType<typeof findAssessment>>>) => Promise<string | null>,
  ) {
    const { locale } = consoleContext(res);
    const a = await findAssessment(String(req.params.id), String(req.params.code));
    if (!a)
      return consoleMessage(req, res, 404, 'problem', translate(locale, 'admin.unit.unknown'), '/admin');
    try {
      const problem = await run(a);
      if (problem) return unitPage(req, res, 422, { problem, problemAction: name });
    } catch (err) {
      if (err instanceof HttpError)
        return unitPage(req, res, err.status, { problem: pageMessage(locale, err), problemAction: name });
      throw err;
    }
    res.redirect(
      303,
      `/admin/cycles/${req.params.id}/units/${encodeURIComponent(a.organisation.code)}?done=${name}`,
    );
  }

  router.post('/admin/cycles/:id/units/:code/due-date', (req, res) =>
    act(req, res, 'due-date', async (a) => {
      const { locale, admin } = consoleContext(res);
      const body = dueBody.safeParse(req.body);
      if (!body.success) return translate(locale, 'admin.unit.needReason');
      const wall = parseLocalDateTime(body.data.dueAt.trim());
      if (!wall) return translate(locale, 'admin.unit.badDue');
      const dueAt = instantOf(wall);
      if (dueAt.getTime() <= Date.now()) return translate(locale, 'admin.unit.dueInPast');
      await runUpdate(client, a.workflowId, extendDueDateUpdate, {
        step: body.data.step,
        dueAt: dueAt.toISOString(),
        by: admin.email,
        reason: body.data.reason,
      });
      return null;
    }),
  );

  router.post('/admin/cycles/:id/units/:code/approver', (req, res) =>
    act(req, res, 'approver', async (a) => {
      const { locale, admin } = consoleContext(res);
      const body = reassignBody.safeParse(req.body);
      if (!body.success) return translate(locale, 'admin.unit.needReason');
      const to = await personIdByEmail(db, body.data.to);
      if (!to) return translate(locale, 'admin.unit.unknownPerson', { email: body.data.to });
      if (await isConflicted(db, a.id, to.id))
        return translate(locale, 'admin.unit.conflicted', { email: body.data.to });
      await runUpdate(client, a.workflowId, reassignApproverUpdate, {
        from: body.data.from,
        to: to.id,
        by: admin.email,
        reason: body.data.reason,
      });
      return null;
    }),
  );

  router.post('/admin/cycles/:id/units/:code/retry', (req, res) =>
    act(req, res, 'retry', async (a) => {
      const { locale, admin } = consoleContext(res);
      const body = cancelBody.safeParse(req.body);
      if (!body.success) return translate(locale, 'admin.unit.needReason');
      await runUpdate(client, a.workflowId, retryUpdate, { by: admin.email, reason: body.data.reason });
      return null;
    }),
  );

  router.post('/admin/cycles/:id/units/:code/cancel', (req, res) =>
    act(req, res, 'cancel', async (a) => {
      const { locale, admin } = consoleContext(res);
      if (!cancelBody.safeParse(req.body).success) return translate(locale, 'admin.unit.needReason');
      const body = confirmedCancelBody.safeParse(req.body);
      if (!body.success) return translate(locale, 'admin.unit.confirmCancel');
      await runUpdate(client, a.workflowId, cancelUpdate, { by: admin.email, reason: body.data.reason });
      return null;
    }),
  );

  return router;
}

/** A problem as the console shows it: what failed in words, the error, since when, how often. */
export function problemRow(
  locale: Locale,
  p: { activity: string; permanent: boolean; message: string; firstAt: Date; occurrences?: number },
) {
  const key = `admin.problem.activity.${p.activity}`;
  return {
    what: hasMessage(locale, key) ? translate(locale, key) : p.activity,
    message: p.message,
    since: formatLocal(p.firstAt),
    occurrences: p.occurrences ?? 1,
    kind: translate(locale, p.permanent ? 'admin.problem.permanent' : 'admin.problem.transient'),
  };
}

function formatIfDate(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : formatLocal(new Date(t));
}
