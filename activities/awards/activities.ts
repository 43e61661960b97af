/**
 * What the award programme workflow records: nominations (with the files sent with them), vetting answers, ballots
 * and their delegations, statuses and objection findings. Every write is keyed so a retried activity changes
 * nothing; what it publishes is in publishing.ts.
 */
import type { Prisma } from '../../prisma/generated/client';
import type { AwardCategory } from '../../domain/awards/categories';
import { recordAudit } from '../../stores/audit';
import type { Db } from '../../stores/db';
import type {
  AwardStage,
  EligibilityVerdict,
  NominationRecord,
  NominationState,
} from '../../workflows/awards/contract';

export interface AwardDeps {
  db: Db;
  publicUrl: string;
  chromiumPath?: string;
}

export function createAwardActivities(deps: AwardDeps) {
  const { db } = deps;
  return {
    async recordNomination(r: {
      programmeId: string;
      nominationId: string;
      unitId: string;
      personId: string;
      category: AwardCategory;
      sequence: number;
      record: NominationRecord;
      checks: EligibilityVerdict[];
    }): Promise<void> {
      const data = {
        category: r.category,
        nomineeKind: r.record.nomineeKind,
        nomineeName: r.record.nomineeName,
        fields: r.record.fields as Prisma.InputJsonValue,
        deeds: r.record.deeds,
        summary: r.record.summary,
        earlierHonours: r.record.earlierHonours as Prisma.InputJsonValue,
        newAchievements: r.record.newAchievements,
        checks: r.checks as unknown as Prisma.InputJsonValue,
      };
      await db.$transaction(async (tx) => {
        const existing = await tx.nomination.findUnique({
          where: { id: r.nominationId },
          select: { id: true },
        });
        // The workflow's order wins: a nomination recorded before a lost workflow task may come back with another.
        await tx.nomination.upsert({
          where: { id: r.nominationId },
          update: { ...data, sequence: r.sequence },
          create: {
            ...data,
            id: r.nominationId,
            programmeId: r.programmeId,
            organisationId: r.unitId,
            sequence: r.sequence,
            createdBy: r.personId,
          },
        });
        // The files sent with the form, stored by the page before the workflow agreed: only this unit's, once.
        if (r.record.attachments?.length)
          await tx.nominationAttachment.updateMany({
            where: { id: { in: r.record.attachments }, nominationId: null, organisationId: r.unitId },
            data: { nominationId: r.nominationId },
          });
        await recordAudit(tx, {
          actor: r.personId,
          action: existing ? 'nomination.edited' : 'nomination.created',
          subjectType: 'Nomination',
          subjectId: r.nominationId,
          detail: { category: r.category, nominee: r.record.nomineeName },
        });
      });
    },

    async setNominationStatus(r: { ids: string[]; status: NominationState; reason: string | null }) {
      if (r.ids.length === 0) return;
      await db.nomination.updateMany({
        where: { id: { in: r.ids } },
        data: { status: r.status, statusReason: r.reason },
      });
    },

    async recordVetting(r: {
      departmentId: string;
      answers: Array<{ nominationId: string; objects: boolean; reason: string | null }>;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        const dept = await tx.vettingDepartment.findUniqueOrThrow({ where: { id: r.departmentId } });
        await tx.vettingAnswer.createMany({
          data: r.answers.map((a) => ({
            nominationId: a.nominationId,
            departmentId: r.departmentId,
            objects: a.objects,
            reason: a.reason,
          })),
          skipDuplicates: true,
        });
        for (const a of r.answers.filter((x) => x.objects))
          await tx.nomination.update({
            where: { id: a.nominationId },
            data: { status: 'VETOED', statusReason: `${dept.name}：${a.reason ?? ''}` },
          });
        await recordAudit(tx, {
          actor: dept.personId,
          action: 'nomination.vetted',
          subjectType: 'VettingDepartment',
          subjectId: r.departmentId,
          detail: { objections: r.answers.filter((a) => a.objects).map((a) => a.nominationId) },
        });
      });
    },

    /** A ballot, stored under its member; cast by `castBy` (the member, or its delegate). */
    async recordVotes(r: {
      personId: string;
      castBy?: string;
      programmeId?: string;
      votes: Array<{ nominationId: string; inFavour: boolean | null; score?: number | null }>;
    }) {
      await db.$transaction(async (tx) => {
        await tx.nominationVote.createMany({
          data: r.votes.map((v) => ({
            nominationId: v.nominationId,
            personId: r.personId,
            inFavour: v.inFavour,
            score: v.score ?? null,
          })),
          skipDuplicates: true,
        });
        await recordAudit(tx, {
          actor: r.castBy ?? r.personId,
          action: 'nomination.voted',
          subjectType: 'Person',
          subjectId: r.personId,
          detail: {
            votes: r.votes.length,
            ...(r.castBy && r.castBy !== r.personId ? { onBehalfOf: r.personId } : {}),
            ...(r.programmeId ? { programmeId: r.programmeId } : {}),
          },
        });
      });
    },

    async recordDelegation(r: { programmeId: string; from: string; to: string; by: string }) {
      await db.$transaction(async (tx) => {
        await tx.ballotDelegation.upsert({
          where: { programmeId_fromId: { programmeId: r.programmeId, fromId: r.from } },
          update: {},
          create: { programmeId: r.programmeId, fromId: r.from, toId: r.to, by: r.by },
        });
        await recordAudit(tx, {
          actor: r.by,
          action: 'award.ballot_delegated',
          subjectType: 'AwardProgramme',
          subjectId: r.programmeId,
          detail: { from: r.from, to: r.to },
        });
      });
    },

    async setProgrammeStage(r: { programmeId: string; stage: AwardStage }) {
      await db.awardProgramme.update({ where: { id: r.programmeId }, data: { status: r.stage } });
    },

    async recordObjectionFinding(r: {
      objectionId: string;
      upheld: boolean;
      note: string;
      by: string;
      withdraw: boolean;
    }) {
      await db.$transaction(async (tx) => {
        const o = await tx.awardObjection.update({
          where: { id: r.objectionId },
          data: {
            finding: r.upheld ? 'UPHELD' : 'UNFOUNDED',
            note: r.note,
            decidedBy: r.by,
            decidedAt: new Date(),
          },
        });
        if (r.withdraw)
          await tx.nomination.update({
            where: { id: o.nominationId },
            data: { status: 'WITHDRAWN_BY_OBJECTION', statusReason: r.note },
          });
        await recordAudit(tx, {
          actor: r.by,
          action: r.upheld ? 'objection.upheld' : 'objection.unfounded',
          subjectType: 'AwardObjection',
          subjectId: r.objectionId,
          detail: { note: r.note },
        });
      });
    },

    async countOpenObjections(r: { programmeId: string }): Promise<number> {
      return db.awardObjection.count({
        where: { finding: 'OPEN', nomination: { programmeId: r.programmeId, status: 'SELECTED' } },
      });
    },
  };
}
