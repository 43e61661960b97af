import { applyCarried, carriedFor, carriedRole, type CarriedFigure, type EarlierYear } from './carry-forward';

const base: CarriedFigure = {
  code: 'g',
  role: 'PREVIOUS',
  value: 209,
  source: { year: 2026, origin: 'CYCLE', version: 1, by: 'chair' },
};
const total: CarriedFigure = { ...base, code: 'k', role: 'RUNNING_TOTAL', value: 22 };

describe('figures carried from last year', () => {
  it('carries a base for levels, growth and ceilings, a running total for cumulative indicators', () => {
    expect(
      ['LEVEL', 'GROWTH', 'LOWER_IS_BETTER', 'CUMULATIVE', 'ANNUAL_COUNT', 'RATIO'].map((k) =>
        carriedRole(k as never),
      ),
    ).toEqual(['PREVIOUS', 'PREVIOUS', 'PREVIOUS', 'RUNNING_TOTAL', null, null]);
  });

  it('fills in a base left out, keeps an unchanged one without its needless reason, and asks why of a changed one', () => {
    expect(applyCarried({ g: { value: 230 }, k: { value: 5 } }, [base, total])).toEqual({
      figures: { g: { value: 230, previous: 209 }, k: { value: 5 } },
      issues: [],
    });
    expect(applyCarried({ g: { value: 230, previous: 209, previousReason: '同' } }, [base]).figures).toEqual({
      g: { value: 230, previous: 209 },
    });
    const refused = applyCarried({ g: { value: 230, previous: 200, previousReason: '  ' } }, [base]);
    expect(refused.issues).toEqual([
      expect.objectContaining({ path: 'figures.g.previousReason', code: 'carried.reasonNeeded' }),
    ]);
    const explained = applyCarried({ g: { value: 230, previous: 200, previousReason: '口径调整' } }, [base]);
    expect(explained).toEqual({
      figures: { g: { value: 230, previous: 200, previousReason: '口径调整' } },
      issues: [],
    });
  });
});

describe('what the earlier years carry', () => {
  const indicators = [
    { code: 'g', kind: 'GROWTH' as const },
    { code: 'k', kind: 'CUMULATIVE' as const },
    { code: 'n', kind: 'ANNUAL_COUNT' as const },
  ];
  const imported = (value: number) => ({ value, origin: 'IMPORTED' as const, recordedBy: 'admin@x' });
  const y2011: EarlierYear = {
    year: 2011,
    cycle: null,
    history: { g: imported(100), k: imported(7), n: imported(3) },
  };
  const y2012: EarlierYear = {
    year: 2012,
    cycle: { version: 2, confirmedBy: 'chair', figures: { g: 120, k: 5, n: 4 } },
    history: { g: imported(999) },
  };

  it('takes the base from the year before and adds every earlier year into a running total, cycles over records', () => {
    expect(carriedFor(indicators, 2013, [y2012, y2011], 2011)).toEqual([
      {
        code: 'g',
        role: 'PREVIOUS',
        value: 120,
        source: { year: 2012, origin: 'CYCLE', version: 2, by: 'chair' },
      },
      {
        code: 'k',
        role: 'RUNNING_TOTAL',
        value: 12,
        source: {
          year: 2012,
          origin: 'CYCLE',
          version: 2,
          by: 'chair',
          years: [2011, 2012],
          historyYears: [2011],
        },
      },
    ]);
  });

  it('carries an imported year as it carries a confirmed one, and nothing across a gap', () => {
    expect(carriedFor(indicators, 2012, [y2011], 2011)[0]).toEqual({
      code: 'g',
      role: 'PREVIOUS',
      value: 100,
      source: { year: 2011, origin: 'IMPORTED', version: null, by: 'admin@x' },
    });
    expect(carriedFor(indicators, 2013, [y2011], 2011).map((c) => c.code)).toEqual(['k']);
    expect(carriedFor(indicators, 2012, [], 2011)).toEqual([]);
  });

  it("starts a running total with its period, the baseline before it the first year's base", () => {
    const baseline: EarlierYear = {
      year: 2010,
      cycle: null,
      history: {
        g: { value: 90, origin: 'BASELINE', recordedBy: 'admin@x' },
        k: { value: 30, origin: 'BASELINE', recordedBy: 'admin@x' },
      },
    };
    expect(carriedFor(indicators, 2011, [baseline], 2011)).toEqual([
      {
        code: 'g',
        role: 'PREVIOUS',
        value: 90,
        source: { year: 2010, origin: 'BASELINE', version: null, by: 'admin@x' },
      },
    ]);
    expect(carriedFor(indicators, 2012, [baseline, y2011], 2011).find((c) => c.code === 'k')?.value).toBe(7);
  });
});
