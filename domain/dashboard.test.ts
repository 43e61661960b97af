import type { BulletinInput, BulletinUnit } from './bulletin';
import { buildBulletin } from './bulletin';
import { branchInputs, dashboardFigures, restrictToBranch } from './dashboard';

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

describe('branchInputs', () => {
  const tree: BulletinInput = {
    ...input,
    units: [
      unit('root', null, false),
      { ...unit('city', 'root', false), kind: 'FEDERATION' },
      { ...unit('a', 'city'), kind: 'COUNTY_DISTRICT' },
      unit('a1', 'a'),
      unit('a2', 'a1'),
      { ...unit('b', 'root', false), kind: 'INDUSTRY_UNION' },
      unit('b1', 'b'),
      unit('c1', 'root'),
    ],
  };

  it('cuts every city, county and industry union out as restrictToBranch does, and nothing else', () => {
    const branches = branchInputs(tree);
    expect([...branches.keys()].sort()).toEqual(['a', 'b', 'city']);
    for (const [code, b] of branches) expect(b).toEqual(restrictToBranch(tree, code));
  });

  it('keeps what the dashboard shows of each: completion per indicator and the lagging units', () => {
    const figures = dashboardFigures(branchInputs(tree).get('a')!)!;
    expect(figures.indicators.map((i) => [i.code, i.target, i.actual])).toEqual([['x', 20, 8]]);
    expect(figures).toEqual(dashboardFigures(restrictToBranch(tree, 'a')!));
    expect(dashboardFigures({ ...tree, units: [unit('root', null, false)] })).toBeNull();
  });
});
