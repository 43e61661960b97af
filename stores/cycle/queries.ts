/** What the API and the console read about cycles. */
import type { Stage } from '../../domain/stages';
import type { Db } from '../db';

export function cycleExists(db: Db, id: string): Promise<boolean> {
  return db.cycle.count({ where: { id } }).then((n) => n > 0);
}

/** The workflow a cycle runs in, or null for an unknown id. */
export async function cycleWorkflowId(db: Db, id: string): Promise<string | null> {
  const cycle = await db.cycle.findUnique({ where: { id }, select: { workflowId: true } });
  return cycle?.workflowId ?? null;
}

/** The newest cycles with their plan and number of units: the console's home. */
export function recentCycles(db: Db, take = 50) {
  return db.cycle.findMany({
    orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
    take,
    select: {
      id: true,
      year: true,
      status: true,
      plan: { select: { nameZh: true, nameEn: true } },
      _count: { select: { assessments: true } },
    },
  });
}

/** A cycle, its units counted by stage and status, the overdue ones counted, and one page of its units. */
export async function cycleOverview(
  db: Db,
  id: string,
  q: { stage?: Stage; take: number; skip: number; now: Date },
) {
  const cycle = await db.cycle.findUnique({
    where: { id },
    include: { plan: { select: { code: true, nameZh: true } } },
  });
  if (!cycle) return null;
  const [byStage, overdue, units] = await Promise.all([
    db.assessment.groupBy({ by: ['stage', 'status'], where: { cycleId: id }, _count: { _all: true } }),
    db.assessment.count({ where: { cycleId: id, stage: { not: 'FINISHED' }, dueAt: { lt: q.now } } }),
    db.assessment.findMany({
      where: { cycleId: id, ...(q.stage ? { stage: q.stage } : {}) },
      orderBy: [{ organisation: { code: 'asc' } }],
      skip: q.skip,
      take: q.take,
      include: { organisation: { select: { code: true, nameZh: true, kind: true } } },
    }),
  ]);
  return { cycle, byStage, overdue, units };
}

export function cycleWithPlan(db: Db, id: string) {
  return db.cycle.findUnique({
    where: { id },
    include: { plan: { select: { nameZh: true, nameEn: true } } },
  });
}
