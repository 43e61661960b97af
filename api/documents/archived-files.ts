/** Serving an archived document at `<id>` (its HTML) or `<id>.pdf` (its A4 PDF), as every document route does. */
import type { Response } from 'express';
import { archivedPdf, type ArchiveDeps } from '../../activities/documents/archive';
import { HttpError } from '../errors';
import { isUuid } from '../validate';

/** The document id and whether the PDF is asked for; null for any other name. */
export function archivedFileName(file: string): { id: string; pdf: boolean } | null {
  const m = /^([0-9a-f-]{36})(\.pdf)?$/i.exec(file);
  return m && isUuid(m[1]!) ? { id: m[1]!, pdf: Boolean(m[2]) } : null;
}

/** The document's PDF, printed now if it was issued without one; 404 while there is no Chromium to print it. */
export async function sendArchivedPdf(
  res: Response,
  deps: Pick<ArchiveDeps, 'db' | 'chromiumPath'>,
  doc: { id: string; html: string; pdf: Uint8Array | null },
  fileName: string,
): Promise<void> {
  const pdf = await archivedPdf(deps, doc);
  if (!pdf)
    throw new HttpError(
      404,
      'no_pdf',
      "This document has no PDF yet: no Chromium is installed (install Debian's chromium or set CHROMIUM_PATH).",
      undefined,
      { key: 'error.http.noPdf' },
    );
  res
    .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${fileName}"` })
    .send(Buffer.from(pdf));
}
