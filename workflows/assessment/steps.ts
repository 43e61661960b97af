/**
 * The kinds of step a unit's year is made of, each waiting on people with a due date (shared/step-timing.ts):
 * a submission by the unit, a committee decision, the committee's scoring. The stage sequence (workflow.ts)
 * strings them together.
 */
import type { DeadlineRules, ResolvedDecisionStep } from '../../domain/calendar';
import { tally, type DecisionPolicy, type DecisionResult, type VoteOutcome } from '../../domain/decision';
import { invitationData, stepEventKey } from '../../domain/notification-keys';
import type { Status } from '../../domain/stages';
import { waitForRecordedStep, type DeadlineEventKind } from '../shared/step-timing';
import type { InvitationKind } from './contract';
import { store, type AssessmentState } from './state';

/** A decision failure that is final for the unit (rejected, or failed by policy). */
export class AssessmentEnded extends Error {
  constructor(readonly status: Status) {
    super(status);
    this.name = 'AssessmentEnded';
  }
}

type Outcome = 'DONE' | 'MISSED';

/** What a reminder's or overdue notice's recipients are asked to do, so the email can carry the right link. */
export function openAction(s: AssessmentState) {
  if (s.submission?.open) return { phase: 'submit' };
  if (s.decision?.open)
    return {
      phase: 'decide',
      version: s.versions[s.decision.step] ?? null,
      allowed: s.decision.allowedOutcomes,
    };
  return { phase: 'score' };
}

function deadlineEvent(s: AssessmentState, step: string, round: number) {
  return async (kind: DeadlineEventKind, index: number, scheduledFor: number) => {
    const due = new Date(s.clock.dueAt).toISOString();
    const key = `${step}:${round}:${kind}:${index}:${s.clock.version}`;
    if (kind === 'ESCALATION') {
      // A unit's late submission goes to its supervising union and the committee's chair; a committee's own late
      // decision or scoring goes to the chair alone, who can urge the members (the supervising union cannot).
      const committeeStep = !s.submission?.open;
      const to = committeeStep
        ? s.ctx.supervisor.committee
        : [...s.ctx.supervisor.contacts, ...s.ctx.supervisor.committee];
      await s.notify('ESCALATION', to, key, {
        step,
        dueAt: due,
        scheduledFor,
        waitingOn: s.currentWaitingOn(),
        index,
        committeeStep,
      });
    } else {
      await s.notify(kind, s.currentWaitingOn(), key, {
        step,
        dueAt: due,
        scheduledFor,
        index,
        ...openAction(s),
      });
    }
    await s.audit('system', `deadline.${kind.toLowerCase()}`, {
      step,
      index,
      scheduledFor: new Date(scheduledFor).toISOString(),
    });
  };
}

/** Waits for the step (see waitForRecordedStep), with this unit's reminders, overdue notices and escalations. */
function waitFor(s: AssessmentState, isDone: () => boolean, step: string, round: number): Promise<Outcome> {
  return waitForRecordedStep({
    isDone,
    isInterrupted: () => s.cancelled !== null,
    isPaused: () => s.paused,
    clock: () => s.clock,
    onEvent: deadlineEvent(s, step, round),
  });
}

/** Opens a submission step and waits for it; 'MISSED' when the due date passed under a non-waiting policy. */
export async function collect(
  s: AssessmentState,
  step: string,
  dueAt: number,
  rules: DeadlineRules,
  round: number,
  invitation: InvitationKind,
): Promise<unknown | 'MISSED'> {
  const submission = {
    step,
    open: true,
    version: 0,
    payload: undefined as unknown,
    rectifying: round > 0 && step.startsWith('check-'),
  };
  s.submission = submission;
  s.status = round === 0 ? 'WAITING_SUBMISSION' : 'RETURNED';
  s.setClock(dueAt, rules);
  if (!(s.input.firstStepOpened && step === 'plan' && round === 0)) {
    await s.project();
    await s.guard('notify', () =>
      store.notify({
        assessmentId: s.assessmentId,
        kind: invitation,
        recipients: s.ctx.contacts,
        key: stepEventKey(s.workflowId, step, round, 'INVITE'),
        data: invitationData(s.ctx.organisationName, step, dueAt, round),
      }),
    );
  }
  const outcome = await waitFor(s, () => !submission.open, step, round);
  if (outcome === 'MISSED') {
    submission.open = false;
    return 'MISSED';
  }
  return submission.payload;
}

