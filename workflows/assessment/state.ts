/**
 * A unit's year as the workflow holds it: the stage and status, the open step (a submission, a decision or the
 * committee's scoring) with its clock, and the writes that record it. The handlers (handlers.ts) and the stage
 * sequence (workflow.ts, steps.ts) share this one object, as the Temporal samples' safe-message-handlers share
 * their manager class.
 */
import { proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { DecisionStepState } from '../../domain/decision';
import { waitingOn } from '../../domain/decision';
import { measureOf } from '../../domain/input-rules';
import type { Stage, Status } from '../../domain/stages';
import type { IndicatorSpec } from '../../domain/submissions';
import { ActivityProblems } from '../shared/activity-problems';
import type { StepClock } from '../shared/step-timing';
import type {
  AssessmentNotificationKind,
  AssessmentStatus,
  CancelRequest,
  UnitAssessmentInput,
} from './contract';

// Every call is a short, idempotent database write or read: local activities run them in the worker without a
// round trip through the Temporal server, which is what lets thousands of units start and move quickly. A call
// that keeps failing gives up after a bound: two minutes in the stage sequence (then the unit is held and the
// problem shown, see shared/activity-problems.ts), fifteen seconds in an update handler (a person is waiting).
export const store = proxyLocalActivities<Activities>({
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

export interface SubmissionStep {
  step: string;
  open: boolean;
  /** A check resubmitted after the committee asked for rectification (要求整改): measures are required. */
  rectifying?: boolean;
  version: number;
  payload: unknown;
}

export interface ScoringStep {
  open: boolean;
  /** 0 for the first scoring, one more each time the chair returns the confirmation. */
  round?: number;
  eligible: string[];
  scores: Record<string, Record<string, number>>;
}

export class AssessmentState {
  stage: Stage = 'PLAN_SUBMISSION';
  status: Status = 'WAITING_SUBMISSION';
  paused: boolean;
  cancelled: CancelRequest | null = null;
  /** Set once the year has ended: from then on nothing interrupts the last writes. */
  finishing = false;
  clock: StepClock;
  submission: SubmissionStep | null = null;
  /** The latest version submitted for each step. */
  readonly versions: Record<string, number> = {};
  decision: DecisionStepState | null = null;
  decisionRound = 0;
  scoring: ScoringStep | null = null;
  /** Who decides for the unit (reassignments change it). */
  committee: string[];
  readonly problems: ActivityProblems;
  readonly workflowId = workflowInfo().workflowId;
  readonly assessmentId: string;
  readonly indicators: IndicatorSpec[];
  readonly criteria: string[];

  constructor(readonly input: UnitAssessmentInput) {
    this.assessmentId = input.assessmentId;
    this.paused = input.startPaused ?? false;
    this.clock = {
      dueAt: input.calendar.planSubmission.dueAt,
      rules: input.calendar.planSubmission,
      version: 0,
    };
    this.committee = [...input.context.committee.eligible];
    this.problems = new ActivityProblems(input.assessmentId);
    this.indicators = input.context.indicators.map((i) => ({
      code: i.code,
      measure: measureOf(i.aggregation),
    }));
    this.criteria = input.context.criteria.map((c) => c.code);
  }

  get ctx() {
    return this.input.context;
  }

  currentStep(): string | null {
    if (this.submission?.open) return this.submission.step;
    if (this.decision?.open) return this.decision.step;
    return this.scoring?.open ? 'scoring' : null;
  }

  currentWaitingOn(): string[] {
    if (this.submission?.open) return this.ctx.contacts;
    if (this.decision?.open) return waitingOn(this.decision);
    const scoring = this.scoring;
    return scoring?.open ? scoring.eligible.filter((m) => !scoring.scores[m]) : [];
  }

  snapshot(): AssessmentStatus {
    const step = this.currentStep();
    return {
      stage: this.stage,
      status: this.status,
      step,
      dueAt: step ? new Date(this.clock.dueAt).toISOString() : null,
      waitingOn: this.currentWaitingOn(),
      paused: this.paused,
    };
  }

  /** Moves the clock to a new due date (or rules); a wait in progress starts over. */
  setClock(dueAt: number, rules: StepClock['rules'] = this.clock.rules): void {
    this.clock = { dueAt, rules, version: this.clock.version + 1 };
  }

  // ── writes from the stage sequence: a failure holds the unit here, reported, until retried or cancelled ──

  guard<T>(activity: string, call: () => Promise<T>): Promise<T> {
    return this.problems.guard(activity, call, () => this.cancelled !== null && !this.finishing);
  }

  project(): Promise<void> {
    return this.guard('projectAssessment', () =>
      store.projectAssessment({ assessmentId: this.assessmentId, ...this.snapshot() }),
    );
  }

  audit(actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
    return this.guard('recordAudit', () =>
      store.recordAudit({ actor, action, subjectType: 'Assessment', subjectId: this.assessmentId, detail }),
    );
  }

  notify(
    kind: AssessmentNotificationKind,
    recipients: string[],
    eventKey: string,
    data: Record<string, unknown> = {},
  ) {
    return this.guard('notify', () =>
      store.notify({
        assessmentId: this.assessmentId,
        kind,
        recipients,
        key: `${this.workflowId}:${eventKey}`,
        data: { unit: this.ctx.organisationName, ...data },
      }),
    );
  }

  // ── writes from update handlers: bounded by the person's patience, undone and refused on failure ──

  write<T>(
    activity: string,
    call: (activities: typeof handlerStore) => Promise<T>,
    undo?: () => void,
  ): Promise<T> {
    return this.problems.write(activity, () => call(handlerStore), undo);
  }

  projectNow(): Promise<void> {
    return this.write('projectAssessment', (a) =>
      a.projectAssessment({ assessmentId: this.assessmentId, ...this.snapshot() }),
    );
  }

  auditNow(actor: string, action: string, detail: Record<string, unknown>, undo?: () => void): Promise<void> {
    return this.write('recordAudit', (a) => a.recordAudit(audited(this, actor, action, detail)), undo);
  }
}

/** An audit entry about this unit's assessment. */
export function audited(s: AssessmentState, actor: string, action: string, detail: Record<string, unknown>) {
  return { actor, action, subjectType: 'Assessment', subjectId: s.assessmentId, detail };
}
