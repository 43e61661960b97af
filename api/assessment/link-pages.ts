/**
 * The pages an assessment's email links open: the unit's form for its step (plan, targets, a check, the
 * self-evaluation), a committee member's decision page (the submission, its figures against targets and pace,
 * earlier comments), and the scoring form. They only show; acting is link-feature.ts's part.
 */
import { carriedFigures } from '../../stores/assessment/carried';
import type { CarriedFigure } from '../../domain/carry-forward';
import { formatFigure } from '../../domain/figure-format';
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
import { figuresTableRows, judgeFigures, unitTargetSet } from '../../stores/assessment/progress';
import { measureOf, type Measure } from '../../domain/input-rules';
import { figureMeaning, previousLabel, targetMeaning } from '../../domain/indicator-rules';
import { planSpanYears } from '../../domain/targets';
import { honoursCounted, type HonoursCounted } from '../../stores/assessment/honours-counted';
import { stepKind, type Figure, type StepKind } from '../../domain/submissions';
import { formatLocal } from '../../domain/time-zone';
import { inLocale, translate, type Locale } from '../../templates/render';
import type { Link } from '../links/access';
import type { FormState, LinkPageContext } from '../links/flow';
import { sendPage } from '../pages';
import { formValues, isRectifying, type FormIndicator } from './link-forms';

/** What an assessment link acts on, as the pages and the checks need it. */
export async function loadLinkAssessment(db: Db, link: Link) {
  if (!link.assessmentId) return null;
  return linkAssessment(db, link.assessmentId);
}

export type LinkAssessment = NonNullable<Awaited<ReturnType<typeof loadLinkAssessment>>>;

/**
 * Where a carried figure comes from, in words: "上年审定数 60（2026年度年终自评第1版，经张三确认）", or that it was
 * imported from the records or stated by the unit, or which years a running total adds.
 */
