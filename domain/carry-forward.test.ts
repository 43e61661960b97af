import { applyCarried, carriedRole, type CarriedFigure } from './carry-forward';

const base: CarriedFigure = {
  code: 'g',
  role: 'PREVIOUS',
  value: 209,
  source: { year: 2026, version: 1, confirmedBy: 'chair' },
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
