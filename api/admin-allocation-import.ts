/**
 * Importing target allocations in the console (`/admin/plans/:code/allocation/import`): upload an Excel workbook or
 * a CSV, see every problem by row and column (for a workbook its sheet and the column's letter), or a preview of
 * the rows; import them all at once. The same checks as the allocation page: targets add up to the parent's.
 */
import { Router, type Request, type Response } from 'express';
import { allocationColumnIndex, ALLOCATION_COLUMNS } from '../domain/allocation-import';
import type { Db } from '../stores/db';
import {
  checkAllocationFile,
  importAllocationFile,
  UnknownPlanError,
  type AllocationCheck,
} from '../stores/plan/allocation-import';
import { translate } from '../templates/render';
import { consoleContext, consoleCsrfValid, consoleMessage, consolePage } from './admin-console';
import { columnLetter, headerOf, isAllocationHeader, uploadedWorkbook } from './imports/workbook-csv';
import { FormTooLargeError, readMultipartForm } from './multipart-form';

const PREVIEW_ROWS = 500;

export function adminAllocationImportRouter({ db, secret }: { db: Db; secret: string }): Router {
  const router = Router();
  const base = (req: Request) => `/admin/plans/${encodeURIComponent(String(req.params.code))}`;

  const page = (req: Request, res: Response, status: number, view: Record<string, unknown>) =>
    consolePage(req, res, status, 'admin-allocation-import', {
      titleKey: 'admin.allocImport.title',
      titleParams: { plan: String(req.params.code) },
      plan: String(req.params.code),
      planHref: base(req),
      action: `${base(req)}/allocation/import`,
      columns: Object.entries(ALLOCATION_COLUMNS).map(([key, names]) => ({ key, names: names.join(' / ') })),
      ...view,
    });

  router.get('/admin/plans/:code/allocation/import', (req, res) => page(req, res, 200, {}));

  router.post('/admin/plans/:code/allocation/import', async (req, res) => {
    const ctx = consoleContext(res);
    const t = (key: string, params?: Record<string, unknown>) => translate(ctx.locale, key, params);
    let form;
    try {
      form = await readMultipartForm(req);
    } catch (err) {
      if (err instanceof FormTooLargeError)
        return page(req, res, 413, {
          problem: t('admin.import.tooLarge', { mb: Math.round(err.limitBytes / 1024 / 1024) }),
        });
      return page(req, res, 400, { problem: t('admin.import.unreadable') });
    }
    if (!consoleCsrfValid(secret, ctx, form.fields._csrf))
      return consoleMessage(req, res, 403, 'problem', t('admin.error.csrf'));
    const sheet = await uploadedWorkbook(form.file, isAllocationHeader);
    if (sheet && 'problem' in sheet)
      return page(req, res, 422, { problem: t(`admin.import.${sheet.problem}`) });
    const csv = sheet?.csv ?? form.file?.text ?? form.fields.csv ?? '';
    if (csv.trim() === '') return page(req, res, 422, { problem: t('admin.import.nothing') });
    const sheetName = sheet?.sheet ?? form.fields.sheet ?? '';
    let result: AllocationCheck;
    try {
      result =
        form.fields.action === 'import'
          ? await importAllocationFile(db, String(req.params.code), csv, ctx.admin.email)
          : await checkAllocationFile(db, String(req.params.code), csv);
    } catch (err) {
      if (err instanceof UnknownPlanError)
        return consoleMessage(
          req,
          res,
          404,
          'problem',
          t('admin.allocation.problem.unknownPlan', { code: err.code }),
          '/admin/plans',
        );
      throw err;
    }
    const letters = allocationColumnIndex(sheet?.header ?? headerOf(csv));
    if (result.issues.length > 0)
      return page(req, res, 422, {
        csv,
        sheet: sheetName,
        issueCount: result.issues.length,
        issues: result.issues.map((i) => ({
          line: i.line || '—',
          column: i.column ? t(`admin.allocImport.col.${i.column}`) : '',
          letter:
            sheetName && i.column && letters[i.column] !== undefined ? columnLetter(letters[i.column]!) : '',
          message: t(`admin.allocImport.problem.${i.problem}`, i.params),
        })),
      });
    if (form.fields.action === 'import')
      return consoleMessage(
        req,
        res,
        200,
        'ok',
        t('admin.allocImport.done', { count: result.rows.length }),
        base(req),
      );
    page(req, res, 200, {
      csv,
      sheet: sheetName,
      previewCount: result.rows.length,
      previewCut: result.rows.length > PREVIEW_ROWS,
      preview: result.rows.slice(0, PREVIEW_ROWS).map((r) => ({
        ...r,
        value: r.value === null ? t('page.notApplicable') : r.value,
      })),
    });
  });

  return router;
}
