/**
 * A cycle's results unit by unit, for the results export: each unit's stage and result, its indicators at the
 * year end (the same result sheet the confirmation page shows) and every member's score sheet of every round.
 * Read a page of units at a time, so a large year is never held whole.
 */
import { unitTargetSets } from '../assessment/progress';
import {
  latestEvaluations,
  scoreSheetsOf,
  yearEndIndicators,
  type ResultSheet,
  type ScoreSheet,
} from '../assessment/result-sheet';
import type { Db } from '../db';

export interface UnitResultRows {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  stage: string;
  status: string;
  indicatorPart: number | null;
  committeePart: number | null;
  score: number | null;
  grade: string | null;
  rank: number | null;
  indicators: ResultSheet['indicators'];
  /** Every round's sheets, oldest first. */
  sheets: ScoreSheet[];
}

export async function cycleCriteriaOf(db: Db, cycleId: string) {
  const cycle = await db.cycle.findUnique({
    where: { id: cycleId },
    select: {
      year: true,
      plan: {
        select: {
          nameZh: true,
          indicators: { orderBy: { sortOrder: 'asc' }, select: { code: true, nameZh: true, unitZh: true } },
          criteria: { orderBy: { sortOrder: 'asc' }, select: { code: true, nameZh: true, weight: true } },
        },
      },
    },
  });
  return cycle && { year: cycle.year, plan: cycle.plan };
}

/**
 * The cycle's units with their results, a page at a time: each page's evaluations, targets and score sheets in a
 * few reads for the whole page (a province's year is 100,000 units), judged by the result sheet's own functions.
 */
export async function* cycleResultRows(
  db: Db,
  cycleId: string,
  pageSize = 500,
): AsyncGenerator<UnitResultRows> {
  const { year, plan } = await db.cycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: {
      year: true,
      plan: { select: { indicators: { orderBy: { sortOrder: 'asc' }, include: { targets: true } } } },
    },
  });
  let after: string | null = null;
  for (;;) {
    const page = await unitPage(db, cycleId, after, pageSize);
    if (page.length === 0) return;
    after = page[page.length - 1]!.organisation.code;
    const ids = page.map((a) => a.id);
    const [evaluations, targetSets, sheets] = await Promise.all([
      latestEvaluations(db, ids),
      unitTargetSets(db, ids),
      scoreSheetsOf(db, ids),
    ]);
    for (const a of page) {
      const { targets, notApplicable } = targetSets.get(a.id)!;
      const { rows } = yearEndIndicators(
        plan.indicators,
        year,
        evaluations.get(a.id) ?? {},
        targets,
        notApplicable,
      );
      yield {
        code: a.organisation.code,
        name: a.organisation.nameZh,
        kind: a.organisation.kind,
        parent: a.organisation.parent?.nameZh ?? null,
        stage: a.stage,
        status: a.status,
        indicatorPart: a.indicatorPart?.toNumber() ?? null,
        committeePart: a.committeePart?.toNumber() ?? null,
        score: a.score?.toNumber() ?? null,
        grade: a.grade,
        rank: a.rank,
        indicators: rows,
        sheets: sheets.get(a.id) ?? [],
      };
    }
    if (page.length < pageSize) return;
  }
}

/** A page of the cycle's units by code, after `after` (keyset: a deep page costs what the first does). */
function unitPage(db: Db, cycleId: string, after: string | null, take: number) {
  return db.assessment.findMany({
    where: { cycleId, ...(after ? { organisation: { code: { gt: after } } } : {}) },
    orderBy: { organisation: { code: 'asc' } },
    take,
    select: {
      id: true,
      stage: true,
      status: true,
      indicatorPart: true,
      committeePart: true,
      score: true,
      grade: true,
      rank: true,
      organisation: {
        select: { code: true, nameZh: true, kind: true, parent: { select: { nameZh: true } } },
      },
    },
  });
}
