/** The yearly cycle workflow's message contract, for the API, the activities and the tests. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ResolvedCalendar } from '../../domain/calendar';
import type { DecisionPolicy } from '../../domain/decision';

export { retryUpdate, type RetryRequest } from '../shared/problems-contract';

/** The workflow type, for starting it by name without importing its implementation. */
export const CYCLE_WORKFLOW = 'cycleWorkflow';

export interface SetPausedRequest {
  paused: boolean;
  by: string;
  reason: string;
}
export interface CycleProgress {
  total: number;
  started: number;
  finished: number;
  paused: boolean;
  phase: 'STARTING' | 'RUNNING' | 'RANKING' | 'COMPLETED';
}

export const setCyclePausedUpdate = defineUpdate<CycleProgress, [SetPausedRequest]>('setCyclePaused');

/** Units joining a running year: their assessment rows exist; the cycle starts their workflows. */
export interface AddUnitsRequest {
  assessmentIds: string[];
  by: string;
}
export const addUnitsUpdate = defineUpdate<CycleProgress, [AddUnitsRequest]>('addUnits');
export const cycleProgressQuery = defineQuery<CycleProgress>('progress');

export interface CycleInput {
  cycleId: string;
  calendar: ResolvedCalendar;
  policy: DecisionPolicy;
  total: number;
  batchSize?: number;
  /** Carried across continue-as-new. */
  state?: {
    started: number;
    lastStartedId: string | null;
    finished: number;
    paused: boolean;
    fannedOut: boolean;
    /** Assessments added to the running year whose workflows are still to start. */
    pendingAdds?: string[];
    added?: number;
  };
}
