/** The scheduled bulletin workflow's input, for the schedule that starts it (activities/bulletin-schedule.ts). */

/** The workflow type, for a schedule's action without importing its implementation. */
export const BULLETIN_WORKFLOW = 'bulletinWorkflow';

export interface BulletinWorkflowInput {
  cycleId: string;
  every: string;
}
