/**
 * A cycle's results unit by unit, for the results export: each unit's stage and result, its indicators at the
 * year end (the same result sheet the confirmation page shows) and every member's score sheet of every round.
 * Read a page of units at a time, so a large year is never held whole.
 */
import { loadResultSheet, scoreSheets, type ResultSheet, type ScoreSheet } from '../assessment/result-sheet';
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

export async function* cycleResultRows(
  db: Db,
  cycleId: string,
  pageSize = 100,
): AsyncGenerator<UnitResultRows> {
  for (let skip = 0; ; skip += pageSize) {
    const page = await db.assessment.findMany({
      where: { cycleId },
      orderBy: { organisation: { code: 'asc' } },
      skip,
      take: pageSize,
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
    for (const a of page) {
      const [sheet, sheets] = await Promise.all([loadResultSheet(db, a.id), scoreSheets(db, a.id)]);
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
        indicators: sheet.indicators,
        sheets,
      };
    }
    if (page.length < pageSize) return;
  }
}
