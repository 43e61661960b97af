import { PUBLISHED_CALENDARS } from './official-holidays';
import { isWorkingDay, parseLocalDate, workingCalendar, workingDayWindow } from './working-days';

const official = workingCalendar(
  PUBLISHED_CALENDARS.flatMap((c) => [
    ...c.daysOff.map((date) => ({ date, working: false })),
    ...c.workdays.map((date) => ({ date, working: true })),
  ]),
);

describe('working days on the published calendars', () => {
  it('knows the 2026 Labour Day holiday and its make-up Saturday', () => {
    expect(isWorkingDay('2026-04-30', official)).toBe(true);
    for (const d of ['2026-05-01', '2026-05-04', '2026-05-05']) expect(isWorkingDay(d, official)).toBe(false);
    expect(isWorkingDay('2026-05-09', official)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-05-10', official)).toBe(false);
  });

  it('ends a 5-working-day 公示 that spans a holiday and a make-up working day on the right date', () => {
    // Thu 30 Apr (1), 1–5 May off, Wed 6 (2), Thu 7 (3), Fri 8 (4), Sat 9 May worked (5).
    expect(workingDayWindow('2026-04-30', 5, official)).toEqual({ first: '2026-04-30', last: '2026-05-09' });
    // Without the calendar (weekends only) the same window would end on Wednesday 6 May.
    expect(workingDayWindow('2026-04-30', 5, workingCalendar([]))).toEqual({
      first: '2026-04-30',
      last: '2026-05-06',
    });
  });

  it('opens a window published on a day off on the next working day', () => {
    // Published on National Day; 8 Oct is the first working day, Sat 10 Oct is worked.
    expect(workingDayWindow('2026-10-03', 3, official)).toEqual({ first: '2026-10-08', last: '2026-10-10' });
    // Spring Festival 2026: 15–23 Feb off, Sat 28 Feb worked.
    expect(workingDayWindow('2026-02-13', 5, official)).toEqual({ first: '2026-02-13', last: '2026-02-26' });
  });

  it('counts the 2025 New Year and Spring Festival days', () => {
    expect(isWorkingDay('2025-01-01', official)).toBe(false);
    expect(isWorkingDay('2025-01-26', official)).toBe(true); // Sunday worked
    expect(workingDayWindow('2025-01-27', 2, official)).toEqual({ first: '2025-01-27', last: '2025-02-05' });
  });

  it('refuses dates that do not exist and windows of no days', () => {
    expect(parseLocalDate('2026-02-30')).toBeNull();
    expect(parseLocalDate('2026-5-1')).toBeNull();
    expect(parseLocalDate('2026-05-01')).toBe('2026-05-01');
    expect(() => workingDayWindow('2026-05-01', 0, official)).toThrow(RangeError);
  });
});
