/**
 * A plan copied to the next period with baselines: the last period's year before the new one (its cycle
 * finalised) gives each unit's approved year-end figures, kept for the new plan as BASELINE figures of that year
 * (the first year's cycle carries them as last year's), and the city's figure of each indicator, kept on the new
 * indicator as its baseline (what growth compounds from to give the period's target).
 */
import { buildBulletin } from '../../domain/bulletin';
import type { Prisma } from '../../prisma/generated/client';
import { loadBulletinSnapshot } from '../bulletin/snapshot';
import type { Db } from '../db';
import { approvedYearEnds, type ApprovedYearEnd } from '../assessment/year-end';

export interface PeriodBaselines {
  year: number;
  units: ApprovedYearEnd[];
  /** Indicator code → the city's figure that year (null: none reported). */
  city: Map<string, number | null>;
}

/** The baselines of `year` in the plan, or null when that year's cycle is not finalised (or was never run). */
export async function periodBaselines(db: Db, planId: string, year: number): Promise<PeriodBaselines | null> {
  const cycle = await db.cycle.findFirst({
    where: { planId, year, status: 'COMPLETED' },
    orderBy: { completedAt: 'desc' },
    select: { id: true, completedAt: true },
  });
  if (!cycle) return null;
  const units = await approvedYearEnds(db, { cycleId: cycle.id });
  const rollUp = buildBulletin(await loadBulletinSnapshot(db, cycle.id, cycle.completedAt ?? new Date()));
  return { year, units, city: new Map(rollUp.indicators.map((i) => [i.code, i.actual])) };
}

/** Each unit's figures as the new plan's BASELINE figures, for the indicators the new plan has by code. */
export async function writeBaselines(
  tx: Prisma.TransactionClient,
  planId: string,
  baselines: PeriodBaselines,
  actor: string,
): Promise<number> {
  const indicators = await tx.indicatorDefinition.findMany({
    where: { planId },
    select: { id: true, code: true },
  });
  const idOf = new Map(indicators.map((i) => [i.code, i.id]));
  const data = baselines.units.flatMap((u) =>
    Object.entries(u.figures).flatMap(([code, value]) => {
      const indicatorId = idOf.get(code);
      return indicatorId
        ? [
            {
              indicatorId,
              organisationId: u.organisationId,
              year: baselines.year,
              value,
              origin: 'BASELINE' as const,
              recordedBy: actor,
            },
          ]
        : [];
    }),
  );
  await tx.historicalFigure.createMany({ data });
  return data.length;
}
