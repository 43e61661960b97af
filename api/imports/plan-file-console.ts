/**
 * Importing a plan's file in the console (target allocations at `/admin/plans/:code/allocation/import`, historical
 * figures at `/admin/plans/:code/history/import`): upload an Excel workbook or a CSV, see every problem by row and
 * column (for a workbook its sheet and the column's letter), or a preview of the rows; import them all at once.
 * Each file brings its own columns, checks and words (`prefix` names its messages).
 */
import { Router, type Request, type Response } from 'express';
import { UnknownPlanError } from '../../stores/plan/allocation-import';
import { translate } from '../../templates/render';
import { consoleContext, consoleCsrfValid, consoleMessage, consolePage } from '../admin-console';
import { FormTooLargeError, readMultipartForm } from '../multipart-form';
import { columnLetter, headerOf, uploadedWorkbook } from './workbook-csv';

const PREVIEW_ROWS = 500;

interface PlanFileRowView {
  line: number;
  year: number;
  indicator: string;
  unit: string;
  value: number | null;
}

interface PlanFileCheck {
  rows: PlanFileRowView[];
  issues: Array<{ line: number; column?: string; problem: string; params?: Record<string, string | number> }>;
}

export interface PlanFileConsoleSpec {
  /** The page's path under `/admin/plans/:code/`. */
  path: string;
  /** The messages' prefix: `${prefix}.title`, `.explain`, `.col.<column>`, `.problem.<problem>`, `.done`… */
  prefix: string;
  columns: Record<string, readonly string[]>;
  valueColumn: string;
  columnIndex(header: string[]): Partial<Record<string, number>>;
  isHeader(cells: string[]): boolean;
  check(planCode: string, csv: string): Promise<PlanFileCheck>;
  write(planCode: string, csv: string, actor: string): Promise<PlanFileCheck>;
}

export function planFileConsoleRouter(secret: string, spec: PlanFileConsoleSpec): Router {
  const router = Router();
  const base = (req: Request) => `/admin/plans/${encodeURIComponent(String(req.params.code))}`;
  const path = `/admin/plans/:code/${spec.path}`;

  const page = (req: Request, res: Response, status: number, view: Record<string, unknown>) =>
    consolePage(req, res, status, 'admin-plan-file-import', {
      titleKey: `${spec.prefix}.title`,
      titleParams: { plan: String(req.params.code) },
      prefix: spec.prefix,
      valueColumn: spec.valueColumn,
      plan: String(req.params.code),
      planHref: base(req),
      action: `${base(req)}/${spec.path}`,
      columns: Object.entries(spec.columns).map(([key, names]) => ({ key, names: names.join(' / ') })),
      ...view,
    });

  router.get(path, (req, res) => page(req, res, 200, {}));

  router.post(path, async (req, res) => {
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
    const sheet = await uploadedWorkbook(form.file, spec.isHeader);
    if (sheet && 'problem' in sheet)
      return page(req, res, 422, { problem: t(`admin.import.${sheet.problem}`) });
    const csv = sheet?.csv ?? form.file?.text ?? form.fields.csv ?? '';
    if (csv.trim() === '') return page(req, res, 422, { problem: t('admin.import.nothing') });
    const sheetName = sheet?.sheet ?? form.fields.sheet ?? '';
    let result: PlanFileCheck;
    try {
      result =
        form.fields.action === 'import'
          ? await spec.write(String(req.params.code), csv, ctx.admin.email)
          : await spec.check(String(req.params.code), csv);
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
    const letters = spec.columnIndex(sheet?.header ?? headerOf(csv));
    if (result.issues.length > 0)
      return page(req, res, 422, {
        csv,
        sheet: sheetName,
        issueCount: result.issues.length,
        issues: result.issues.map((i) => ({
          line: i.line || '—',
          column: i.column ? t(`${spec.prefix}.col.${i.column}`) : '',
          letter:
            sheetName && i.column && letters[i.column] !== undefined ? columnLetter(letters[i.column]!) : '',
          message: t(`${spec.prefix}.problem.${i.problem}`, i.params),
        })),
      });
    if (form.fields.action === 'import')
      return consoleMessage(
        req,
        res,
        200,
        'ok',
        t(`${spec.prefix}.done`, { count: result.rows.length }),
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
