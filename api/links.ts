/**
 * Acting from an email link. `GET /a/:token` only shows: mail scanners fetch every link, so a GET never changes
 * anything. It shows what is asked (the unit, the submission, its figures against targets, earlier comments) and
 * a form; only the `POST` from that form acts, with a CSRF token bound to this browser and this link, through the
 * same workflow update as the JSON API. A link works once: a double click, a reused, expired, forged or unknown
 * link, or a step that has moved on gets a page saying so, with the right status, and changes nothing.
 */
import express, { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { loadAssessmentContexts } from '../activities/assessment-context';
import type { Db } from '../activities/db';
import { checkLabelsOf, formatDue, stepLabel } from '../activities/mail-compose';
import { approvedTargets, figuresTableRows, judgeFigures } from '../activities/progress';
import { formatLocal } from '../domain/time-zone';
import { measureOf } from '../domain/input-rules';
import { stepKind, type Figure, type PayloadIssue, type StepKind } from '../domain/submissions';
import { localeOf, translate, type Locale, inLocale } from '../templates/render';
import { scoreUpdate, submitUpdate, voteUpdate } from '../workflows/assessment/contract';
import { HttpError } from './errors';
import {
  actionOf,
  claimLink,
  CSRF_COOKIE,
  csrfField,
  csrfValid,
  findLink,
  linkProblem,
  newCsrfCookie,
  PROBLEM_STATUS,
  readCookie,
  recordLinkUse,
  releaseLink,
  type Link,
  type LinkProblem,
} from './link-access';
import {
  formValues,
  payloadFromForm,
  scoresFromForm,
  voteForm,
  localiseIssue,
  type FieldErrors,
  type FormIndicator,
} from './link-forms';
import { sendPage } from './pages';
import { runUpdate } from './workflow-calls';

export interface LinkRouteDeps {
  db: Db;
  client: Client;
  secret: string;
  secureCookies: boolean;
}

type Body = Record<string, unknown>;

/** Fields a link form may send: far more than any form has. */
const FIELD_LIMIT = 500;

export function linksRouter({ db, client, secret, secureCookies }: LinkRouteDeps): Router {
  const router = Router();
  const parseForm = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: FIELD_LIMIT });
  // body-parser does not say which field limit was exceeded; the error page does.
  router.use('/a', (req, res, next) =>
    parseForm(req, res, (err?: unknown) =>
      next(
        err && (err as { type?: string }).type === 'parameters.too.many'
          ? Object.assign(err, { limit: FIELD_LIMIT })
          : err,
      ),
    ),
  );

  const message = (
    res: Response,
    status: number,
    locale: Locale,
    tone: 'ok' | 'problem',
    title: string,
    text: string,
  ) =>
    sendPage(res, status, 'message', {
      locale,
      title,
      tone,
      message: text,
      contact: translate(locale, 'page.contactDefault'),
    });

  const problemPage = (res: Response, locale: Locale, problem: LinkProblem, link: Link | null) => {
    const title = translate(locale, 'page.title.error');
    if (problem === 'used' && link?.usedFor) {
      const used = link.usedFor as Record<string, string>;
      return message(
        res,
        409,
        locale,
        'problem',
        title,
        translate(locale, 'page.done.again', { what: used.what ?? '' }),
      );
    }
    const current = link?.assessment.step
      ? stepLabel(locale, link.assessment.step, checkLabelsOf(link.assessment.cycle.calendar))
      : translate(locale, `error.finished`);
    const text =
      problem === 'expired'
        ? translate(locale, 'error.expired', { at: formatDue(locale, link?.expiresAt.toISOString()) })
        : problem === 'movedOn' && link?.assessment.stage === 'FINISHED'
          ? translate(locale, 'error.finished')
          : translate(locale, `error.${problem}`, { current });
    return message(res, PROBLEM_STATUS[problem], locale, 'problem', title, text);
  };

  /** The link and its locale, or a page already sent saying why it cannot be used. */
  async function open(req: Request, res: Response): Promise<{ link: Link; locale: Locale } | null> {
    const link = await findLink(db, String(req.params.token));
    const locale = localeOf(link?.person.locale === 'en' ? 'en' : 'zh-CN');
    if (!link) {
      problemPage(res, locale, 'unknown', null);
      return null;
    }
    return { link, locale };
  }

  function csrfFor(req: Request, res: Response, link: Link): string {
    let cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!cookie || !/^[A-Za-z0-9_-]{32}$/.test(cookie)) {
      cookie = newCsrfCookie();
      res.cookie(CSRF_COOKIE, cookie, {
        httpOnly: true,
        // Lax, not Strict: a link opened from webmail is a cross-site navigation, and a Strict cookie would not be
        // sent with it, so every link opened would get a new cookie and invalidate the forms open in other tabs.
        sameSite: 'lax',
        secure: secureCookies,
        path: '/a',
      });
    }
    return csrfField(secret, cookie, link.tokenHash);
  }

  /** What every page of a link shows: who, which unit and step, when due. */
  function basics(link: Link, locale: Locale) {
    const a = link.assessment;
    const unit = (locale === 'en' && a.organisation.nameEn) || a.organisation.nameZh;
    const step = stepLabel(locale, link.step, checkLabelsOf(a.cycle.calendar));
    return {
      locale,
      unit,
      step,
      personName: link.person.name,
      due: formatDue(locale, a.dueAt?.toISOString()),
    };
  }

  async function indicatorsFor(link: Link, locale: Locale): Promise<FormIndicator[]> {
    const ctx = (await loadAssessmentContexts(db, [link.assessmentId])).get(link.assessmentId);
    const defs = await db.indicatorDefinition.findMany({
      where: { plan: { cycles: { some: { id: link.assessment.cycle.id } } } },
      orderBy: { sortOrder: 'asc' },
      select: { code: true, nameZh: true, nameEn: true, unitZh: true, unitEn: true, aggregation: true },
    });
    return defs.map((d) => ({
      code: d.code,
      name: inLocale(locale, d.nameZh, d.nameEn),
      unit: inLocale(locale, d.unitZh, d.unitEn),
      measure: measureOf(d.aggregation),
      prefill: ctx?.indicators.find((i) => i.code === d.code)?.allocated ?? null,
    }));
  }

  async function comments(link: Link, locale: Locale) {
    const decisions = await db.decision.findMany({
      where: { assessmentId: link.assessmentId, comment: { not: null } },
      orderBy: { decidedAt: 'asc' },
      select: {
        outcome: true,
        comment: true,
        decidedAt: true,
        step: true,
        person: { select: { name: true } },
      },
    });
    return decisions.map((d) => ({
      by: d.person?.name ?? translate(locale, 'app.name'),
      outcome: translate(locale, `outcome.${d.outcome}`),
      comment: d.comment,
      at: formatLocal(d.decidedAt),
    }));
  }

  /** Targets the unit works to: its approved target submission, else what was allocated to it. */
  async function targetsOf(link: Link, indicators: FormIndicator[]): Promise<Record<string, number>> {
    const approved = await approvedTargets(db, link.assessmentId);
    if (approved) return approved;
    return Object.fromEntries(indicators.filter((i) => i.prefill !== null).map((i) => [i.code, i.prefill!]));
  }

  async function figureRows(
    link: Link,
    locale: Locale,
    indicators: FormIndicator[],
    figures: Record<string, Figure>,
    step: string,
  ) {
    const report = await db.progressReport.findFirst({
      where: { assessmentId: link.assessmentId, submission: { step } },
      orderBy: { submission: { version: 'desc' } },
      select: { asOf: true },
    });
    const rows = await judgeFigures(
      db,
      link.assessmentId,
      figures,
      await targetsOf(link, indicators),
      report?.asOf ?? null,
    );
    return figuresTableRows(rows, locale);
  }

  async function latestSubmission(link: Link, step: string) {
    return db.submission.findFirst({
      where: { assessmentId: link.assessmentId, step },
      orderBy: { version: 'desc' },
      select: { version: true, payload: true, submittedAt: true },
    });
  }

  async function decidePage(
    req: Request,
    res: Response,
    link: Link,
    locale: Locale,
    status = 200,
    form: { values?: Body; errors?: FieldErrors; formError?: string } = {},
  ) {
    const b = basics(link, locale);
    // The chair confirms the year-end result, which rests on the self-evaluation.
    const shownStep = link.step === 'confirmation' ? 'evaluation' : link.step;
    const sub = await latestSubmission(link, shownStep);
    const kind = stepKind(shownStep);
    const indicators = await indicatorsFor(link, locale);
    const payload = (sub?.payload ?? {}) as Record<string, unknown>;
    let figures: unknown[] | undefined;
    if (kind === 'check' || kind === 'evaluation')
      figures = await figureRows(
        link,
        locale,
        indicators,
        (payload.figures ?? {}) as Record<string, Figure>,
        shownStep,
      );
    else if (kind === 'targets') {
      const t = (payload.targets ?? {}) as Record<string, number>;
      figures = indicators.map((i) => ({
        name: i.name,
        unit: i.unit,
        target: t[i.code] ?? null,
        actual: null,
        expected: i.prefill,
        completion: null,
      }));
    }
    sendPage(res, status, 'decide', {
      ...b,
      title: translate(locale, 'page.title.decide', { unit: b.unit, step: b.step }),
      csrf: csrfFor(req, res, link),
      submission: sub
        ? {
            version: sub.version,
            at: formatLocal(sub.submittedAt),
            plan: kind === 'plan' ? payload : undefined,
            text:
              typeof payload.note === 'string'
                ? payload.note
                : typeof payload.selfAssessment === 'string'
                  ? payload.selfAssessment
                  : undefined,
          }
        : undefined,
      figures,
      comments: await comments(link, locale),
      actions: link.actions.map((a, i) => ({
        value: a,
        label: translate(locale, `outcome.${a}`),
        primary: i === 0,
      })),
      values: form.values ?? {},
      errors: form.errors ?? {},
      formError: form.formError,
    });
  }

  async function submitPage(
    req: Request,
    res: Response,
    link: Link,
    locale: Locale,
    status = 200,
    form: { values?: Record<string, string>; errors?: FieldErrors; formError?: string } = {},
  ) {
    const b = basics(link, locale);
    const kind = stepKind(link.step) as StepKind;
    const indicators = await indicatorsFor(link, locale);
    const previous = await latestSubmission(link, link.step);
    const targets = kind === 'check' || kind === 'evaluation' ? await targetsOf(link, indicators) : {};
    sendPage(res, status, 'submit', {
      ...b,
      title: translate(locale, 'page.title.submit', { unit: b.unit, step: b.step }),
      csrf: csrfFor(req, res, link),
      isPlan: kind === 'plan',
      isTargets: kind === 'targets',
      isFigures: kind === 'check' || kind === 'evaluation',
      isEvaluation: kind === 'evaluation',
      indicators: indicators.map((i) => ({ ...i, target: targets[i.code] ?? null })),
      previousVersion: previous?.version,
      comments: previous ? await comments(link, locale) : [],
      values: form.values ?? formValues(kind, previous?.payload, indicators),
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  }

  async function scorePage(
    req: Request,
    res: Response,
    link: Link,
    locale: Locale,
    status = 200,
    form: { values?: Body; errors?: FieldErrors; formError?: string } = {},
  ) {
    const b = basics(link, locale);
    const criteria = await criteriaOf(link);
    const indicators = await indicatorsFor(link, locale);
    const evaluation = await latestSubmission(link, 'evaluation');
    sendPage(res, status, 'score', {
      ...b,
      title: translate(locale, 'page.title.score', { unit: b.unit }),
      csrf: csrfFor(req, res, link),
      criteria: criteria.map((c) => ({ code: c.code, name: inLocale(locale, c.nameZh, c.nameEn) })),
      figures: evaluation
        ? await figureRows(
            link,
            locale,
            indicators,
            (evaluation.payload as { figures?: Record<string, Figure> }).figures ?? {},
            'evaluation',
          )
        : undefined,
      values: form.values ?? {},
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  }

  function criteriaOf(link: Link) {
    return db.qualitativeCriterion.findMany({
      where: { plan: { cycles: { some: { id: link.assessment.cycle.id } } } },
      orderBy: { sortOrder: 'asc' },
      select: { code: true, nameZh: true, nameEn: true },
    });
  }

  router.get('/a/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { link, locale } = opened;
    const problem = await linkProblem(db, link);
    if (problem) return problemPage(res, locale, problem, link);
    const action = actionOf(link);
    if (action === 'decide') return decidePage(req, res, link, locale);
    if (action === 'score') return scorePage(req, res, link, locale);
    return submitPage(req, res, link, locale);
  });

  router.post('/a/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { link, locale } = opened;
    const body = (req.body ?? {}) as Body;
    const problem = await linkProblem(db, link);
    if (problem) return problemPage(res, locale, problem, link);
    if (!csrfValid(secret, readCookie(req.headers.cookie, CSRF_COOKIE), body._csrf, link.tokenHash)) {
      // The page was stale (another browser, cleared cookies): show the form again with what was typed and a fresh
      // field, so nothing typed is lost and one more click sends it.
      const form = { values: stringValues(body), formError: translate(locale, 'error.csrfRetry') };
      const again = actionOf(link);
      if (again === 'decide') return decidePage(req, res, link, locale, 403, form);
      if (again === 'score') return scorePage(req, res, link, locale, 403, form);
      return submitPage(req, res, link, locale, 403, form);
    }
    const action = actionOf(link);
    const b = basics(link, locale);

    /** Claims the link, runs the update, and gives the link back if the workflow refused. */
    const act = async <T>(
      run: () => Promise<T>,
      onRefused: (reason: string, status: number) => Promise<void> | void,
    ) => {
      if (!(await claimLink(db, link.id))) {
        problemPage(res, locale, 'used', await findLink(db, String(req.params.token)));
        return undefined;
      }
      try {
        return await run();
      } catch (err) {
        await releaseLink(db, link.id);
        if (!(err instanceof HttpError)) throw err;
        // A failed write is the system's fault, not the form's: the link stays usable and the office is told.
        if (err.code === 'write_failed')
          message(
            res,
            err.status,
            locale,
            'problem',
            translate(locale, 'page.title.error'),
            translate(locale, 'error.writeFailed', { reason: err.message }),
          );
        else await onRefused(err.message, err.status);
        return undefined;
      }
    };
    const refusedPage = async (reason: string, status: number) =>
      message(
        res,
        status,
        locale,
        'problem',
        translate(locale, 'page.title.error'),
        translate(locale, 'error.refused', { reason }),
      );

    if (action === 'decide') {
      const parsed = voteForm(link.actions).safeParse(body);
      if (!parsed.success) {
        const errors: FieldErrors = {};
        for (const issue of parsed.error.issues)
          errors[String(issue.path[0] ?? 'outcome')] ??= localiseIssue(
            locale,
            (issue as { params?: PayloadIssue }).params ?? issue,
          );
        return decidePage(req, res, link, locale, 422, {
          values: { comment: typeof body.comment === 'string' ? body.comment : '' },
          errors,
          formError: errors.outcome,
        });
      }
      const { outcome, comment } = parsed.data;
      const done = await act(
        () =>
          runUpdate(client, link.assessment.workflowId, voteUpdate, {
            step: link.step,
            personId: link.personId,
            outcome: outcome as never,
            comment: comment || null,
          }),
        refusedPage,
      );
      if (!done) return;
      const what = translate(locale, `outcome.${outcome}`);
      await recordLinkUse(db, link.id, { what, outcome });
      return message(
        res,
        200,
        locale,
        'ok',
        translate(locale, 'page.title.done'),
        translate(locale, 'page.done.vote', { outcome: what }),
      );
    }

    if (action === 'score') {
      const criteria = (await criteriaOf(link)).map((c) => c.code);
      const { scores, errors } = scoresFromForm(body, criteria, locale);
      if (Object.keys(errors).length > 0)
        return scorePage(req, res, link, locale, 422, { values: stringValues(body), errors });
      const done = await act(
        () => runUpdate(client, link.assessment.workflowId, scoreUpdate, { personId: link.personId, scores }),
        refusedPage,
      );
      if (!done) return;
      const what = translate(locale, 'page.done.score');
      await recordLinkUse(db, link.id, { what });
      return message(res, 200, locale, 'ok', translate(locale, 'page.title.done'), what);
    }

    const kind = stepKind(link.step) as StepKind;
    const indicators = await indicatorsFor(link, locale);
    const { payload, errors } = payloadFromForm(kind, body, indicators, locale);
    if (Object.keys(errors).length > 0)
      return submitPage(req, res, link, locale, 422, { values: stringValues(body), errors });
    const done = await act(
      () =>
        runUpdate(client, link.assessment.workflowId, submitUpdate, {
          step: link.step,
          payload,
          submittedBy: link.personId,
        }),
      async (reason, status) =>
        status === 422
          ? submitPage(req, res, link, locale, 422, { values: stringValues(body), formError: reason })
          : refusedPage(reason, status),
    );
    if (!done) return;
    const what = translate(locale, 'page.done.submit', { step: b.step, version: done.version });
    await recordLinkUse(db, link.id, { what, version: done.version });
    return message(res, 200, locale, 'ok', translate(locale, 'page.title.done'), what);
  });

  return router;
}

function stringValues(body: Body): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([k, v]) => k !== '_csrf' && typeof v === 'string')
      .map(([k, v]) => [k, v as string]),
  );
}
