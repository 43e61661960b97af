import { builtInPlan } from '../prisma/seed/plan-pingdingshan-2011-2015';
import { parsePlanDefinition, PlanValidationError, type PlanDefinitionInput } from './plan';

const MISSION_CODES = [
  'skill.trades',
  'skill.enterprise_coverage',
  'skill.participants',
  'skill.grade_upgrades',
  'talent.chief_employees',
  'talent.mentor_pairs',
  'talent.innovation_backbones',
  'projects.demonstration',
  'energy.supervisors',
  'safety.ankang_coverage',
  'safety.fatal_serious_accidents',
  'innovation.tech_improvements',
  'innovation.inventions',
  'innovation.operation_methods',
  'proposals.count',
  'proposals.implementation_rate',
  'proposals.tech_share',
  'proposals.energy_share',
];

function issues(input: unknown): Array<{ path: string; message: string }> {
  try {
    parsePlanDefinition(input);
  } catch (err) {
    if (err instanceof PlanValidationError) return err.issues;
    throw err;
  }
  return [];
}

const minimal = (): PlanDefinitionInput => ({
  code: 'test-plan',
  nameZh: '测试规划',
  nameEn: 'Test plan',
  periodStart: 2021,
  periodEnd: 2025,
  indicators: [
    {
      code: 'a.b',
      nameZh: '甲',
      nameEn: 'A',
      unitZh: '个',
      unitEn: 'items',
      kind: 'ANNUAL_COUNT',
      targets: [{ year: 2021, value: 5 }],
    },
  ],
});

describe('plan definitions', () => {
  it('accepts the built-in 2011–2015 plan with every indicator of the mission table and its kind', () => {
    const plan = parsePlanDefinition(builtInPlan);
    expect(plan.indicators.map((i) => i.code)).toEqual(MISSION_CODES);
    const kind = (code: string) => plan.indicators.find((i) => i.code === code)!;
    expect(kind('skill.trades')).toMatchObject({
      kind: 'ANNUAL_COUNT',
      targets: [2011, 2012, 2013, 2014, 2015].map((year) => ({ year, value: 80 })),
    });
    expect(kind('skill.grade_upgrades')).toMatchObject({
      kind: 'CUMULATIVE',
      targets: [{ year: 2015, value: 100_000 }],
    });
    expect(kind('energy.supervisors')).toMatchObject({
      kind: 'LEVEL',
      targets: [{ year: 2015, value: 2000 }],
    });
    expect(kind('safety.ankang_coverage')).toMatchObject({
      kind: 'LEVEL',
      aggregation: 'SHARE',
      targets: [{ year: 2015, value: 80 }],
    });
    expect(kind('safety.fatal_serious_accidents')).toMatchObject({
      kind: 'LOWER_IS_BETTER',
      annualRatePct: 10,
    });
    expect(kind('proposals.count')).toMatchObject({
      kind: 'GROWTH',
      annualRatePct: 5,
      targets: [{ year: 2015, value: 30_000 }],
    });
    expect(kind('proposals.implementation_rate')).toMatchObject({
      kind: 'RATIO',
      aggregation: 'SHARE',
      denominatorCode: 'proposals.count',
    });
    expect(plan).toMatchObject({
      periodStart: 2011,
      periodEnd: 2015,
      indicatorWeight: 70,
      committeeWeight: 30,
    });
    expect(plan.criteria).toHaveLength(5);
  });

  it('refuses an unknown indicator kind, naming the field and the allowed kinds', () => {
    const p = minimal();
    (p.indicators[0] as { kind: string }).kind = 'AVERAGE';
    expect(issues(p)).toEqual([
      {
        path: 'indicators.0.kind',
        message: 'kind must be one of ANNUAL_COUNT, CUMULATIVE, LEVEL, GROWTH, RATIO, LOWER_IS_BETTER',
      },
    ]);
  });

  it('refuses a negative target', () => {
    const p = minimal();
    p.indicators[0]!.targets = [{ year: 2021, value: -5 }];
    expect(issues(p)).toEqual([{ path: 'indicators.0.targets.0.value', message: 'must not be negative' }]);
  });

  it('refuses a period that ends before it starts', () => {
    expect(issues({ ...minimal(), periodStart: 2025, periodEnd: 2021 })).toContainEqual({
      path: 'periodEnd',
      message: 'period end 2021 is before its start 2025',
    });
  });

  it('refuses targets outside the period, duplicate codes, bad weights and dangling denominators', () => {
    const p = minimal();
    p.indicators.push({ ...p.indicators[0]!, targets: [{ year: 2030, value: 1 }], denominatorCode: 'x.y' });
    p.indicatorWeight = 80;
    const paths = issues(p).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'indicators.1.code',
        'indicators.1.targets.0.year',
        'committeeWeight',
        'indicators.1.denominatorCode',
      ]),
    );
  });

  it('refuses an indicator with neither a target nor a rate', () => {
    const p = minimal();
    p.indicators[0]!.targets = [];
    expect(issues(p)).toEqual([
      { path: 'indicators.0.targets', message: 'give at least one target or an annual rate' },
    ]);
  });
});
