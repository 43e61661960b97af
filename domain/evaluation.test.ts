import { committeePart, evaluate, gradeFor, indicatorPart, memberScore } from './evaluation';
import { rankPeers } from './ranking';

const rules = {
  indicatorWeight: 70,
  committeeWeight: 30,
  gradeThresholds: [
    { grade: 'EXCELLENT' as const, min: 90 },
    { grade: 'GOOD' as const, min: 80 },
    { grade: 'PASS' as const, min: 60 },
  ],
};

describe('evaluation', () => {
  it('weights completions, caps each at 100 % and leaves out indicators without a target', () => {
    // (2×1 + 1×0.5) / 3 = 83.333…; the 150 % is capped at 100 %, the null is left out.
    expect(
      indicatorPart([
        { code: 'a', weight: 2, completion: 1.5 },
        { code: 'b', weight: 1, completion: 0.5 },
        { code: 'c', weight: 5, completion: null },
      ]),
    ).toBeCloseTo(83.333, 3);
  });

  it('averages members’ weighted criterion scores', () => {
    const criteria = [
      { code: 'x', weight: 1 },
      { code: 'y', weight: 3 },
    ];
    // m1: (80 + 3×90)/4 = 87.5; m2: (60 + 3×100)/4 = 90 → 88.75
    expect(committeePart(criteria, { m1: { x: 80, y: 90 }, m2: { x: 60, y: 100 }, idle: {} })).toBe(88.75);
    // Each member's sheet total, as the score sheets show it, is the figure the committee part averages.
    expect(memberScore(criteria, { x: 80, y: 90 })).toBe(87.5);
    expect(memberScore(criteria, { x: 60, y: 100 })).toBe(90);
  });

  it('combines the parts by the plan weights and grades the score', () => {
    const r = evaluate(rules, [{ code: 'a', weight: 1, completion: 0.9 }], [{ code: 'x', weight: 1 }], {
      m: { x: 70 },
    });
    // 0.7 × 90 + 0.3 × 70 = 84 → GOOD
    expect(r).toEqual({ indicatorPart: 90, committeePart: 70, score: 84, grade: 'GOOD' });
    expect(gradeFor(90, rules.gradeThresholds)).toBe('EXCELLENT');
    expect(gradeFor(59.999, rules.gradeThresholds)).toBe('FAIL');
  });

  it('ranks peers by score, then indicator part, committee part and code', () => {
    const u = (
      id: string,
      score: number,
      ip: number,
      cp: number,
      parentId = 'city',
      kind = 'COUNTY_DISTRICT',
    ) => ({ id, code: id, kind, parentId, score, indicatorPart: ip, committeePart: cp });
    const ranks = rankPeers([
      u('b', 80, 70, 90),
      u('a', 80, 70, 90),
      u('c', 80, 75, 70),
      u('d', 90, 0, 0),
      u('x', 10, 0, 0, 'city', 'INDUSTRY_UNION'),
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ d: 1, c: 2, a: 3, b: 4, x: 1 });
  });
});
