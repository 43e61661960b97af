/**
 * Judging one indicator's figure against its target, by the indicator's kind (MISSION.md, "The indicators").
 *
 * Conventions every caller relies on:
 * - Every figure is judged within its year; `elapsed` is the share (0–1) of the year passed (`elapsedFraction`).
 * - `target` is the year's target: that year's count (ANNUAL_COUNT), what the year must add to a running total
 *   (CUMULATIVE, see domain/targets.ts), the level or share to reach (LEVEL, RATIO; a level stated for a later year
 *   is reached over `spanYears`), the most allowed (LOWER_IS_BETTER), the least to reach (GROWTH).
 * - `actual` is the figure reported in the same sense: this year's count so far (ANNUAL_COUNT, CUMULATIVE, GROWTH,
 *   LOWER_IS_BETTER), the latest level or share (LEVEL, RATIO).
 * - completion is actual ÷ full target (1 = met); lower-is-better inverts it. Pace compares actual with what is
 *   expected by now; `tolerance` is the band around the expected value that still counts as on pace.
 */

export const INDICATOR_KINDS = [
  'ANNUAL_COUNT',
  'CUMULATIVE',
  'LEVEL',
  'GROWTH',
  'RATIO',
  'LOWER_IS_BETTER',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export type PaceStatus = 'AHEAD' | 'ON_PACE' | 'LAGGING' | 'NO_DATA';

export interface IndicatorFigures {
  kind: IndicatorKind;
  target: number | null;
  actual: number | null;
  elapsed: number;
  /** GROWTH: last year's full-year value; LEVEL: the level at the start of the span (to pace toward the target). */
  previous?: number | null;
  /** GROWTH: required growth, percent a year; LOWER_IS_BETTER: required fall, percent a year, against `previous`. */
  annualRatePct?: number | null;
  /** LEVEL: the years, this one included, over which `target` is to be reached (1 = by this year's end). */
  spanYears?: number;
  tolerance?: number;
}

export interface IndicatorJudgement {
  /**
   * This year's goal: for GROWTH the larger of last year × (1 + rate) and any target; for a level reached over
   * several years, this year's step toward it from the level at the start of the year.
   */
  goal: number | null;
  expected: number | null;
  completion: number | null;
  status: PaceStatus;
}

export const DEFAULT_PACE_TOLERANCE = 0.05;

/** Completion of lower-is-better figures is capped so a year with zero accidents does not dwarf every other score. */
export const LOWER_IS_BETTER_COMPLETION_CAP = 2;

export function judgeIndicator(f: IndicatorFigures): IndicatorJudgement {
  const tolerance = f.tolerance ?? DEFAULT_PACE_TOLERANCE;
  const elapsed = clamp(f.elapsed, 0, 1);
  const goal = goalFor(f);
  if (goal === null || f.actual === null)
    return { goal, expected: null, completion: null, status: 'NO_DATA' };
  const actual = f.actual;

  if (f.kind === 'LOWER_IS_BETTER') {
    const expected = goal * elapsed;
    // With a goal of none at all (no accident allowed), none is exactly met and any is missed.
    const completion =
      goal === 0
        ? actual === 0
          ? 1
          : 0
        : actual === 0
          ? LOWER_IS_BETTER_COMPLETION_CAP
          : Math.min(goal / actual, LOWER_IS_BETTER_COMPLETION_CAP);
    const status: PaceStatus =
      actual > expected * (1 + tolerance)
        ? 'LAGGING'
        : actual < expected * (1 - tolerance)
          ? 'AHEAD'
          : 'ON_PACE';
    return { goal, expected, completion, status };
  }

  const expected = expectedByNow(f.kind, goal, elapsed, f.previous ?? null);
  const completion = goal === 0 ? 1 : actual / goal;
  const status: PaceStatus =
    actual < expected * (1 - tolerance)
      ? 'LAGGING'
      : actual >= expected * (1 + tolerance)
        ? 'AHEAD'
        : 'ON_PACE';
  return { goal, expected, completion, status };
}

function goalFor(f: IndicatorFigures): number | null {
  const previous = f.previous ?? null;
  const rate = f.annualRatePct ?? null;
  if (f.kind === 'LEVEL' && f.target !== null && previous !== null) {
    const span = Math.max(1, Math.round(f.spanYears ?? 1));
    return previous + (f.target - previous) / span;
  }
  if (f.kind === 'GROWTH') {
    const byGrowth = previous !== null && rate !== null ? previous * (1 + rate / 100) : null;
    if (byGrowth === null) return f.target;
    return f.target === null ? byGrowth : Math.max(byGrowth, f.target);
  }
  if (f.kind === 'LOWER_IS_BETTER') {
    const byFall = previous !== null && rate !== null ? previous * (1 - rate / 100) : null;
    if (byFall === null) return f.target;
    return f.target === null ? byFall : Math.min(byFall, f.target);
  }
  return f.target;
}

function expectedByNow(kind: IndicatorKind, goal: number, elapsed: number, previous: number | null): number {
  switch (kind) {
    case 'ANNUAL_COUNT':
    case 'CUMULATIVE':
    case 'GROWTH':
      return goal * elapsed;
    case 'LEVEL':
      // A level with no starting point (e.g. a coverage share) must simply be held; with one, it is paced linearly.
      return previous === null ? goal : previous + (goal - previous) * elapsed;
    case 'RATIO':
      return goal;
    case 'LOWER_IS_BETTER':
      return goal * elapsed;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
