/**
 * The Temporal Schedule that issues a cycle's bulletins, and the activity it runs. The schedule lives in the
 * Temporal server, so it survives restarts of every process here; a firing that finds the previous one still running (its worker down) waits its turn, so no period is skipped.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleSpec,
} from '@temporalio/client';
import {
  parseEvery,
  periodKeyFor,
  scheduledTimeOf,
  type BulletinEvery,
} from '../../domain/bulletin-schedule';
import { FEDERATION_TIME_ZONE } from '../../domain/time-zone';
import { BULLETIN_WORKFLOW, type BulletinWorkflowInput } from '../../workflows/bulletin/contract';
import { issueBulletin, type BulletinDeps, type IssuedBulletin } from './issue';

export const bulletinScheduleId = (cycleId: string) => `bulletins-${cycleId}`;

function specFor(every: BulletinEvery): ScheduleSpec {
  if (every === 'month') return { cronExpressions: ['0 9 1 * *'], timezone: FEDERATION_TIME_ZONE };
  if (every === 'quarter') return { cronExpressions: ['0 9 1 1,4,7,10 *'], timezone: FEDERATION_TIME_ZONE };
  return { intervals: [{ every: parseInt(every, 10) * 1000 }] };
}

/** Creates the cycle's schedule; a second call for the same cycle leaves the first in place. */
export async function ensureBulletinSchedule(
  client: Client,
  taskQueue: string,
  cycleId: string,
  every: string,
): Promise<{ scheduleId: string; created: boolean }> {
  const parsed = parseEvery(every);
  if (!parsed) throw new Error(`bulletins.every must be month, quarter or "<n>s"; got "${every}"`);
  const scheduleId = bulletinScheduleId(cycleId);
  try {
    await client.schedule.create({
      scheduleId,
      spec: specFor(parsed),
      action: {
        type: 'startWorkflow',
        workflowType: BULLETIN_WORKFLOW,
        workflowId: `bulletin-${cycleId}`,
        taskQueue,
        args: [{ cycleId, every: parsed } satisfies BulletinWorkflowInput],
      },
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow: '30 days' },
    });
    return { scheduleId, created: true };
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return { scheduleId, created: false };
    throw err;
  }
}

export function createBulletinActivities(deps: BulletinDeps) {
  return {
    async issueScheduledBulletin(input: {
      cycleId: string;
      every: string;
      workflowId: string;
      startedAt: string;
    }): Promise<IssuedBulletin> {
      const every = parseEvery(input.every) ?? 'month';
      const at = scheduledTimeOf(input.workflowId) ?? new Date(input.startedAt);
      return issueBulletin(deps, {
        cycleId: input.cycleId,
        periodKey: periodKeyFor(every, at),
        issuedBy: 'schedule',
      });
    },
  };
}
