/**
 * A workflow that only answers an update: the raw round trip of a Temporal Update (client → server → worker →
 * server → client) with no validation, state or database, the baseline the links benchmark compares with.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const echoUpdate = defineUpdate<number, [number]>('echo');
export const finishSignal = defineSignal('finish');

export async function echoWorkflow(): Promise<void> {
  let finished = false;
  setHandler(echoUpdate, (n) => n);
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
}
