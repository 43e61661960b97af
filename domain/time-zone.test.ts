import { formatLocal, instantOf, parseLocalDateTime, startOfYear, wallClockAt } from './time-zone';

describe('time zone', () => {
  it('converts Shanghai wall-clock time to instants and back', () => {
    const w = parseLocalDateTime('2015-12-31T23:30')!;
    const instant = instantOf(w);
    expect(instant.toISOString()).toBe('2015-12-31T15:30:00.000Z');
    expect(wallClockAt(instant)).toEqual({ year: 2015, month: 12, day: 31, hour: 23, minute: 30, second: 0 });
    expect(formatLocal(new Date('2016-01-01T00:00:00Z'))).toBe('2016-01-01 08:00');
    expect(startOfYear(2014).toISOString()).toBe('2013-12-31T16:00:00.000Z');
  });

  it('handles zones with daylight saving time too', () => {
    // New York, 2021-03-14 12:00 is EDT (UTC−4); 2021-01-14 12:00 is EST (UTC−5).
    expect(instantOf(parseLocalDateTime('2021-03-14T12:00')!, 'America/New_York').toISOString()).toBe(
      '2021-03-14T16:00:00.000Z',
    );
    expect(instantOf(parseLocalDateTime('2021-01-14T12:00')!, 'America/New_York').toISOString()).toBe(
      '2021-01-14T17:00:00.000Z',
    );
  });

  it('rejects impossible dates', () => {
    expect(parseLocalDateTime('2013-02-29')).toBeNull();
    expect(parseLocalDateTime('2013-13-01')).toBeNull();
    expect(parseLocalDateTime('2013-01-01T24:00')).toBeNull();
    expect(parseLocalDateTime('1 Jan 2013')).toBeNull();
    expect(parseLocalDateTime('2016-02-29')).not.toBeNull();
  });
});
