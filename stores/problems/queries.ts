/** What the console and the API read about the problems workflows report with their activities. */
import type { Db } from '../db';

/** Open problems of the given assessments, oldest first: what the console and the API show. */
export function activityProblems(db: Db, assessmentIds: string[]) {
  return db.activityProblem.findMany({
    where: { assessmentId: { in: assessmentIds }, resolvedAt: null },
    orderBy: { firstAt: 'asc' },
    select: {
      id: true,
      assessmentId: true,
      activity: true,
      permanent: true,
      message: true,
      occurrences: true,
      firstAt: true,
      lastAt: true,
    },
  });
}

/** Open problems of a cycle's own workflow and of its units, with the unit, for the dashboard. */
export function cycleActivityProblems(db: Db, cycle: { id: string; workflowId: string }, take = 50) {
  return db.activityProblem.findMany({
    where: {
      resolvedAt: null,
      OR: [{ assessment: { cycleId: cycle.id } }, { workflowId: cycle.workflowId }],
    },
    orderBy: { firstAt: 'asc' },
    take,
    select: {
      id: true,
      activity: true,
      permanent: true,
      message: true,
      firstAt: true,
      assessment: {
        select: { step: true, organisation: { select: { code: true, nameZh: true, nameEn: true } } },
      },
    },
  });
}
