/** What an assessment's link pages read: the assessment at its step, its plan's indicators and criteria, its history. */
import type { Db } from '../db';

/** What an assessment link acts on, as the pages and the checks need it. */
export function linkAssessment(db: Db, assessmentId: string) {
  return db.assessment.findUnique({
    where: { id: assessmentId },
    select: {
      id: true,
      workflowId: true,
      step: true,
      status: true,
      stage: true,
      waitingOn: true,
      dueAt: true,
      organisationId: true,
      organisation: { select: { code: true, nameZh: true, nameEn: true, parentId: true } },
      cycle: { select: { id: true, year: true, calendar: true, status: true } },
    },
  });
}

/** One version of a step's submission, or null when there is none. */
export function submissionVersion(db: Db, assessmentId: string, step: string, version: number) {
  return db.submission.findUnique({
    where: { assessmentId_step_version: { assessmentId, step, version } },
    select: { version: true, payload: true, submittedAt: true },
  });
}

/** The newest submission of a step, or null before the first. */
export function latestSubmission(db: Db, assessmentId: string, step: string) {
  return db.submission.findFirst({
    where: { assessmentId, step },
    orderBy: { version: 'desc' },
    select: { version: true, payload: true, submittedAt: true },
  });
}

export function cycleIndicators(db: Db, cycleId: string) {
  return db.indicatorDefinition.findMany({
    where: { plan: { cycles: { some: { id: cycleId } } } },
    orderBy: { sortOrder: 'asc' },
    select: {
      code: true,
      nameZh: true,
      nameEn: true,
      unitZh: true,
      unitEn: true,
      aggregation: true,
      kind: true,
      awardCategories: true,
      targets: { select: { year: true, value: true } },
    },
  });
}

export function cycleCriteria(db: Db, cycleId: string) {
  return db.qualitativeCriterion.findMany({
    where: { plan: { cycles: { some: { id: cycleId } } } },
    orderBy: { sortOrder: 'asc' },
    select: {
      code: true,
      nameZh: true,
      nameEn: true,
      descriptionZh: true,
      descriptionEn: true,
      weight: true,
    },
  });
}

/** Every decision on the assessment that came with a comment, oldest first. */
export function commentedDecisions(db: Db, assessmentId: string) {
  return db.decision.findMany({
    where: { assessmentId, comment: { not: null } },
    orderBy: { decidedAt: 'asc' },
    select: {
      outcome: true,
      comment: true,
      decidedAt: true,
      step: true,
      person: { select: { name: true } },
      submission: { select: { version: true } },
    },
  });
}

/** When the newest progress report of a step was as of (what its figures' pace is judged against). */
export async function latestReportAsOf(db: Db, assessmentId: string, step: string): Promise<Date | null> {
  const report = await db.progressReport.findFirst({
    where: { assessmentId, submission: { step } },
    orderBy: { submission: { version: 'desc' } },
    select: { asOf: true },
  });
  return report?.asOf ?? null;
}
