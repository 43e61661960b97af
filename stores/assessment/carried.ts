/**
 * What a unit's earlier years of the same plan carry into this year's reports (domain/carry-forward.ts): the year
 * before's approved year-end figures (its last year-end submission, once that year's result was confirmed) and the
 * running totals of cumulative indicators over every earlier year of the plan; for a year the unit was not assessed
 * in, the figures imported or stated for it (HistoricalFigure). A unit with neither states its base itself once.
 */
import { carriedFor, carriedRole, type CarriedFigure, type EarlierYear } from '../../domain/carry-forward';
import { stepKind, type Figure } from '../../domain/submissions';
import type { Db } from '../db';
import { approvedYearEnds } from './year-end';

/** The assessment's unit, year and plan with its indicators, as carrying forward needs them. */
const assessmentInPlan = (db: Db, assessmentId: string) =>
  db.assessment.findUnique({
    where: { id: assessmentId },
    select: {
      organisationId: true,
      cycle: {
        select: {
          year: true,
          planId: true,
          plan: {
            select: { periodStart: true, indicators: { select: { id: true, code: true, kind: true } } },
          },
        },
      },
    },
  });

export async function carriedFigures(db: Db, assessmentId: string): Promise<CarriedFigure[]> {
  const a = await assessmentInPlan(db, assessmentId);
  if (!a) return [];
  const earlier = await approvedYearEnds(db, {
    organisationId: a.organisationId,
    cycle: { planId: a.cycle.planId, year: { lt: a.cycle.year } },
  });
  const history = await db.historicalFigure.findMany({
    where: {
      organisationId: a.organisationId,
      year: { lt: a.cycle.year },
      indicator: { planId: a.cycle.planId },
    },
    select: {
      year: true,
      value: true,
      origin: true,
      recordedBy: true,
      indicator: { select: { code: true } },
    },
  });
  const years = new Map<number, EarlierYear>();
  const yearOf = (year: number) => {
    if (!years.has(year)) years.set(year, { year, cycle: null, history: {} });
    return years.get(year)!;
  };
  for (const { year, version, confirmedBy, figures } of earlier)
    yearOf(year).cycle = { version, confirmedBy, figures };
  for (const h of history)
    yearOf(h.year).history[h.indicator.code] = {
      value: h.value.toNumber(),
      origin: h.origin,
      recordedBy: h.recordedBy,
    };
  return carriedFor(a.cycle.plan.indicators, a.cycle.year, [...years.values()], a.cycle.plan.periodStart);
}

/**
 * The bases a report states where nothing was there to carry, recorded once as the unit's statement for the year
 * before (flagged STATED), so that its later reports carry them and the committee sees them as stated. Recording
 * the same statement again changes nothing.
 */
export async function recordStatedBases(
  db: Db,
  assessmentId: string,
  step: string,
  payload: unknown,
  personId: string,
): Promise<void> {
  const kind = stepKind(step);
  const figures = (payload as { figures?: Record<string, Figure> } | null)?.figures;
  if ((kind !== 'check' && kind !== 'evaluation') || !figures) return;
  if (!Object.values(figures).some((f) => f?.previous !== undefined)) return;
  const a = await assessmentInPlan(db, assessmentId);
  if (!a) return;
  const carried = new Set((await carriedFigures(db, assessmentId)).map((c) => `${c.role}|${c.code}`));
  const stated = a.cycle.plan.indicators.filter(
    (i) =>
      carriedRole(i.kind) === 'PREVIOUS' &&
      figures[i.code]?.previous !== undefined &&
      !carried.has(`PREVIOUS|${i.code}`),
  );
  if (stated.length === 0) return;
  const person = await db.person.findUnique({ where: { id: personId }, select: { name: true } });
  await db.historicalFigure.createMany({
    data: stated.map((i) => ({
      indicatorId: i.id,
      organisationId: a.organisationId,
      year: a.cycle.year - 1,
      value: figures[i.code]!.previous!,
      origin: 'STATED' as const,
      recordedBy: person?.name ?? personId,
    })),
    skipDuplicates: true,
  });
}
