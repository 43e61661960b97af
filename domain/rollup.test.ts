import { rollUp, TreeError, treeOrder } from './rollup';

const tree = [
  { id: 'city', parentId: null },
  { id: 'county', parentId: 'city' },
  { id: 'industry', parentId: 'city' },
  { id: 'ent1', parentId: 'county' },
  { id: 'ent2', parentId: 'county' },
];

describe('roll-up', () => {
  it('adds summable figures up the tree, counting who reported', () => {
    const figures = new Map([
      ['ent1', { value: 10 }],
      ['ent2', { value: 5 }],
      ['county', { value: 2 }],
      ['industry', { value: 7 }],
    ]);
    const r = rollUp(tree, figures, 'SUM');
    expect(r.get('county')).toMatchObject({ value: 17, reporting: 3 });
    expect(r.get('city')).toMatchObject({ value: 24, reporting: 4 });
  });

  it('recomputes shares from numerators and denominators instead of averaging percentages', () => {
    const figures = new Map([
      ['ent1', { value: 90, numerator: 9, denominator: 10 }],
      ['ent2', { value: 10, numerator: 9, denominator: 90 }],
    ]);
    const r = rollUp(tree, figures, 'SHARE');
    // 18 of 100, not the 50 % an average of 90 % and 10 % would give.
    expect(r.get('county')!.value).toBeCloseTo(18);
    expect(r.get('city')!.value).toBeCloseTo(18);
    expect(r.get('industry')).toEqual({ value: null, numerator: 0, denominator: 0, reporting: 0 });
  });

  it('refuses unknown parents and cycles', () => {
    expect(() => treeOrder([{ id: 'a', parentId: 'ghost' }])).toThrow(TreeError);
    expect(() =>
      treeOrder([
        { id: 'a', parentId: 'b' },
        { id: 'b', parentId: 'a' },
      ]),
    ).toThrow('cycle');
  });
});
