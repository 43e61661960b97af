/**
 * Working days as a federation counts them for public-notice windows (公示): weekends are off, public holidays are
 * off, and the State Council moves some weekend days to working days (调休上班). The calendar is published once a
 * year, so it is data: days off and make-up working days by date, editable in the console.
 */

/** A calendar date "YYYY-MM-DD" in the federation's time zone. */
export type LocalDate = string;

export interface WorkingCalendar {
  /** Weekdays that are off (public holidays and the days off they bring). */
  holidays: ReadonlySet<LocalDate>;
  /** Weekend days that are working days (调休上班). */
  workdays: ReadonlySet<LocalDate>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date, or null when the text is not a real calendar date. */
export function parseLocalDate(text: string): LocalDate | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text ? text : null;
}

export function nextDate(date: LocalDate): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function weekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWorkingDay(date: LocalDate, cal: WorkingCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/**
 * A window of `days` working days that opens on `from` (or on the first working day after it): its first and last
 * working day. The window closes at the end of its last day.
 */
export function workingDayWindow(
  from: LocalDate,
  days: number,
  cal: WorkingCalendar,
): { first: LocalDate; last: LocalDate } {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('a window has at least one working day');
  let date = from;
  while (!isWorkingDay(date, cal)) date = nextDate(date);
  const first = date;
  for (let counted = 1; counted < days;) {
    date = nextDate(date);
    if (isWorkingDay(date, cal)) counted++;
  }
  return { first, last: date };
}

/** A calendar from lists of days, as stored or shipped. */
export function workingCalendar(days: Array<{ date: LocalDate; working: boolean }>): WorkingCalendar {
  return {
    holidays: new Set(days.filter((d) => !d.working).map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.working).map((d) => d.date)),
  };
}
