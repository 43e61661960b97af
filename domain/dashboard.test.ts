import type { BulletinInput, BulletinUnit } from './bulletin';
import { buildBulletin } from './bulletin';
import { restrictToBranch } from './dashboard';

const unit = (id: string, parentId: string | null, participating = true): BulletinUnit => ({
  id,
  code: id,
  name: id,
  kind: parentId === null ? 'FEDERATION' : 'ENTERPRISE',
  parentId,
  participating,
  stage: participating ? 'EXECUTION_CHECK' : null,
  status: participating ? 'WAITING_SUBMISSION' : null,
  step: null,
  dueAt: null,
});

const input: BulletinInput = {
  asOf: Date.parse('2026-07-01T00:00:00Z'),
  elapsed: 0.5,
  units: [
    unit('root', null, false),
    unit('a', 'root', false),
    unit('a1', 'a'),
    unit('a2', 'a'),
    unit('b', 'root', false),
    unit('b1', 'b'),
  ],
  indicators: [
    {
      code: 'x',
      name: 'x',
      unit: '',
      kind: 'CUMULATIVE',
      aggregation: 'SUM',
      weight: 1,
      annualRatePct: null,
      spanYears: 1,
    },
  ],
  targets: new Map([
    ['a1', { x: 10 }],
    ['a2', { x: 10 }],
    ['b1', { x: 10 }],
  ]),
  figures: new Map([
    ['a1', { x: { value: 5 } }],
    ['a2', { x: { value: 3 } }],
    ['b1', { x: { value: 10 } }],
  ]),
  reportElapsed: new Map(),
};

describe('restrictToBranch', () => {
  it('keeps the branch and makes its top the root', () => {
    const a = restrictToBranch(input, 'a')!;
    expect(a.units.map((u) => [u.code, u.parentId])).toEqual([
      ['a', null],
      ['a1', 'a'],
      ['a2', 'a'],
    ]);
    expect([...a.figures.keys()]).toEqual(['a1', 'a2']);
    const data = buildBulletin(a);
    expect(data.units).toBe(2);
    expect(data.indicators[0]).toMatchObject({ target: 20, actual: 8 });
  });

  it('returns null for a code outside the tree', () => {
    expect(restrictToBranch(input, 'nowhere')).toBeNull();
  });
});
