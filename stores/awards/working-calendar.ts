/** The working-day calendar kept as data: the published years shipped with jingsai, and the office's own changes. */
import { PUBLISHED_CALENDARS } from '../../domain/official-holidays';
import { workingCalendar, type LocalDate, type WorkingCalendar } from '../../domain/working-days';
import type { Db } from '../db';

const asDate = (d: LocalDate) => new Date(`${d}T00:00:00Z`);

/** Writes the shipped years once; days the office has changed are left as they are. */
export async function ensurePublishedCalendars(db: Db): Promise<number> {
  const rows = PUBLISHED_CALENDARS.flatMap((c) => [
    ...c.daysOff.map((d) => ({ date: asDate(d), working: false, note: c.source })),
    ...c.workdays.map((d) => ({ date: asDate(d), working: true, note: c.source })),
  ]);
  return (await db.workingCalendarDay.createMany({ data: rows, skipDuplicates: true })).count;
}

export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const days = await db.workingCalendarDay.findMany({ select: { date: true, working: true } });
  return workingCalendar(days.map((d) => ({ date: d.date.toISOString().slice(0, 10), working: d.working })));
}

/** Sets (or, with working null, removes) one day's exception to the weekly pattern. */
export async function setCalendarDay(db: Db, date: LocalDate, working: boolean | null, note: string | null) {
  if (working === null) await db.workingCalendarDay.deleteMany({ where: { date: asDate(date) } });
  else
    await db.workingCalendarDay.upsert({
      where: { date: asDate(date) },
      update: { working, note },
      create: { date: asDate(date), working, note },
    });
}

export async function calendarDays(db: Db, year: number) {
  const rows = await db.workingCalendarDay.findMany({
    where: { date: { gte: asDate(`${year}-01-01`), lte: asDate(`${year}-12-31`) } },
    orderBy: { date: 'asc' },
  });
  return rows.map((r) => ({ date: r.date.toISOString().slice(0, 10), working: r.working, note: r.note }));
}
