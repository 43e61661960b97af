/**
 * Adding units to a running year (an admin who started one county first adds the others): who would join, then
 * their assessment rows and an audit entry in one transaction, then the cycle workflow starts their workflows.
 * Units already in the cycle are never added twice; a selection that adds nobody says so and changes nothing.
 */
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { writeInSlices } from '../write-in-slices';
import { resolveUnits, type StartCycleInput } from './store';

export interface UnitAddition {
  cycleId: string;
  /** Units that would join, in code order. */
  adding: Array<{ code: string; nameZh: string }>;
  /** Units the selection names that take part already. */
  already: number;
}

function cycleOf(db: Db, cycleId: string) {
  return db.cycle.findUnique({
    where: { id: cycleId },
    select: { id: true, year: true, status: true, workflowId: true, plan: { select: { code: true } } },
  });
}

/** Who a selection would add to the cycle (nothing is written). */
export async function previewUnitAddition(
  db: Db,
  cycleId: string,
  units: StartCycleInput['units'],
): Promise<UnitAddition> {
  const { unitIds } = await resolveUnits(db, units);
  const present = await db.assessment.findMany({
    where: { cycleId, organisationId: { in: unitIds } },
    select: { organisationId: true },
  });
  const inCycle = new Set(present.map((p) => p.organisationId));
  const adding = await db.organisation.findMany({
    where: { id: { in: unitIds.filter((id) => !inCycle.has(id)) } },
    orderBy: { code: 'asc' },
    select: { code: true, nameZh: true },
  });
  return { cycleId, adding, already: inCycle.size };
}

/**
 * Adds the selection's new units to the running cycle; `start` hands their assessments to the cycle workflow, and
 * when it refuses (the year has finished, or is still starting), the rows are removed again and nothing stays.
 */
export async function addUnitsToCycle(
  db: Db,
  cycleId: string,
  units: StartCycleInput['units'],
  by: string,
  start: (workflowId: string, assessmentIds: string[]) => Promise<unknown>,
): Promise<UnitAddition | null> {
  const cycle = await cycleOf(db, cycleId);
  if (!cycle) return null;
  const plan = await previewUnitAddition(db, cycleId, units);
  if (plan.adding.length === 0) return plan;
  const orgs = await db.organisation.findMany({
    where: { code: { in: plan.adding.map((a) => a.code) } },
    select: { id: true, code: true },
  });
  const ids = await db.$transaction(async (tx) => {
    await writeInSlices(orgs, (slice) =>
      tx.assessment.createMany({
        data: slice.map((o) => ({
          cycleId,
          organisationId: o.id,
          workflowId: `assessment-${cycle.plan.code}-${cycle.year}-${o.code}`,
        })),
        skipDuplicates: true,
      }),
    );
    const rows = await tx.assessment.findMany({
      where: { cycleId, organisationId: { in: orgs.map((o) => o.id) }, stage: 'PLAN_SUBMISSION', step: null },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  });
  try {
    await start(cycle.workflowId, ids);
  } catch (err) {
    await db.assessment.deleteMany({ where: { id: { in: ids }, step: null } });
    throw err;
  }
  await recordAudit(db, {
    actor: by,
    action: 'cycle.units_added',
    subjectType: 'Cycle',
    subjectId: cycleId,
    detail: { units: plan.adding.map((a) => a.code) },
  });
  return plan;
}
