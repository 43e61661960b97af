import { judgeIndicator, LOWER_IS_BETTER_COMPLETION_CAP } from './indicators';

describe('judgeIndicator', () => {
  it('paces an annual count by the share of the year passed', () => {
    // 80 trades a year; half the year gone → 40 expected. 30 is 25 % short of pace.
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 80, actual: 30, elapsed: 0.5 })).toEqual({
      goal: 80,
      expected: 40,
      completion: 0.375,
      status: 'LAGGING',
    });
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 80, actual: 40, elapsed: 0.5 }).status).toBe(
      'ON_PACE',
    );
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 80, actual: 43, elapsed: 0.5 }).status).toBe(
      'AHEAD',
    );
  });

  it("judges a running total's part for the year against the share of the year passed", () => {
    // The year's part of a five-year total is 100,000 (any part will do); 40 % of the year gone → 40,000 expected.
    const j = judgeIndicator({ kind: 'CUMULATIVE', target: 100_000, actual: 38_500, elapsed: 0.4 });
    expect(j.expected).toBeCloseTo(40_000);
    expect(j.completion).toBeCloseTo(0.385);
    expect(j.status).toBe('ON_PACE'); // 38,500 ≥ 40,000 × 0.95 = 38,000
    expect(judgeIndicator({ kind: 'CUMULATIVE', target: 100_000, actual: 37_999, elapsed: 0.4 }).status).toBe(
      'LAGGING',
    );
  });

  it('holds a level with no starting point and paces one with a starting point', () => {
    expect(judgeIndicator({ kind: 'LEVEL', target: 70, actual: 60, elapsed: 0.25 })).toMatchObject({
      expected: 70,
      status: 'LAGGING',
    });
    // 1,200 supervisors at the start, 1,600 at year end: a quarter in, 1,300 expected.
    const j = judgeIndicator({ kind: 'LEVEL', target: 1600, actual: 1310, elapsed: 0.25, previous: 1200 });
    expect(j.expected).toBe(1300);
    expect(j.status).toBe('ON_PACE');
  });

  it('climbs to a level stated for a later year over the years left', () => {
    // 1,400 at the start of 2013, 2,000 due by end of 2015: this year's step is to 1,600; half-way, 1,500.
    const j = judgeIndicator({
      kind: 'LEVEL',
      target: 2000,
      actual: 1500,
      elapsed: 0.5,
      previous: 1400,
      spanYears: 3,
    });
    expect(j.goal).toBeCloseTo(1600);
    expect(j.expected).toBeCloseTo(1500);
    expect(j.completion).toBeCloseTo(1500 / 1600);
    expect(j.status).toBe('ON_PACE');
  });

  it('derives a growth goal from last year and keeps the larger of it and a level target', () => {
    // 28,000 last year, +5 % → 29,400; the 2015 target of 30,000 is larger and wins.
    const j = judgeIndicator({
      kind: 'GROWTH',
      target: 30_000,
      actual: 15_000,
      elapsed: 0.5,
      previous: 28_000,
      annualRatePct: 5,
    });
    expect(j.goal).toBe(30_000);
    expect(j.expected).toBe(15_000);
    expect(j.status).toBe('ON_PACE');
    const g = judgeIndicator({
      kind: 'GROWTH',
      target: null,
      actual: 10_000,
      elapsed: 1,
      previous: 10_000,
      annualRatePct: 5,
    });
    expect(g.goal).toBeCloseTo(10_500);
    expect(g.completion).toBeCloseTo(10_000 / 10_500);
    expect(g.status).toBe('ON_PACE'); // 10,000 ≥ 10,500 × 0.95 = 9,975
  });

  it('compares a ratio with its target share at any time of year', () => {
    expect(judgeIndicator({ kind: 'RATIO', target: 30, actual: 24, elapsed: 0.1 })).toMatchObject({
      completion: 0.8,
      status: 'LAGGING',
    });
    expect(judgeIndicator({ kind: 'RATIO', target: 30, actual: 33, elapsed: 0.9 }).status).toBe('AHEAD');
  });

  it('turns lower-is-better round: fewer is ahead, more is lagging', () => {
    // 40 accidents last year, must fall 10 % → at most 36 this year; half-way, 18 is the pace.
    const ok = judgeIndicator({
      kind: 'LOWER_IS_BETTER',
      target: null,
      actual: 12,
      elapsed: 0.5,
      previous: 40,
      annualRatePct: 10,
    });
    expect(ok.goal).toBe(36);
    expect(ok.expected).toBe(18);
    expect(ok.completion).toBe(LOWER_IS_BETTER_COMPLETION_CAP); // 36 ÷ 12 = 3, capped
    expect(ok.status).toBe('AHEAD');
    const bad = judgeIndicator({
      kind: 'LOWER_IS_BETTER',
      target: null,
      actual: 45,
      elapsed: 1,
      previous: 40,
      annualRatePct: 10,
    });
    expect(bad.completion).toBeCloseTo(36 / 45);
    expect(bad.status).toBe('LAGGING');
    expect(judgeIndicator({ kind: 'LOWER_IS_BETTER', target: 36, actual: 0, elapsed: 1 }).completion).toBe(
      LOWER_IS_BETTER_COMPLETION_CAP,
    );
  });

  it('judges a target of none: met by none (100 %, not 200 %), missed by any', () => {
    expect(judgeIndicator({ kind: 'LOWER_IS_BETTER', target: 0, actual: 0, elapsed: 1 }).completion).toBe(1);
    expect(judgeIndicator({ kind: 'LOWER_IS_BETTER', target: 0, actual: 2, elapsed: 1 }).completion).toBe(0);
    // A count with a target of 0 asks for nothing this year: met.
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 0, actual: 0, elapsed: 1 }).completion).toBe(1);
  });

  it('says NO_DATA rather than guessing when the figure or the goal is missing', () => {
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 80, actual: null, elapsed: 0.5 }).status).toBe(
      'NO_DATA',
    );
    expect(
      judgeIndicator({
        kind: 'GROWTH',
        target: null,
        actual: 100,
        elapsed: 0.5,
        previous: null,
        annualRatePct: 5,
      }).status,
    ).toBe('NO_DATA');
  });

  it('clamps elapsed time to the span', () => {
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 10, actual: 10, elapsed: 1.7 }).expected).toBe(10);
    expect(judgeIndicator({ kind: 'ANNUAL_COUNT', target: 10, actual: 0, elapsed: -1 }).expected).toBe(0);
  });
});
