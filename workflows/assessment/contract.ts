/**
 * The unit assessment workflow's message contract: what the API, the activities and the tests may send to it and
 * ask of it. The workflow (workflow.ts) implements it; nothing here runs.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AssessmentContext } from '../../stores/assessment/context';
import type { ResolvedCalendar } from '../../domain/calendar';
import type { DecisionPolicy, DecisionResult, Vote, VoteRequest } from '../../domain/decision';
import type { Stage, Status } from '../../domain/stages';
import type { ActivityProblemState } from '../shared/problems-contract';

export type { Stage, Status } from '../../domain/stages';
export { retryUpdate, type RetryRequest } from '../shared/problems-contract';

/** The workflow type, for starting it by name without importing its implementation. */
export const UNIT_ASSESSMENT_WORKFLOW = 'unitAssessmentWorkflow';

export interface SubmitRequest {
  step: string;
  payload: unknown;
  submittedBy: string;
}
export interface SubmitResult {
  step: string;
  version: number;
}
export interface VoteResult {
  step: string;
  counted: string;
  approvals: number;
  needed: number;
  decided: DecisionResult | null;
}
export interface DelegateRequest {
  step: string;
  from: string;
  to: string;
}
export interface ScoreRequest {
  personId: string;
  scores: Record<string, number>;
}
export interface ExtendDueDateRequest {
  step: string;
  dueAt: string;
  by: string;
  reason: string;
}
export interface ReassignApproverRequest {
  from: string;
  to: string;
  by: string;
  reason: string;
}
export interface CancelRequest {
  by: string;
  reason: string;
}

export const submitUpdate = defineUpdate<SubmitResult, [SubmitRequest]>('submit');
export const voteUpdate = defineUpdate<VoteResult, [VoteRequest]>('vote');
export const delegateUpdate = defineUpdate<void, [DelegateRequest]>('delegate');
export const scoreUpdate = defineUpdate<{ scored: number; of: number }, [ScoreRequest]>('score');
export const extendDueDateUpdate = defineUpdate<{ dueAt: string }, [ExtendDueDateRequest]>('extendDueDate');
export const reassignApproverUpdate = defineUpdate<void, [ReassignApproverRequest]>('reassignApprover');
export const cancelUpdate = defineUpdate<void, [CancelRequest]>('cancel');
export const pauseSignal = defineSignal<[{ paused: boolean }]>('setPaused');

export interface AssessmentStatus {
  stage: Stage;
  status: Status;
  step: string | null;
  dueAt: string | null;
  waitingOn: string[];
  paused: boolean;
}
export interface AssessmentStatusWithProblem extends AssessmentStatus {
  /** The activity the stage is held at, when one failed; null when all is well. */
  problem: ActivityProblemState | null;
}
export const statusQuery = defineQuery<AssessmentStatusWithProblem>('status');

/** The open committee step as its pages show it: the rule, who may act, and what has been cast so far. */
export interface CommitteeStepView {
  decision: {
    step: string;
    round: number;
    policy: DecisionPolicy;
    eligible: string[];
    needed: number;
    votes: Vote[];
    delegations: Record<string, string>;
  } | null;
  scoring: { round: number; eligible: string[]; scored: string[] } | null;
}
export const committeeStepQuery = defineQuery<CommitteeStepView>('committeeStep');

export interface UnitAssessmentInput {
  assessmentId: string;
  cycleWorkflowId: string;
  /** Loaded in bulk by the cycle's fan-out (activities/assessment-context.ts). */
  context: AssessmentContext;
  /** The fan-out projects the plan step as open and writes its invitations once this workflow exists (same keys as below). */
  firstStepOpened?: boolean;
  /** Started while the cycle was paused. */
  startPaused?: boolean;
  calendar: ResolvedCalendar;
  policy: DecisionPolicy;
}

/**
 * The emails an assessment sends (activities/assessment/notifications.ts prepares each). The workflow's notify
 * takes only these, so a misspelt kind does not compile.
 */
export const ASSESSMENT_NOTIFICATION_KINDS = [
  'INVITE_PLAN',
  'INVITE_TARGETS',
  'INVITE_PROGRESS',
  'INVITE_EVALUATION',
  'REMINDER',
  'DUE_DATE_EXTENDED',
  'UNIT_CANCELLED',
  'OVERDUE',
  'ESCALATION',
  'DECISION_REQUEST',
  'DECISION_RESULT',
  'LAGGING_WARNING',
  'SCORING_REQUEST',
  'EVALUATION_RESULT',
  'RANK_RESULT',
] as const;
export type AssessmentNotificationKind = (typeof ASSESSMENT_NOTIFICATION_KINDS)[number];
export type InvitationKind = Extract<AssessmentNotificationKind, `INVITE_${string}`>;

/** Sent to the cycle's workflow when the unit's year ends, whatever the outcome. */
export interface UnitFinished {
  assessmentId: string;
  status: Status;
}
export const unitFinishedSignal = defineSignal<[UnitFinished]>('unitFinished');
