/**
 * What a unit's earlier years of the same plan carry into this year's reports (domain/carry-forward.ts): the year
 * before's approved year-end figures (its last year-end submission, once that year's result was confirmed) and the
 * running totals of cumulative indicators over every earlier year of the plan. A unit without an earlier confirmed
 * year carries nothing and states its base itself, as before.
 */
import { carriedRole, type CarriedFigure } from '../../domain/carry-forward';
import type { Figure } from '../../domain/submissions';
import type { Db } from '../db';

export async function carriedFigures(db: Db, assessmentId: string): Promise<CarriedFigure[]> {
  const a = await db.assessment.findUnique({
    where: { id: assessmentId },
    select: {
      organisationId: true,
      cycle: {
        select: {
          year: true,
          planId: true,
          plan: { select: { indicators: { select: { code: true, kind: true } } } },
        },
      },
    },
  });
  if (!a) return [];
  const earlier = await db.assessment.findMany({
    where: {
      organisationId: a.organisationId,
      status: 'COMPLETED',
      cycle: { planId: a.cycle.planId, year: { lt: a.cycle.year }, status: 'COMPLETED' },
    },
    orderBy: { cycle: { year: 'asc' } },
    select: {
      cycle: { select: { year: true } },
      submissions: {
        where: { step: 'evaluation' },
        orderBy: { version: 'desc' },
        take: 1,
        select: { version: true, payload: true },
      },
      decisions: {
        where: { step: 'confirmation', outcome: { in: ['APPROVE', 'CONFIRM'] } },
        orderBy: { decidedAt: 'desc' },
        take: 1,
        select: { person: { select: { name: true } } },
      },
    },
  });
  const years = earlier.flatMap((e) => {
    const s = e.submissions[0];
    if (!s) return [];
    const figures = ((s.payload as { figures?: Record<string, Figure> }).figures ?? {}) as Record<
      string,
      Figure
    >;
    return [
      { year: e.cycle.year, version: s.version, confirmedBy: e.decisions[0]?.person?.name ?? null, figures },
    ];
  });
  const last = years[years.length - 1];
  const out: CarriedFigure[] = [];
  for (const ind of a.cycle.plan.indicators) {
    const role = carriedRole(ind.kind);
    if (role === 'PREVIOUS' && last && last.year === a.cycle.year - 1 && last.figures[ind.code]) {
      const { year, version, confirmedBy } = last;
      out.push({
        code: ind.code,
        role,
        value: last.figures[ind.code]!.value,
        source: { year, version, confirmedBy },
      });
    }
    if (role === 'RUNNING_TOTAL' && last) {
      const counted = years.filter((y) => y.figures[ind.code]);
      if (counted.length === 0) continue;
      out.push({
        code: ind.code,
        role,
        value: counted.reduce((s, y) => s + y.figures[ind.code]!.value, 0),
        source: {
          year: last.year,
          version: last.version,
          confirmedBy: last.confirmedBy,
          years: counted.map((y) => y.year),
        },
      });
    }
  }
  return out;
}
