import { yearResults, type UnitResult } from './bulletin-results';

const unit = (code: string, parentName: string, score: number, rank: number, grade: UnitResult['grade']) => ({
  code,
  name: `单位${code}`,
  parentName,
  kind: 'ENTERPRISE',
  score,
  grade,
  rank,
});

describe('the year-end results section', () => {
  it('groups units by parent and kind in rank order, names the best and the failing', () => {
    const r = yearResults([
      unit('b2', '宝丰县', 70, 2, 'PASS'),
      unit('b1', '宝丰县', 91.5, 1, 'EXCELLENT'),
      unit('b3', '宝丰县', 55, 3, 'FAIL'),
      unit('x1', '叶县', 82, 1, 'GOOD'),
    ])!;
    expect(r.groups.map((g) => [g.parentName, g.rows.map((u) => u.code)])).toEqual([
      ['宝丰县', ['b1', 'b2', 'b3']],
      ['叶县', ['x1']],
    ]);
    expect(r.best.map((u) => u.code)).toEqual(['b1', 'x1', 'b2', 'b3']);
    expect(r.failing.map((u) => u.code)).toEqual(['b3']);
  });

  it('is absent before any result is confirmed', () => {
    expect(yearResults([])).toBeNull();
  });
});
