/**
 * When bulletins are issued and which period each covers. A schedule fires at the start of a period and reports
 * on the one that just ended (monthly: on the 1st at 09:00 Beijing time, for the previous month); the compressed
 * form "<n>s" (for tests and demonstrations) fires every n seconds and names each period by its firing time.
 */
import { wallClockAt } from './time-zone';

export type BulletinEvery = 'month' | 'quarter' | `${number}s`;

export function parseEvery(every: string): BulletinEvery | null {
  if (every === 'month' || every === 'quarter') return every;
  const m = /^(\d{1,6})s$/.exec(every);
  return m && Number(m[1]) >= 1 ? (every as BulletinEvery) : null;
}

/** The period a firing at `scheduledAt` reports on: "2026-03", "2026-Q1", or "t-2026-03-01T01:00:05Z". */
export function periodKeyFor(every: BulletinEvery, scheduledAt: Date): string {
  if (every !== 'month' && every !== 'quarter')
    return `t-${scheduledAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  // The firing is on the 1st of the next period; a day earlier lies in the period being reported.
  const w = wallClockAt(new Date(scheduledAt.getTime() - 86_400_000));
  return every === 'month'
    ? `${w.year}-${String(w.month).padStart(2, '0')}`
    : `${w.year}-Q${Math.floor((w.month - 1) / 3) + 1}`;
}

/** Temporal appends the scheduled time to the workflow ids a schedule starts. */
export function scheduledTimeOf(workflowId: string): Date | null {
  const m = /-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/.exec(workflowId);
  return m ? new Date(m[1]!) : null;
}
