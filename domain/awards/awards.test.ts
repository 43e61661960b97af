import { checkEligibility, type EligibilityFacts } from './eligibility';
import {
  proportionStanding,
  proportionsBrokenBy,
  ruleBound,
  type ListedNominee,
  type ProportionRule,
} from './proportions';
import { nominationCapacity, quotaProblems, quotaState, type QuotaAllocation } from './quotas';
import { hasMajority, refillFreedPlaces, selectWinners, validScore, type Candidate } from './selection';

const teams: ProportionRule = {
  key: 'teams',
  label: '班组不少于工人先锋号的70%',
  categories: ['WORKER_PIONEER'],
  field: 'isTeam',
  values: ['true'],
  comparison: 'AT_LEAST',
  percent: 70,
  hard: true,
};
const leaders: ProportionRule = {
  key: 'leaders',
  label: '企业负责人不超过20%',
  categories: ['MODEL_WORKER'],
  field: 'identity',
  values: ['ENTERPRISE_LEADER'],
  comparison: 'AT_MOST',
  percent: 20,
  hard: true,
};
const frontLine: ProportionRule = {
  ...leaders,
  key: 'front',
  label: '一线职工不少于57%',
  values: ['FRONT_LINE'],
  comparison: 'AT_LEAST',
  percent: 57,
};

const pioneer = (id: string, isTeam: boolean): ListedNominee => ({
  id,
  category: 'WORKER_PIONEER',
  fields: { isTeam },
});
const worker = (id: string, identity: string): ListedNominee => ({
  id,
  category: 'MODEL_WORKER',
  fields: { identity },
});

describe('proportion rules (figures of AWARDS.md)', () => {
  it('turns shares into exact counts: 70 % of 10 is 7, 20 % of 10 is 2, 57 % of 7 is 4 at least', () => {
    expect(ruleBound(teams, 10)).toBe(7);
    expect(ruleBound(leaders, 10)).toBe(2);
    expect(ruleBound(frontLine, 7)).toBe(4);
    expect(ruleBound(leaders, 7)).toBe(1);
  });

  it('refuses the nomination after which 工人先锋号 could no longer be 70 % teams', () => {
    const list = [pioneer('a', true), pioneer('b', false), pioneer('c', false), pioneer('e', false)];
    // 10 nominations allowed: with a 4th non-team only 6 of 10 could still be teams.
    expect(proportionsBrokenBy([teams], list, pioneer('d', false), () => 10).map((s) => s.rule.key)).toEqual([
      'teams',
    ]);
    expect(proportionsBrokenBy([teams], list, pioneer('d', true), () => 10)).toEqual([]);
  });

  it('caps enterprise leaders at 2 of 10 model workers', () => {
    const list = [
      worker('a', 'ENTERPRISE_LEADER'),
      worker('b', 'ENTERPRISE_LEADER'),
      worker('c', 'FRONT_LINE'),
    ];
    expect(proportionsBrokenBy([leaders], list, worker('d', 'ENTERPRISE_LEADER'), () => 10)).toHaveLength(1);
    expect(proportionsBrokenBy([leaders], list, worker('d', 'CADRE'), () => 10)).toEqual([]);
    // Other categories are not concerned.
    expect(proportionsBrokenBy([leaders], list, pioneer('x', false), () => 10)).toEqual([]);
  });

  it('reports the share as it stands', () => {
    const s = proportionStanding(teams, [pioneer('a', true), pioneer('b', false)], 10);
    expect(s).toMatchObject({ matching: 1, total: 2, share: 0.5, met: false, reachable: true });
  });
});

