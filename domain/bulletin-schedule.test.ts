import { parseEvery, periodKeyFor, scheduledTimeOf } from './bulletin-schedule';

it('names the period that just ended, in Beijing time', () => {
  // 1 April 09:00 in Beijing is 01:00 UTC: the March bulletin, the first quarter's.
  const firing = new Date('2026-04-01T01:00:00Z');
  expect(periodKeyFor('month', firing)).toBe('2026-03');
  expect(periodKeyFor('quarter', firing)).toBe('2026-Q1');
  // 1 January 09:00 in Beijing reports on December of the year before.
  expect(periodKeyFor('month', new Date('2027-01-01T01:00:00Z'))).toBe('2026-12');
  expect(periodKeyFor('5s', new Date('2026-04-01T01:00:05.000Z'))).toBe('t-2026-04-01T01:00:05Z');
});

it('reads the scheduled time from a schedule-started workflow id', () => {
  expect(scheduledTimeOf('bulletin-abc-2026-04-01T01:00:05Z')?.toISOString()).toBe(
    '2026-04-01T01:00:05.000Z',
  );
  expect(scheduledTimeOf('bulletin-abc')).toBeNull();
});

it('accepts month, quarter or a number of seconds', () => {
  expect(parseEvery('month')).toBe('month');
  expect(parseEvery('30s')).toBe('30s');
  expect(parseEvery('0s')).toBeNull();
  expect(parseEvery('weekly')).toBeNull();
});
