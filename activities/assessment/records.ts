/**
 * The database side of a unit's workflow: the projection the API lists from, and the record of every submission,
 * decision and score. Each write is idempotent, so an activity retried after a crash never records anything twice.
 */
import type { Prisma } from '../../prisma/generated/client';
import type { EvaluationResult } from '../../domain/evaluation';
import type { VoteOutcome } from '../../domain/decision';
import type { Stage, Status } from '../../domain/stages';
import { recordStatedBases } from '../../stores/assessment/carried';
import { recordAudit, type AuditEntry } from '../../stores/audit';
import type { Db } from '../../stores/db';
import { writeNotifications, type NotifyRequest } from '../mail/outbox';

export interface Projection {
  assessmentId: string;
  stage: Stage;
  status: Status;
  step: string | null;
  dueAt: string | null;
  waitingOn: string[];
}

export interface SubmissionRecord {
  assessmentId: string;
  step: string;
  version: number;
  payload: unknown;
  submittedBy: string;
}

export interface DecisionRecord {
  assessmentId: string;
  step: string;
  submissionVersion: number | null;
  personId: string | null;
  onBehalfOf: string | null;
  outcome: VoteOutcome | 'AUTO_APPROVE' | 'EXPIRE' | 'CONFIRM';
  comment: string | null;
  eventKey: string;
  at: number;
}

export function createAssessmentStore(db: Db) {
  return {
    async projectAssessment(p: Projection): Promise<void> {
      await db.assessment.update({
        where: { id: p.assessmentId },
        data: {
          stage: p.stage,
          status: p.status,
          step: p.step,
          dueAt: p.dueAt ? new Date(p.dueAt) : null,
          waitingOn: p.waitingOn,
          finishedAt: p.stage === 'FINISHED' ? new Date() : null,
        },
      });
    },

    async recordSubmission(s: SubmissionRecord): Promise<string> {
      const row = await db.submission.upsert({
        where: {
          assessmentId_step_version: { assessmentId: s.assessmentId, step: s.step, version: s.version },
        },
        update: {},
        create: {
          assessmentId: s.assessmentId,
          step: s.step,
          version: s.version,
          payload: s.payload as Prisma.InputJsonValue,
          submittedById: s.submittedBy,
        },
      });
      await recordStatedBases(db, s.assessmentId, s.step, s.payload, s.submittedBy);
      return row.id;
    },

    async recordDecision(d: DecisionRecord): Promise<void> {
      const submission =
        d.submissionVersion === null
          ? null
          : await db.submission.findUnique({
              where: {
                assessmentId_step_version: {
                  assessmentId: d.assessmentId,
                  step: d.step,
                  version: d.submissionVersion,
                },
              },
              select: { id: true },
            });
      const outcome = d.outcome === 'APPROVE' && d.step === 'confirmation' ? 'CONFIRM' : d.outcome;
      await db.decision.upsert({
        where: { eventKey: d.eventKey },
        update: {},
        create: {
          assessmentId: d.assessmentId,
          step: d.step,
          submissionId: submission?.id ?? null,
          personId: d.personId,
          onBehalfOfId: d.onBehalfOf,
          outcome,
          comment: d.comment,
          eventKey: d.eventKey,
          decidedAt: new Date(d.at),
        },
      });
    },

    /** One member's score sheet for a scoring round, and who the step still waits on, in one transaction. */
    async recordScores({
      assessmentId,
      personId,
      scores,
      round = 0,
      waitingOn,
    }: {
      assessmentId: string;
      personId: string;
      scores: Record<string, number>;
      round?: number;
      waitingOn?: string[];
    }): Promise<void> {
      const assessment = await db.assessment.findUniqueOrThrow({
        where: { id: assessmentId },
        select: { cycle: { select: { planId: true } } },
      });
      const criteria = await db.qualitativeCriterion.findMany({ where: { planId: assessment.cycle.planId } });
      await db.$transaction([
        db.evaluationScore.createMany({
          data: criteria
            .filter((c) => c.code in scores)
            .map((c) => ({ assessmentId, round, personId, criterionId: c.id, score: scores[c.code]! })),
          skipDuplicates: true,
        }),
        ...(waitingOn ? [db.assessment.update({ where: { id: assessmentId }, data: { waitingOn } })] : []),
      ]);
    },

    async recordResult(r: { assessmentId: string } & EvaluationResult): Promise<void> {
      await db.assessment.update({
        where: { id: r.assessmentId },
        data: {
          indicatorPart: r.indicatorPart,
          committeePart: r.committeePart,
          score: r.score,
          grade: r.grade,
        },
      });
    },

    async recordAudit(entry: AuditEntry): Promise<void> {
      await recordAudit(db, entry);
    },

    /** An audited change and the mail that announces it, committed together or not at all. */
    async recordAndNotify({ audit, notice }: { audit: AuditEntry; notice: NotifyRequest }): Promise<void> {
      await db.$transaction(async (tx) => {
        await recordAudit(tx, audit);
        await writeNotifications(tx, [notice]);
      });
    },
  };
}
