/**
 * What the award programme workflow publishes: the 公示 (its window counted in working days on the calendar kept as
 * data; a supplement for nominees given freed places) and the award decision with the honours register and one
 * certificate per awardee. Every document is keyed so a retried activity issues nothing twice.
 */
import { documentNumber } from '../../domain/documents/numbering';
import { resolveIssuers } from '../documents/official';
import { Context } from '@temporalio/activity';
import type { Prisma } from '../../prisma/generated/client';
import { categoryInfo, type AwardCategory } from '../../domain/awards/categories';
import { wallClockAt, instantOf } from '../../domain/time-zone';
import { nextDate, workingDayWindow } from '../../domain/working-days';
import { loadWorkingCalendar } from '../../stores/awards/working-calendar';
import type { Db } from '../../stores/db';
import { officeContactLine } from '../../stores/awards/queries';
import { issueDocument } from '../documents/archive';
import { findChromium, openPdfPrinter } from '../documents/pdf';
import type { AwardDeps } from './activities';
import {
  certificateHtml,
  chineseDate,
  decisionHtml,
  decisionTitle,
  publicityHtml,
  publicityTitle,
  supplementKey,
  type ListedAwardee,
} from './documents';

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
  const issuers = await resolveIssuers(db, [p.numberPrefix, ...p.jointIssuers], p.rootOrganisation.nameZh);
  return {
    p,
    office: await officeContactLine(db, programmeId),
    h: {
      federation: issuers.map((i) => i.name).join('、'),
      title: p.titleZh,
      year: p.year,
      issuers,
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

export function createAwardPublishing(deps: AwardDeps) {
  const { db } = deps;
  return {
    /**
     * Publishes the 公示 once; its window opens today (or the next working day) for the programme's days. A
     * supplement (递补) publishes the nominees given freed places, under its own key and window.
     */
    async openPublicity(r: {
      programmeId: string;
      durationMs: number | null;
      nominationIds?: string[];
      supplement?: number;
    }) {
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
      const list = await listed(
        db,
        r.nominationIds
          ? { id: { in: r.nominationIds } }
          : { programmeId: r.programmeId, status: 'SELECTED' },
      );
      const supplement = r.supplement ?? null;
      const objectUrl = `${deps.publicUrl}/awards/${r.programmeId}/publicity`;
      const fmt = (d: string) => chineseDate(startOfLocalDay(d));
      const doc = await issueDocument(deps, {
        kind: 'AWARD_PUBLICITY',
        series: 'award-publicity',
        year: p.year,
        key: supplement ? supplementKey(r.programmeId, supplement) : r.programmeId,
        issuedBy: 'system:awards',
        build: (number, issuedAt) => ({
          title: publicityTitle(h, supplement),
          html: publicityHtml(h, {
            supplement,
            list,
            first: fmt(first),
            last: fmt(last),
            objectUrl,
            contact: office,
            number,
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
            number: documentNumber(p.numberPrefix, p.year, number),
            awarded: list.map((l) => l.id),
          },
        }),
      });
      const number = documentNumber(p.numberPrefix, p.year, decision.number);
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
