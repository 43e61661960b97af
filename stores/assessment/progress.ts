/** Reading a unit's targets and figures and comparing what it reports with its targets and the expected pace, by each indicator's kind. */
import {
  figureMeaning,
  judgeReport,
  type ReportJudgement,
  type RuleIndicator,
} from '../../domain/indicator-rules';
import { paceShown } from '../../domain/figure-format';
import { planSpanYears } from '../../domain/targets';
import { elapsedFraction } from '../../domain/period';
import type { IndicatorCompletion } from '../../domain/evaluation';
import type { Figure } from '../../domain/submissions';
import { inLocale, translate, type Locale } from '../../templates/render';
import { Prisma } from '../../prisma/generated/client';
import type { Db } from '../db';
import { loadAssessmentContexts } from './context';

export interface IndicatorJudgementRow extends ReportJudgement {
  nameZh: string;
}

/** A target decision counts whether a person approved it or the policy did when nobody acted, as in the workflow. */
export const APPROVING_OUTCOMES = ['APPROVE', 'AUTO_APPROVE'] as const;

/**
 * The targets the unit's workflow judges it against: those of its latest approved target submission, or null
 * while none is approved (the allocation then stands).
 */
export async function approvedTargets(db: Db, assessmentId: string): Promise<Record<string, number> | null> {
  return (await approvedTargetSubmission(db, assessmentId))?.targets ?? null;
}

async function approvedTargetSubmission(db: Db, assessmentId: string) {
  const approved = await db.submission.findFirst({
    where: {
      assessmentId,
      step: 'targets',
      decisions: { some: { outcome: { in: [...APPROVING_OUTCOMES] } } },
    },
    orderBy: { version: 'desc' },
    select: { payload: true },
  });
  return approved?.payload as { targets?: Record<string, number>; notApplicable?: string[] } | undefined;
}

/**
 * The targets a unit works to (its approved target submission, else what was allocated to it) and the indicators
 * the approved targets mark not applicable, from one read of the approval; the allocation is read only without one.
 */
export async function unitTargetSet(
  db: Db,
  assessmentId: string,
): Promise<{ targets: Record<string, number>; notApplicable: Set<string> }> {
  return (await unitTargetSets(db, [assessmentId])).get(assessmentId)!;
}

/** `unitTargetSet` of many units in three reads, for pages of units (the year's results export). */
export async function unitTargetSets(
  db: Db,
  assessmentIds: string[],
): Promise<Map<string, { targets: Record<string, number>; notApplicable: Set<string> }>> {
  const out = new Map<string, { targets: Record<string, number>; notApplicable: Set<string> }>();
  if (assessmentIds.length === 0) return out;
  const approved = await db.$queryRaw<
    Array<{ assessmentId: string; payload: { targets?: Record<string, number>; notApplicable?: string[] } }>
  >`
    SELECT DISTINCT ON (s."assessmentId") s."assessmentId"::text AS "assessmentId", s.payload
      FROM "Submission" s
     WHERE s."assessmentId" = ANY(${assessmentIds}::uuid[])
       AND s.step = 'targets'
       AND EXISTS (SELECT 1 FROM "Decision" d
                    WHERE d."submissionId" = s.id AND d.outcome IN (${Prisma.join([...APPROVING_OUTCOMES])}))
     ORDER BY s."assessmentId", s.version DESC`;
  for (const a of approved)
    if (a.payload.targets)
      out.set(a.assessmentId, {
        targets: a.payload.targets,
        notApplicable: new Set(a.payload.notApplicable ?? []),
      });
  const rest = assessmentIds.filter((id) => !out.has(id));
  const contexts = await loadAssessmentContexts(db, rest);
  for (const id of rest) {
    const indicators = contexts.get(id)?.indicators ?? [];
    out.set(id, {
      targets: Object.fromEntries(
        indicators.filter((i) => i.allocated !== null).map((i) => [i.code, i.allocated!]),
      ),
      notApplicable: new Set(indicators.filter((i) => i.notApplicable).map((i) => i.code)),
    });
  }
  return out;
}

export async function planOf(db: Db, assessmentId: string) {
  return db.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    select: {
      cycle: {
        select: {
          year: true,
          plan: {
            select: {
              periodStart: true,
              indicators: { orderBy: { sortOrder: 'asc' }, include: { targets: true } },
            },
          },
        },
      },
    },
  });
}

