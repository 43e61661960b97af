/**
 * The pages a committee member's links open: a decision on a unit's submission (the rule, the votes so far, what
 * changed since the returned version, comments by step and version), the scoring form (the self-evaluation, the
 * plan, each criterion's meaning, range and weight) and the chair's confirmation (the whole result sheet).
 */
import type { Client } from '@temporalio/client';
import { submissionChanges } from '../../domain/submission-changes';
import { stepKind, type Figure } from '../../domain/submissions';
import { formatLocal } from '../../domain/time-zone';
import { latestSubmission, submissionVersion } from '../../stores/assessment/link-data';
import { peopleWithEmail } from '../../stores/assessment/queries';
import { loadResultSheet } from '../../stores/assessment/result-sheet';
import type { Db } from '../../stores/db';
import { checkLabelsOf, stepLabel } from '../../templates/labels';
import { translate, type Locale } from '../../templates/render';
import { committeeStepQuery, type CommitteeStepView } from '../../workflows/assessment/contract';
import type { FormState, LinkPageContext } from '../links/flow';
import { sendPage } from '../pages';
import type { FormIndicator } from './link-forms';
import type { LinkAssessment, LinkPageParts } from './link-pages';
import { criteriaView, resultView } from './result-view';

const QUERY_TIMEOUT_MS = 3000;

/** The carried bases the unit corrected, with its reasons, for the committee to weigh. */
function correctionsOf(indicators: FormIndicator[], figures: Record<string, Figure>, locale: Locale) {
  return indicators.flatMap((i) => {
    const f = figures[i.code];
    if (!f?.previousReason || i.carried?.role !== 'PREVIOUS') return [];
    return [
      translate(locale, 'carried.corrected', {
        name: i.name,
        stated: f.previous ?? '—',
        carried: i.carried.value,
        year: i.carried.source.year,
        reason: f.previousReason,
      }),
    ];
  });
}

/** The bases taken as the unit stated them, with nothing approved to check them against. */
function statedOf(indicators: FormIndicator[], figures: Record<string, Figure>, locale: Locale) {
  return indicators.flatMap((i) => {
    const f = figures[i.code];
    if (i.carried?.role !== 'PREVIOUS' || i.carried.source.origin !== 'STATED' || f?.previousReason)
      return [];
    return [
      translate(locale, 'carried.stated', {
        name: i.name,
        value: f?.previous ?? i.carried.value,
        year: i.carried.source.year,
        by: i.carried.source.by ?? '—',
      }),
    ];
  });
}

