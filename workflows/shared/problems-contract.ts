/**
 * What any workflow held by a failed activity answers with, and how an admin asks it to try again
 * (activity-problems.ts implements it).
 */
import { defineUpdate } from '@temporalio/workflow';

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

/** The failure type an update handler returns when its write failed: nothing was recorded, the step is as it was. */
export const WRITE_FAILED = 'WriteFailed';
