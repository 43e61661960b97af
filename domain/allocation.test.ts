import { allocateTarget, AllocationError, checkAllocationSum, splitTarget } from './allocation';

describe('target allocation', () => {
  it('splits by weight with parts that add up exactly (largest remainder)', () => {
    // 80 trades over weights 5:3:2 → 40, 24, 16 exactly.
    expect([
      ...splitTarget(80, [
        { id: 'a', weight: 5 },
        { id: 'b', weight: 3 },
        { id: 'c', weight: 2 },
      ]),
    ]).toEqual([
      ['a', 40],
      ['b', 24],
      ['c', 16],
    ]);
    // 10 over three equal units: 3.33 each → floors 3,3,3 and the one left goes to the first (tie rule).
    const parts = splitTarget(10, [
      { id: 'x', weight: 1 },
      { id: 'y', weight: 1 },
      { id: 'z', weight: 1 },
    ]);
    expect([...parts.values()]).toEqual([4, 3, 3]);
    // 100 over 1:2 → 33.3 and 66.7 → 33 and 67 (the larger remainder wins).
    expect([
      ...splitTarget(100, [
        { id: 'p', weight: 1 },
        { id: 'q', weight: 2 },
      ]).values(),
    ]).toEqual([33, 67]);
  });

  it('splits in steps of a given granularity', () => {
    expect([
      ...splitTarget(
        1,
        [
          { id: 'a', weight: 1 },
          { id: 'b', weight: 1 },
        ],
        0.1,
      ).values(),
    ]).toEqual([0.5, 0.5]);
  });

  it('gives every child the parent share for percentages instead of splitting them', () => {
    expect([
      ...allocateTarget(70, 'SHARE', [
        { id: 'a', weight: 9 },
        { id: 'b', weight: 1 },
      ]).values(),
    ]).toEqual([70, 70]);
  });

  it('checks manual allocations against the parent', () => {
    expect(checkAllocationSum(100, [40, 60])).toEqual({ ok: true, sum: 100, gap: 0 });
    expect(checkAllocationSum(100, [40, 50])).toEqual({ ok: false, sum: 90, gap: 10 });
  });

  it('refuses impossible allocations', () => {
    expect(() => splitTarget(-1, [{ id: 'a', weight: 1 }])).toThrow(AllocationError);
    expect(() => splitTarget(10, [])).toThrow('no units');
    expect(() => splitTarget(10, [{ id: 'a', weight: 0 }])).toThrow('add up to zero');
    expect(() =>
      splitTarget(10, [
        { id: 'a', weight: 1 },
        { id: 'a', weight: 1 },
      ]),
    ).toThrow('twice');
    expect(() => splitTarget(10, [{ id: 'a', weight: -2 }])).toThrow('non-negative');
  });
});
