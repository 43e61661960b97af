import {
  buildBulletin,
  BulletinTreeError,
  type BulletinInput,
  type BulletinUnit,
  type ReportedFigure,
} from './bulletin';

const unit = (
  id: string,
  kind: string,
  parentId: string | null,
  extra: Partial<BulletinUnit> = {},
): BulletinUnit => ({
  id,
  code: id,
  name: `单位${id}`,
  kind,
  parentId,
  participating: parentId !== null,
  stage: 'EXECUTION_CHECK',
  status: 'WAITING_SUBMISSION',
  step: 'check-1',
  dueAt: null,
  ...extra,
});

const asOf = Date.parse('2026-07-01T00:00:00+08:00');
const input: BulletinInput = {
  asOf,
  elapsed: 0.5,
  units: [
    unit('R', 'FEDERATION', null),
    unit('A', 'COUNTY_DISTRICT', 'R', { stage: 'FINISHED', status: 'COMPLETED', step: null }),
    unit('A1', 'GRASSROOTS_UNION', 'A', { dueAt: asOf - 1000 }),
    unit('A2', 'GRASSROOTS_UNION', 'A', { status: 'WAITING_DECISION', dueAt: asOf + 1000 }),
    unit('B', 'COUNTY_DISTRICT', 'R'),
    unit('B1', 'GRASSROOTS_UNION', 'B', { stage: 'PLAN_SUBMISSION' }),
    unit('I', 'INDUSTRY_UNION', 'R'),
  ],
  indicators: [
    {
      code: 'cnt',
      name: '竞赛项目',
      unit: '个',
      kind: 'ANNUAL_COUNT',
      aggregation: 'SUM',
      weight: 2,
      annualRatePct: null,
      spanYears: 1,
    },
    {
      code: 'share',
      name: '覆盖率',
      unit: '%',
      kind: 'RATIO',
      aggregation: 'SHARE',
      weight: 1,
      annualRatePct: null,
      spanYears: 1,
    },
  ],
  targets: new Map([
    ['A', { cnt: 10, share: 50 }],
    ['A1', { cnt: 4, share: 60 }],
    ['A2', { cnt: 6, share: 40 }],
    ['B', { cnt: 20, share: 50 }],
    ['B1', { cnt: 10, share: 50 }],
    ['I', { cnt: 8, share: 80 }],
  ]),
  figures: new Map<string, Record<string, ReportedFigure>>([
    ['A', { cnt: { value: 2 } }],
    ['A1', { cnt: { value: 1 }, share: { value: 50, numerator: 5, denominator: 10 } }],
    ['A2', { cnt: { value: 4 } }],
    ['B', { cnt: { value: 12 }, share: { value: 30, numerator: 3, denominator: 10 } }],
    ['I', { cnt: { value: 4 }, share: { value: 80, numerator: 8, denominator: 10 } }],
  ]),
  reportElapsed: new Map(),
  previousIndex: { A: 50, B: 50 },
};

it('rolls figures and targets up the tree and judges them by kind', () => {
  const b = buildBulletin(input);
  // Counts: 2+1+4+12+4 = 23 against 10+4+6+20+10+8 = 58, half the year gone: 29 expected, lagging.
  expect(b.indicators[0]).toMatchObject({
    target: 58,
    actual: 23,
    expected: 29,
    completion: 0.3966,
    status: 'LAGGING',
    reporting: 5,
  });
  // Coverage: (5+3+8)/(10+10+10) = 53.33 % against the mean target 55 %: within 5 %, on pace.
  expect(b.indicators[1]).toMatchObject({
    target: 55,
    actual: 53.3333,
    expected: 55,
    completion: 0.9697,
    status: 'ON_PACE',
    reporting: 3,
  });
  // (2 × 23/58 + 1 × 53.33/55) / 3 × 100
  expect(b.root.index).toBeCloseTo((((2 * 23) / 58 + 53.3333 / 55) / 3) * 100, 1);
});

it('ranks counties and industry unions by their subtree completion index', () => {
  const b = buildBulletin(input);
  // A: counts 7/20, coverage 50/50 → (0.7 + 1)/3; B: 12/30, 30/50 → (0.8 + 0.6)/3; I: 4/8, 80/80 → (1 + 1)/3.
  expect(b.rankings.counties).toEqual([
    { rank: 1, code: 'A', name: '单位A', index: 56.67, laggingUnits: 1 },
    { rank: 2, code: 'B', name: '单位B', index: 46.67, laggingUnits: 0 },
  ]);
  expect(b.rankings.industries).toEqual([
    { rank: 1, code: 'I', name: '单位I', index: 66.67, laggingUnits: 0 },
  ]);
  // Each group's subtree per indicator: A 7/20 and 50/50, B 12/30 and 30/50, I 4/8 and 80/80.
  expect(b.groups.map((g) => [g.code, g.completion, g.status])).toEqual([
    ['A', [0.35, 1], ['LAGGING', 'ON_PACE']],
    ['B', [0.4, 0.6], ['LAGGING', 'LAGGING']],
    ['I', [0.5, 1], ['ON_PACE', 'ON_PACE']],
  ]);
});

it('lists the lagging units with what lags, stages, overdue steps and the largest gains', () => {
  const b = buildBulletin(input);
  expect(b.lagging.count).toBe(3);
  expect(b.lagging.shown.map((l) => [l.code, l.indicators.map((i) => i.code)])).toEqual([
    ['A', ['cnt']],
    ['A1', ['cnt', 'share']],
    ['B', ['share']],
  ]);
  expect(b.units).toBe(6);
  expect(b.stages).toEqual([
    { stage: 'PLAN_SUBMISSION', count: 1 },
    { stage: 'TARGET_SETTING', count: 0 },
    { stage: 'EXECUTION_CHECK', count: 4 },
    { stage: 'EVALUATION', count: 0 },
    { stage: 'FINISHED', count: 1 },
  ]);
  expect(b.overdue).toEqual({
    count: 1,
    shown: [{ code: 'A1', name: '单位A1', step: 'check-1', dueAt: new Date(asOf - 1000).toISOString() }],
  });
  expect(b.highlights).toEqual([{ code: 'A', name: '单位A', from: 50, to: 56.67, gain: 6.67 }]);
});

it('gives a correct bulletin for a cycle with no reports and no targets yet', () => {
  const b = buildBulletin({ ...input, targets: new Map(), figures: new Map(), previousIndex: undefined });
  expect(b.indicators.map((i) => [i.target, i.actual, i.status])).toEqual([
    [null, null, 'NO_DATA'],
    [null, null, 'NO_DATA'],
  ]);
  expect(b.root.index).toBeNull();
  expect(b.rankings).toEqual({ counties: [], industries: [] });
  expect(b.lagging).toEqual({ count: 0, shown: [] });
  expect(b.highlights).toEqual([]);
});

it('refuses a forest or a cycle instead of guessing', () => {
  expect(() => buildBulletin({ ...input, units: [...input.units, unit('X', 'FEDERATION', null)] })).toThrow(
    BulletinTreeError,
  );
});
