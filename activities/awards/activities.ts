/**
 * What the award programme workflow records and issues: nominations, vetting answers, votes, statuses, findings,
 * the 公示 (its window counted in working days on the calendar kept as data) and the award decision with the
 * honours register and one certificate per awardee. Every write is keyed so a retried activity changes nothing.
 */
import { Context } from '@temporalio/activity';
import type { Prisma } from '../../prisma/generated/client';
import { categoryInfo, type AwardCategory } from '../../domain/awards/categories';
import { wallClockAt, instantOf } from '../../domain/time-zone';
import { nextDate, workingDayWindow } from '../../domain/working-days';
import { loadWorkingCalendar } from '../../stores/awards/working-calendar';
import { recordAudit } from '../../stores/audit';
import type { Db } from '../../stores/db';
import { officeContactLine } from '../../stores/awards/queries';
import { issueDocument } from '../documents/archive';
import { findChromium, openPdfPrinter } from '../documents/pdf';
import type {
  AwardStage,
  EligibilityVerdict,
  NominationRecord,
  NominationState,
} from '../../workflows/awards/contract';
import {
  certificateHtml,
  chineseDate,
  decisionHtml,
  decisionTitle,
  publicityHtml,
  type ListedAwardee,
} from './documents';

export interface AwardDeps {
  db: Db;
  publicUrl: string;
  chromiumPath?: string;
}

const localDate = (d: Date) => {
  const w = wallClockAt(d);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
};
const startOfLocalDay = (date: string) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantOf({ year, month, day, hour: 0, minute: 0, second: 0 });
};

async function header(db: Db, programmeId: string) {
  const p = await db.awardProgramme.findUniqueOrThrow({
    where: { id: programmeId },
    include: { rootOrganisation: { select: { nameZh: true } } },
  });
  return {
    p,
    office: await officeContactLine(db, programmeId),
    h: {
      federation: p.rootOrganisation.nameZh,
      title: p.titleZh,
      year: p.year,
      numberPrefix: p.numberPrefix,
    },
  };
}

async function listed(
  db: Db,
  where: Prisma.NominationWhereInput,
): Promise<Array<ListedAwardee & { id: string }>> {
  const rows = await db.nomination.findMany({
    where,
    orderBy: { sequence: 'asc' },
    select: {
      id: true,
      category: true,
      nomineeName: true,
      fields: true,
      organisation: { select: { nameZh: true } },
    },
  });
  return rows.map((r) => {
    const f = r.fields as Record<string, unknown>;
    return {
      id: r.id,
      category: r.category,
      nomineeName: r.nomineeName,
      unit: typeof f.workUnit === 'string' && f.workUnit ? f.workUnit : r.organisation.nameZh,
      position: typeof f.position === 'string' ? f.position : null,
    };
  });
}

