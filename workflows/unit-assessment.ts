/**
 * One unit's year (MISSION.md, "The yearly assessment cycle"): plan submission → committee decision → target
 * setting → committee decision → execution checks (report, automatic pace comparison, lagging warning,
 * acknowledgement or rectification) → self-evaluation → committee scoring → chair confirmation → result.
 * People act through Updates whose validators refuse bad input before it enters history; every due date is a timer.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AssessmentContext } from '../activities/assessment-context';
import type { DeadlineRules, ResolvedCalendar, ResolvedDecisionStep } from '../domain/calendar';
import {
  delegationRejection,
  tally,
  voteRejection,
  waitingOn,
  type DecisionPolicy,
  type DecisionResult,
  type DecisionStepState,
  type VoteOutcome,
  type VoteRequest,
} from '../domain/decision';
import { evaluate } from '../domain/evaluation';
import { invitationData, stepEventKey } from '../domain/notification-keys';
import { payloadIssues, scoreIssues, type Figure } from '../domain/submissions';
import { ActivityProblems, retryUpdate, type ActivityProblemState } from './activity-problems';

export { retryUpdate } from './activity-problems';
import { StepInterrupted, waitForStep, type DeadlineEventKind, type StepClock } from './step-timing';

// ───────────── Message contract (shared by the API and the workflow) ─────────────

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

export type Stage = 'PLAN_SUBMISSION' | 'TARGET_SETTING' | 'EXECUTION_CHECK' | 'EVALUATION' | 'FINISHED';
export type Status =
  'WAITING_SUBMISSION' | 'WAITING_DECISION' | 'RETURNED' | 'COMPLETED' | 'REJECTED' | 'FAILED' | 'CANCELLED';

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

export interface UnitFinished {
  assessmentId: string;
  status: Status;
}
export const unitFinishedSignal = defineSignal<[UnitFinished]>('unitFinished');

// ───────────── Activities ─────────────

// Every call is a short, idempotent database write or read: local activities run them in the worker without a
// round trip through the Temporal server, which is what lets thousands of units start and move quickly. A call
// that keeps failing gives up after a bound: two minutes in the stage sequence (then the unit is held and the
// problem shown, see activity-problems.ts), fifteen seconds in an update handler (a person is waiting for the answer).
const store = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const handlerStore = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** A decision failure that is final for the unit (rejected, or failed by policy). */
class AssessmentEnded extends Error {
  constructor(readonly status: Status) {
    super(status);
    this.name = 'AssessmentEnded';
  }
}

const invalid = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

