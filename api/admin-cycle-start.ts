/**
 * Starting a cycle from the console: the start page (plan, year, units, calendar, decision policy), its preview of
 * every date and of who takes part and decides, and the start itself.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ensureBulletinSchedule } from '../activities/bulletin/schedule';
import { CycleInputError, startCycle } from '../stores/cycle/store';
import { previewParticipants, type ParticipantPreview } from '../stores/cycle/participants';
import { rootOrganisations } from '../stores/organisation/queries';
import { planChoices } from '../stores/plan/queries';
import { defaultCalendar, MISSED_POLICIES } from '../domain/calendar';
import {
  CALENDAR_FORM_FIELDS,
  calendarFormFrom,
  calendarFromForm,
  previewCalendar,
  type FieldProblem,
  type CalendarForm,
} from '../domain/calendar-form';
import { DECISION_POLICIES } from '../domain/decision';
import { wallClockAt } from '../domain/time-zone';
import { translate, type Locale, inLocale } from '../templates/render';
import { consoleContext, consoleMessage, consolePage, fieldProblems } from './admin-console';
import type { CyclePageDeps } from './admin-cycle-pages';

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

export function adminCycleStartRouter({ db, client, taskQueue, cycleBatchSize }: CyclePageDeps): Router {
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
    const units = codes.length > 0 ? { codes } : { under: form.under.trim() };
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
      try {
        const participants = await previewParticipants(
          db,
          units,
          form.recusal === 'BRANCH' ? 'BRANCH' : 'UNIT',
        );
        return startPage(req, res, 200, form, {
          preview,
          pastWarning: past > 0 ? past : null,
          participants: participantsView(locale as Locale, participants),
        });
      } catch (err) {
        if (!(err instanceof CycleInputError)) throw err;
        return refused(req, res, locale as Locale, form, errors, err);
      }
    }
    try {
      const cycle = await startCycle(
        db,
        client,
        { taskQueue, batchSize: cycleBatchSize },
        {
          plan: form.plan,
          year,
          units,
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
      refused(req, res, locale as Locale, form, errors, err);
    }
  });

  /** A start the store refused: each problem next to its field, in the reader's language. */
  function refused(
    req: Request,
    res: Response,
    locale: Locale,
    form: StartForm,
    errors: Record<string, string>,
    err: CycleInputError,
  ) {
    const fieldOf = (path: string) =>
      path === 'units.codes'
        ? 'codes'
        : path === 'units.under'
          ? 'under'
          : path.startsWith('calendar.')
            ? 'checks'
            : path;
    const messages = err.issues.map((i) =>
      i.key ? translate(locale, i.key, i.params) : translate(locale, 'admin.newCycle.calendarRefused'),
    );
    err.issues.forEach((i, k) => (errors[fieldOf(i.path)] ??= messages[k]!));
    return startPage(req, res, 422, form, { errors, problem: messages.join('；') });
  }

  return router;
}

/** A calendar problem in the reader's language, naming any other field it refers to by its label. */
function calendarProblem(locale: Locale, p: FieldProblem): string {
  const params = { ...p.params };
  if (typeof params.field === 'string') params.field = translate(locale, `admin.field.${params.field}`);
  return translate(locale, `calendar.${p.key}`, params);
}

/** The participants of a previewed start as the start page lists them. */
function participantsView(locale: Locale, p: ParticipantPreview) {
  return {
    summary: translate(locale, 'admin.newCycle.participantsSummary', {
      total: p.total,
      kinds: p.byKind.map((k) => `${translate(locale, `org.kind.${k.kind}`)} ${k.count}`).join('、'),
    }),
    shownNote:
      p.shown.length < p.total
        ? translate(locale, 'admin.newCycle.participantsShown', { shown: p.shown.length })
        : null,
    rows: p.shown.map((u) => ({
      code: u.code,
      name: u.name,
      kind: translate(locale, `org.kind.${u.kind}`),
      committee: u.committee ?? translate(locale, 'admin.newCycle.noCommitteeShort'),
      approvers: u.approvers.join('、'),
      chair: u.chair ?? '—',
      contacts: u.contacts,
    })),
    withoutContacts: p.withoutContacts
      ? translate(locale, 'admin.newCycle.withoutContacts', { count: p.withoutContacts })
      : null,
    withoutCommittee: p.withoutCommittee
      ? translate(locale, 'admin.newCycle.withoutCommittee', { count: p.withoutCommittee })
      : null,
  };
}
