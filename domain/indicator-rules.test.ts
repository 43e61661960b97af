import { builtInPlan } from '../prisma/seed/plan-pingdingshan-2011-2015';
import { buildBulletin, type BulletinInput } from './bulletin';
import {
  figureMeaning,
  judgeReport,
  previousLabel,
  targetMeaning,
  type RuleIndicator,
} from './indicator-rules';
import { parsePlanDefinition } from './plan';
import { planSpanYears, planTargetForYear } from './targets';

const plan = parsePlanDefinition(builtInPlan);
const YEAR = 2013;
const rules: RuleIndicator[] = plan.indicators.map((i) => ({
  code: i.code,
  kind: i.kind,
  aggregation: i.aggregation,
  annualRatePct: i.annualRatePct,
  spanYears: planSpanYears(i, YEAR),
}));
/** The city's targets for 2013 as the plan implies them. */
const targets = Object.fromEntries(
  plan.indicators.flatMap((i) => {
    const t = planTargetForYear(i, YEAR, plan.periodStart);
    return t === null ? [] : [[i.code, t]];
  }),
);

describe('the plan indicators judged within their year', () => {
  it("gives a five-year total's year its fifth, and a level due in 2015 its step", () => {
    expect(targets['skill.grade_upgrades']).toBe(20_000); // 100,000 over 2011–2015
    expect(targets['innovation.operation_methods']).toBe(20); // 100 over 2011–2015
    expect(targets['energy.supervisors']).toBe(2000); // the 2015 level, reached over 2013–2015
    expect(rules.find((r) => r.code === 'energy.supervisors')!.spanYears).toBe(3);
  });

  it('raises no alarm at mid-year for a unit that has done half of its year (the false alarms of issue 14)', () => {
    // Half of every count; levels half-way from last year's end to this year's step; shares held.
    const figures = Object.fromEntries(
      rules.map((r) => {
        const t = targets[r.code];
        if (r.kind === 'LEVEL')
          return [
            r.code,
            {
              value: r.code === 'energy.supervisors' ? 1500 : 72.5,
              previous: r.code === 'energy.supervisors' ? 1400 : 71,
            },
          ];
        if (r.kind === 'RATIO') return [r.code, { value: t! }];
        if (r.kind === 'GROWTH') return [r.code, { value: 10_500, previous: 20_000 }];
        if (r.kind === 'LOWER_IS_BETTER') return [r.code, { value: 4, previous: 10 }];
        return [r.code, { value: t! / 2 }];
      }),
    );
    const judged = judgeReport(rules, figures, targets, 0.5);
    expect(judged.filter((j) => j.status === 'LAGGING').map((j) => j.code)).toEqual([]);
    const supervisors = judged.find((j) => j.code === 'energy.supervisors')!;
    // 1,400 at the end of 2012 toward 2,000 by 2015: 1,600 by the end of 2013, 1,500 at mid-year.
    expect(supervisors.expected).toBeCloseTo(1500);
    expect(supervisors.completion).toBeCloseTo(1500 / 1600);
  });

  it('writes down how each expected figure was computed, with the figures as shown', () => {
    const judged = judgeReport(
      rules,
      { 'skill.grade_upgrades': { value: 160 } },
      { 'skill.grade_upgrades': 300 },
      0.496,
    );
    const upgrades = judged.find((j) => j.code === 'skill.grade_upgrades')!;
    // 300 × 49.6 % = 148.8: a count is on pace only at 149.
    expect(upgrades.expected).toBeCloseTo(148.8);
    expect(upgrades.status).toBe('AHEAD');
    expect(upgrades.pace).toEqual({
      key: 'rule.pace.linear',
      params: expect.objectContaining({ goal: '300', elapsed: '49.6%', expected: '149' }),
    });
    const level = judgeReport(
      rules,
      { 'energy.supervisors': { value: 1500, previous: 1400 } },
      { 'energy.supervisors': 2000 },
      0.5,
    );
    expect(level.find((j) => j.code === 'energy.supervisors')!.pace).toEqual({
      key: 'rule.pace.levelSpan',
      params: expect.objectContaining({
        target: '2000',
        span: '3',
        goal: '1600',
        previous: '1400',
        expected: '1500',
      }),
    });
    expect(targetMeaning('LEVEL', YEAR, 3)).toEqual({
      key: 'rule.target.LEVEL_LATER',
      params: { year: '2015' },
    });
    expect(figureMeaning('CUMULATIVE').key).toBe('rule.figure.CUMULATIVE');
  });

  it('asks for last year only where the judgement uses it, and ignores it elsewhere', () => {
    expect(
      plan.indicators
        .filter((i) => previousLabel(i.kind))
        .map((i) => i.kind)
        .sort(),
    ).toEqual(['GROWTH', 'LEVEL', 'LEVEL', 'LEVEL', 'LOWER_IS_BETTER']);
    const withPrevious = judgeReport(rules, { 'skill.trades': { value: 40, previous: 1000 } }, targets, 0.5);
    expect(withPrevious.find((j) => j.code === 'skill.trades')!.expected).toBe(40);
  });
});

describe('one judgement for the dashboard and the check page', () => {
  const unit = (id: string, parentId: string | null) => ({
    id,
    code: id,
    name: id,
    kind: parentId ? 'GRASSROOTS_UNION' : 'FEDERATION',
    parentId,
    participating: parentId !== null,
    stage: 'EXECUTION_CHECK',
    status: 'WAITING_SUBMISSION',
    step: null,
    dueAt: null,
  });
  const upgrades = rules.find((r) => r.code === 'skill.grade_upgrades')!;
  const input: BulletinInput = {
    asOf: Date.parse('2013-11-20T00:00:00+08:00'),
    elapsed: 0.885,
    units: [unit('R', null), unit('U', 'R'), unit('V', 'R')],
    indicators: [{ ...upgrades, name: '提升技术等级职工', unit: '人', weight: 1 }],
    targets: new Map([
      ['U', { 'skill.grade_upgrades': 300 }],
      ['V', { 'skill.grade_upgrades': 300 }],
    ]),
    // Both reported at the mid-year check (as of 30 June); V has since reported again, behind pace in November.
    figures: new Map([
      ['U', { 'skill.grade_upgrades': { value: 160 } }],
      ['V', { 'skill.grade_upgrades': { value: 200 } }],
    ]),
    reportElapsed: new Map([
      ['U', 0.496],
      ['V', 0.885],
    ]),
  };

  it("lists a unit as lagging exactly when its latest report's own page does", () => {
    const b = buildBulletin(input);
    const page = (id: string, elapsed: number) =>
      judgeReport([upgrades], input.figures.get(id)!, input.targets.get(id)!, elapsed)[0]!.status;
    expect(page('U', 0.496)).toBe('AHEAD');
    expect(page('V', 0.885)).toBe('LAGGING');
    expect(b.lagging.shown.map((l) => l.code)).toEqual(['V']);
  });
});
