/**
 * What a workflow does when an activity fails instead of retrying it forever (issue: "no failed write may wedge a
 * unit's year"). Activities fail at once when retrying cannot help (activities/failures.ts) and give up on
 * transient failures after a bound; then:
 * - in the stage sequence (`guard`), the workflow holds at that call, reports the problem (console, one mail to the
 *   office) and stays responsive: it tries again by itself every few minutes when the cause was transient, at once
 *   on an admin's retry, and gives up the call when the unit is cancelled;
 * - in an update handler (`write`), the person's action is undone and refused with a clear error, so the step
 *   stays open and the link can be used again.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineUpdate,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { StepInterrupted } from './step-timing';

export interface ActivityProblemState {
  activity: string;
  message: string;
  /** True when the same call would fail the same way again: it waits for a repair (retry) or a cancel. */
  permanent: boolean;
  since: string;
}

export interface RetryRequest {
  by: string;
  reason: string;
}
/** An admin's "try again" for a workflow held by a failed activity (after repairing its cause). */
export const retryUpdate = defineUpdate<void, [RetryRequest]>('retryFailedActivity');

/** A failure an update handler returns to the person: nothing was recorded, the step is as it was. */
export const WRITE_FAILED = 'WriteFailed';

/** How long a stage's transient failure waits before the workflow tries the call again by itself. */
const AUTOMATIC_RETRY_EVERY = '5 minutes';

// Reporting must never be what wedges a workflow: short, bounded, and its own failure is only logged in history.
const reporting = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

function failureOf(err: ActivityFailure): { message: string; permanent: boolean } {
  const cause = err.cause;
  const permanent = cause instanceof ApplicationFailure && cause.nonRetryable === true;
  return { message: cause?.message || err.message, permanent };
}

export class ActivityProblems {
  current: ActivityProblemState | null = null;
  private retryRequested = false;
  /** A problem row is open in the database for this workflow. */
  private reported = false;

  constructor(private readonly assessmentId: string | null) {}

  /** An admin asked to try the held call again (after repairing what made it fail). */
  requestRetry(): void {
    this.retryRequested = true;
  }

  /** Runs a stage's activity call; on failure holds here, reported, until a retry succeeds or `interrupted()`. */
  async guard<T>(activity: string, call: () => Promise<T>, interrupted: () => boolean): Promise<T> {
    for (;;) {
      try {
        const result = await call();
        this.current = null;
        await this.resolve();
        return result;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        const { message, permanent } = failureOf(err);
        this.current = { activity, message, permanent, since: new Date().toISOString() };
        await this.report(activity, message, permanent);
        this.retryRequested = false;
        const wake = () => this.retryRequested || interrupted();
        if (permanent) await condition(wake);
        else await condition(wake, AUTOMATIC_RETRY_EVERY);
        if (interrupted()) {
          this.current = null;
          throw new StepInterrupted();
        }
      }
    }
  }

  /** Runs an update handler's write; on failure undoes the handler's change and refuses the update. */
  async write<T>(activity: string, call: () => Promise<T>, undo: () => void = () => undefined): Promise<T> {
    try {
      const result = await call();
      await this.resolve();
      return result;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      undo();
      const { message, permanent } = failureOf(err);
      await this.report(activity, message, permanent);
      throw ApplicationFailure.create({
        type: WRITE_FAILED,
        message: `nothing was recorded: ${message}`,
        nonRetryable: true,
      });
    }
  }

  private async report(activity: string, message: string, permanent: boolean): Promise<void> {
    try {
      await reporting.reportActivityProblem({
        workflowId: workflowInfo().workflowId,
        assessmentId: this.assessmentId,
        activity,
        permanent,
        message,
      });
      this.reported = true;
    } catch {
      // The database itself is failing: the problem stays visible in the workflow's status query.
    }
  }

  private async resolve(): Promise<void> {
    if (!this.reported) return;
    try {
      await reporting.resolveActivityProblems({ workflowId: workflowInfo().workflowId });
      this.reported = false;
    } catch {
      // Left open; resolved with the next success.
    }
  }
}
