/**
 * The target for a given year when the plan states targets only for some years ("5,000 over 5 years",
 * "2,000 by the end of 2015"): the nearest stated target at or after that year; a cumulative total is prorated
 * linearly from the start of the period, which is the pace the plan implies; a level with a known starting value
 * climbs linearly from it to the stated level, and without one must be held at the stated level.
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

/** A plan indicator's target for `year` as a number, or null where the plan implies none. */
export function planTargetForYear(
  indicator: {
    kind: IndicatorKind;
    targets: Array<{ year: number; value: { toNumber(): number } | number }>;
  },
  year: number,
  periodStart: number,
): number | null {
  const rows = indicator.targets.map((t) => ({
    year: t.year,
    value: typeof t.value === 'number' ? t.value : t.value.toNumber(),
  }));
  return targetForYear(indicator.kind, rows, year, periodStart)?.value ?? null;
}

export function targetForYear(
  kind: IndicatorKind,
  rows: TargetRow[],
  year: number,
  periodStart: number,
  levelAtStartOfYear: number | null = null,
): YearTarget | null {
  const exact = rows.find((r) => r.year === year);
  if (exact) return { value: exact.value, statedYear: year, derived: false };
  const later = rows.filter((r) => r.year > year).sort((a, b) => a.year - b.year)[0];
  if (!later) return null;
  if (kind === 'CUMULATIVE') {
    const share = (year - periodStart + 1) / (later.year - periodStart + 1);
    return { value: later.value * share, statedYear: later.year, derived: true };
  }
  if (kind === 'ANNUAL_COUNT' || kind === 'GROWTH' || kind === 'LOWER_IS_BETTER') return null;
  if (kind === 'LEVEL' && levelAtStartOfYear !== null) {
    const value = levelAtStartOfYear + (later.value - levelAtStartOfYear) / (later.year - year + 1);
    return { value, statedYear: later.year, derived: true };
  }
  return { value: later.value, statedYear: later.year, derived: true };
}
