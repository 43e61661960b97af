/**
 * Idempotency keys of notifications, shared by the workflow and the cycle's fan-out (which writes every unit's first
 * invitation in bulk): the same event always gets the same key, so it is recorded once whoever writes it.
 */
export function stepEventKey(workflowId: string, step: string, round: number, event: string): string {
  return `${workflowId}:${step}:${round}:${event}`;
}

export function invitationData(unit: string, step: string, dueAt: number, round: number) {
  return { unit, step, dueAt: new Date(dueAt).toISOString(), round };
}
