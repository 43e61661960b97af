/**
 * The one decision step every committee decision uses: who may vote, which votes count, and when the step is
 * decided under its policy. Pure, so workflow validators and handlers share it and tests need no server.
 *
 * Policies: ANY_ONE (the first vote decides), ALL, MAJORITY (more than half of the eligible), QUORUM (n approvals).
 * Under ALL, MAJORITY and QUORUM the step approves once enough members approve, and is decided against once
 * approval can no longer be reached: REJECT when rejections outnumber returns, otherwise RETURN.
 */

import { textProblem } from './input-rules';
import { textIssue } from './submissions';

/** Longest comment on a vote, in characters. */
export const COMMENT_MAX = 5000;

export const DECISION_POLICIES = ['ANY_ONE', 'ALL', 'MAJORITY', 'QUORUM'] as const;
export type DecisionPolicyKind = (typeof DECISION_POLICIES)[number];
export interface DecisionPolicy {
  kind: DecisionPolicyKind;
  /** QUORUM only: approvals needed. */
  quorum?: number;
  /** Secret ballot: decision pages show how many have voted, not who voted how. */
  secret?: boolean;
  /** Who stands aside: members of the unit or a unit under it (UNIT, the default), or of its whole branch. */
  recusal?: RecusalRule;
}

export const RECUSAL_RULES = ['UNIT', 'BRANCH'] as const;
export type RecusalRule = (typeof RECUSAL_RULES)[number];

/** APPROVE/RETURN/REJECT; execution checks say ACKNOWLEDGE/RECTIFY, which count as APPROVE/RETURN. */
export const VOTE_OUTCOMES = ['APPROVE', 'RETURN', 'REJECT', 'ACKNOWLEDGE', 'RECTIFY'] as const;
export type VoteOutcome = (typeof VOTE_OUTCOMES)[number];
export type DecisionResult = 'APPROVE' | 'RETURN' | 'REJECT';

export interface Vote {
  /** Who cast it. */
  personId: string;
  /** Whose vote it counts as: the voter, or a member who delegated to the voter. */
  countsFor: string;
  outcome: VoteOutcome;
  comment: string | null;
  at: number;
}

export interface DecisionStepState {
  step: string;
  open: boolean;
  policy: DecisionPolicy;
  /** Members who may decide, conflicts of interest already removed. */
  eligible: string[];
  /** delegator → delegate */
  delegations: Record<string, string>;
  /** Outcomes this step accepts (checks: ACKNOWLEDGE/RECTIFY; others: APPROVE/RETURN/REJECT). */
  allowedOutcomes: VoteOutcome[];
  votes: Vote[];
}

export function normaliseOutcome(outcome: VoteOutcome): DecisionResult {
  if (outcome === 'ACKNOWLEDGE') return 'APPROVE';
  if (outcome === 'RECTIFY') return 'RETURN';
  return outcome;
}

export function requiredApprovals(policy: DecisionPolicy, eligibleCount: number): number {
  switch (policy.kind) {
    case 'ANY_ONE':
      return 1;
    case 'ALL':
      return eligibleCount;
    case 'MAJORITY':
      return Math.floor(eligibleCount / 2) + 1;
    case 'QUORUM':
      return Math.min(policy.quorum ?? 1, eligibleCount);
  }
}

export interface VoteRequest {
  step: string;
  personId: string;
  outcome: VoteOutcome;
  comment?: string | null;
  /** Set when voting for a member who delegated to this person. */
  onBehalfOf?: string | null;
}

