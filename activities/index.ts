/** Every activity the worker registers, built from its dependencies once per worker process. */
import type { Db } from './db';
import { createHealthActivities } from './health';

export interface ActivityDeps {
  db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
