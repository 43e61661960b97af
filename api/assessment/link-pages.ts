/**
 * The pages an assessment's email links open: the unit's form for its step (plan, targets, a check, the
 * self-evaluation), a committee member's decision page (the submission, its figures against targets and pace,
 * earlier comments), and the scoring form. They only show; acting is link-feature.ts's part.
 */
import { loadAssessmentContexts } from '../../stores/assessment/context';
import {
  commentedDecisions,
  cycleCriteria,
  cycleIndicators,
  latestReportAsOf,
  latestSubmission,
  linkAssessment,
} from '../../stores/assessment/link-data';
import type { Db } from '../../stores/db';
import { checkLabelsOf, formatDue, stepLabel } from '../../templates/labels';
import { approvedTargets, figuresTableRows, judgeFigures } from '../../stores/assessment/progress';
import { measureOf } from '../../domain/input-rules';
import { stepKind, type Figure, type StepKind } from '../../domain/submissions';
import { formatLocal } from '../../domain/time-zone';
import { inLocale, translate, type Locale } from '../../templates/render';
import type { Link } from '../links/access';
import type { FormState, LinkPageContext } from '../links/flow';
import { sendPage } from '../pages';
import { formValues, type FormIndicator } from './link-forms';

/** What an assessment link acts on, as the pages and the checks need it. */
export async function loadLinkAssessment(db: Db, link: Link) {
  if (!link.assessmentId) return null;
  return linkAssessment(db, link.assessmentId);
}

export type LinkAssessment = NonNullable<Awaited<ReturnType<typeof loadLinkAssessment>>>;

export function assessmentLinkPages(db: Db) {
  /** What every page of a link shows: who, which unit and step, when due. */
  function basics(link: Link, a: LinkAssessment, locale: Locale) {
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

  async function indicatorsFor(a: LinkAssessment, locale: Locale): Promise<FormIndicator[]> {
    const ctx = (await loadAssessmentContexts(db, [a.id])).get(a.id);
    const defs = await cycleIndicators(db, a.cycle.id);
    return defs.map((d) => ({
      code: d.code,
      name: inLocale(locale, d.nameZh, d.nameEn),
      unit: inLocale(locale, d.unitZh, d.unitEn),
      measure: measureOf(d.aggregation),
      prefill: ctx?.indicators.find((i) => i.code === d.code)?.allocated ?? null,
    }));
  }

  async function comments(a: LinkAssessment, locale: Locale) {
    const decisions = await commentedDecisions(db, a.id);
    return decisions.map((d) => ({
      by: d.person?.name ?? translate(locale, 'app.name'),
      outcome: translate(locale, `outcome.${d.outcome}`),
      comment: d.comment,
      at: formatLocal(d.decidedAt),
    }));
  }

  /** Targets the unit works to: its approved target submission, else what was allocated to it. */
  async function targetsOf(a: LinkAssessment, indicators: FormIndicator[]): Promise<Record<string, number>> {
    const approved = await approvedTargets(db, a.id);
    if (approved) return approved;
    return Object.fromEntries(indicators.filter((i) => i.prefill !== null).map((i) => [i.code, i.prefill!]));
  }

  async function figureRows(
    a: LinkAssessment,
    locale: Locale,
    indicators: FormIndicator[],
    figures: Record<string, Figure>,
    step: string,
  ) {
    const asOf = await latestReportAsOf(db, a.id, step);
    const rows = await judgeFigures(db, a.id, figures, await targetsOf(a, indicators), asOf);
    return figuresTableRows(rows, locale);
  }

  const latestOf = (a: LinkAssessment, step: string) => latestSubmission(db, a.id, step);

  async function decidePage(ctx: LinkPageContext, a: LinkAssessment, status: number, form: FormState) {
    const { link, locale } = ctx;
    const b = basics(link, a, locale);
    // The chair confirms the year-end result, which rests on the self-evaluation.
    const shownStep = link.step === 'confirmation' ? 'evaluation' : link.step;
    const sub = await latestOf(a, shownStep);
    const kind = stepKind(shownStep);
    const indicators = await indicatorsFor(a, locale);
    const payload = (sub?.payload ?? {}) as Record<string, unknown>;
    let figures: unknown[] | undefined;
    if (kind === 'check' || kind === 'evaluation')
      figures = await figureRows(
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
        actual: null,
        expected: i.prefill,
        completion: null,
      }));
    }
    const text =
      typeof payload.note === 'string'
        ? payload.note
        : typeof payload.selfAssessment === 'string'
          ? payload.selfAssessment
          : undefined;
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
      comments: await comments(a, locale),
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

  async function submitPage(ctx: LinkPageContext, a: LinkAssessment, status: number, form: FormState) {
    const { link, locale } = ctx;
    const b = basics(link, a, locale);
    const kind = stepKind(link.step) as StepKind;
    const indicators = await indicatorsFor(a, locale);
    const previous = await latestOf(a, link.step);
    const targets = kind === 'check' || kind === 'evaluation' ? await targetsOf(a, indicators) : {};
    sendPage(ctx.res, status, 'submit', {
      ...b,
      title: translate(locale, 'page.title.submit', { unit: b.unit, step: b.step }),
      csrf: ctx.csrf(),
      isPlan: kind === 'plan',
      isTargets: kind === 'targets',
      isFigures: kind === 'check' || kind === 'evaluation',
      isEvaluation: kind === 'evaluation',
      indicators: indicators.map((i) => ({ ...i, target: targets[i.code] ?? null })),
      previousVersion: previous?.version,
      comments: previous ? await comments(a, locale) : [],
      values: form.values ?? formValues(kind, previous?.payload, indicators),
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  }

  const criteriaOf = (a: LinkAssessment) => cycleCriteria(db, a.cycle.id);

  async function scorePage(ctx: LinkPageContext, a: LinkAssessment, status: number, form: FormState) {
    const { link, locale } = ctx;
    const b = basics(link, a, locale);
    const criteria = await criteriaOf(a);
    const indicators = await indicatorsFor(a, locale);
    const evaluation = await latestOf(a, 'evaluation');
    sendPage(ctx.res, status, 'score', {
      ...b,
      title: translate(locale, 'page.title.score', { unit: b.unit }),
      csrf: ctx.csrf(),
      criteria: criteria.map((c) => ({ code: c.code, name: inLocale(locale, c.nameZh, c.nameEn) })),
      figures: evaluation
        ? await figureRows(
            a,
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

  return { indicatorsFor, criteriaOf, decidePage, submitPage, scorePage };
}