export async function unitAssessmentWorkflow(input: UnitAssessmentInput): Promise<AssessmentStatus> {
  const { assessmentId, calendar, policy, context: ctx } = input;
  const wfId = workflowInfo().workflowId;
  const indicatorCodes = ctx.indicators.map((i) => i.code);
  const criteriaCodes = ctx.criteria.map((c) => c.code);
  let committee = [...ctx.committee.eligible];
  const chair = ctx.committee.chairId;

  let stage: Stage = 'PLAN_SUBMISSION';
  let status: Status = 'WAITING_SUBMISSION';
  let paused = input.startPaused ?? false;
  let cancelled: CancelRequest | null = null;
  let clock: StepClock = { dueAt: calendar.planSubmission.dueAt, rules: calendar.planSubmission, version: 0 };

  // The open submission step, if any, and what arrived.
  let submission: { step: string; open: boolean; version: number; payload: unknown } | null = null;
  const versions: Record<string, number> = {};
  let decision: DecisionStepState | null = null;
  let decisionRound = 0;
  let scoring: { open: boolean; eligible: string[]; scores: Record<string, Record<string, number>> } | null =
    null;

  const currentStep = () =>
    submission?.open ? submission.step : decision?.open ? decision.step : scoring?.open ? 'scoring' : null;
  const currentWaitingOn = (): string[] =>
    submission?.open
      ? ctx.contacts
      : decision?.open
        ? waitingOn(decision)
        : scoring?.open
          ? scoring.eligible.filter((m) => !scoring!.scores[m])
          : [];
  const snapshot = (): AssessmentStatus => ({
    stage,
    status,
    step: currentStep(),
    dueAt: currentStep() ? new Date(clock.dueAt).toISOString() : null,
    waitingOn: currentWaitingOn(),
    paused,
  });
  const problems = new ActivityProblems(assessmentId);
  // Until the unit finishes, a held activity gives way to a cancellation; while finishing, nothing interrupts.
  let finishing = false;
  const interrupted = () => cancelled !== null && !finishing;
  const guard = <T>(activity: string, call: () => Promise<T>) => problems.guard(activity, call, interrupted);

  const project = () =>
    guard('projectAssessment', () => store.projectAssessment({ assessmentId, ...snapshot() }));
  const audit = (actor: string, action: string, detail: Record<string, unknown>) =>
    guard('recordAudit', () =>
      store.recordAudit({ actor, action, subjectType: 'Assessment', subjectId: assessmentId, detail }),
    );
  // The same writes from update handlers: bounded by the handler's patience, refused (and undone) on failure.
  const projectNow = () =>
    problems.write('projectAssessment', () =>
      handlerStore.projectAssessment({ assessmentId, ...snapshot() }),
    );
  const auditNow = (actor: string, action: string, detail: Record<string, unknown>, undo?: () => void) =>
    problems.write(
      'recordAudit',
      () =>
        handlerStore.recordAudit({
          actor,
          action,
          subjectType: 'Assessment',
          subjectId: assessmentId,
          detail,
        }),
      undo,
    );

  // ── handlers ──
  setHandler(statusQuery, () => ({ ...snapshot(), problem: problems.current }));
  setHandler(pauseSignal, ({ paused: p }) => {
    paused = p;
  });

  setHandler(
    submitUpdate,
    async (req) => {
      const s = submission!;
      s.open = false;
      const version = (versions[req.step] ?? 0) + 1;
      await problems.write(
        'recordSubmission',
        () =>
          handlerStore.recordSubmission({
            assessmentId,
            step: req.step,
            version,
            payload: req.payload,
            submittedBy: req.submittedBy,
          }),
        () => {
          s.open = true;
        },
      );
      s.version = version;
      versions[req.step] = version;
      s.payload = req.payload;
      return { step: req.step, version };
    },
    {
      validator: (req) => {
        if (cancelled) throw invalid('StepNotOpen', 'this assessment has been cancelled');
        if (paused)
          throw invalid('CyclePaused', 'the cycle is paused; submissions are accepted again when it resumes');
        if (!submission?.open || submission.step !== req.step) {
          throw invalid(
            'StepNotOpen',
            `step "${req.step}" is not open for submission${currentStep() ? ` (the open step is "${currentStep()}")` : ''}`,
          );
        }
        if (!ctx.contacts.includes(req.submittedBy))
          throw invalid('NotAllowed', `${req.submittedBy} is not a contact of this unit`);
        const issues = payloadIssues(req.step, req.payload, indicatorCodes);
        if (issues) throw invalid('InvalidPayload', issues.map((i) => `${i.path}: ${i.message}`).join('; '));
      },
    },
  );

  setHandler(
    voteUpdate,
    async (req) => {
      const d = decision!;
      const countsFor = req.onBehalfOf ?? req.personId;
      const at = Date.now();
      const vote = {
        personId: req.personId,
        countsFor,
        outcome: req.outcome,
        comment: req.comment ?? null,
        at,
      };
      d.votes.push(vote);
      const t = tally(d);
      await problems.write(
        'recordDecision',
        () =>
          handlerStore.recordDecision({
            assessmentId,
            step: d.step,
            submissionVersion: versions[d.step] ?? null,
            personId: req.personId,
            onBehalfOf: req.onBehalfOf ?? null,
            outcome: req.outcome,
            comment: req.comment ?? null,
            eventKey: `${wfId}:${d.step}:${decisionRound}:${countsFor}`,
            at,
          }),
        () => {
          d.votes = d.votes.filter((v) => v !== vote);
        },
      );
      return {
        step: d.step,
        counted: countsFor,
        approvals: t.approvals,
        needed: t.needed,
        decided: t.result,
      };
    },
    {
      validator: (req) => {
        if (cancelled) throw invalid('StepNotOpen', 'this assessment has been cancelled');
        if (paused)
          throw invalid('CyclePaused', 'the cycle is paused; votes are accepted again when it resumes');
        if (!decision) throw invalid('StepNotOpen', `step "${req.step}" is not open for a decision`);
        const why = voteRejection(decision, req);
        if (why) throw invalid('InvalidVote', why);
        if (decision.open && tally(decision).result !== null)
          throw invalid('StepNotOpen', `step "${req.step}" has already been decided`);
      },
    },
  );

  setHandler(
    delegateUpdate,
    async (req) => {
      const d = decision!;
      d.delegations[req.from] = req.to;
      await auditNow(req.from, 'decision.delegated', { step: req.step, to: req.to }, () => {
        delete d.delegations[req.from];
      });
    },
    {
      validator: (req) => {
        if (!decision || decision.step !== req.step)
          throw invalid('StepNotOpen', `step "${req.step}" is not open for a decision`);
        const why = delegationRejection(decision, req.from, req.to);
        if (why) throw invalid('InvalidDelegation', why);
      },
    },
  );

  setHandler(
    scoreUpdate,
    async (req) => {
      const s = scoring!;
      s.scores[req.personId] = req.scores;
      await problems.write(
        'recordScores',
        () => handlerStore.recordScores({ assessmentId, personId: req.personId, scores: req.scores }),
        () => {
          delete s.scores[req.personId];
        },
      );
      return { scored: Object.keys(s.scores).length, of: s.eligible.length };
    },
    {
      validator: (req) => {
        if (paused)
          throw invalid('CyclePaused', 'the cycle is paused; scores are accepted again when it resumes');
        if (!scoring?.open) throw invalid('StepNotOpen', 'committee scoring is not open');
        if (!scoring.eligible.includes(req.personId))
          throw invalid('NotAllowed', `${req.personId} is not an eligible member for this unit`);
        if (scoring.scores[req.personId])
          throw invalid('AlreadyScored', `${req.personId} has already scored this unit`);
        const issues = scoreIssues(req.scores, criteriaCodes);
        if (issues) throw invalid('InvalidPayload', issues.map((x) => `${x.path}: ${x.message}`).join('; '));
      },
    },
  );

  setHandler(
    extendDueDateUpdate,
    async (req) => {
      const previous = clock;
      clock = { ...clock, dueAt: Date.parse(req.dueAt), version: clock.version + 1 };
      await auditNow(
        req.by,
        'assessment.due_date_extended',
        { step: req.step, from: new Date(previous.dueAt).toISOString(), to: req.dueAt, reason: req.reason },
        () => {
          clock = previous;
        },
      );
      await projectNow();
      return { dueAt: new Date(clock.dueAt).toISOString() };
    },
    {
      validator: (req) => {
        if (currentStep() !== req.step)
          throw invalid(
            'StepNotOpen',
            `step "${req.step}" is not the open step${currentStep() ? ` ("${currentStep()}" is)` : ''}`,
          );
        const at = Date.parse(req.dueAt);
        if (!Number.isFinite(at)) throw invalid('InvalidPayload', 'dueAt must be an ISO date-time');
        if (at <= clock.dueAt)
          throw invalid(
            'InvalidPayload',
            `the new due date must be later than the current one (${new Date(clock.dueAt).toISOString()})`,
          );
        if (!req.reason?.trim()) throw invalid('InvalidPayload', 'a reason is required');
      },
    },
  );

  setHandler(
    reassignApproverUpdate,
    async (req) => {
      const swap = (from: string, to: string) => (m: string) => (m === from ? to : m);
      const reassign = (from: string, to: string) => {
        committee = committee.map(swap(from, to));
        if (decision?.open) decision.eligible = decision.eligible.map(swap(from, to));
        if (scoring?.open) scoring.eligible = scoring.eligible.map(swap(from, to));
      };
      reassign(req.from, req.to);
      await auditNow(
        req.by,
        'assessment.approver_reassigned',
        { from: req.from, to: req.to, reason: req.reason },
        () => reassign(req.to, req.from),
      );
      await projectNow();
    },
    {
      validator: (req) => {
        if (!committee.includes(req.from))
          throw invalid('InvalidPayload', `${req.from} is not an approver of this unit`);
        if (committee.includes(req.to))
          throw invalid('InvalidPayload', `${req.to} is already an approver of this unit`);
        if (decision?.open && decision.votes.some((v) => v.countsFor === req.from))
          throw invalid('InvalidPayload', `${req.from} has already voted on the open step`);
        if (scoring?.open && scoring.scores[req.from])
          throw invalid('InvalidPayload', `${req.from} has already scored this unit`);
        if (!req.reason?.trim()) throw invalid('InvalidPayload', 'a reason is required');
      },
    },
  );

  setHandler(
    cancelUpdate,
    async (req) => {
      // Recorded first: a cancellation takes effect only once it is in the audit log.
      await auditNow(req.by, 'assessment.cancelled', { reason: req.reason });
      cancelled = req;
    },
    {
      validator: (req) => {
        if (cancelled) throw invalid('AlreadyCancelled', 'this assessment is already cancelled');
        if (stage === 'FINISHED') throw invalid('StepNotOpen', 'this assessment has already finished');
        if (!req.reason?.trim()) throw invalid('InvalidPayload', 'a reason is required');
      },
    },
  );

  setHandler(
    retryUpdate,
    async (req) => {
      await auditNow(req.by, 'assessment.retried', {
        activity: problems.current?.activity ?? null,
        reason: req.reason,
      });
      problems.requestRetry();
    },
    {
      validator: (req) => {
        if (!problems.current)
          throw invalid('NoChange', 'nothing is held by a failure: there is nothing to retry');
        if (!req.reason?.trim()) throw invalid('InvalidPayload', 'a reason is required');
      },
    },
  );

  // ── steps ──
  const notify = (kind: string, recipients: string[], eventKey: string, data: Record<string, unknown> = {}) =>
    guard('notify', () =>
      store.notify({
        assessmentId,
        kind,
        recipients,
        key: `${wfId}:${eventKey}`,
        data: { unit: ctx.organisationName, ...data },
      }),
    );

  // What a reminder's or overdue notice's recipients are asked to do, so the email can carry the right link.
  const openAction = () =>
    submission?.open
      ? { phase: 'submit' }
      : decision?.open
        ? { phase: 'decide', version: versions[decision.step] ?? null, allowed: decision.allowedOutcomes }
        : { phase: 'score' };

  const deadlineEvent =
    (step: string, round: number, recipients: () => string[]) =>
    async (kind: DeadlineEventKind, index: number, scheduledFor: number) => {
      const due = new Date(clock.dueAt).toISOString();
      const key = `${step}:${round}:${kind}:${index}:${clock.version}`;
      if (kind === 'ESCALATION') {
        await notify('ESCALATION', [...ctx.supervisor.contacts, ...ctx.supervisor.committee], key, {
          step,
          dueAt: due,
          scheduledFor,
          waitingOn: recipients(),
          index,
        });
      } else {
        await notify(kind, recipients(), key, { step, dueAt: due, scheduledFor, index, ...openAction() });
      }
      await audit('system', `deadline.${kind.toLowerCase()}`, {
        step,
        index,
        scheduledFor: new Date(scheduledFor).toISOString(),
      });
    };

  const wait = (isDone: () => boolean, step: string, round: number) =>
    waitForStep({
      isDone,
      isInterrupted: () => cancelled !== null,
      isPaused: () => paused,
      clock: () => clock,
      onEvent: deadlineEvent(step, round, currentWaitingOn),
    });

  /** Opens a submission step and waits for it; 'MISSED' when the due date passed under a non-waiting policy. */
  async function collect(
    step: string,
    dueAt: number,
    rules: DeadlineRules,
    round: number,
    invitation: string,
  ): Promise<unknown | 'MISSED'> {
    submission = { step, open: true, version: 0, payload: undefined };
    status = round === 0 ? 'WAITING_SUBMISSION' : 'RETURNED';
    clock = { dueAt, rules, version: clock.version + 1 };
    if (!(input.firstStepOpened && step === 'plan' && round === 0)) {
      await project();
      await guard('notify', () =>
        store.notify({
          assessmentId,
          kind: invitation,
          recipients: ctx.contacts,
          key: stepEventKey(wfId, step, round, 'INVITE'),
          data: invitationData(ctx.organisationName, step, dueAt, round),
        }),
      );
    }
    let outcome: 'DONE' | 'MISSED';
    do {
      outcome = await wait(() => !submission!.open, step, round);
      // The handler that closed the step may still be recording the submission; the next step builds on that
      // record. If recording failed, the handler reopened the step, and the wait goes on.
      await condition(allHandlersFinished);
    } while (outcome === 'DONE' && submission.open);
    if (outcome === 'MISSED') {
      submission.open = false;
      return 'MISSED';
    }
    return submission.payload;
  }

  /** Opens a decision on `step` and waits for its result under the cycle's policy. */
  async function decide(
    step: string,
    w: ResolvedDecisionStep,
    eligible: string[],
    p: DecisionPolicy,
    allowed: VoteOutcome[],
  ): Promise<DecisionResult | 'MISSED'> {
    decisionRound++;
    decision = {
      step,
      open: true,
      policy: p,
      eligible: [...eligible],
      delegations: {},
      allowedOutcomes: allowed,
      votes: [],
    };
    status = 'WAITING_DECISION';
    clock = { dueAt: Date.now() + w.withinMs, rules: w, version: clock.version + 1 };
    await project();
    await notify('DECISION_REQUEST', eligible, `${step}:${decisionRound}:REQUEST`, {
      step,
      dueAt: new Date(clock.dueAt).toISOString(),
      version: versions[step] ?? null,
      allowed,
    });
    let outcome: 'DONE' | 'MISSED';
    do {
      outcome = await wait(() => tally(decision!).result !== null, step, decisionRound);
      await condition(allHandlersFinished);
    } while (outcome === 'DONE' && tally(decision).result === null);
    const d = decision;
    d.open = false;
    if (outcome === 'MISSED') {
      if (w.onMissed === 'AUTO_APPROVE') {
        await guard('recordDecision', () =>
          store.recordDecision({
            assessmentId,
            step,
            submissionVersion: versions[step] ?? null,
            personId: null,
            onBehalfOf: null,
            outcome: 'AUTO_APPROVE',
            comment: 'no decision by the due date: approved by policy',
            eventKey: `${wfId}:${step}:${decisionRound}:auto`,
            at: Date.now(),
          }),
        );
        return 'APPROVE';
      }
      return 'MISSED';
    }
    const result = tally(d).result!;
    const comments = d.votes
      .filter((v) => v.comment)
      .map((v) => ({ by: v.personId, outcome: v.outcome, comment: v.comment }));
    await notify('DECISION_RESULT', ctx.contacts, `${step}:${decisionRound}:RESULT`, {
      step,
      result,
      comments,
    });
    return result;
  }

  /** Submission and committee decision, looping on "returned" until approved; rejection ends the assessment. */
  async function submitAndDecide(
    step: string,
    sub: { dueAt: number } & DeadlineRules,
    dec: ResolvedDecisionStep,
    allowed: VoteOutcome[],
    invitation: string,
  ) {
    let dueAt = sub.dueAt;
    for (let round = 0; ; round++) {
      const payload = await collect(step, dueAt, sub, round, invitation);
      if (payload === 'MISSED') {
        if (sub.onMissed === 'FAIL_STAGE') throw new AssessmentEnded('FAILED');
        await guard('recordDecision', () =>
          store.recordDecision({
            assessmentId,
            step,
            submissionVersion: null,
            personId: null,
            onBehalfOf: null,
            outcome: 'EXPIRE',
            comment: 'nothing submitted by the due date: continued by policy',
            eventKey: `${wfId}:${step}:${round}:expired`,
            at: Date.now(),
          }),
        );
        return undefined;
      }
      const result = await decide(step, dec, committee, policy, allowed);
      if (result === 'APPROVE') return payload;
      if (result === 'REJECT') throw new AssessmentEnded('REJECTED');
      if (result === 'MISSED') throw new AssessmentEnded('FAILED');
      // Returned: the unit revises and resubmits; the new round's votes start from nothing.
      dueAt = Math.max(dueAt, Date.now() + dec.withinMs);
    }
  }

  let approvedTargets: Record<string, number> = Object.fromEntries(
    ctx.indicators.filter((i) => i.allocated !== null).map((i) => [i.code, i.allocated!]),
  );
  let finalStatus: Status = 'COMPLETED';
  try {
    stage = 'PLAN_SUBMISSION';
    await submitAndDecide(
      'plan',
      calendar.planSubmission,
      calendar.planDecision,
      ['APPROVE', 'RETURN', 'REJECT'],
      'INVITE_PLAN',
    );

    stage = 'TARGET_SETTING';
    const targets = (await submitAndDecide(
      'targets',
      calendar.targetSetting,
      calendar.targetDecision,
      ['APPROVE', 'RETURN', 'REJECT'],
      'INVITE_TARGETS',
    )) as { targets: Record<string, number> } | undefined;
    if (targets) approvedTargets = targets.targets;

    stage = 'EXECUTION_CHECK';
    for (const [i, check] of calendar.checks.entries()) {
      const step = `check-${i + 1}`;
      let dueAt = check.dueAt;
      for (let round = 0; ; round++) {
        const payload = (await collect(step, dueAt, check, round, 'INVITE_PROGRESS')) as
          { figures: Record<string, Figure> } | 'MISSED';
        if (payload === 'MISSED') {
          if (check.onMissed === 'FAIL_STAGE') throw new AssessmentEnded('FAILED');
          break;
        }
        const judged = await guard('judgeProgress', () =>
          store.judgeProgress({
            assessmentId,
            step,
            checkIndex: i + 1,
            version: versions[step]!,
            asOf: check.asOf,
            figures: payload.figures,
            targets: approvedTargets,
          }),
        );
        if (judged.lagging.length > 0) {
          await notify(
            'LAGGING_WARNING',
            [...ctx.contacts, ...ctx.supervisor.contacts],
            `${step}:${round}:LAGGING`,
            { step, label: check.label, lagging: judged.lagging },
          );
        }
        const result = await decide(step, calendar.checkDecision, committee, policy, [
          'ACKNOWLEDGE',
          'RECTIFY',
        ]);
        if (result !== 'RETURN') break;
        dueAt = Math.max(dueAt, Date.now() + calendar.checkDecision.withinMs);
      }
    }

    stage = 'EVALUATION';
    for (let round = 0; ; round++) {
      const payload = (await collect(
        'evaluation',
        calendar.evaluation.dueAt,
        calendar.evaluation,
        round,
        'INVITE_EVALUATION',
      )) as { figures: Record<string, Figure> } | 'MISSED';
      if (payload === 'MISSED' && calendar.evaluation.onMissed === 'FAIL_STAGE')
        throw new AssessmentEnded('FAILED');
      const completions = await guard('judgeEvaluation', () =>
        store.judgeEvaluation({
          assessmentId,
          figures: payload === 'MISSED' ? {} : payload.figures,
          targets: approvedTargets,
        }),
      );

      scoring = { open: true, eligible: [...committee], scores: {} };
      status = 'WAITING_DECISION';
      clock = {
        dueAt: Date.now() + calendar.scoring.withinMs,
        rules: calendar.scoring,
        version: clock.version + 1,
      };
      await project();
      await notify('SCORING_REQUEST', scoring.eligible, `scoring:${round}:REQUEST`, {
        dueAt: new Date(clock.dueAt).toISOString(),
      });
      const allScored = () => scoring!.eligible.every((m) => scoring!.scores[m]);
      let scored: 'DONE' | 'MISSED';
      do {
        scored = await wait(allScored, 'scoring', round);
        await condition(allHandlersFinished);
      } while (scored === 'DONE' && !allScored());
      scoring.open = false;
      if (scored === 'MISSED' && calendar.scoring.onMissed === 'FAIL_STAGE')
        throw new AssessmentEnded('FAILED');

      const result = evaluate(ctx.rules, completions, ctx.criteria, scoring.scores);
      const confirmers = chair ? [chair] : committee;
      const confirmation = await decide(
        'confirmation',
        calendar.confirmation,
        confirmers,
        { kind: 'ANY_ONE' },
        ['APPROVE', 'RETURN'],
      );
      if (confirmation === 'RETURN') continue;
      if (confirmation === 'MISSED') throw new AssessmentEnded('FAILED');
      await guard('recordResult', () => store.recordResult({ assessmentId, ...result }));
      await notify('EVALUATION_RESULT', ctx.contacts, 'evaluation:RESULT', { ...result });
      break;
    }
  } catch (err) {
    if (err instanceof AssessmentEnded) finalStatus = err.status;
    else if (err instanceof StepInterrupted) finalStatus = 'CANCELLED';
    else throw err;
  }

  finishing = true;
  submission = null;
  decision = null;
  scoring = null;
  stage = 'FINISHED';
  status = finalStatus;
  await project();
  // Handlers still running (an update mid-activity) must finish before the workflow completes.
  await condition(allHandlersFinished);
  await getExternalWorkflowHandle(input.cycleWorkflowId).signal(unitFinishedSignal, { assessmentId, status });
  return snapshot();
}
