/**
 * A year of a plan known only from its imported figures (no cycle ran it), as a bulletin's snapshot: the units with
 * figures and their branches up to the root, each unit's imported year-end figures and its allocated targets, the
 * whole year elapsed. The period view rolls it up as it rolls up a cycle's year.
 */
import type { BulletinInput, ReportedFigure } from '../../domain/bulletin';
import { organisationPaths } from '../assessment/context';
import { BULLETIN_INDICATOR_FIELDS, bulletinIndicators } from '../bulletin/snapshot';
import type { Db } from '../db';

/** The plan's years with imported figures and no cycle of their own, oldest first. */
export async function importedOnlyYears(db: Db, planId: string, cycleYears: number[]): Promise<number[]> {
  const rows = await db.historicalFigure.groupBy({
    by: ['year'],
    where: { origin: 'IMPORTED', indicator: { planId }, year: { notIn: cycleYears } },
    orderBy: { year: 'asc' },
  });
  return rows.map((r) => r.year);
}

export async function loadHistorySnapshot(db: Db, planId: string, year: number): Promise<BulletinInput> {
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      indicators: {
        orderBy: { sortOrder: 'asc' },
        select: { id: true, ...BULLETIN_INDICATOR_FIELDS },
      },
    },
  });
  const rows = await db.historicalFigure.findMany({
    where: { origin: 'IMPORTED', year, indicator: { planId } },
    select: { organisationId: true, value: true, indicator: { select: { code: true } } },
  });
  const figures = new Map<string, Record<string, ReportedFigure>>();
  for (const r of rows)
    figures.set(r.organisationId, {
      ...figures.get(r.organisationId),
      [r.indicator.code]: { value: r.value.toNumber() },
    });
  const paths = await organisationPaths(db, [...figures.keys()]);
  const orgs = await db.organisation.findMany({
    where: { id: { in: [...new Set([...paths.values()].flat())] } },
    select: { id: true, code: true, nameZh: true, kind: true, parentId: true },
  });
  const allocated = await db.targetAllocation.findMany({
    where: {
      organisationId: { in: [...figures.keys()] },
      year,
      notApplicable: false,
      indicatorId: { in: plan.indicators.map((i) => i.id) },
    },
    select: { organisationId: true, value: true, indicator: { select: { code: true } } },
  });
  const targets = new Map<string, Record<string, number>>();
  for (const t of allocated)
    targets.set(t.organisationId, {
      ...targets.get(t.organisationId),
      [t.indicator.code]: t.value.toNumber(),
    });
  return {
    asOf: new Date(Date.UTC(year, 11, 31, 16)).getTime(),
    elapsed: 1,
    units: orgs.map((o) => ({
      id: o.id,
      code: o.code,
      name: o.nameZh,
      kind: o.kind,
      parentId: o.parentId,
      participating: figures.has(o.id),
      stage: null,
      status: null,
      step: null,
      dueAt: null,
    })),
    indicators: bulletinIndicators(plan.indicators, year),
    targets,
    figures,
    reportElapsed: new Map([...figures.keys()].map((id) => [id, 1])),
  };
}
