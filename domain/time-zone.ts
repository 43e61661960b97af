/**
 * Wall-clock time in a named zone ↔ instants, via Intl only (deterministic, no data files), so that workflows and
 * activities compute the same due dates. The federation's zone is Asia/Shanghai.
 */

export const FEDERATION_TIME_ZONE = 'Asia/Shanghai';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClockAt(instant: Date, timeZone: string = FEDERATION_TIME_ZONE): WallClock {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function offsetMs(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm[:ss]"; a date alone means the end of that day (23:59:59). */
export function parseLocalDateTime(text: string): WallClock | null {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const timeGiven = m[4] !== undefined;
  const w: WallClock = {
    year,
    month,
    day,
    hour: timeGiven ? Number(m[4]) : 23,
    minute: timeGiven ? Number(m[5]) : 59,
    second: timeGiven ? Number(m[6] ?? 0) : 59,
  };
  const probe = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
  const valid =
    probe.getUTCFullYear() === w.year &&
    probe.getUTCMonth() === w.month - 1 &&
    probe.getUTCDate() === w.day &&
    probe.getUTCHours() === w.hour &&
    probe.getUTCMinutes() === w.minute &&
    probe.getUTCSeconds() === w.second;
  return valid ? w : null;
}

/** The instant at which the wall clock in `timeZone` shows `w`. */
export function instantOf(w: WallClock, timeZone: string = FEDERATION_TIME_ZONE): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // Two passes settle the offset even next to a DST change in zones that have one.
  let instant = guess - offsetMs(new Date(guess), timeZone);
  instant = guess - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/** Start of 1 January of `year` in `timeZone`. */
export function startOfYear(year: number, timeZone: string = FEDERATION_TIME_ZONE): Date {
  return instantOf({ year, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** "2026-03-31 18:00" style display of an instant in `timeZone`. */
export function formatLocal(instant: Date, timeZone: string = FEDERATION_TIME_ZONE): string {
  const w = wallClockAt(instant, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}`;
}
