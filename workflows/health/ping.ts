/**
 * The smallest real workflow: one activity round trip to the database. It proves a deployment end to end
 * (client → server → worker → activity → PostgreSQL) and is the baseline the cycle-start benchmark compares with.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

const { databaseTime } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, initialInterval: '200 milliseconds' },
});

export interface PingResult {
  message: string;
  databaseTime: string;
}

export async function pingWorkflow(message: string): Promise<PingResult> {
  return { message, databaseTime: await databaseTime() };
}

/** No activity at all: measures what starting and completing a workflow costs on its own. */
export async function trivialWorkflow(): Promise<void> {}
