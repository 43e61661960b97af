/** How much of the span a target covers has passed, in the federation's calendar. */
import type { IndicatorKind } from './indicators';
import { FEDERATION_TIME_ZONE, startOfYear } from './time-zone';

export interface ElapsedInput {
  kind: IndicatorKind;
  /** First year of the plan (a cumulative target counts from its 1 January). */
  periodStartYear: number;
  /** The year whose end the target is for. */
  targetYear: number;
  asOf: Date;
  timeZone?: string;
}

export function elapsedFraction({
  kind,
  periodStartYear,
  targetYear,
  asOf,
  timeZone = FEDERATION_TIME_ZONE,
}: ElapsedInput): number {
  const spanStartYear = kind === 'CUMULATIVE' ? periodStartYear : targetYear;
  const start = startOfYear(spanStartYear, timeZone).getTime();
  const end = startOfYear(targetYear + 1, timeZone).getTime();
  const f = (asOf.getTime() - start) / (end - start);
  return Math.min(1, Math.max(0, f));
}