/** Why a vote cannot be counted, or null when it can. Never changes the state. */
export function voteRejection(state: DecisionStepState, req: VoteRequest): string | null {
  if (!state.open || state.step !== req.step) {
    return `step "${req.step}" is not open for a decision${state.open ? ` (the open step is "${state.step}")` : ''}`;
  }
  if (!state.allowedOutcomes.includes(req.outcome)) {
    return `outcome ${req.outcome} is not possible here; choose one of ${state.allowedOutcomes.join(', ')}`;
  }
  if ((req.outcome === 'RETURN' || req.outcome === 'RECTIFY') && !req.comment?.trim()) {
    return 'a return or rectification request needs a comment saying what to change';
  }
  const commentProblem = typeof req.comment === 'string' ? textProblem(req.comment, COMMENT_MAX) : null;
  if (commentProblem) return `the comment ${textIssue('comment', commentProblem, COMMENT_MAX).message}`;
  const countsFor = req.onBehalfOf ?? req.personId;
  if (!state.eligible.includes(countsFor)) {
    return req.onBehalfOf
      ? `${req.onBehalfOf} is not an eligible member for this step`
      : `${req.personId} is not an eligible member for this step (not on the committee, or belongs to the unit under review)`;
  }
  if (req.onBehalfOf && state.delegations[req.onBehalfOf] !== req.personId) {
    return `${req.onBehalfOf} has not delegated this step to ${req.personId}`;
  }
  if (!req.onBehalfOf && state.delegations[req.personId]) {
    return `${req.personId} has delegated this step to ${state.delegations[req.personId]} and cannot vote on it`;
  }
  if (state.votes.some((v) => v.countsFor === countsFor))
    return `a vote for ${countsFor} has already been counted`;
  return null;
}

export function delegationRejection(state: DecisionStepState, from: string, to: string): string | null {
  if (!state.open) return `step "${state.step}" is not open`;
  if (from === to) return 'a member cannot delegate to themself';
  if (!state.eligible.includes(from)) return `${from} is not an eligible member for this step`;
  if (!state.eligible.includes(to)) return `${to} is not an eligible member for this step`;
  if (state.votes.some((v) => v.countsFor === from)) return `${from} has already voted`;
  if (state.delegations[from]) return `${from} has already delegated to ${state.delegations[from]}`;
  return null;
}

export function tally(state: DecisionStepState): {
  result: DecisionResult | null;
  approvals: number;
  needed: number;
} {
  const outcomes = state.votes.map((v) => normaliseOutcome(v.outcome));
  const approvals = outcomes.filter((o) => o === 'APPROVE').length;
  const needed = requiredApprovals(state.policy, state.eligible.length);
  if (state.policy.kind === 'ANY_ONE') return { result: outcomes[0] ?? null, approvals, needed };
  if (approvals >= needed) return { result: 'APPROVE', approvals, needed };
  const outstanding = state.eligible.length - state.votes.length;
  if (approvals + outstanding >= needed) return { result: null, approvals, needed };
  const rejects = outcomes.filter((o) => o === 'REJECT').length;
  const returns = outcomes.filter((o) => o === 'RETURN').length;
  return { result: rejects > returns ? 'REJECT' : 'RETURN', approvals, needed };
}

/** Members still expected to act (delegations point to the delegate). */
export function waitingOn(state: DecisionStepState): string[] {
  if (!state.open) return [];
  const voted = new Set(state.votes.map((v) => v.countsFor));
  return state.eligible.filter((m) => !voted.has(m)).map((m) => state.delegations[m] ?? m);
}

/**
 * Whether a member must stand aside for a unit (conflict of interest). Paths are an organisation followed by its
 * ancestors up to the root. UNIT: the member belongs to the unit or a unit under it. BRANCH: the member belongs to
 * the same branch, the subtree of a top-level county or industry union (a member of the root federation to none).
 */
export function isRecused(memberPath: string[], unitPath: string[], rule: RecusalRule = 'UNIT'): boolean {
  const unitId = unitPath[0];
  if (unitId !== undefined && memberPath.includes(unitId)) return true;
  if (rule !== 'BRANCH' || memberPath.length < 2) return false;
  const branch = memberPath[memberPath.length - 2]!;
  return unitPath.includes(branch);
}

/** Who may decide for a unit: the committee minus the members who must stand aside (isRecused). */
export function eligibleMembers(
  members: Array<{ personId: string; organisationPath: string[] }>,
  unitPath: string[],
  rule: RecusalRule = 'UNIT',
): string[] {
  return members.filter((m) => !isRecused(m.organisationPath, unitPath, rule)).map((m) => m.personId);
}
