import {
  isRecused,
  delegationRejection,
  eligibleMembers,
  tally,
  voteRejection,
  waitingOn,
  type DecisionStepState,
  type Vote,
} from './decision';

const state = (over: Partial<DecisionStepState> = {}): DecisionStepState => ({
  step: 'plan',
  open: true,
  policy: { kind: 'MAJORITY' },
  eligible: ['a', 'b', 'c', 'd'],
  delegations: {},
  allowedOutcomes: ['APPROVE', 'RETURN', 'REJECT'],
  votes: [],
  ...over,
});
const vote = (countsFor: string, outcome: Vote['outcome'], personId = countsFor): Vote => ({
  personId,
  countsFor,
  outcome,
  comment: 'c',
  at: 0,
});

describe('decision step', () => {
  it('decides under each policy', () => {
    expect(tally(state({ policy: { kind: 'ANY_ONE' }, votes: [vote('a', 'RETURN')] })).result).toBe('RETURN');
    // MAJORITY of 4 needs 3 approvals.
    expect(tally(state({ votes: [vote('a', 'APPROVE'), vote('b', 'APPROVE')] }))).toEqual({
      result: null,
      approvals: 2,
      needed: 3,
    });
    expect(
      tally(state({ votes: [vote('a', 'APPROVE'), vote('b', 'APPROVE'), vote('c', 'APPROVE')] })).result,
    ).toBe('APPROVE');
    // Two against out of four: three approvals can no longer be reached; one reject vs one return → RETURN.
    expect(tally(state({ votes: [vote('a', 'REJECT'), vote('b', 'RETURN')] })).result).toBe('RETURN');
    expect(tally(state({ votes: [vote('a', 'REJECT'), vote('b', 'REJECT')] })).result).toBe('REJECT');
    expect(
      tally(state({ policy: { kind: 'ALL' }, votes: [vote('a', 'APPROVE'), vote('b', 'RETURN')] })).result,
    ).toBe('RETURN');
    expect(
      tally(
        state({
          policy: { kind: 'QUORUM', quorum: 2 },
          votes: [vote('a', 'APPROVE'), vote('b', 'RETURN'), vote('c', 'APPROVE')],
        }),
      ).result,
    ).toBe('APPROVE');
    expect(
      tally(
        state({ policy: { kind: 'QUORUM', quorum: 2 }, votes: [vote('a', 'APPROVE'), vote('b', 'RETURN')] }),
      ).result,
    ).toBeNull();
  });

  it('treats acknowledge and rectify as approve and return', () => {
    const s = state({ policy: { kind: 'ANY_ONE' }, allowedOutcomes: ['ACKNOWLEDGE', 'RECTIFY'] });
    expect(tally({ ...s, votes: [vote('a', 'ACKNOWLEDGE')] }).result).toBe('APPROVE');
    expect(tally({ ...s, votes: [vote('a', 'RECTIFY')] }).result).toBe('RETURN');
    expect(voteRejection(s, { step: 'plan', personId: 'a', outcome: 'APPROVE' })).toBe(
      'outcome APPROVE is not possible here; choose one of ACKNOWLEDGE, RECTIFY',
    );
  });

  it('rejects votes that must not count, saying why', () => {
    const s = state({ votes: [vote('a', 'APPROVE')] });
    expect(voteRejection(s, { step: 'targets', personId: 'b', outcome: 'APPROVE' })).toBe(
      'step "targets" is not open for a decision (the open step is "plan")',
    );
    expect(voteRejection({ ...s, open: false }, { step: 'plan', personId: 'b', outcome: 'APPROVE' })).toBe(
      'step "plan" is not open for a decision',
    );
    expect(voteRejection(s, { step: 'plan', personId: 'a', outcome: 'REJECT' })).toBe(
      'a vote for a has already been counted',
    );
    expect(voteRejection(s, { step: 'plan', personId: 'z', outcome: 'APPROVE' })).toMatch(
      /^z is not an eligible member/,
    );
    expect(voteRejection(s, { step: 'plan', personId: 'b', outcome: 'RETURN', comment: '  ' })).toBe(
      'a return or rectification request needs a comment saying what to change',
    );
    expect(voteRejection(s, { step: 'plan', personId: 'b', outcome: 'APPROVE' })).toBeNull();
  });

  it('counts a delegate’s vote once, for the delegator only', () => {
    const s = state({ delegations: { c: 'b' } });
    expect(delegationRejection(state(), 'c', 'b')).toBeNull();
    expect(delegationRejection(s, 'c', 'd')).toBe('c has already delegated to b');
    expect(delegationRejection(s, 'a', 'a')).toBe('a member cannot delegate to themself');
    expect(voteRejection(s, { step: 'plan', personId: 'b', outcome: 'APPROVE', onBehalfOf: 'c' })).toBeNull();
    expect(voteRejection(s, { step: 'plan', personId: 'd', outcome: 'APPROVE', onBehalfOf: 'c' })).toBe(
      'c has not delegated this step to d',
    );
    expect(voteRejection(s, { step: 'plan', personId: 'c', outcome: 'APPROVE' })).toBe(
      'c has delegated this step to b and cannot vote on it',
    );
    const voted = { ...s, votes: [vote('c', 'APPROVE', 'b')] };
    expect(voteRejection(voted, { step: 'plan', personId: 'b', outcome: 'APPROVE', onBehalfOf: 'c' })).toBe(
      'a vote for c has already been counted',
    );
    expect(voteRejection(voted, { step: 'plan', personId: 'b', outcome: 'APPROVE' })).toBeNull(); // b's own vote still open
    expect(waitingOn(voted)).toEqual(['a', 'b', 'd']);
  });

  it('excludes members who belong to the unit under review or to a unit under it', () => {
    const members = [
      { personId: 'chair', organisationPath: ['city'] },
      { personId: 'fromCounty', organisationPath: ['county', 'city'] },
      { personId: 'fromEnterprise', organisationPath: ['ent', 'county', 'city'] },
    ];
    expect(eligibleMembers(members, ['county', 'city'])).toEqual(['chair']);
    expect(eligibleMembers(members, ['industry', 'city'])).toEqual(['chair', 'fromCounty', 'fromEnterprise']);
  });

  it('under the branch rule, also excludes members from the same county or industry union for its enterprises', () => {
    const members = [
      { personId: 'chair', organisationPath: ['city'] },
      { personId: 'fromCounty', organisationPath: ['county', 'city'] },
      { personId: 'fromEnterprise', organisationPath: ['ent', 'county', 'city'] },
      { personId: 'fromIndustry', organisationPath: ['industry', 'city'] },
    ];
    const otherEnterprise = ['ent2', 'county', 'city'];
    // Own unit and below (the default): the county's member and another enterprise's may decide for it.
    expect(eligibleMembers(members, otherEnterprise)).toEqual([
      'chair',
      'fromCounty',
      'fromEnterprise',
      'fromIndustry',
    ]);
    // The whole branch: neither the county's member nor the enterprise's may.
    expect(eligibleMembers(members, otherEnterprise, 'BRANCH')).toEqual(['chair', 'fromIndustry']);
    expect(isRecused(['city'], ['county', 'city'], 'BRANCH')).toBe(false);
  });
});