async function printCertificates(db: Db, programmeId: string, chromiumPath: string) {
  const missing = await db.document.findMany({
    where: { kind: 'CERTIFICATE', series: `certificate:${programmeId}`, pdf: null },
    select: { id: true, html: true },
  });
  if (missing.length === 0) return;
  const printer = await openPdfPrinter(chromiumPath);
  try {
    for (const doc of missing) {
      await db.document.update({
        where: { id: doc.id },
        data: { pdf: new Uint8Array(await printer.print(doc.html)) },
      });
      Context.current().heartbeat();
    }
  } finally {
    await printer.close();
  }
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

    async recordVotes(r: {
      personId: string;
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
          actor: r.personId,
          action: 'nomination.voted',
          subjectType: 'Person',
          subjectId: r.personId,
          detail: { votes: r.votes.length },
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

    /** Publishes the 公示 once; its window opens today (or the next working day) for the programme's days. */
    async openPublicity(r: { programmeId: string; durationMs: number | null }) {
      const { p, h, office } = await header(db, r.programmeId);
      const now = new Date();
      const cal = p.calendar as { publicity: { workingDays?: number } };
      let first: string, last: string, endsAt: Date;
      if (r.durationMs !== null) {
        endsAt = new Date(now.getTime() + r.durationMs);
        first = localDate(now);
        last = localDate(endsAt);
      } else {
        const window = workingDayWindow(
          localDate(now),
          cal.publicity.workingDays ?? 5,
          await loadWorkingCalendar(db),
        );
        ({ first, last } = window);
        endsAt = startOfLocalDay(nextDate(last));
      }
      const list = await listed(db, { programmeId: r.programmeId, status: 'SELECTED' });
      const objectUrl = `${deps.publicUrl}/awards/${r.programmeId}/publicity`;
      const fmt = (d: string) => chineseDate(startOfLocalDay(d));
      const doc = await issueDocument(deps, {
        kind: 'AWARD_PUBLICITY',
        series: 'award-publicity',
        year: p.year,
        key: r.programmeId,
        issuedBy: 'system:awards',
        build: (_number, issuedAt) => ({
          title: `关于${h.title}拟表彰对象的公示`,
          html: publicityHtml(h, {
            list,
            first: fmt(first),
            last: fmt(last),
            objectUrl,
            contact: office,
            issuedAt,
          }),
          data: {
            programmeId: r.programmeId,
            first,
            last,
            endsAt: endsAt.toISOString(),
            nominations: list.map((l) => l.id),
          },
        }),
      });
      const stored = await db.document.findUniqueOrThrow({ where: { id: doc.id }, select: { data: true } });
      const d = stored.data as { first: string; last: string; endsAt: string };
      return { documentId: doc.id, first: d.first, last: d.last, endsAt: d.endsAt, url: objectUrl };
    },

    /** Issues the award decision, enters each honour in the register and issues its certificate. */
    async issueAwardDecision(r: { programmeId: string; awarded: string[] }) {
      const { p, h } = await header(db, r.programmeId);
      const list = await listed(db, { id: { in: r.awarded } });
      const decision = await issueDocument(deps, {
        kind: 'AWARD_DECISION',
        series: p.numberPrefix,
        year: p.year,
        key: r.programmeId,
        issuedBy: 'system:awards',
        build: (number, issuedAt) => ({
          title: decisionTitle(h),
          html: decisionHtml(h, { list, number, issuedAt }),
          data: {
            programmeId: r.programmeId,
            number: `${p.numberPrefix}〔${p.year}〕${number}号`,
            awarded: list.map((l) => l.id),
          },
        }),
      });
      const number = `${p.numberPrefix}〔${p.year}〕${decision.number}号`;
      const awardedOn = new Date(`${localDate(new Date())}T00:00:00Z`);
      const rows = await db.nomination.findMany({ where: { id: { in: r.awarded } } });
      for (const n of rows) {
        const term = categoryInfo(n.category as AwardCategory).termYears;
        await db.honour.upsert({
          where: { nominationId: n.id },
          update: {},
          create: {
            programmeId: r.programmeId,
            nominationId: n.id,
            category: n.category,
            level: p.level,
            holderName: n.nomineeName,
            organisationId: n.organisationId,
            decisionDocumentId: decision.id,
            decisionNumber: number,
            awardedOn,
            expiresOn: term
              ? new Date(
                  Date.UTC(
                    awardedOn.getUTCFullYear() + term,
                    awardedOn.getUTCMonth(),
                    awardedOn.getUTCDate(),
                  ),
                )
              : null,
          },
        });
      }
      await db.nomination.updateMany({ where: { id: { in: r.awarded } }, data: { status: 'AWARDED' } });
      // Certificates are archived as HTML first, then printed in one Chromium (resumable: only those without a PDF).
      for (const awardee of list) {
        Context.current().heartbeat();
        await issueDocument(
          { db },
          {
            kind: 'CERTIFICATE',
            series: `certificate:${r.programmeId}`,
            year: p.year,
            key: awardee.id,
            issuedBy: 'system:awards',
            build: (serial, issuedAt) => ({
              title: `荣誉证书 ${awardee.nomineeName}`,
              html: certificateHtml(h, { awardee, decisionNumber: number, serial, issuedAt }),
              data: { programmeId: r.programmeId, nominationId: awardee.id },
            }),
          },
        );
      }
      const chromium = findChromium(deps.chromiumPath);
      if (chromium) await printCertificates(db, r.programmeId, chromium);
      return { documentId: decision.id, number, url: `${deps.publicUrl}/awards/${r.programmeId}/decision` };
    },
  };
}