type PlanIndicators = Awaited<ReturnType<typeof planOf>>['cycle']['plan']['indicators'];

/** The plan's indicators as the judging rules need them for `year`. */
export function ruleIndicators(indicators: PlanIndicators, year: number): RuleIndicator[] {
  return indicators.map((ind) => ({
    code: ind.code,
    kind: ind.kind,
    aggregation: ind.aggregation,
    annualRatePct: ind.annualRatePct?.toNumber() ?? null,
    spanYears: planSpanYears(ind, year),
  }));
}

/** A unit's figures judged at the share `elapsed` of `year` passed, by the one rule (domain/indicator-rules.ts). */
export function judgeAll(
  indicators: PlanIndicators,
  year: number,
  figures: Record<string, Figure>,
  targets: Record<string, number>,
  elapsed: number,
): IndicatorJudgementRow[] {
  return judgeReport(ruleIndicators(indicators, year), figures, targets, elapsed).map((j, i) => ({
    ...j,
    nameZh: indicators[i]!.nameZh,
  }));
}

/**
 * Each indicator's year-end completion as the evaluation weighs it (the whole year has passed): the one rule the
 * workflow scores by and the confirmation page, unit page and API show.
 */
export function yearEndCompletions(
  indicators: PlanIndicators,
  year: number,
  figures: Record<string, Figure>,
  targets: Record<string, number>,
): IndicatorCompletion[] {
  return completionsOf(indicators, judgeAll(indicators, year, figures, targets, 1));
}

/** Year-end judgements (elapsed 1) as the completions the evaluation weighs. */
export function completionsOf(
  indicators: PlanIndicators,
  judgements: readonly IndicatorJudgementRow[],
): IndicatorCompletion[] {
  return indicators.map((ind, i) => ({
    code: ind.code,
    weight: ind.weight.toNumber(),
    // A target with nothing reported completes at zero; no target at all leaves the indicator out.
    completion: judgements[i]!.target === null ? null : (judgements[i]!.completion ?? 0),
  }));
}

/**
 * Figures judged against targets as the committee sees them on a decision page: at a check's as-of date, or for
 * the whole year when `asOf` is null.
 */
export async function judgeFigures(
  db: Db,
  assessmentId: string,
  figures: Record<string, Figure>,
  targets: Record<string, number>,
  asOf: Date | null,
): Promise<Array<IndicatorJudgementRow & { nameEn: string; unitZh: string; unitEn: string }>> {
  const a = await planOf(db, assessmentId);
  const { year, plan } = a.cycle;
  const rows = judgeAll(plan.indicators, year, figures, targets, asOf ? elapsedFraction({ year, asOf }) : 1);
  return rows.map((r, i) => ({
    ...r,
    nameEn: plan.indicators[i]!.nameEn,
    unitZh: plan.indicators[i]!.unitZh,
    unitEn: plan.indicators[i]!.unitEn,
  }));
}

/** Judged figures as the figures table (templates/partials/figures-table.hbs) shows them in `locale`. */
export function figuresTableRows(
  rows: Awaited<ReturnType<typeof judgeFigures>>,
  locale: Locale,
  notApplicable: ReadonlySet<string> = new Set(),
) {
  return rows.map((r) => ({
    notApplicable: notApplicable.has(r.code),
    name: inLocale(locale, r.nameZh, r.nameEn),
    unit: inLocale(locale, r.unitZh, r.unitEn),
    target: r.target,
    actual: r.actual,
    expected: paceShown(r.expected, r.measure),
    completion: r.completion,
    measure: r.measure,
    lagging: r.status === 'LAGGING',
    explain: figureExplanation(locale, r),
  }));
}

/**
 * What a judged figure is and how its 应完成 was computed, in `locale`, as one line under the indicator's name
 * (pages and mails alike, so nobody reads a figure without its meaning).
 */
export function figureExplanation(locale: Locale, r: Pick<ReportJudgement, 'kind' | 'pace'>): string {
  const meaning = translate(locale, figureMeaning(r.kind).key);
  return r.pace
    ? `${meaning}${translate(locale, 'rule.separator')}${translate(locale, r.pace.key, r.pace.params)}`
    : meaning;
}
