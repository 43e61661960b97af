/**
 * The State Council's published holiday arrangements (国务院办公厅关于部分节假日安排的通知) that jingsai ships; an
 * office adds later years in the console as they are published. Only days that differ from the weekly pattern are
 * listed: weekdays off, and weekend days worked (调休上班). Weekend days inside a holiday need no entry.
 */
import type { LocalDate } from './working-days';

export interface PublishedCalendar {
  year: number;
  /** The notice it comes from. */
  source: string;
  daysOff: LocalDate[];
  workdays: LocalDate[];
}

/** Weekdays from `from` to `to` inclusive (a holiday's weekend days are off anyway). */
function weekdaysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  )
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  return out;
}

export const PUBLISHED_CALENDARS: PublishedCalendar[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    daysOff: [
      '2025-01-01',
      ...weekdaysBetween('2025-01-28', '2025-02-04'),
      '2025-04-04',
      ...weekdaysBetween('2025-05-01', '2025-05-05'),
      '2025-06-02',
      ...weekdaysBetween('2025-10-01', '2025-10-08'),
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    daysOff: [
      ...weekdaysBetween('2026-01-01', '2026-01-03'),
      ...weekdaysBetween('2026-02-15', '2026-02-23'),
      '2026-04-06',
      ...weekdaysBetween('2026-05-01', '2026-05-05'),
      '2026-06-19',
      '2026-09-25',
      ...weekdaysBetween('2026-10-01', '2026-10-07'),
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
