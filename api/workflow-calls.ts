/**
 * Sending an update to a workflow and turning its refusal into an HTTP answer: the validator's reason reaches the
 * caller at once, and a refused update changed nothing.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { HttpError } from './errors';

const STATUS_BY_TYPE: Record<string, number> = {
  StepNotOpen: 409,
  AlreadyScored: 409,
  AlreadyCancelled: 409,
  NoChange: 409,
  CyclePaused: 409,
  CycleFinished: 409,
  CycleStarting: 409,
  AlreadyIssued: 409,
  NotReady: 409,
  NotFound: 404,
  NotAllowed: 403,
  InvalidPayload: 422,
  InvalidVote: 422,
  InvalidDelegation: 422,
  QuotaExceeded: 422,
  ProportionBroken: 422,
  Ineligible: 422,
  // A write failed in the workflow; nothing was recorded and the person can try again once it is repaired.
  WriteFailed: 503,
};

/**
 * Under many updates at once (a whole federation nominating near a deadline) the server turns some away before
 * admitting them: past its limit of updates in flight on one workflow, when an update reached the worker in a
 * workflow task the worker could not complete ("wasn't processed by worker"), or while the workflow continues as
 * a new run, or while the workflow's task is being retried after a worker died holding it ("Workflow Task in failed
 * state", said by the cause of a ServiceError). Such an update changed nothing, so it is sent again after a short,
 * growing, jittered pause; if it is still turned away, the caller is told to try again shortly (503).
 */
const TURNED_AWAY =
  /wasn't processed by worker|concurrent in-flight updates|continu(ed|ing) as new|Workflow Task in failed state/i;
const SEND_TRIES = 40;

function turnedAway(err: unknown): boolean {
  const message =
    err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure
      ? err.cause.message
      : err instanceof Error && err.name === 'ServiceError'
        ? `${err.message} ${String((err.cause as Error | undefined)?.message ?? '')}`
        : '';
  return TURNED_AWAY.test(message);
}

export async function withUpdateRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!turnedAway(err) || attempt >= SEND_TRIES) throw err;
      await new Promise((r) => setTimeout(r, Math.min(500, 25 * attempt) * (1 + Math.random())));
    }
  }
}

function snake(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Every update in the contract takes exactly one request object. */
export async function runUpdate<Ret, Arg>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  try {
    return await withUpdateRetry(() =>
      client.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const type = err.cause.type ?? 'Refused';
      // The validator's reason (English) serves the JSON API; pages show the catalogue's words: those the
      // validator named with their values (which quota, which rule), else those of its type.
      const named = err.cause.details?.[0] as { key?: string; params?: Record<string, unknown> } | undefined;
      throw new HttpError(
        STATUS_BY_TYPE[type] ?? 409,
        snake(type),
        err.cause.message,
        named?.key ? { key: named.key, params: named.params } : undefined,
        named?.key ? { key: named.key, params: named.params } : { key: `refusal.${type}` },
      );
    }
    if (
      err instanceof WorkflowNotFoundError ||
      /already completed|not found/i.test(String((err as Error).message))
    ) {
      throw new HttpError(
        409,
        'finished',
        'This assessment has finished or was never started; nothing was changed.',
        undefined,
        { key: 'error.finished' },
      );
    }
    throw err;
  }
}
