/**
 * Refusing an act from a validator: a typed ApplicationFailure whose details carry a catalogue key and its values,
 * so that the page says exactly which quota, rule or reason refused.
 */
import { ApplicationFailure } from '@temporalio/workflow';

export function refuse(
  type: string,
  message: string,
  key?: string,
  params: Record<string, unknown> = {},
): never {
  throw ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: key ? [{ key, params }] : [],
  });
}