/** Opens a decision on `step` and waits for its result under `policy`. */
export async function decide(
  s: AssessmentState,
  step: string,
  w: ResolvedDecisionStep,
  eligible: string[],
  policy: DecisionPolicy,
  allowed: VoteOutcome[],
): Promise<DecisionResult | 'MISSED'> {
  s.decisionRound++;
  const d = {
    step,
    open: true,
    policy,
    eligible: [...eligible],
    delegations: {},
    allowedOutcomes: allowed,
    votes: [],
  };
  s.decision = d;
  s.status = 'WAITING_DECISION';
  s.setClock(Date.now() + w.withinMs, w);
  await s.project();
  await s.notify('DECISION_REQUEST', eligible, `${step}:${s.decisionRound}:REQUEST`, {
    step,
    dueAt: new Date(s.clock.dueAt).toISOString(),
    version: s.versions[step] ?? null,
    allowed,
  });
  const outcome = await waitFor(s, () => tally(s.decision!).result !== null, step, s.decisionRound);
  const decided = s.decision;
  decided.open = false;
  if (outcome === 'MISSED') {
    if (w.onMissed !== 'AUTO_APPROVE') return 'MISSED';
    await recordByPolicy(s, step, 'AUTO_APPROVE', s.versions[step] ?? null, `${s.decisionRound}:auto`);
    return 'APPROVE';
  }
  const result = tally(decided).result!;
  const comments = decided.votes
    .filter((v) => v.comment)
    .map((v) => ({ by: v.personId, outcome: v.outcome, comment: v.comment }));
  await s.notify('DECISION_RESULT', s.ctx.contacts, `${step}:${s.decisionRound}:RESULT`, {
    step,
    result,
    comments,
  });
  return result;
}

const POLICY_COMMENT = {
  AUTO_APPROVE: 'no decision by the due date: approved by policy',
  EXPIRE: 'nothing submitted by the due date: continued by policy',
};

/** A decision the calendar's policy took because nobody acted by the due date. */
function recordByPolicy(
  s: AssessmentState,
  step: string,
  outcome: 'AUTO_APPROVE' | 'EXPIRE',
  submissionVersion: number | null,
  keySuffix: string,
) {
  return s.guard('recordDecision', () =>
    store.recordDecision({
      assessmentId: s.assessmentId,
      step,
      submissionVersion,
      personId: null,
      onBehalfOf: null,
      outcome,
      comment: POLICY_COMMENT[outcome],
      eventKey: `${s.workflowId}:${step}:${keySuffix}`,
      at: Date.now(),
    }),
  );
}

/** Submission and committee decision, looping on "returned" until approved; rejection ends the assessment. */
export async function submitAndDecide(
  s: AssessmentState,
  step: string,
  sub: { dueAt: number } & DeadlineRules,
  dec: ResolvedDecisionStep,
  invitation: InvitationKind,
): Promise<unknown> {
  let dueAt = sub.dueAt;
  for (let round = 0; ; round++) {
    const payload = await collect(s, step, dueAt, sub, round, invitation);
    if (payload === 'MISSED') {
      if (sub.onMissed === 'FAIL_STAGE') throw new AssessmentEnded('FAILED');
      await recordByPolicy(s, step, 'EXPIRE', null, `${round}:expired`);
      return undefined;
    }
    const result = await decide(s, step, dec, s.committee, s.input.policy, ['APPROVE', 'RETURN', 'REJECT']);
    if (result === 'APPROVE') return payload;
    if (result === 'REJECT') throw new AssessmentEnded('REJECTED');
    if (result === 'MISSED') throw new AssessmentEnded('FAILED');
    // Returned: the unit revises and resubmits; the new round's votes start from nothing.
    dueAt = Math.max(dueAt, Date.now() + dec.withinMs);
  }
}

/** The committee's scoring of the qualitative criteria; 'MISSED' when its due date passed under a non-waiting policy. */
export async function collectScores(
  s: AssessmentState,
  rules: ResolvedDecisionStep,
  round: number,
): Promise<Outcome> {
  const scoring = {
    open: true,
    round,
    eligible: [...s.committee],
    scores: {} as Record<string, Record<string, number>>,
  };
  s.scoring = scoring;
  s.status = 'WAITING_DECISION';
  s.setClock(Date.now() + rules.withinMs, rules);
  await s.project();
  await s.notify('SCORING_REQUEST', scoring.eligible, `scoring:${round}:REQUEST`, {
    dueAt: new Date(s.clock.dueAt).toISOString(),
  });
  const outcome = await waitFor(s, () => scoring.eligible.every((m) => scoring.scores[m]), 'scoring', round);
  scoring.open = false;
  return outcome;
}