describe('quotas', () => {
  const allocations: QuotaAllocation[] = [
    { category: 'WORKER_PIONEER', unitCode: 'c1', quota: 1 },
    { category: 'WORKER_PIONEER', unitCode: 'c2', quota: 1 },
    { category: 'WORKER_PIONEER', unitCode: 'big', quota: 2 },
  ];
  it("counts a unit's quota left", () => {
    const active = [{ category: 'WORKER_PIONEER' as const, unitCode: 'big' }];
    expect(quotaState(allocations, active, 'big', 'WORKER_PIONEER')).toEqual({
      allocated: 2,
      used: 1,
      left: 1,
    });
    expect(quotaState(allocations, active, 'c1', 'MODEL_WORKER')).toEqual({ allocated: 0, used: 0, left: 0 });
    expect(nominationCapacity(allocations, ['WORKER_PIONEER'])).toBe(4);
  });
  it('checks allocations against places for the review mode', () => {
    expect(quotaProblems('EQUAL', { WORKER_PIONEER: 4 }, allocations)).toEqual([]);
    expect(quotaProblems('EQUAL', { WORKER_PIONEER: 3 }, allocations)[0]!.key).toBe(
      'awards.quota.equalMismatch',
    );
    expect(quotaProblems('COMPETITIVE', { WORKER_PIONEER: 3 }, allocations)).toEqual([]);
    expect(quotaProblems('COMPETITIVE', { WORKER_PIONEER: 4 }, allocations)[0]!.key).toBe(
      'awards.quota.competitiveTooFew',
    );
  });
});

describe('eligibility', () => {
  const facts: EligibilityFacts = {
    programme: { year: 2026, level: 'CITY', category: 'MODEL_WORKER' },
    unitGrade: 'GOOD',
    accidents: [
      { year: 2023, count: 0 },
      { year: 2024, count: 1 },
    ],
    honours: [{ category: 'MODEL_WORKER', level: 'COUNTY', year: 2024 }],
    newAchievements: null,
  };
  it('judges each rule with its reason', () => {
    const results = checkEligibility(
      [
        { kind: 'MIN_UNIT_GRADE', grade: 'GOOD', hard: true },
        { kind: 'MIN_UNIT_GRADE', grade: 'EXCELLENT', hard: false },
        { kind: 'NO_SERIOUS_ACCIDENT', years: 3, hard: true },
        { kind: 'NO_REPEAT', years: 5, hard: true },
        { kind: 'NEEDS_LOWER_LEVEL', hard: true },
      ],
      facts,
    );
    expect(results.map((r) => [r.ok, r.key])).toEqual([
      [true, 'awards.rule.gradeOk'],
      [false, 'awards.rule.gradeBelow'],
      [false, 'awards.rule.accident'],
      [true, 'awards.rule.notHeld'],
      [true, 'awards.rule.lowerHeld'],
    ]);
    expect(results[2]!.params).toMatchObject({ year: 2024, count: 1 });
  });
  it('accepts a repeat honour only with new achievements stated, and an accident older than the window', () => {
    const held = { ...facts, honours: [{ category: 'MODEL_WORKER', level: 'CITY' as const, year: 2023 }] };
    expect(checkEligibility([{ kind: 'NO_REPEAT', years: 5, hard: true }], held)[0]!.ok).toBe(false);
    expect(
      checkEligibility([{ kind: 'NO_REPEAT', years: 5, hard: true }], {
        ...held,
        newAchievements: '新成果',
      })[0]!.ok,
    ).toBe(true);
    expect(checkEligibility([{ kind: 'NO_SERIOUS_ACCIDENT', years: 1, hard: true }], facts)[0]!.ok).toBe(
      true,
    );
    expect(
      checkEligibility([{ kind: 'MIN_UNIT_GRADE', grade: 'PASS', hard: true }], {
        ...facts,
        unitGrade: null,
      })[0]!.key,
    ).toBe('awards.rule.noGrade');
  });
});

