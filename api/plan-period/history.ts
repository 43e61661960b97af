/**
 * Figures of the years a unit was not assessed in (before jingsai, or before it joined): imported by an admin from
 * a workbook or CSV (`/admin/plans/:code/history/import`, `POST /api/plans/:code/history/import`), or stated by
 * the unit on its form; listed with where each came from (`GET /api/plans/:code/history?unit=&year=`).
 */
import { Router } from 'express';
import { z } from 'zod';
import { historyColumnIndex, HISTORY_COLUMNS } from '../../domain/history-import';
import type { Db } from '../../stores/db';
import { historicalFigures } from '../../stores/plan/history';
import { checkHistoryFile, importHistoryFile } from '../../stores/plan/history-import';
import { HttpError } from '../errors';
import { planFileImportRoute } from '../imports/imported-csv';
import { planFileConsoleRouter } from '../imports/plan-file-console';
import { isHistoryHeader } from '../imports/workbook-csv';
import { parseBody } from '../validate';

const historyQuery = z
  .object({
    unit: z.string().trim().min(1).max(64).optional(),
    year: z.coerce.number().int().min(1900).max(2200).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export function planHistoryRouter({ db, secret }: { db: Db; secret: string }): Router {
  const router = Router();
  const check = (code: string, csv: string) => checkHistoryFile(db, code, csv);
  const write = (code: string, csv: string, actor: string) => importHistoryFile(db, code, csv, actor);

  router.use(
    planFileConsoleRouter(secret, {
      path: 'history/import',
      prefix: 'admin.historyImport',
      columns: HISTORY_COLUMNS,
      valueColumn: 'value',
      columnIndex: historyColumnIndex,
      isHeader: isHistoryHeader,
      check,
      write,
    }),
  );
  planFileImportRoute(router, '/api/plans/:code/history/import', { isHeader: isHistoryHeader, check, write });

  router.get('/api/plans/:code/history', async (req, res) => {
    const q = parseBody(historyQuery, req.query);
    const page = await historicalFigures(db, req.params.code, q);
    if (!page) throw new HttpError(404, 'not_found', `No plan "${req.params.code}".`);
    res.json({ limit: q.limit, offset: q.offset, ...page });
  });

  return router;
}
