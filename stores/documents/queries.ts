/** Reading the archive: lists of issued documents and one document's HTML or PDF, by kind. */
import type { DocumentKind } from '../../prisma/generated/client';
import type { Db } from '../db';

export async function listDocuments(
  db: Db,
  q: { kind: DocumentKind; cycleId?: string; take: number; skip: number },
) {
  const where = { kind: q.kind, ...(q.cycleId ? { cycleId: q.cycleId } : {}) };
  const [total, rows] = await Promise.all([
    db.document.count({ where }),
    db.document.findMany({
      where,
      orderBy: [{ issuedAt: 'desc' }],
      take: q.take,
      skip: q.skip,
      select: { id: true, cycleId: true, periodKey: true, number: true, title: true, issuedAt: true },
    }),
  ]);
  // Which have a PDF, asked apart so the list never loads the PDFs themselves.
  const withPdf = await db.document.findMany({
    where: { id: { in: rows.map((r) => r.id) }, pdf: { not: null } },
    select: { id: true },
  });
  const pdfIds = new Set(withPdf.map((r) => r.id));
  return { total, rows: rows.map((r) => ({ ...r, hasPdf: pdfIds.has(r.id) })) };
}

/** What is served of an archived document: exactly what was issued. */
export function findArchivedDocument(db: Db, id: string, kind: DocumentKind) {
  return db.document.findFirst({
    where: { id, kind },
    select: { id: true, html: true, pdf: true, number: true, cycle: { select: { year: true } } },
  });
}

/** An archived bulletin with the data it was built from, for its JSON and its workbook. */
export function bulletinWithData(db: Db, id: string) {
  return db.document.findFirst({
    where: { id, kind: 'BULLETIN' },
    select: { id: true, title: true, number: true, year: true, periodKey: true, issuedAt: true, data: true },
  });
}

/** The register of every document issued, newest first, optionally of one kind or year. */
export async function documentRegister(
  db: Db,
  q: { kind?: DocumentKind; year?: number; take: number; skip: number },
) {
  const where = { ...(q.kind ? { kind: q.kind } : {}), ...(q.year ? { year: q.year } : {}) };
  const [total, rows] = await Promise.all([
    db.document.count({ where }),
    db.document.findMany({
      where,
      orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }],
      take: q.take,
      skip: q.skip,
      select: { id: true, kind: true, series: true, year: true, number: true, title: true, issuedAt: true },
    }),
  ]);
  const withPdf = await db.document.findMany({
    where: { id: { in: rows.map((r) => r.id) }, pdf: { not: null } },
    select: { id: true },
  });
  const pdfIds = new Set(withPdf.map((r) => r.id));
  return { total, rows: rows.map((r) => ({ ...r, hasPdf: pdfIds.has(r.id) })) };
}

/** Any archived document, as issued, for the console. */
export function archivedById(db: Db, id: string) {
  return db.document.findUnique({
    where: { id },
    select: { id: true, kind: true, html: true, pdf: true, number: true },
  });
}

/** An issued document as another cites it: its title and its number as issued (平工文〔2026〕3号). */
export async function citedDocument(db: Db, id: string) {
  const doc = await db.document.findUnique({ where: { id }, select: { id: true, title: true, data: true } });
  if (!doc) return null;
  const number = (doc.data as { number?: unknown } | null)?.number;
  return { id: doc.id, title: doc.title, number: typeof number === 'string' ? number : '' };
}
