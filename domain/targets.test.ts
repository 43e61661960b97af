import { elapsedFraction } from './period';
import { planSpanYears, runningTotalBy, targetForYear } from './targets';

describe('targets by year', () => {
  it('uses a stated target as it is', () => {
    expect(targetForYear('ANNUAL_COUNT', [{ year: 2013, value: 80 }], 2013, 2011)).toEqual({
      value: 80,
      statedYear: 2013,
      derived: false,
    });
  });

  it('gives each year its part of a five-year total, judged within that year', () => {
    // 100,000 by end of 2015 and nothing stated before: 20,000 a year, every year of 2011–2015.
    for (const year of [2011, 2013, 2015])
      expect(targetForYear('CUMULATIVE', [{ year: 2015, value: 100_000 }], year, 2011)).toEqual({
        value: 20_000,
        statedYear: 2015,
        derived: true,
      });
    // 2,000 by end of 2012 and 5,000 by end of 2015: 1,000 a year, then 1,000 a year again over three years.
    const rows = [
      { year: 2012, value: 2000 },
      { year: 2015, value: 5000 },
    ];
    expect(targetForYear('CUMULATIVE', rows, 2012, 2011)!.value).toBe(1000);
    expect(targetForYear('CUMULATIVE', rows, 2014, 2011)!.value).toBe(1000);
    expect(runningTotalBy(rows, 2014, 2011)).toBe(4000);
  });

  it('holds a level stated for a later year as the level to reach, over the years left', () => {
    expect(targetForYear('LEVEL', [{ year: 2015, value: 80 }], 2013, 2011)).toEqual({
      value: 80,
      statedYear: 2015,
      derived: true,
    });
    const supervisors = { kind: 'LEVEL' as const, targets: [{ year: 2015, value: 2000 }] };
    expect(planSpanYears(supervisors, 2013)).toBe(3);
    expect(planSpanYears(supervisors, 2015)).toBe(1);
    expect(planSpanYears({ kind: 'CUMULATIVE', targets: supervisors.targets }, 2013)).toBe(1);
  });

  it('has no target for an annual count in a year the plan does not name', () => {
    expect(targetForYear('ANNUAL_COUNT', [{ year: 2015, value: 10 }], 2013, 2011)).toBeNull();
    expect(targetForYear('CUMULATIVE', [{ year: 2012, value: 10 }], 2014, 2011)).toBeNull();
  });
});

describe('elapsed fraction', () => {
  it('measures the judged year from 1 January to 1 January, in Shanghai time', () => {
    const asOf = new Date('2013-12-31T16:00:00Z'); // 2014-01-01 00:00 in Shanghai
    expect(elapsedFraction({ year: 2013, asOf })).toBe(1);
    expect(elapsedFraction({ year: 2014, asOf })).toBe(0);
    expect(elapsedFraction({ year: 2014, asOf: new Date('2014-07-02T04:00:00Z') })).toBeCloseTo(0.5, 2);
  });
});
