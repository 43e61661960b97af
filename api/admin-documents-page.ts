/**
 * The register of documents (`/admin/documents`): every document the system issued — notices, bulletins, 公示,
 * award decisions, certificates, revocations — with its number, kind, title and date, filtered by kind and year,
 * each opening as issued (HTML, and its A4 PDF where one was printed).
 */
import { Router } from 'express';
import { z } from 'zod';
import { documentNumber } from '../domain/documents/numbering';
import { formatLocal } from '../domain/time-zone';
import type { Db } from '../stores/db';
import { archivedById, documentRegister } from '../stores/documents/queries';
import { translate, type Locale } from '../templates/render';
import { consoleContext, consoleMessage, consolePage, pager, PAGE_SIZE } from './admin-console';
import { sendArchivedHtml } from './pages';
import { archivedFileName } from './documents/archived-files';

const KINDS = [
  'NOTICE',
  'BULLETIN',
  'AWARD_PUBLICITY',
  'AWARD_DECISION',
  'AWARD_REVOCATION',
  'CERTIFICATE',
  'CYCLE_NOTICE',
  'URGING_NOTICE',
  'RESULTS_NOTICE',
  'PERIOD_SUMMARY',
] as const;
type DocumentKind = (typeof KINDS)[number];

const registerQuery = z.object({
  kind: z.enum(KINDS).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

/** A document's number as it is cited: 平工文〔2026〕3号 for an office's series, 第3期 for a bulletin. */
export function citedNumber(
  locale: Locale,
  d: { kind: DocumentKind; series: string; year: number; number: number | null },
): string {
  if (d.number === null) return '—';
  if (d.kind === 'BULLETIN') return translate(locale, 'admin.documents.issueNumber', { number: d.number });
  // A 公示 and a certificate are numbered in their own series but cited by title.
  if (d.kind === 'AWARD_PUBLICITY' || d.kind === 'CERTIFICATE') return String(d.number);
  return documentNumber(d.series, d.year, d.number);
}

export function adminDocumentsRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/admin/documents', async (req, res) => {
    const { locale } = consoleContext(res);
    const q = registerQuery.parse(req.query);
    const { total, rows } = await documentRegister(db, {
      kind: q.kind,
      year: q.year,
      take: PAGE_SIZE,
      skip: (q.page - 1) * PAGE_SIZE,
    });
    consolePage(req, res, 200, 'admin-documents', {
      titleKey: 'admin.documents.title',
      kinds: KINDS.map((k) => ({
        value: k,
        label: translate(locale, `admin.documents.kind.${k}`),
        selected: k === q.kind,
      })),
      year: q.year ?? '',
      total,
      documents: rows.map((d) => ({
        number: citedNumber(locale, d),
        kind: translate(locale, `admin.documents.kind.${d.kind}`),
        title: d.title,
        issuedAt: formatLocal(d.issuedAt),
        html: `/admin/documents/${d.id}`,
        pdf: d.hasPdf ? `/admin/documents/${d.id}.pdf` : null,
      })),
      pager: pager(req, total, q.page),
    });
  });

  router.get('/admin/documents/:file', async (req, res) => {
    const { locale } = consoleContext(res);
    const file = archivedFileName(String(req.params.file));
    const doc = file ? await archivedById(db, file.id) : null;
    if (!doc || (file!.pdf && !doc.pdf))
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(locale, 'admin.documents.unknown'),
        '/admin/documents',
      );
    if (!file!.pdf) return sendArchivedHtml(res, doc.html);
    res
      .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline' })
      .send(Buffer.from(doc.pdf!));
  });

  return router;
}
