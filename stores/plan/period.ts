/**
 * What the plan-period view reads: the plan with its indicators and targets, and for each year's cycle of the plan
 * the roll-up of the city or of one unit's subtree as the bulletins compute it (the same snapshot and roll-up), at
 * the year's close when it is finalised, else now; a year no cycle ran is rolled up from its imported figures.
 */
import { buildBulletin, type BulletinData, type BulletinInput } from '../../domain/bulletin';
import { restrictToBranch } from '../../domain/dashboard';
import { measureOf } from '../../domain/input-rules';
import {
  periodIndicator,
  periodOnTrack,
  type PeriodIndicatorInput,
  type PlanPeriodView,
  type PlanToDate,
} from '../../domain/plan-period';
import { loadBulletinSnapshot } from '../bulletin/snapshot';
import type { Db } from '../db';
import { importedOnlyYears, loadHistorySnapshot } from './history-snapshot';

export type { PlanPeriodView };

export interface PeriodYear {
  year: number;
  /** Finalised: a closed cycle's year, or one known from imported figures. */
  final: boolean;
  /** The units directly under `code` in the year's tree (the city's counties and industry unions under the root). */
  branchesOf(code: string): Array<{ code: string; name: string }>;
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
          baseline: true,
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
    baseline: i.baseline?.toNumber() ?? null,
    targets: i.targets.map((t) => ({ year: t.year, value: t.value.toNumber() })),
  }));
  return { ...plan, indicators };
}

/** A year's roll-ups from its snapshot, each subtree built once when asked for. */
function yearOf(year: number, final: boolean, snapshot: BulletinInput): PeriodYear {
  const built = new Map<string, BulletinData | null>();
  const rollUp = (code: string | null) => {
    const key = code ?? '';
    if (!built.has(key)) {
      const input = code ? restrictToBranch(snapshot, code) : snapshot;
      built.set(key, input ? buildBulletin(input) : null);
    }
    return built.get(key)!;
  };
  const branchesOf = (code: string) => {
    const top = snapshot.units.find((u) => u.code === code);
    return top
      ? snapshot.units.filter((u) => u.parentId === top.id).map((u) => ({ code: u.code, name: u.name }))
      : [];
  };
  return { year, final, branchesOf, rollUp };
}

/**
 * Each year of the plan that has a cycle (cancelled years left out) or, without one, imported figures; or those
 * before `before`; with their roll-ups.
 */
export async function periodYears(db: Db, planId: string, before?: number): Promise<PeriodYear[]> {
  const cycles = await db.cycle.findMany({
    where: { planId, status: { not: 'CANCELLED' }, ...(before ? { year: { lt: before } } : {}) },
    orderBy: { year: 'asc' },
    select: { id: true, year: true, status: true, completedAt: true },
  });
  const years: PeriodYear[] = [];
  for (const c of cycles)
    years.push(
      yearOf(
        c.year,
        c.status === 'COMPLETED',
        await loadBulletinSnapshot(db, c.id, c.completedAt ?? new Date()),
      ),
    );
  const imported = await importedOnlyYears(
    db,
    planId,
    cycles.map((c) => c.year),
  );
  for (const year of imported.filter((y) => !before || y < before))
    years.push(yearOf(year, true, await loadHistorySnapshot(db, planId, year)));
  return years.sort((a, b) => a.year - b.year);
}

function viewsOf(
  ownTargets: boolean,
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
        target: y.data?.indicators.find((i) => i.code === ind.code)?.target ?? null,
      })),
      ownTargets,
    ),
  );
}

/** The plan and its years read once; `viewOf(code)` the period view of a unit's subtree (null: the city). */
async function readPeriod(db: Db, planCode: string) {
  const plan = await planForPeriod(db, planCode);
  if (!plan) return null;
  const period = { start: plan.periodStart, end: plan.periodEnd };
  const years = await periodYears(db, plan.id);
  const of = (code: string | null) =>
    viewsOf(
      code !== null,
      plan.indicators,
      period,
      years.map((y) => ({ year: y.year, final: y.final, data: y.rollUp(code) })),
    );
  const viewOf = (unitCode: string | null): PlanPeriodView => {
    const indicators = of(unitCode);
    const top = years.map((y) => y.rollUp(unitCode)).find(Boolean)?.root;
    const latest = years[years.length - 1];
    const branches = top && latest ? latest.branchesOf(top.code) : [];
    return {
      plan: { code: plan.code, name: plan.nameZh, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
      unit: unitCode && top ? { code: top.code, name: top.name } : null,
      years: years.map((y) => ({ year: y.year, final: y.final })),
      indicators,
      onTrack: periodOnTrack(indicators),
      branches: branches.map((b) => ({ ...b, onTrack: periodOnTrack(of(b.code)) })),
    };
  };
  return viewOf;
}

/** The period view of the city (unitCode null) or of one unit's subtree; null for an unknown plan. */
export async function planPeriodView(
  db: Db,
  planCode: string,
  unitCode: string | null,
): Promise<PlanPeriodView | null> {
  return (await readPeriod(db, planCode))?.(unitCode) ?? null;
}

/** The city's period view and each of its branches', reading each year's cycle once (the period summary's). */
export async function planPeriodWithBranches(db: Db, planCode: string) {
  const viewOf = await readPeriod(db, planCode);
  if (!viewOf) return null;
  const city = viewOf(null);
  return { city, branches: city.branches.map((b) => viewOf(b.code)) };
}

/**
 * The city's plan to date as a bulletin of the cycle shows it: the plan's earlier years as they stand (their
 * finalised figures), the cycle's own year as the bulletin's `current` figures have it (final once it is closed).
 */
export async function planToDateFor(db: Db, cycleId: string, current: BulletinData): Promise<PlanToDate> {
  const cycle = await db.cycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: { year: true, status: true, plan: { select: { code: true } } },
  });
  const plan = (await planForPeriod(db, cycle.plan.code))!;
  const earlier = await periodYears(db, plan.id, cycle.year);
  const years = [
    ...earlier.map((y) => ({ year: y.year, final: y.final, data: y.rollUp(null) })),
    { year: cycle.year, final: cycle.status === 'COMPLETED', data: current },
  ];
  return {
    plan: { code: plan.code, name: plan.nameZh, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    indicators: viewsOf(false, plan.indicators, { start: plan.periodStart, end: plan.periodEnd }, years),
  };
}
