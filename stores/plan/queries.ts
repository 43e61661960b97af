/** What the API and the console read about plans. */
import type { Db } from '../db';

/** The plans a cycle can be started on, newest period first. */
export function planChoices(db: Db) {
  return db.plan.findMany({
    orderBy: { periodStart: 'desc' },
    select: { code: true, nameZh: true, nameEn: true, periodStart: true, periodEnd: true },
  });
}

/** Every plan, newest period first, with how many indicators and cycles each has. */
export function listPlans(db: Db) {
  return db.plan.findMany({
    orderBy: { periodStart: 'desc' },
    select: {
      code: true,
      nameZh: true,
      nameEn: true,
      periodStart: true,
      periodEnd: true,
      isBuiltIn: true,
      _count: { select: { indicators: true, cycles: true } },
    },
  });
}

/** A plan with its indicators (and their yearly targets) and criteria, in their order. */
export function planWithContents(db: Db, code: string) {
  return db.plan.findUnique({
    where: { code },
    include: {
      indicators: { orderBy: { sortOrder: 'asc' }, include: { targets: { orderBy: { year: 'asc' } } } },
      criteria: { orderBy: { sortOrder: 'asc' } },
    },
  });
}
