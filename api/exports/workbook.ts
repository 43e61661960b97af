/**
 * Spreadsheets as the office opens them: one sheet per table, headers in the reader's language, bold and frozen,
 * widths that fit, number formats per column. Written by ExcelJS's streaming writer row by row from pages read
 * one after another, so a table of 100,000 rows is never held whole.
 */
import type { Request, Response } from 'express';
import ExcelJS from 'exceljs';
import type { Locale } from '../../templates/render';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `?format=xlsx`, or an Accept header that asks for a workbook. */
export function wantsXlsx(req: Request): boolean {
  return req.query.format === 'xlsx' || (req.headers.accept ?? '').includes(XLSX_TYPE);
}

/** The headers' language: `?lang=en`, else Chinese. */
export const localeQuery = (req: Request): Locale => (req.query.lang === 'en' ? 'en' : 'zh-CN');

/** The query without the export's own parameters, for the list's own checks. */
export function listParams(req: Request): Record<string, unknown> {
  const { format: _format, lang: _lang, ...rest } = req.query as Record<string, unknown>;
  return rest;
}

export interface ColumnSpec {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

export interface SheetSpec {
  name: string;
  columns: ColumnSpec[];
  rows: AsyncIterable<Record<string, unknown>>;
}

export const SHARE_FORMAT = '0.0%';
export const SCORE_FORMAT = '0.00';

/**
 * Rows read a page at a time, each page after the last row of the one before (keyset: a deep page costs what the
 * first does, where an offset would read and skip every row before it), until a page comes back short.
 */
export async function* paged<T>(
  read: (after: NoInfer<T> | undefined, take: number) => Promise<T[]>,
  size = 1000,
) {
  let after: T | undefined;
  for (;;) {
    const page = await read(after, size);
    yield* page;
    if (page.length < size) return;
    after = page[page.length - 1];
  }
}

/** Each row read, as its sheet's cells. */
export async function* mapRows<T>(rows: AsyncIterable<T>, cells: (row: T) => Record<string, unknown>) {
  for await (const row of rows) yield cells(row);
}

/** Rows already in memory (a small table), as the writer takes them. */
export async function* listed<T>(rows: readonly T[]) {
  yield* rows;
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

export async function streamWorkbook(
  res: Response,
  file: { ascii: string; name: string },
  sheets: SheetSpec[],
): Promise<void> {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${file.ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  );
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: res,
    useStyles: true,
    useSharedStrings: false,
  });
  for (const spec of sheets) {
    const ws = book.addWorksheet(sheetName(spec.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for await (const row of spec.rows) ws.addRow(row).commit();
    ws.commit();
  }
  await book.commit();
}
