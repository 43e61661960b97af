/**
 * 责令摘牌: revoking honours, one or every honour of a decision at once, with a reason. The register marks them
 * revoked and a revocation notice is issued (numbered in the office's series) that cites the original decision and
 * asks for the certificates and plaques back; the holders' units are mailed.
 */
import { wallClockAt } from '../../domain/time-zone';
import { documentNumber } from '../../domain/documents/numbering';
import { officialParts, resolveIssuers } from '../documents/official';
import type { Db } from '../../stores/db';
import { recordAudit } from '../../stores/audit';
import { issueDocument } from '../documents/archive';
import { render } from '../../templates/render';
import { AWARD_CATEGORIES, type AwardCategory } from '../../domain/awards/categories';

export interface RevocationDeps {
  db: Db;
  publicUrl: string;
  chromiumPath?: string;
}

export class RevocationError extends Error {
  override name = 'RevocationError';
}

export async function revokeHonours(
  deps: RevocationDeps,
  req: { honourIds: string[]; reason: string; returnBy: string; by: string; key: string },
): Promise<{ documentId: string; number: string; revoked: number }> {
  const { db } = deps;
  const honours = await db.honour.findMany({
    where: { id: { in: req.honourIds } },
    include: {
      organisation: { select: { nameZh: true, contacts: { select: { personId: true } } } },
      programme: {
        include: { rootOrganisation: { select: { nameZh: true, contacts: { select: { personId: true } } } } },
      },
    },
  });
  if (honours.length === 0) throw new RevocationError('no such honours');
  const programmes = new Set(honours.map((h) => h.programmeId));
  if (programmes.size > 1) throw new RevocationError('revoke the honours of one programme at a time');
  const p = honours[0]!.programme;
  const year = wallClockAt(new Date()).year;
  const decisionNumber = honours[0]!.decisionNumber;
  const issuers = await resolveIssuers(
    deps.db,
    [p.numberPrefix, ...p.jointIssuers],
    p.rootOrganisation.nameZh,
  );
  const doc = await issueDocument(deps, {
    kind: 'AWARD_REVOCATION',
    series: p.numberPrefix,
    year,
    key: req.key,
    issuedBy: req.by,
    build: (number, issuedAt) => {
      const title = `关于撤销${p.titleZh}部分荣誉称号的决定`;
      return {
        title,
        html: render('awards/revocation.hbs', {
          locale: 'zh-CN',
          doc: officialParts(issuers, { year, number, date: issuedAt }),
          title,
          decisionNumber,
          reason: req.reason,
          returnBy: req.returnBy,
          holders: honours.map((h) => ({
            name: h.holderName,
            unit: h.organisation.nameZh,
            honour: AWARD_CATEGORIES[h.category as AwardCategory]?.zh ?? h.category,
          })),
        }),
        data: {
          honours: honours.map((h) => h.id),
          decisionNumber,
          number: documentNumber(p.numberPrefix, year, number),
        },
      };
    },
    announce: async (d) => ({
      kind: 'AWARD_REVOKED' as const,
      recipients: [...new Set(honours.flatMap((h) => h.organisation.contacts.map((c) => c.personId)))],
      data: { programmeId: p.id, documentId: d.id, url: `${deps.publicUrl}/awards/revocations/${d.id}` },
    }),
  });
  const stored = await db.document.findUniqueOrThrow({ where: { id: doc.id }, select: { data: true } });
  const number = (stored.data as { number: string }).number;
  const { count } = await db.honour.updateMany({
    where: { id: { in: honours.map((h) => h.id) }, revokedAt: null },
    data: { revokedAt: new Date(), revokeReason: req.reason, revocationDocumentId: doc.id },
  });
  if (count > 0)
    await recordAudit(db, {
      actor: req.by,
      action: 'honour.revoked',
      subjectType: 'Document',
      subjectId: doc.id,
      detail: { honours: honours.map((h) => h.id), reason: req.reason },
    });
  return { documentId: doc.id, number, revoked: count };
}
