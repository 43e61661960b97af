/**
 * Bulletins: issue one now for a cycle, list the archive, and download each as HTML or PDF. The archived document
 * is what was issued; later data never changes it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { issueBulletin } from '../activities/bulletin/issue';
import { archivedFileName, sendArchivedPdf } from './documents/archived-files';
import { BulletinError } from '../stores/bulletin/snapshot';
import { cycleExists } from '../stores/cycle/queries';
import type { Db } from '../stores/db';
import { bulletinWithData, findArchivedDocument, listDocuments } from '../stores/documents/queries';
import type { BulletinData } from '../domain/bulletin';
import { bulletinWorkbook } from './exports/bulletin';
import { localeQuery, wantsXlsx } from './exports/workbook';
import { formatLocal } from '../domain/time-zone';
import { HttpError } from './errors';
import { sendArchivedHtml } from './pages';
import { parseBody, parseId } from './validate';

const issueBody = z
  .object({
    by: z.string().min(1).max(200),
    period: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9:_-]{0,39}$/, 'letters, digits, "-", "_" or ":", at most 40')
      .optional(),
  })
  .strict();

const listQuery = z
  .object({
    cycle: z.uuid({ message: 'expected a cycle id' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export interface BulletinRouteDeps {
  db: Db;
  publicUrl: string;
  chromiumPath?: string;
}

export function bulletinsRouter(deps: BulletinRouteDeps): Router {
  const { db } = deps;
  const router = Router();

  router.post('/api/cycles/:id/bulletins', async (req, res) => {
    const cycleId = parseId(req.params.id, 'cycle');
    const body = parseBody(issueBody, req.body);
    if (!(await cycleExists(db, cycleId)))
      throw new HttpError(404, 'not_found', `No cycle with id "${cycleId}".`);
    // Issued now, a bulletin covers up to this minute unless the caller names its period.
    const periodKey = body.period ?? `now-${formatLocal(new Date()).replace(' ', 'T')}`;
    try {
      const issued = await issueBulletin(deps, { cycleId, periodKey, issuedBy: body.by });
      res.status(issued.created ? 201 : 200).json(issued);
    } catch (err) {
      if (err instanceof BulletinError) throw new HttpError(422, 'bulletin_failed', err.message);
      throw err;
    }
  });

  router.get('/api/bulletins', async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const { total, rows } = await listDocuments(db, {
      kind: 'BULLETIN',
      cycleId: q.cycle,
      take: q.limit,
      skip: q.offset,
    });
    res.json({
      total,
      bulletins: rows.map(({ hasPdf, ...r }) => ({
        ...r,
        html: `/bulletins/${r.id}`,
        pdf: hasPdf ? `/bulletins/${r.id}.pdf` : null,
      })),
    });
  });

  // One bulletin's tables, as issued: JSON, or a workbook with ?format=xlsx (Accept works too).
  router.get('/api/bulletins/:id', async (req, res) => {
    const doc = await bulletinWithData(db, parseId(req.params.id, 'bulletin'));
    if (!doc) throw new HttpError(404, 'not_found', `No bulletin with id "${req.params.id}".`);
    const data = doc.data as unknown as BulletinData;
    if (wantsXlsx(req))
      return bulletinWorkbook(res, { data, year: doc.year, number: doc.number }, localeQuery(req));
    res.json({ ...doc, data });
  });

  router.get('/bulletins/:file', async (req, res) => {
    const file = archivedFileName(req.params.file);
    const doc = file ? await findArchivedDocument(db, file.id, 'BULLETIN') : null;
    if (!doc) throw new HttpError(404, 'not_found', `No bulletin "${req.params.file}".`);
    if (!file!.pdf) return sendArchivedHtml(res, doc.html);
    await sendArchivedPdf(res, deps, doc, `bulletin-${doc.cycle?.year ?? ''}-${doc.number ?? ''}.pdf`);
  });

  return router;
}
