/** Every activity the worker registers, built from its dependencies once per worker process. */
import type { Client } from '@temporalio/client';
import { createActivityProblemStore } from './problems/activities';
import { createAwardActivities } from './awards/activities';
import { createAwardPublishing } from './awards/publishing';
import { createAssessmentStore } from './assessment/records';
import { createBulletinActivities } from './bulletin/schedule';
import { createCycleRunner } from './cycle/runner';
import { createCycleNoticeActivities } from './documents/cycle-notices';
import type { Db } from '../stores/db';
import { withFailureClassification } from './failures';
import { createHealthActivities } from './health/ping';
import { createNoticeActivities } from './notice/issue';
import { createNotificationActivities } from './mail/outbox';
import { createProgressActivities } from './assessment/progress';

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
    ...createAwardActivities(deps),
    ...createAwardPublishing(deps),
    ...createCycleNoticeActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