describe('the committee result', () => {
  const c = (id: string, votesFor: number, extra: Partial<Candidate> = {}): Candidate => ({
    id,
    category: 'WORKER_PIONEER',
    fields: { isTeam: true },
    order: Number(id.replace(/\D/g, '')) || 0,
    unitScore: null,
    votesFor,
    votesAgainst: 0,
    entitled: 5,
    ...extra,
  });

  it('needs more than half of the members entitled to vote; a recused member is not counted', () => {
    expect(hasMajority({ votesFor: 3, entitled: 5 })).toBe(true);
    expect(hasMajority({ votesFor: 2, entitled: 4 })).toBe(false);
    expect(hasMajority({ votesFor: 3, entitled: 4 })).toBe(true);
  });

  it('差额: the top ones win within the places, ties broken by the unit score', () => {
    const r = selectWinners({
      mode: 'COMPETITIVE',
      places: { WORKER_PIONEER: 2 },
      rules: [],
      tieBreak: 'UNIT_SCORE',
      candidates: [c('n1', 4, { unitScore: 80 }), c('n2', 4, { unitScore: 91 }), c('n3', 5), c('n4', 2)],
    });
    expect(r.selected).toEqual(['n3', 'n2']);
    expect(r.rows.map((x) => [x.id, x.rank, x.outcome])).toEqual([
      ['n3', 1, 'SELECTED'],
      ['n2', 2, 'SELECTED'],
      ['n1', 3, 'OUTRANKED'],
      ['n4', 4, 'NO_MAJORITY'],
    ]);
  });

  it('差额 by score: ranked by the mean, which must reach the pass mark with more than half scoring', () => {
    // Five members entitled; n2's tie with n1 on the mean is broken by the unit score.
    const scores = {
      n1: [90, 80, 85],
      n2: [85, 85, 85, 85],
      n3: [95, 92, 99, 97, 96],
      n4: [70, 40, 50],
      n5: [100, 100],
    };
    const r = selectWinners({
      mode: 'COMPETITIVE',
      ballot: 'SCORE',
      passMark: 60,
      places: { WORKER_PIONEER: 2 },
      rules: [],
      tieBreak: 'UNIT_SCORE',
      candidates: Object.entries(scores).map(([id, sc]) =>
        c(id, 0, { scores: sc, unitScore: id === 'n2' ? 90 : 80 }),
      ),
    });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(scores.n3)).toBe(95.8);
    expect(r.selected).toEqual(['n3', 'n2']);
    expect(r.rows.map((x) => [x.id, x.meanScore, x.scored, x.outcome])).toEqual([
      ['n3', 95.8, 5, 'SELECTED'],
      ['n2', 85, 4, 'SELECTED'],
      ['n1', 85, 3, 'OUTRANKED'],
      // Those that do not qualify come last, whatever their mean.
      ['n5', 100, 2, 'NO_MAJORITY'],
      ['n4', 53.33, 3, 'BELOW_PASS'],
    ]);
    expect(validScore(99.5)).toBe(true);
    expect([101, -1, 99.3, NaN, '90'].some(validScore)).toBe(false);
  });

  it('递补: the next qualified nominee takes a freed place, and none that would unseat a published winner', () => {
    const input = {
      mode: 'COMPETITIVE' as const,
      places: { WORKER_PIONEER: 2 },
      rules: [],
      tieBreak: 'NOMINATION_ORDER' as const,
      // n1 (the first winner) withdrawn: n2 stays, n3 is next, n4 never had a majority.
      candidates: [c('n2', 4), c('n3', 3), c('n4', 2)],
    };
    expect(refillFreedPlaces(input, ['n2'])).toEqual(['n3']);
    expect(refillFreedPlaces({ ...input, candidates: [c('n2', 4), c('n4', 2)] }, ['n2'])).toEqual([]);
    // A recount that would leave a listed winner out gives nobody the place.
    expect(refillFreedPlaces({ ...input, candidates: [c('n2', 2), c('n3', 3)] }, ['n2'])).toEqual([]);
  });

  it('差额: skips a nominee whose selection would leave a hard proportion unmeetable', () => {
    // 3 places, ≥ 70 % teams: at least 3 of 3 (ceil 2.1) must be teams.
    const r = selectWinners({
      mode: 'COMPETITIVE',
      places: { WORKER_PIONEER: 3 },
      rules: [teams],
      tieBreak: 'NOMINATION_ORDER',
      candidates: [c('n1', 5, { fields: { isTeam: false } }), c('n2', 4), c('n3', 4), c('n4', 3)],
    });
    expect(r.selected).toEqual(['n2', 'n3', 'n4']);
    expect(r.rows.find((x) => x.id === 'n1')).toMatchObject({ outcome: 'PROPORTION', rule: teams.label });
    expect(r.standings[0]).toMatchObject({ matching: 3, total: 3, met: true });
  });

  it('等额: every nominee with a majority is approved', () => {
    const r = selectWinners({
      mode: 'EQUAL',
      places: { WORKER_PIONEER: 2 },
      rules: [],
      tieBreak: 'NOMINATION_ORDER',
      candidates: [c('n1', 3), c('n2', 1)],
    });
    expect(r.selected).toEqual(['n1']);
  });
});
