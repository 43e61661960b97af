/** Activities that prove the worker reaches its dependencies; the trivial workflow uses them end to end. */
import type { Db } from '../../stores/db';

export function createHealthActivities(db: Db) {
  return {
    async databaseTime(): Promise<string> {
      const rows = await db.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`;
      return rows[0]!.now.toISOString();
    },
  };
}
