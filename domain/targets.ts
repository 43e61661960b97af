/**
 * The target for a given year when the plan states targets only for some years ("5,000 over 5 years",
 * "2,000 by the end of 2015"). Every target is judged within its own year (domain/indicator-rules.ts):
 * - a cumulative total is a running total stated at the end of some years; a year's target is what the year must
 *   add to it, the running total spread evenly over the years up to the next stated one;
 * - a level (or share) stated for a later year is that later level, reached step by step (the judgement climbs to
 *   it from the level at the start of the year over the years left, see `spanYears`);
 * - an annual count, growth or ceiling with no target stated for the year has none (growth and ceilings follow
 *   from last year's figure and the plan's rate instead).
 */
import type { IndicatorKind } from './indicators';

export interface TargetRow {
  year: number;
  value: number;
}

export interface YearTarget {
  value: number;
  /** The year whose end the stated target is for (later than `year` when derived). */
  statedYear: number;
  derived: boolean;
}

type PlanTargets = Array<{ year: number; value: { toNumber(): number } | number }>;

const rowsOf = (targets: PlanTargets): TargetRow[] =>
  targets.map((t) => ({ year: t.year, value: typeof t.value === 'number' ? t.value : t.value.toNumber() }));

/** A plan indicator's target for `year` as a number, or null where the plan implies none. */
export function planTargetForYear(
  indicator: { kind: IndicatorKind; targets: PlanTargets },
  year: number,
  periodStart: number,
): number | null {
  return targetForYear(indicator.kind, rowsOf(indicator.targets), year, periodStart)?.value ?? null;
}

/** How many years, this one included, a level target for `year` is reached over (1 when stated for the year). */
export function planSpanYears(
  indicator: { kind: IndicatorKind; targets: PlanTargets },
  year: number,
): number {
  if (indicator.kind !== 'LEVEL') return 1;
  const t = targetForYear('LEVEL', rowsOf(indicator.targets), year, year);
  return t ? t.statedYear - year + 1 : 1;
}

export function targetForYear(
  kind: IndicatorKind,
  rows: TargetRow[],
  year: number,
  periodStart: number,
): YearTarget | null {
  if (kind === 'CUMULATIVE') return cumulativeYearTarget(rows, year, periodStart);
  const exact = rows.find((r) => r.year === year);
  if (exact) return { value: exact.value, statedYear: year, derived: false };
  const later = nextStated(rows, year);
  if (!later || kind === 'ANNUAL_COUNT' || kind === 'GROWTH' || kind === 'LOWER_IS_BETTER') return null;
  return { value: later.value, statedYear: later.year, derived: true };
}

/** The running total stated for the end of `year`, or spread evenly between the stated ones around it. */
export function runningTotalBy(rows: TargetRow[], year: number, periodStart: number): number | null {
  if (year < periodStart) return 0;
  const exact = rows.find((r) => r.year === year);
  if (exact) return exact.value;
  const later = nextStated(rows, year);
  if (!later) return null;
  const before = rows.filter((r) => r.year < year).sort((a, b) => b.year - a.year)[0] ?? {
    year: periodStart - 1,
    value: 0,
  };
  return before.value + ((later.value - before.value) * (year - before.year)) / (later.year - before.year);
}

function cumulativeYearTarget(rows: TargetRow[], year: number, periodStart: number): YearTarget | null {
  const by = runningTotalBy(rows, year, periodStart);
  const before = runningTotalBy(rows, year - 1, periodStart);
  if (by === null || before === null) return null;
  const stated = rows.find((r) => r.year === year) ?? nextStated(rows, year)!;
  return { value: Math.max(0, by - before), statedYear: stated.year, derived: true };
}

function nextStated(rows: TargetRow[], year: number): TargetRow | undefined {
  return rows.filter((r) => r.year > year).sort((a, b) => a.year - b.year)[0];
}
