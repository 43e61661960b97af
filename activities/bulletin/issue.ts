/**
 * Issuing a bulletin: a snapshot of the cycle read from the database, its figures, the HTML (and a PDF where a
 * Chromium is available), archived as a Document numbered per year, and mailed to the cycle's distribution list
 * through the outbox. One period gives one bulletin: issuing it again returns the archived one unchanged.
 */
import { federationIssuer } from '../../stores/documents/issuers';
import { officialParts } from '../documents/official';
import { buildBulletin, type BulletinData } from '../../domain/bulletin';
import { bulletinHonours, distributionList, loadBulletinSnapshot } from '../../stores/bulletin/snapshot';
import type { Db } from '../../stores/db';
import { planToDateFor } from '../../stores/plan/period';
import { issueDocument } from '../documents/archive';
import { bulletinTitle, renderBulletinHtml } from './document';

export interface IssueBulletinRequest {
  cycleId: string;
  /** e.g. "2026-03" for a monthly bulletin, "year-end", or "manual-…" for one issued now. */
  periodKey: string;
  issuedBy: string;
}

export interface IssuedBulletin {
  id: string;
  number: number;
  periodKey: string;
  created: boolean;
}

export interface BulletinDeps {
  db: Db;
  publicUrl: string;
  chromiumPath?: string;
}

/** The bulletin's figures now, with where the plan period stands. */
async function bulletinContent(db: Db, cycleId: string): Promise<BulletinData> {
  const data = buildBulletin({
    ...(await loadBulletinSnapshot(db, cycleId, new Date())),
    honours: await bulletinHonours(db, cycleId),
  });
  return { ...data, planToDate: await planToDateFor(db, cycleId, data) };
}

/** Issues the cycle's bulletin for a period once, through the document archive (numbered 第 N 期 per year). */
export async function issueBulletin(deps: BulletinDeps, req: IssueBulletinRequest): Promise<IssuedBulletin> {
  const { db } = deps;
  const cycle = await db.cycle.findUniqueOrThrow({
    where: { id: req.cycleId },
    select: {
      year: true,
      calendar: true,
      rootOrganisationId: true,
      rootOrganisation: { select: { nameZh: true } },
    },
  });
  const key = `${req.cycleId}:${req.periodKey}`;
  // A period issued before is answered from the archive without building it again.
  const known = await db.document.findUnique({
    where: { kind_key: { kind: 'BULLETIN', key } },
    select: { id: true },
  });
  const data = known ? null : await bulletinContent(db, req.cycleId);
  const issuer = await federationIssuer(db, cycle.rootOrganisationId);
  const doc = await issueDocument(deps, {
    kind: 'BULLETIN',
    series: 'bulletin',
    year: cycle.year,
    key,
    cycleId: req.cycleId,
    periodKey: req.periodKey,
    issuedBy: req.issuedBy,
    build(number, issuedAt) {
      // Called only for a key not issued before, for which the bulletin was built above.
      const content = data!;
      const header = {
        year: cycle.year,
        number,
        federation: cycle.rootOrganisation.nameZh,
        issuedAt,
        calendar: cycle.calendar,
        doc: officialParts([issuer], { year: cycle.year, number, date: issuedAt }),
      };
      return {
        title: bulletinTitle('zh-CN', header).title,
        html: renderBulletinHtml(content, header),
        data: content,
      };
    },
    announce: async (d) => ({
      kind: 'BULLETIN',
      recipients: await distributionList(db, req.cycleId),
      data: {
        documentId: d.id,
        title: d.title,
        year: cycle.year,
        number: d.number,
        url: `${deps.publicUrl}/bulletins/${d.id}`,
      },
    }),
  });
  return { id: doc.id, number: doc.number, periodKey: req.periodKey, created: doc.created };
}

export type { BulletinData };
