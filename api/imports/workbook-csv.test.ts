import ExcelJS from 'exceljs';
import { parseCsv } from '../../domain/csv';
import { columnLetter, workbookAsCsv } from './workbook-csv';

const isHeader = (cells: string[]) => cells.includes('单位编码');

async function book(fill: (ws: ExcelJS.Worksheet) => void, extraSheet = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (extraSheet) wb.addWorksheet('说明').getCell('A1').value = '填表说明';
  fill(wb.addWorksheet('单位'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

it('reads the sheet with a header row, each row on the CSV line of its number', async () => {
  const data = await book((ws) => {
    ws.mergeCells('A1:D1');
    ws.getCell('A1').value = '2026年基层单位名单';
    ws.addRow([]);
    ws.getRow(2).values = ['单位编码', '单位名称', '成立日期', '联系电话'];
    ws.getRow(3).values = [
      'c.d',
      { formula: '"新区"&"总工会"', result: '新区总工会' },
      new Date(Date.UTC(2026, 4, 1)),
      13800000000,
    ];
    ws.getRow(5).values = ['c.e', { richText: [{ text: '东' }, { text: '区, 工会' }] }, null, '0371-1234'];
  }, true);
  const r = await workbookAsCsv(data, isHeader);
  if ('problem' in r) throw new Error(r.problem);
  expect(r.sheet).toBe('单位');
  expect(r.header).toEqual(['单位编码', '单位名称', '成立日期', '联系电话']);
  // The merged title row is left out; blank rows keep their place.
  expect(parseCsv(r.csv)).toEqual([
    { line: 2, cells: ['单位编码', '单位名称', '成立日期', '联系电话'] },
    { line: 3, cells: ['c.d', '新区总工会', '2026-05-01', '13800000000'] },
    { line: 5, cells: ['c.e', '东区, 工会', '', '0371-1234'] },
  ]);
});

it('says a file is not a workbook, or has no header', async () => {
  expect(await workbookAsCsv(Buffer.from('code,name\nc.d,新区\n'), isHeader)).toEqual({
    problem: 'notSpreadsheet',
  });
  // A zip that is not a workbook.
  expect(await workbookAsCsv(Buffer.from('PK\x03\x04garbage'), isHeader)).toEqual({
    problem: 'notSpreadsheet',
  });
  const noHeader = await book((ws) => ws.addRow(['名称', '类型']));
  expect(await workbookAsCsv(noHeader, isHeader)).toEqual({ problem: 'noHeader' });
});

it('names columns by letter as Excel does', () => {
  expect([0, 1, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
});
