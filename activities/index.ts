/** Every activity the worker registers, built from its dependencies once per worker process. */
import type { Client } from '@temporalio/client';
import { createActivityProblemStore } from './activity-problems';
import { createAssessmentStore } from './assessment-store';
import { createBulletinActivities } from './bulletin-schedule';
import { createCycleRunner } from './cycle-runner';
import type { Db } from './db';
import { withFailureClassification } from './failures';
import { createHealthActivities } from './health';
import { createNoticeActivities } from './notice/store';
import { createNotificationActivities } from './notifications';
import { createProgressActivities } from './progress';

export interface ActivityDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  publicUrl: string;
  chromiumPath?: string;
}

export function createActivities(deps: ActivityDeps) {
  return withFailureClassification({
    ...createHealthActivities(deps.db),
    ...createAssessmentStore(deps.db),
    ...createProgressActivities(deps.db),
    ...createNotificationActivities(deps.db),
    ...createCycleRunner(deps.db, deps.client, deps.taskQueue, deps),
    ...createBulletinActivities(deps),
    ...createActivityProblemStore(deps.db, deps.publicUrl),
    ...createNoticeActivities(deps.db),
  });
}

export type Activities = ReturnType<typeof createActivities>;
