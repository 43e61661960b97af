/**
 * What the API's imports share: a body carrying the file as CSV text or a base64 workbook, with a dry run first,
 * read as the CSV its import checks; and for the files of a plan (target allocations, historical figures) the one
 * route shape: every row checked, all rows or none, each problem named by line and column.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { UnknownPlanError } from '../../stores/plan/allocation-import';
import { HttpError } from '../errors';
import { parseBody } from '../validate';
import { workbookAsCsv } from './workbook-csv';

/** The tree's import, whose CSV may hold a province (100,000 units are about 13 MB). */
export const IMPORT_PATH = '/api/organisations/import';
export const IMPORT_BODY_LIMIT = '64mb';

export const importBody = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(24 * 1024 * 1024)
      .optional(),
    /** An .xlsx workbook, base64: its first sheet with a header row is read as the CSV would be. */
    xlsx: z.base64({ message: 'expected the workbook in base64' }).max(1_400_000).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine((b) => (b.csv === undefined) !== (b.xlsx === undefined), {
    message: 'send either csv or xlsx, one of them',
    path: ['csv'],
  });

/** The file of an import body as CSV: the CSV itself, or the workbook's sheet with a header row. */
export async function importedCsv(
  body: { csv?: string; xlsx?: string },
  isHeader: (cells: string[]) => boolean,
): Promise<string> {
  if (body.xlsx === undefined) return body.csv ?? '';
  const sheet = await workbookAsCsv(Buffer.from(body.xlsx, 'base64'), isHeader);
  if ('problem' in sheet)
    throw new HttpError(
      422,
      'invalid_workbook',
      sheet.problem === 'notSpreadsheet'
        ? 'The file is not an Excel workbook (.xlsx); nothing was written.'
        : 'No header row naming the columns in the first 20 rows of any sheet; nothing was written.',
    );
  return sheet.csv;
}

interface FileCheck {
  rows: unknown[];
  issues: Array<{ line: number; column?: string; problem: string; params?: Record<string, string | number> }>;
}

/** `POST path` (with `:code` the plan's) importing a plan's file: 200 for a clean dry run, 201 once written. */
export function planFileImportRoute(
  router: Router,
  path: string,
  spec: {
    isHeader(cells: string[]): boolean;
    check(planCode: string, csv: string): Promise<FileCheck>;
    write(planCode: string, csv: string, actor: string): Promise<FileCheck>;
  },
): void {
  router.post(path, async (req, res) => {
    const body = parseBody(importBody, req.body);
    const csv = await importedCsv(body, spec.isHeader);
    const code = String(req.params.code);
    let result;
    try {
      result = body.dryRun ? await spec.check(code, csv) : await spec.write(code, csv, req.admin!.email);
    } catch (err) {
      if (err instanceof UnknownPlanError) throw new HttpError(404, 'not_found', err.message);
      throw err;
    }
    if (result.issues.length > 0)
      throw new HttpError(
        422,
        'invalid_file',
        `The file has ${result.issues.length} problems; nothing was written.`,
        result.issues.map((i) => ({
          path: `line ${i.line}${i.column ? `, ${i.column}` : ''}`,
          message: i.problem,
          ...i,
        })),
      );
    res.status(body.dryRun ? 200 : 201).json({ rows: result.rows.length, imported: !body.dryRun });
  });
}
