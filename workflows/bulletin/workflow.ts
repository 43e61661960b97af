/**
 * One scheduled bulletin. A Temporal Schedule per cycle starts this workflow at the start of each period; the
 * period is read from the scheduled time Temporal puts in the workflow id, so a firing that runs late (the worker
 * was down) still reports on its own period, and the archive's (cycle, period) key makes a second run a no-op.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { IssuedBulletin } from '../../activities/bulletin/issue';
import type { BulletinWorkflowInput } from './contract';

// Building and printing a bulletin for thousands of units takes seconds, not milliseconds: an ordinary activity.
const { issueScheduledBulletin } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function bulletinWorkflow(input: BulletinWorkflowInput): Promise<IssuedBulletin> {
  return issueScheduledBulletin({
    ...input,
    workflowId: workflowInfo().workflowId,
    startedAt: workflowInfo().startTime.toISOString(),
  });
}
