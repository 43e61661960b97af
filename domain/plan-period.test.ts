import { periodIndicator, periodOnTrack, type PeriodIndicatorInput } from './plan-period';

const period = { start: 2011, end: 2015 };
const ind = (
  kind: PeriodIndicatorInput['kind'],
  targets: Array<[number, number]>,
  annualRatePct: number | null = null,
) => ({
  code: 'x',
  name: '指标',
  unit: '个',
  kind,
  measure: 'COUNT' as const,
  annualRatePct,
  targets: targets.map(([year, value]) => ({ year, value })),
});
const years = (...figures: Array<[number, number]>) =>
  figures.map(([year, figure]) => ({ year, figure, final: true }));

describe('the plan period', () => {
  it('adds up a cumulative indicator over the years against its running total, with what each year left must add', () => {
    // 5,000 by 2015 stated alone: 1,000 a year. 2011 + 2012 = 900 + 1,300 = 2,200 against 2,000.
    const v = periodIndicator(ind('CUMULATIVE', [[2015, 5000]]), period, years([2011, 900], [2012, 1300]));
    expect(v.rows.map((r) => [r.year, r.figure, r.target, r.completion])).toEqual([
      [2011, 900, 1000, 0.9],
      [2012, 1300, 1000, 1.3],
      [2013, null, 1000, null],
      [2014, null, 1000, null],
      [2015, null, 1000, null],
    ]);
    expect(v).toMatchObject({
      periodTarget: 5000,
      toDate: 2200,
      completion: 0.44,
      yearsLeft: 3,
      onTrack: true,
    });
    expect(v.neededPerYear).toBe(Math.round(((5000 - 2200) / 3) * 10_000) / 10_000);
  });

  it('sums annual counts against the sum of the yearly targets', () => {
    const v = periodIndicator(
      ind('ANNUAL_COUNT', [
        [2011, 100],
        [2012, 110],
        [2013, 120],
        [2014, 130],
        [2015, 140],
      ]),
      period,
      years([2011, 90]),
    );
    expect(v).toMatchObject({
      periodTarget: 600,
      toDate: 90,
      yearsLeft: 4,
      neededPerYear: 127.5,
      onTrack: false,
    });
  });

  it('takes a level where it stands and the climb each year left needs, against the climb so far', () => {
    const v = periodIndicator(ind('LEVEL', [[2015, 80]]), period, years([2011, 60], [2012, 66]));
    // Needs (80 − 66) / 3 = 4.667 a year; climbed 6 a year so far.
    expect(v).toMatchObject({
      periodTarget: 80,
      toDate: 66,
      yearsLeft: 3,
      neededPerYear: 4.6667,
      onTrack: true,
    });
    const behind = periodIndicator(ind('LEVEL', [[2015, 80]]), period, years([2011, 60], [2012, 61]));
    expect(behind.onTrack).toBe(false);
  });

  it('judges growth by the rate achieved against the plan rate, and says the rate needed to reach a stated target', () => {
    const v = periodIndicator(ind('GROWTH', [[2015, 200]], 10), period, years([2011, 100], [2012, 121]));
    expect(v.onTrack).toBe(true);
    // (200 / 121)^(1/3) − 1
    expect(v.neededPerYear).toBeCloseTo((Math.pow(200 / 121, 1 / 3) - 1) * 100, 3);
    const falling = periodIndicator(ind('LOWER_IS_BETTER', [], 5), period, years([2011, 100], [2012, 97]));
    // A 3 % fall against 5 % asked: off track; no stated target, no rate needed.
    expect(falling).toMatchObject({ onTrack: false, neededPerYear: null, periodTarget: null });
  });

  it('has nothing to judge before any figure, and no pace once the last year is final', () => {
    expect(periodIndicator(ind('CUMULATIVE', [[2015, 5000]]), period, [])).toMatchObject({
      toDate: null,
      neededPerYear: null,
      onTrack: null,
      yearsLeft: 5,
    });
    const done = periodIndicator(
      ind('CUMULATIVE', [[2015, 5000]]),
      period,
      years([2011, 1000], [2012, 1000], [2013, 1000], [2014, 1000], [2015, 1200]),
    );
    expect(done).toMatchObject({
      toDate: 5200,
      completion: 1.04,
      yearsLeft: 0,
      neededPerYear: null,
      onTrack: true,
    });
    expect(periodOnTrack([done, { ...done, onTrack: null }])).toBe(true);
    expect(periodOnTrack([done, { ...done, onTrack: false }])).toBe(false);
  });

  it("compounds a rate from the city's baseline into the period's target, and judges the pace from it", () => {
    // 1,000 before 2011 at 10 % a year: 1,610.51 by 2015. 1,000 → 1,150 in two years is 7.24 % a year: behind.
    const growth = { ...ind('GROWTH', [], 10), baseline: 1000 };
    const v = periodIndicator(growth, period, years([2011, 1080], [2012, 1150]));
    expect(v).toMatchObject({ periodTarget: 1610.51, toDate: 1150, yearsLeft: 3, onTrack: false });
    expect(v.neededPerYear).toBeCloseTo((Math.pow(1610.51 / 1150, 1 / 3) - 1) * 100, 3);
    // Without a baseline the period has no target to compound to.
    expect(periodIndicator(ind('GROWTH', [], 10), period, years([2011, 1080])).periodTarget).toBeNull();
  });
});
