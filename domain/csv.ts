/**
 * CSV as spreadsheets write it (RFC 4180): commas, double-quoted fields with "" for a quote, CRLF or LF line ends,
 * an optional UTF-8 byte-order mark. Each row keeps the 1-based line it starts on, so errors can point at it.
 */
export interface CsvRow {
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`CSV line ${line}: ${detail}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.trim() !== '') throw new CsvSyntaxError(line, 'a quote in the middle of an unquoted field');
      cell = '';
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (wasQuoted) {
      if (ch.trim() !== '') throw new CsvSyntaxError(line, 'text after a closing quote');
    } else cell += ch;
  }
  if (quoted) throw new CsvSyntaxError(rowLine, 'a quoted field is never closed');
  endRow();
  return rows;
}
