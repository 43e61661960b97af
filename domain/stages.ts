/** The one list of a unit's stages and statuses: the workflow, the projection, the API, the console and bulletins use it. */

export const STAGES = [
  'PLAN_SUBMISSION',
  'TARGET_SETTING',
  'EXECUTION_CHECK',
  'EVALUATION',
  'FINISHED',
] as const;
export type Stage = (typeof STAGES)[number];

export const STATUSES = [
  'WAITING_SUBMISSION',
  'WAITING_DECISION',
  'RETURNED',
  'COMPLETED',
  'REJECTED',
  'FAILED',
  'CANCELLED',
] as const;
export type Status = (typeof STATUSES)[number];
