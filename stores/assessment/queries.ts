/** What the API and the console read about units' assessments. */
import { scoreSheets } from './result-sheet';
import type { Db } from '../db';

/** An assessment with its plan's indicators (what a submission through the API is checked against). */
export function assessmentWithIndicators(db: Db, id: string) {
  return db.assessment.findUnique({
    where: { id },
    include: {
      cycle: {
        select: { plan: { select: { indicators: { select: { code: true, aggregation: true } } } } },
      },
    },
  });
}

/** A unit's assessments in the cycles of one year, with every submission and decision, and who is waited on. */
export async function unitYear(db: Db, code: string, year: number) {
  const unit = await db.organisation.findUnique({
    where: { code },
    select: { id: true, code: true, nameZh: true },
  });
  if (!unit) return null;
  const assessments = await db.assessment.findMany({
    where: { organisationId: unit.id, cycle: { year } },
    include: {
      cycle: { select: { id: true, plan: { select: { code: true } } } },
      submissions: {
        orderBy: [{ submittedAt: 'asc' }],
        select: {
          step: true,
          version: true,
          payload: true,
          submittedAt: true,
          submittedBy: { select: { id: true, name: true } },
        },
      },
      decisions: {
        orderBy: { decidedAt: 'asc' },
        select: {
          step: true,
          outcome: true,
          comment: true,
          decidedAt: true,
          person: { select: { id: true, name: true } },
          onBehalfOf: { select: { id: true, name: true } },
          submission: { select: { version: true } },
        },
      },
    },
  });
  const [waiting, sheets] = await Promise.all([
    peopleNamed(
      db,
      assessments.flatMap((r) => r.waitingOn),
    ),
    Promise.all(assessments.map((a) => scoreSheets(db, a.id))),
  ]);
  return { unit, assessments: assessments.map((a, i) => ({ ...a, scoreSheets: sheets[i]! })), waiting };
}

export function peopleNamed(db: Db, ids: string[]) {
  return db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

/** One unit's assessment in a cycle, by the unit's code, with what its console page heads with. */
export function unitAssessment(db: Db, cycleId: string, code: string) {
  return db.assessment.findFirst({
    where: { cycleId, organisation: { code } },
    include: {
      organisation: { select: { code: true, nameZh: true, nameEn: true } },
      cycle: { select: { year: true, calendar: true } },
    },
  });
}

export function peopleWithEmail(db: Db, ids: string[]) {
  return db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
}

export function personIdByEmail(db: Db, email: string) {
  return db.person.findUnique({ where: { email }, select: { id: true } });
}
