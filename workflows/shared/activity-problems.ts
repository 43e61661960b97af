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
  CancelledFailure,
  condition,
  proxyLocalActivities,
  TemporalFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { WRITE_FAILED, type ActivityProblemState } from './problems-contract';
import { StepInterrupted } from './step-timing';

/** How long a stage's transient failure waits before the workflow tries the call again by itself. */
const AUTOMATIC_RETRY_EVERY = '5 minutes';

// Reporting must never be what wedges a workflow: short, bounded, and its own failure is only logged in history.
const reporting = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * An activity's failure as the workflow sees it: wrapped in an ActivityFailure, or (a local activity's
 * non-retryable failure, or its timeout) the ApplicationFailure or TimeoutFailure itself. Cancellation is not one.
 */
function isActivityFailure(err: unknown): err is TemporalFailure {
  return err instanceof TemporalFailure && !(err instanceof CancelledFailure);
}

function failureOf(err: TemporalFailure): { message: string; permanent: boolean } {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  const permanent = cause instanceof ApplicationFailure && cause.nonRetryable === true;
  return { message: cause.message || err.message, permanent };
}

export class ActivityProblems {
  current: ActivityProblemState | null = null;
  private retryRequested = false;
  /** Activities with a problem row open in the database, and whether it came from an update handler. */
  private readonly reported = new Map<string, 'stage' | 'handler'>();

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
        await this.resolve(activity);
        return result;
      } catch (err) {
        if (!isActivityFailure(err)) throw err;
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
      await this.resolve(activity);
      return result;
    } catch (err) {
      if (!isActivityFailure(err)) throw err;
      undo();
      const { message, permanent } = failureOf(err);
      await this.report(activity, message, permanent, 'handler');
      throw ApplicationFailure.create({
        type: WRITE_FAILED,
        message: `nothing was recorded: ${message}`,
        nonRetryable: true,
      });
    }
  }

  private async report(
    activity: string,
    message: string,
    permanent: boolean,
    from: 'stage' | 'handler' = 'stage',
  ): Promise<void> {
    try {
      await reporting.reportActivityProblem({
        workflowId: workflowInfo().workflowId,
        assessmentId: this.assessmentId,
        activity,
        permanent,
        message,
      });
      this.reported.set(activity, from);
    } catch {
      // The database itself is failing: the problem stays visible in the workflow's status query.
    }
  }

  /**
   * After a success: the problem of that activity is over, and so is every problem an update handler reported
   * (the person was refused; the workflow has since moved on without it).
   */
  private async resolve(activity: string): Promise<void> {
    const over = [...this.reported]
      .filter(([a, from]) => a === activity || from === 'handler')
      .map(([a]) => a);
    if (over.length === 0) return;
    try {
      await reporting.resolveActivityProblems({ workflowId: workflowInfo().workflowId, activities: over });
      for (const a of over) this.reported.delete(a);
    } catch {
      // Left open; resolved with the next success.
    }
  }
}
