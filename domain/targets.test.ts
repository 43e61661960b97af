import { elapsedFraction } from './period';
import { targetForYear } from './targets';

describe('targets by year', () => {
  it('uses a stated target as it is', () => {
    expect(targetForYear('ANNUAL_COUNT', [{ year: 2013, value: 80 }], 2013, 2011)).toEqual({
      value: 80,
      statedYear: 2013,
      derived: false,
    });
  });

  it('prorates a five-year cumulative total linearly from the start of the plan', () => {
    // 100,000 by end of 2015; by end of 2013 that is 3/5 → 60,000.
    expect(targetForYear('CUMULATIVE', [{ year: 2015, value: 100_000 }], 2013, 2011)).toEqual({
      value: 60_000,
      statedYear: 2015,
      derived: true,
    });
  });

  it('climbs a level linearly from where it stands toward the stated level', () => {
    // 1,000 supervisors at the start of 2013, 2,000 by end of 2015 → 3 years left → 1,333.3 by end of 2013.
    expect(targetForYear('LEVEL', [{ year: 2015, value: 2000 }], 2013, 2011, 1000)!.value).toBeCloseTo(
      1333.333,
      2,
    );
    expect(targetForYear('LEVEL', [{ year: 2015, value: 80 }], 2013, 2011)!.value).toBe(80);
  });

  it('has no target for an annual count in a year the plan does not name', () => {
    expect(targetForYear('ANNUAL_COUNT', [{ year: 2015, value: 10 }], 2013, 2011)).toBeNull();
    expect(targetForYear('CUMULATIVE', [{ year: 2012, value: 10 }], 2014, 2011)).toBeNull();
  });
});

describe('elapsed fraction', () => {
  it('measures a cumulative span from the plan start and the others from 1 January, in Shanghai time', () => {
    const asOf = new Date('2013-12-31T16:00:00Z'); // 2014-01-01 00:00 in Shanghai
    expect(
      elapsedFraction({ kind: 'CUMULATIVE', periodStartYear: 2011, targetYear: 2015, asOf }),
    ).toBeCloseTo(3 / 5, 2);
    expect(elapsedFraction({ kind: 'ANNUAL_COUNT', periodStartYear: 2011, targetYear: 2013, asOf })).toBe(1);
    expect(elapsedFraction({ kind: 'ANNUAL_COUNT', periodStartYear: 2011, targetYear: 2014, asOf })).toBe(0);
    const mid = new Date('2014-07-02T04:00:00Z');
    expect(
      elapsedFraction({ kind: 'ANNUAL_COUNT', periodStartYear: 2011, targetYear: 2014, asOf: mid }),
    ).toBeCloseTo(0.5, 2);
  });
});
