/**
 * The honours register as a spreadsheet (`GET /api/honours.xlsx`, admin; the console's register links to it with
 * its search): every honour with holder, unit, category, level, programme, decision number, dates and status,
 * under the same filters as the page. Chinese headers (English with `?lang=en`); streamed a page at a time.
 */
import { Router } from 'express';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { honoursRegister } from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import { honourView } from '../awards/honour-view';
import { parseBody } from '../validate';

const query = z
  .object({
    q: z.string().max(50).optional(),
    category: z.string().max(40).optional(),
    lang: z.enum(['zh-CN', 'en']).optional().catch(undefined),
  })
  .strict();

const PAGE = 1000;

export function honoursRegisterExportRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/honours.xlsx', async (req, res) => {
    const q = parseBody(query, req.query);
    const locale: Locale = q.lang ?? 'zh-CN';
    const t = (key: string) => translate(locale, key);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="honours.xlsx"; filename*=UTF-8''${encodeURIComponent(`${t('admin.honours.title')}.xlsx`)}`,
    );
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: res,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = book.addWorksheet(t('admin.honours.title'), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
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
    ];
    ws.getRow(1).font = { bold: true };
    const today = new Date();
    for (let skip = 0; ; skip += PAGE) {
      const [, honours] = await honoursRegister(db, { search: q.q, category: q.category, take: PAGE, skip });
      for (const h of honours)
        ws.addRow({
          ...honourView(locale, h, today),
          code: h.organisation.code,
          unit: h.organisation.nameZh,
          programme: h.programme.titleZh,
          revokeReason: h.revokeReason ?? '',
        }).commit();
      if (honours.length < PAGE) break;
    }
    ws.commit();
    await book.commit();
  });

  return router;
}