function carriedText(locale: Locale, c: CarriedFigure | undefined, measure: Measure): string | null {
  if (!c) return null;
  const params = {
    value: formatFigure(c.value, measure),
    year: c.source.year,
    version: c.source.version ?? '—',
    by: c.source.by ?? '—',
    years: (c.source.years ?? []).join('、'),
    historyYears: (c.source.historyYears ?? []).join('、'),
  };
  if (c.role === 'RUNNING_TOTAL')
    return translate(
      locale,
      c.source.historyYears ? 'carried.runningTotalWithHistory' : 'carried.runningTotal',
      params,
    );
  return translate(locale, `carried.previous.${c.source.origin}`, params);
}

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
      // Said before anyone fills the form: while the cycle is paused nothing can be submitted or decided.
      paused: a.cycle.status === 'PAUSED',
    };
  }

  async function indicatorsFor(a: LinkAssessment, locale: Locale): Promise<FormIndicator[]> {
    const ctx = (await loadAssessmentContexts(db, [a.id])).get(a.id);
    const defs = await cycleIndicators(db, a.cycle.id);
    const year = a.cycle.year;
    const honours = await honoursCounted(db, a.organisationId, year, defs);
    const carried = new Map((await carriedFigures(db, a.id)).map((c) => [c.code, c]));
    return defs.map((d) => {
      const label = previousLabel(d.kind);
      const allocation = ctx?.indicators.find((i) => i.code === d.code);
      const target = targetMeaning(d.kind, year, planSpanYears(d, year));
      return {
        code: d.code,
        name: inLocale(locale, d.nameZh, d.nameEn),
        unit: inLocale(locale, d.unitZh, d.unitEn),
        measure: measureOf(d.aggregation),
        prefill: allocation?.allocated ?? null,
        prefillNotApplicable: allocation?.notApplicable ?? false,
        meaning: translate(locale, figureMeaning(d.kind).key),
        targetMeaning: translate(locale, target.key, target.params),
        previousLabel: label && translate(locale, label),
        honours: honoursText(locale, year, honours.get(d.code)),
        carried: carried.get(d.code) ?? null,
        carriedText: carriedText(locale, carried.get(d.code), measureOf(d.aggregation)),
      };
    });
  }

  /**
   * Earlier comments grouped by step and submission version, each group labelled ("年度目标任务 · 第 1 版"), so a
   * comment is read where it was made; `onlyStep` keeps one step's (a unit's form shows its own step's only).
   */
  async function comments(a: LinkAssessment, locale: Locale, onlyStep?: string) {
    const decisions = (await commentedDecisions(db, a.id)).filter((d) => !onlyStep || d.step === onlyStep);
    const labels = checkLabelsOf(a.cycle.calendar);
    const groups = new Map<string, { label: string; entries: unknown[] }>();
    for (const d of decisions) {
      const version = d.submission?.version ?? null;
      const key = `${d.step}:${version ?? '-'}`;
      const label =
        version === null
          ? stepLabel(locale, d.step, labels)
          : translate(locale, 'page.commentGroup', { step: stepLabel(locale, d.step, labels), version });
      const group = groups.get(key) ?? { label, entries: [] };
      group.entries.push({
        by: d.person?.name ?? translate(locale, 'app.name'),
        outcome: translate(locale, `outcome.${d.outcome}`),
        comment: d.comment,
        at: formatLocal(d.decidedAt),
      });
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  async function figureRows(
    a: LinkAssessment,
    locale: Locale,
    indicators: FormIndicator[],
    figures: Record<string, Figure>,
    step: string,
  ) {
    const [asOf, { targets, notApplicable }] = await Promise.all([
      latestReportAsOf(db, a.id, step),
      unitTargetSet(db, a.id),
    ]);
    const rows = await judgeFigures(db, a.id, figures, targets, asOf);
    const shown = new Map(indicators.map((i) => [i.code, i.honours ?? null]));
    return figuresTableRows(rows, locale, notApplicable).map((r, i) => ({
      ...r,
      honours: shown.get(rows[i]!.code) ?? null,
    }));
  }

  const latestOf = (a: LinkAssessment, step: string) => latestSubmission(db, a.id, step);

  async function submitPage(ctx: LinkPageContext, a: LinkAssessment, status: number, form: FormState) {
    const { link, locale } = ctx;
    const b = basics(link, a, locale);
    const kind = stepKind(link.step) as StepKind;
    const indicators = await indicatorsFor(a, locale);
    const previous = await latestOf(a, link.step);
    const figures = kind === 'check' || kind === 'evaluation';
    const { targets, notApplicable } = figures
      ? await unitTargetSet(db, a.id)
      : { targets: {} as Record<string, number>, notApplicable: new Set<string>() };
    sendPage(ctx.res, status, 'submit', {
      ...b,
      title: translate(locale, 'page.title.submit', { unit: b.unit, step: b.step }),
      csrf: ctx.csrf(),
      isPlan: kind === 'plan',
      isTargets: kind === 'targets',
      // Only a first version starts from an allocation, and only where there is one.
      prefilled:
        kind === 'targets' &&
        !previous &&
        indicators.some((i) => i.prefill !== null || i.prefillNotApplicable),
      isFigures: kind === 'check' || kind === 'evaluation',
      isEvaluation: kind === 'evaluation',
      rectifying: isRectifying(a.status, kind),
      indicators: indicators.map((i) => ({
        ...i,
        target: targets[i.code] ?? null,
        notApplicable: notApplicable.has(i.code),
      })),
      previousVersion: previous?.version,
      commentGroups: previous ? await comments(a, locale, link.step) : [],
      values: form.values ?? formValues(kind, previous?.payload, indicators),
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  }

  const criteriaOf = (a: LinkAssessment) => cycleCriteria(db, a.cycle.id);

  return { basics, indicatorsFor, comments, figureRows, latestOf, criteriaOf, submitPage };
}

export type LinkPageParts = ReturnType<typeof assessmentLinkPages>;

/** The register's honours that count toward an indicator, as the forms and decision pages say it. */
function honoursText(locale: Locale, year: number, h: HonoursCounted | undefined): string | null {
  if (!h) return null;
  return h.count === 0
    ? translate(locale, 'page.honoursNone', { year })
    : translate(locale, 'page.honours', { year, count: h.count, numbers: h.numbers.join('、') });
}
