/**
 * The honours register as a spreadsheet (`GET /api/honours.xlsx`, admin; the console's register links to it with
 * its search): every honour with holder, unit, category, level, programme, decision number, dates and status,
 * under the same filters as the page. Chinese headers (English with `?lang=en`); streamed a page at a time.
 */
import { Router } from 'express';
import { z } from 'zod';
import { honoursRegister } from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate } from '../../templates/render';
import { honourView } from '../awards/honour-view';
import { parseBody } from '../validate';
import { listParams, localeQuery, mapRows, paged, streamWorkbook } from './workbook';

const query = z
  .object({ q: z.string().max(50).optional(), category: z.string().max(40).optional() })
  .strict();

export function honoursRegisterExportRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/honours.xlsx', async (req, res) => {
    const q = parseBody(query, listParams(req));
    const locale = localeQuery(req);
    const t = (key: string) => translate(locale, key);
    const today = new Date();
    let skip = 0;
    await streamWorkbook(res, { ascii: 'honours.xlsx', name: `${t('admin.honours.title')}.xlsx` }, [
      {
        name: t('admin.honours.title'),
        columns: [
          { header: t('admin.honours.holder'), key: 'holder', width: 24 },
          { header: t('export.col.code'), key: 'code', width: 14 },
          { header: t('admin.awards.unit'), key: 'unit', width: 24 },
          { header: t('awards.field.category'), key: 'category', width: 16 },
          { header: t('admin.honours.level'), key: 'level', width: 8 },
          { header: t('export.col.programme'), key: 'programme', width: 30 },
          { header: t('admin.honours.number'), key: 'number', width: 20 },
          { header: t('admin.honours.awardedOn'), key: 'awardedOn', width: 12 },
          { header: t('admin.honours.expiresOn'), key: 'expiresOn', width: 12 },
          { header: t('awards.page.status'), key: 'status', width: 8 },
          { header: t('admin.honours.reason'), key: 'revokeReason', width: 30 },
        ],
        // The register is a few thousand rows at most: read by offset, in the page's order.
        rows: mapRows(
          paged(async (_after: unknown, take: number) => {
            const [, rows] = await honoursRegister(db, { search: q.q, category: q.category, take, skip });
            skip += rows.length;
            return rows;
          }),
          (h) => ({
            ...honourView(locale, h, today),
            code: h.organisation.code,
            unit: h.organisation.nameZh,
            programme: h.programme.titleZh,
            revokeReason: h.revokeReason ?? '',
          }),
        ),
      },
    ]);
  });

  return router;
}
