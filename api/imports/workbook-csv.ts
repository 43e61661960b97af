/**
 * An uploaded Excel workbook read as the CSV its import already checks, row for row: the first sheet that has a
 * header row, each sheet row on the CSV line of the same number (so a problem on line 5 is on row 5 of the sheet),
 * title rows above the header left out, formulas read as their results, dates as YYYY-MM-DD, the cells a merge
 * covers left empty (only its first cell holds the value). A file that is not a workbook is said to be one.
 */
import ExcelJS from 'exceljs';
import { parseCsv } from '../../domain/csv';
import { ALLOCATION_COLUMNS } from '../../domain/allocation-import';
import { HISTORY_COLUMNS } from '../../domain/history-import';
import { IMPORT_COLUMNS } from '../../domain/organisation-import';

export type WorkbookProblem = 'notSpreadsheet' | 'noHeader';

export interface WorkbookCsv {
  sheet: string;
  csv: string;
  /** The header row's cells, for naming a column by its letter. */
  header: string[];
}

/** A .xlsx is a zip archive: it starts with "PK\x03\x04". */
export const looksLikeWorkbook = (data: Buffer) =>
  data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return '';
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v)
      return v.result instanceof Date ? v.result.toISOString().slice(0, 10) : String(v.result ?? '');
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return String(v);
}

const quoted = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * `isHeader` says which row holds the column names (it is looked for in the first 20 rows of each sheet).
 */
export async function workbookAsCsv(
  data: Buffer,
  isHeader: (cells: string[]) => boolean,
): Promise<WorkbookCsv | { problem: WorkbookProblem }> {
  if (!looksLikeWorkbook(data)) return { problem: 'notSpreadsheet' };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { problem: 'notSpreadsheet' };
  }
  for (const ws of book.worksheets) {
    const rowCells = (n: number) => {
      const row = ws.getRow(n);
      return Array.from({ length: Math.max(row.cellCount, ws.columnCount) }, (_, i) =>
        cellText(row.getCell(i + 1)),
      );
    };
    let headerRow = 0;
    for (let n = 1; n <= Math.min(20, ws.rowCount); n++)
      if (isHeader(rowCells(n).map((c) => c.trim()))) {
        headerRow = n;
        break;
      }
    if (headerRow === 0) continue;
    const lines: string[] = [];
    for (let n = 1; n <= ws.rowCount; n++)
      lines.push(n < headerRow ? '' : rowCells(n).map(quoted).join(',').replace(/,+$/, ''));
    return { sheet: ws.name, csv: lines.join('\n'), header: rowCells(headerRow).map((c) => c.trim()) };
  }
  return { problem: 'noHeader' };
}

/** A header row is one naming any of `names` (lower case, as the imports compare). */
const headerWith = (names: readonly string[]) => (cells: string[]) =>
  cells.some((c) => names.includes(c.toLowerCase()));

/** The header row of a units import names the unit code column; of a plan's file, the indicator's. */
export const isImportHeader = headerWith(IMPORT_COLUMNS.code);
export const isAllocationHeader = headerWith(ALLOCATION_COLUMNS.indicator);
export const isHistoryHeader = headerWith(HISTORY_COLUMNS.indicator);

/** An uploaded .xlsx (by its name or its content) as CSV; null for a CSV file or none. */
export async function uploadedWorkbook(
  file: { name: string; data: Buffer } | null,
  isHeader: (cells: string[]) => boolean,
) {
  if (!file || (!/\.xlsx$/i.test(file.name) && !looksLikeWorkbook(file.data))) return null;
  return workbookAsCsv(file.data, isHeader);
}

/** The header cells of a CSV (one a workbook was read as, sent back with its preview). */
export function headerOf(csv: string): string[] {
  try {
    return parseCsv(csv)[0]?.cells ?? [];
  } catch {
    return [];
  }
}
