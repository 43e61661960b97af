/**
 * What the plan-period view reads: the plan with its indicators and targets, and for each year's cycle of the plan
 * the roll-up of the city or of one unit's subtree as the bulletins compute it (the same snapshot and roll-up), at
 * the year's close when it is finalised, else now.
 */
import { buildBulletin, type BulletinData } from '../../domain/bulletin';
import { restrictToBranch } from '../../domain/dashboard';
import { measureOf } from '../../domain/input-rules';
import {
  periodIndicator,
  periodOnTrack,
  type PeriodIndicatorInput,
  type PeriodIndicatorView,
} from '../../domain/plan-period';
import { loadBulletinSnapshot } from '../bulletin/snapshot';
import type { Db } from '../db';

export interface PeriodYear {
  year: number;
  cycleId: string;
  final: boolean;
  /** The branches' codes and names under the unit, from the year's tree (for the on-track list). */
  branches: Array<{ code: string; name: string }>;
  /** The roll-up of `code` (the root when null) that year; null when the unit was not in that year's tree. */
  rollUp(code: string | null): BulletinData | null;
}

export async function planForPeriod(db: Db, code: string) {
  const plan = await db.plan.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      nameZh: true,
      periodStart: true,
      periodEnd: true,
      indicators: {
        orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
        select: {
          code: true,
          nameZh: true,
          unitZh: true,
          kind: true,
          aggregation: true,
          annualRatePct: true,
          targets: true,
        },
      },
    },
  });
  if (!plan) return null;
  const indicators: PeriodIndicatorInput[] = plan.indicators.map((i) => ({
    code: i.code,
    name: i.nameZh,
    unit: i.unitZh,
    kind: i.kind,
    measure: measureOf(i.aggregation),
    annualRatePct: i.annualRatePct?.toNumber() ?? null,
    targets: i.targets.map((t) => ({ year: t.year, value: t.value.toNumber() })),
  }));
  return { ...plan, indicators };
}

/** Each year of the plan that has a cycle (cancelled years left out), with its roll-ups. */
export async function periodYears(db: Db, planId: string, unitCode: string | null): Promise<PeriodYear[]> {
  const cycles = await db.cycle.findMany({
    where: { planId, status: { not: 'CANCELLED' } },
    orderBy: { year: 'asc' },
    select: { id: true, year: true, status: true, completedAt: true },
  });
  const years: PeriodYear[] = [];
  for (const c of cycles) {
    const snapshot = await loadBulletinSnapshot(db, c.id, c.completedAt ?? new Date());
    const top = unitCode
      ? snapshot.units.find((u) => u.code === unitCode)
      : snapshot.units.find((u) => !u.parentId);
    const rollUp = (code: string | null) => {
      const input = code ? restrictToBranch(snapshot, code) : snapshot;
      return input ? buildBulletin(input) : null;
    };
    years.push({
      year: c.year,
      cycleId: c.id,
      final: c.status === 'COMPLETED',
      branches: top
        ? snapshot.units.filter((u) => u.parentId === top.id).map((u) => ({ code: u.code, name: u.name }))
        : [],
      rollUp,
    });
  }
  return years;
}

export interface PlanPeriodView {
  plan: { code: string; name: string; periodStart: number; periodEnd: number };
  unit: { code: string; name: string } | null;
  years: Array<{ year: number; final: boolean }>;
  indicators: PeriodIndicatorView[];
  onTrack: boolean | null;
  /** The branches under the unit (the city's counties and industry unions), each on track for the period or not. */
  branches: Array<{ code: string; name: string; onTrack: boolean | null }>;
}

function viewsOf(
  indicators: PeriodIndicatorInput[],
  period: { start: number; end: number },
  years: Array<{ year: number; final: boolean; data: BulletinData | null }>,
) {
  return indicators.map((ind) =>
    periodIndicator(
      ind,
      period,
      years.map((y) => ({
        year: y.year,
        final: y.final,
        figure: y.data?.indicators.find((i) => i.code === ind.code)?.actual ?? null,
      })),
    ),
  );
}

/** The period view of the city (unitCode null) or of one unit's subtree; null for an unknown plan. */
export async function planPeriodView(
  db: Db,
  planCode: string,
  unitCode: string | null,
): Promise<PlanPeriodView | null> {
  const plan = await planForPeriod(db, planCode);
  if (!plan) return null;
  const period = { start: plan.periodStart, end: plan.periodEnd };
  const years = await periodYears(db, plan.id, unitCode);
  const own = years.map((y) => ({ year: y.year, final: y.final, data: y.rollUp(unitCode) }));
  const indicators = viewsOf(plan.indicators, period, own);
  const latest = years[years.length - 1];
  const branches = (latest?.branches ?? []).map((b) => ({
    ...b,
    onTrack: periodOnTrack(
      viewsOf(
        plan.indicators,
        period,
        years.map((y) => ({ year: y.year, final: y.final, data: y.rollUp(b.code) })),
      ),
    ),
  }));
  const root = own.find((y) => y.data)?.data?.root;
  return {
    plan: { code: plan.code, name: plan.nameZh, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    unit: root ? { code: root.code, name: root.name } : null,
    years: years.map((y) => ({ year: y.year, final: y.final })),
    indicators,
    onTrack: periodOnTrack(indicators),
    branches,
  };
}
