/**
 * How much of the judged year has passed, in the federation's calendar. Every indicator is judged within its own
 * year (a running total's share of the year included), so this is the one clock every page, mail and bulletin uses.
 */
import { FEDERATION_TIME_ZONE, startOfYear } from './time-zone';

export function elapsedFraction({
  year,
  asOf,
  timeZone = FEDERATION_TIME_ZONE,
}: {
  year: number;
  asOf: Date;
  timeZone?: string;
}): number {
  const start = startOfYear(year, timeZone).getTime();
  const end = startOfYear(year + 1, timeZone).getTime();
  const f = (asOf.getTime() - start) / (end - start);
  return Math.min(1, Math.max(0, f));
}
