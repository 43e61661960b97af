/**
 * A cycle's results as a spreadsheet (`GET /api/cycles/:id/results.xlsx`, admin; the dashboard links to it):
 * one sheet of results per unit, one of every indicator's target, figure and completion, one of every member's
 * score sheet per round. Chinese headers (English with `?lang=en`), number formats, frozen header rows, widths
 * that fit; streamed by ExcelJS's writer, a page of units at a time.
 */
import { Router } from 'express';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { cycleCriteriaOf, cycleResultRows } from '../../stores/cycle/results-export';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import { formatLocal } from '../../domain/time-zone';
import { HttpError } from '../errors';
import { isUuid } from '../validate';

const query = z.object({ lang: z.enum(['zh-CN', 'en']).optional().catch(undefined) });

const SCORE = '0.00';
const SHARE = '0.0%';

function sheet(
  book: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Array<Partial<ExcelJS.Column>>,
) {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  return ws;
}

export function cycleResultsExportRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/cycles/:id/results.xlsx', async (req, res) => {
    const id = req.params.id;
    const locale: Locale = query.parse(req.query).lang ?? 'zh-CN';
    const cycle = isUuid(id) ? await cycleCriteriaOf(db, id) : null;
    if (!cycle) throw new HttpError(404, 'not_found', `No cycle with id "${id}".`);
    const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="results-${cycle.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(t('export.results.file', { year: cycle.year }))}`,
    );
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: res,
      useStyles: true,
      useSharedStrings: false,
    });
    // Every sheet's rows start with the unit they are of.
    const unit = [
      { header: t('export.col.code'), key: 'code', width: 14 },
      { header: t('export.col.unit'), key: 'name', width: 24 },
    ];
    const results = sheet(book, t('export.results.sheet'), [
      ...unit,
      { header: t('export.col.parent'), key: 'parent', width: 20 },
      { header: t('export.col.kind'), key: 'kind', width: 16 },
      { header: t('export.col.stage'), key: 'stage', width: 12 },
      { header: t('export.col.status'), key: 'status', width: 12 },
      { header: t('field.indicatorPart'), key: 'indicatorPart', width: 14, style: { numFmt: SCORE } },
      { header: t('field.committeePart'), key: 'committeePart', width: 14, style: { numFmt: SCORE } },
      { header: t('field.score'), key: 'score', width: 10, style: { numFmt: SCORE } },
      { header: t('field.grade'), key: 'grade', width: 10 },
      { header: t('field.rank'), key: 'rank', width: 8 },
    ]);
    const indicators = sheet(book, t('export.indicators.sheet'), [
      ...unit,
      { header: t('field.indicator'), key: 'indicator', width: 36 },
      { header: t('field.target'), key: 'target', width: 12 },
      { header: t('field.actual'), key: 'actual', width: 12 },
      { header: t('field.completion'), key: 'completion', width: 12, style: { numFmt: SHARE } },
      { header: t('result.weight'), key: 'weight', width: 8 },
      { header: t('export.col.note'), key: 'note', width: 12 },
    ]);
    const criteria = cycle.plan.criteria;
    const sheets = sheet(book, t('export.sheets.sheet'), [
      ...unit,
      { header: t('export.col.round'), key: 'round', width: 8 },
      { header: t('result.member'), key: 'member', width: 12 },
      ...criteria.map((c) => ({ header: c.nameZh, key: `c:${c.code}`, width: 16, style: { numFmt: SCORE } })),
      { header: t('result.memberTotal'), key: 'total', width: 12, style: { numFmt: SCORE } },
      { header: t('result.scoredAt'), key: 'at', width: 18 },
    ]);
    for await (const u of cycleResultRows(db, id)) {
      results
        .addRow({
          ...u,
          kind: t(`org.kind.${u.kind}`),
          stage: t(`stage.${u.stage}`),
          status: t(`admin.status.${u.status}`),
          grade: u.grade ? t(`grade.${u.grade}`) : null,
        })
        .commit();
      for (const i of u.indicators)
        indicators
          .addRow({
            code: u.code,
            name: u.name,
            indicator: `${i.nameZh}（${i.unitZh}）`,
            target: i.notApplicable ? null : i.target,
            actual: i.actual,
            completion: i.actual === null ? null : i.completion,
            weight: i.weight,
            note: i.notApplicable ? t('page.notApplicable') : null,
          })
          .commit();
      for (const s of u.sheets)
        sheets
          .addRow({
            code: u.code,
            name: u.name,
            round: s.round + 1,
            member: s.name,
            ...Object.fromEntries(criteria.map((c) => [`c:${c.code}`, s.scores[c.code] ?? null])),
            total: s.total,
            // Beijing time as people read it; a spreadsheet date would be shown in UTC.
            at: formatLocal(s.scoredAt),
          })
          .commit();
    }
    results.commit();
    indicators.commit();
    sheets.commit();
    await book.commit();
  });

  return router;
}