export function committeeLinkPages(db: Db, client: Client, parts: LinkPageParts) {
  /** The open committee step as the workflow holds it; null when the workflow cannot answer now. */
  async function committeeStep(a: LinkAssessment): Promise<CommitteeStepView | null> {
    try {
      const handle = client.workflow.getHandle(a.workflowId);
      return await Promise.race([
        handle.query(committeeStepQuery),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), QUERY_TIMEOUT_MS).unref()),
      ]);
    } catch {
      return null;
    }
  }

  /** The decision rule in words and, unless the ballot is secret, who has voted how. */
  async function votesView(view: CommitteeStepView['decision'], locale: Locale) {
    if (!view) return null;
    const names = new Map(
      (await peopleWithEmail(db, [...view.eligible, ...view.votes.map((v) => v.personId)])).map((p) => [
        p.id,
        p.name,
      ]),
    );
    return {
      rule: translate(locale, `decision.rule.${view.policy.kind}`, {
        eligible: view.eligible.length,
        needed: view.needed,
      }),
      secret: view.policy.secret === true,
      count: view.votes.length,
      eligible: view.eligible.length,
      votes: view.votes.map((v) => ({
        by: names.get(v.personId) ?? v.personId,
        onBehalfOf: v.countsFor !== v.personId ? (names.get(v.countsFor) ?? v.countsFor) : null,
        outcome: translate(locale, `outcome.${v.outcome}`),
        comment: v.comment,
        at: formatLocal(new Date(v.at)),
      })),
    };
  }

  /** What the unit changed since the version before this one (the one returned), by field and indicator. */
  async function changesView(
    a: LinkAssessment,
    step: string,
    version: number,
    indicators: FormIndicator[],
    locale: Locale,
  ) {
    if (version < 2) return null;
    const [before, after] = await Promise.all([
      submissionVersion(db, a.id, step, version - 1),
      submissionVersion(db, a.id, step, version),
    ]);
    const kind = stepKind(step);
    if (!before || !after || !kind) return null;
    const nameOf = new Map(indicators.map((i) => [i.code, i.name]));
    const rows = submissionChanges(
      kind,
      before.payload,
      after.payload,
      indicators.map((i) => i.code),
    ).map((c) => ({
      what: c.indicator
        ? `${nameOf.get(c.indicator) ?? c.indicator} · ${translate(locale, `change.${c.field}`)}`
        : translate(locale, `change.${c.field}`),
      before: c.before,
      after: c.after,
    }));
    return { version: version - 1, rows };
  }

  /**
   * A check's rectification: the measures of this submission, or for a later check the previous check's measures
   * and, for each indicator that lagged then, where it stands now.
   */
  async function rectificationView(
    a: LinkAssessment,
    step: string,
    payload: Record<string, unknown>,
    indicators: FormIndicator[],
    current: Array<{ lagging: boolean }> | undefined,
    locale: Locale,
  ) {
    const labels = checkLabelsOf(a.cycle.calendar);
    const own = measuresOf(payload);
    if (own) return { ...own, step: stepLabel(locale, step, labels), effect: null };
    const n = /^check-(\d+)$/.exec(step);
    if (!n || Number(n[1]) < 2 || !current) return null;
    const previousStep = `check-${Number(n[1]) - 1}`;
    const previous = await parts.latestOf(a, previousStep);
    const measures = measuresOf((previous?.payload ?? {}) as Record<string, unknown>);
    if (!previous || !measures) return null;
    const then = await parts.figureRows(
      a,
      locale,
      indicators,
      ((previous.payload as { figures?: Record<string, Figure> }).figures ?? {}) as Record<string, Figure>,
      previousStep,
    );
    const effect = then
      .map((row, i) => ({ row, now: current[i] }))
      .filter(({ row }) => row.lagging)
      .map(({ row, now }) => ({
        name: row.name,
        status: translate(locale, now?.lagging ? 'page.status.LAGGING' : 'page.status.ON_PACE'),
        improved: !now?.lagging,
      }));
    return { ...measures, step: stepLabel(locale, previousStep, labels), effect };
  }

  async function decidePage(ctx: LinkPageContext, a: LinkAssessment, status: number, form: FormState) {
    const { link, locale } = ctx;
    const b = parts.basics(link, a, locale);
    const confirming = link.step === 'confirmation';
    // The chair confirms the year-end result, which rests on the self-evaluation.
    const shownStep = confirming ? 'evaluation' : link.step;
    const sub = await parts.latestOf(a, shownStep);
    const kind = stepKind(shownStep);
    const indicators = await parts.indicatorsFor(a, locale);
    const payload = (sub?.payload ?? {}) as Record<string, unknown>;
    let figures: unknown[] | undefined;
    if (kind === 'check' || (kind === 'evaluation' && !confirming))
      figures = await parts.figureRows(
        a,
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
        allocated: i.prefill,
      }));
    }
    const text =
      typeof payload.note === 'string'
        ? payload.note
        : typeof payload.selfAssessment === 'string'
          ? payload.selfAssessment
          : undefined;
    const step = confirming ? null : await committeeStep(a);
    const rectification =
      kind === 'check'
        ? await rectificationView(
            a,
            shownStep,
            payload,
            indicators,
            figures as Array<{ lagging: boolean }>,
            locale,
          )
        : null;
    sendPage(ctx.res, status, 'decide', {
      ...b,
      title: translate(locale, 'page.title.decide', { unit: b.unit, step: b.step }),
      csrf: ctx.csrf(),
      submission: sub
        ? {
            version: sub.version,
            at: formatLocal(sub.submittedAt),
            plan: kind === 'plan' ? payload : undefined,
            text,
          }
        : undefined,
      figures,
      corrections: correctionsOf(indicators, (payload.figures ?? {}) as Record<string, Figure>, locale),
      stated: statedOf(indicators, (payload.figures ?? {}) as Record<string, Figure>, locale),
      targetsOnly: kind === 'targets',
      rectification,
      result: confirming ? resultView(await loadResultSheet(db, a.id), locale) : undefined,
      decision: confirming ? undefined : await votesView(step?.decision ?? null, locale),
      decisionUnknown: !confirming && !step,
      changes: sub && !confirming ? await changesView(a, shownStep, sub.version, indicators, locale) : null,
      commentGroups: await parts.comments(a, locale),
      actions: link.actions.map((x, i) => ({
        value: x,
        label: translate(locale, `outcome.${x}`),
        primary: i === 0,
      })),
      values: form.values ?? {},
      errors: form.errors ?? {},
      formError: form.formError,
    });
  }

  async function scorePage(ctx: LinkPageContext, a: LinkAssessment, status: number, form: FormState) {
    const { link, locale } = ctx;
    const b = parts.basics(link, a, locale);
    const [criteria, indicators, evaluation, plan, sheet] = await Promise.all([
      parts.criteriaOf(a),
      parts.indicatorsFor(a, locale),
      parts.latestOf(a, 'evaluation'),
      latestSubmission(db, a.id, 'plan'),
      loadResultSheet(db, a.id),
    ]);
    const evaluationPayload = (evaluation?.payload ?? {}) as {
      figures?: Record<string, Figure>;
      selfAssessment?: string;
    };
    const planPayload = (plan?.payload ?? {}) as { title?: string; summary?: string };
    sendPage(ctx.res, status, 'score', {
      ...b,
      title: translate(locale, 'page.title.score', { unit: b.unit }),
      csrf: ctx.csrf(),
      criteria: criteriaView(
        { criteria: criteria.map((c) => ({ ...c, weight: c.weight.toNumber() })) },
        locale,
      ),
      how: translate(locale, 'score.how', {
        iw: sheet.rules.indicatorWeight,
        cw: sheet.rules.committeeWeight,
      }),
      selfAssessment: evaluationPayload.selfAssessment || null,
      plan: plan ? { title: planPayload.title, summary: planPayload.summary, version: plan.version } : null,
      indicatorPart: sheet.result.indicatorPart,
      figures: evaluation
        ? await parts.figureRows(a, locale, indicators, evaluationPayload.figures ?? {}, 'evaluation')
        : undefined,
      values: form.values ?? {},
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  }

  return { decidePage, scorePage };
}

function measuresOf(payload: Record<string, unknown>): { measures: string; by: string } | null {
  const r = payload.rectification as { measures?: unknown; by?: unknown } | undefined;
  return r && typeof r.measures === 'string' && typeof r.by === 'string'
    ? { measures: r.measures, by: r.by }
    : null;
}
