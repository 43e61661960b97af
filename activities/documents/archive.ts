/**
 * The document archive: issues any kind of document (a bulletin, a notice, a 公示, an award decision) exactly once
 * per key, numbered in its series and year under a lock (numbers run on, never reused), then finishes it: the A4
 * PDF, the audit entry, the mail. Each finishing step is idempotent and the row says when all were done, so an
 * activity retried after a crash completes a document whose row already exists instead of leaving it half issued.
 */
import type { DocumentKind, Prisma } from '../../prisma/generated/client';
import { recordAudit } from '../../stores/audit';
import { findChromium, renderPdf } from './pdf';
import type { Db } from '../../stores/db';
import { writeNotifications, type NotifyRequest } from '../mail/outbox';

export interface DocumentContent {
  title: string;
  html: string;
  data: unknown;
}

export interface IssueDocumentRequest {
  kind: DocumentKind;
  /** The numbering series, e.g. "bulletin" or an issuing office's prefix such as 平工文. */
  series: string;
  year: number;
  /** Unique per kind: the same key is never issued twice (e.g. a cycle and its period). */
  key: string;
  cycleId?: string | null;
  periodKey?: string;
  issuedBy: string;
  /** Builds the document once its number is known; runs inside the numbering lock, so keep it pure. */
  build(number: number, issuedAt: Date): DocumentContent;
  /** Who receives it, and the notification that announces it (keyed by the document, so sent once). */
  announce?(doc: IssuedDocument): Promise<Omit<NotifyRequest, 'key'> | null>;
}

export interface IssuedDocument {
  id: string;
  number: number;
  title: string;
  /** False when the key had been issued before (this call may still have finished it). */
  created: boolean;
}

export interface ArchiveDeps {
  db: Db;
  /** CHROMIUM_PATH; unset: Debian's chromium when installed (looked for at each issue); null: no PDFs. */
  chromiumPath?: string | null;
}

const ISSUED = 'document.issued';

/** Issues the document if its key is new, and finishes it in any case. */
export async function issueDocument(deps: ArchiveDeps, req: IssueDocumentRequest): Promise<IssuedDocument> {
  const { db } = deps;
  const created = await db.$transaction(async (tx) => {
    // One issuer at a time per series and year: numbers are consecutive and a key is never issued twice.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`document:${req.series}:${req.year}`}))`;
    const existing = await tx.document.findUnique({ where: { kind_key: { kind: req.kind, key: req.key } } });
    if (existing) return { row: existing, created: false };
    const last = await tx.document.aggregate({
      where: { series: req.series, year: req.year },
      _max: { number: true },
    });
    const number = (last._max.number ?? 0) + 1;
    const issuedAt = new Date();
    const content = req.build(number, issuedAt);
    const row = await tx.document.create({
      data: {
        kind: req.kind,
        series: req.series,
        year: req.year,
        key: req.key,
        cycleId: req.cycleId ?? null,
        periodKey: req.periodKey ?? req.key,
        number,
        title: content.title,
        html: content.html,
        data: content.data as Prisma.InputJsonValue,
        issuedAt,
      },
    });
    return { row, created: true };
  });
  const doc: IssuedDocument = {
    id: created.row.id,
    number: created.row.number ?? 0,
    title: created.row.title,
    created: created.created,
  };
  if (!created.row.finishedAt) await finish(deps, req, created.row, doc);
  return doc;
}

type DocumentRow = Awaited<ReturnType<Db['document']['create']>>;

async function finish(deps: ArchiveDeps, req: IssueDocumentRequest, row: DocumentRow, doc: IssuedDocument) {
  const { db } = deps;
  let hasPdf = row.pdf !== null;
  // Looked for when issuing, not once at start-up: a Chromium installed since is used.
  const chromium = findChromium(deps.chromiumPath);
  if (!hasPdf && chromium) {
    const pdf = await renderPdf(row.html, chromium);
    if (pdf) {
      await db.document.update({ where: { id: row.id }, data: { pdf: new Uint8Array(pdf) } });
      hasPdf = true;
    }
  }
  const audited = await db.auditLog.count({
    where: { action: ISSUED, subjectType: 'Document', subjectId: row.id },
  });
  if (audited === 0)
    await recordAudit(db, {
      actor: req.issuedBy,
      action: ISSUED,
      subjectType: 'Document',
      subjectId: row.id,
      detail: {
        kind: row.kind,
        series: row.series,
        year: row.year,
        number: row.number,
        key: row.key,
        pdf: hasPdf,
      },
    });
  const announcement = req.announce ? await req.announce(doc) : null;
  if (announcement) await writeNotifications(db, [{ ...announcement, key: `document:${row.id}` }]);
  await db.document.update({ where: { id: row.id }, data: { finishedAt: new Date() } });
}

/**
 * An archived document's PDF: the stored one, else printed now from its unchanged HTML and stored, when a Chromium
 * has appeared since it was issued; null while there is none.
 */
export async function archivedPdf(
  deps: Pick<ArchiveDeps, 'db' | 'chromiumPath'>,
  doc: { id: string; html: string; pdf: Uint8Array | null },
): Promise<Uint8Array | null> {
  if (doc.pdf) return doc.pdf;
  const chromium = findChromium(deps.chromiumPath);
  if (!chromium) return null;
  const pdf = new Uint8Array(await renderPdf(doc.html, chromium));
  await deps.db.document.update({ where: { id: doc.id }, data: { pdf } });
  return pdf;
}
