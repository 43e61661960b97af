import { CsvSyntaxError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM and blank lines, with line numbers', () => {
    const rows = parseCsv('\ufeffcode,name\r\nA, 甲 \r\n\r\n"B","乙, ""丙"""\n"C","two\nlines"\nD,last');
    expect(rows).toEqual([
      { line: 1, cells: ['code', 'name'] },
      { line: 2, cells: ['A', '甲'] },
      { line: 4, cells: ['B', '乙, "丙"'] },
      { line: 5, cells: ['C', 'two\nlines'] },
      { line: 7, cells: ['D', 'last'] },
    ]);
  });

  it('keeps empty cells', () => {
    expect(parseCsv('a,,c\n,,\n')).toEqual([
      { line: 1, cells: ['a', '', 'c'] },
      { line: 2, cells: ['', '', ''] },
    ]);
  });

  it('refuses an unclosed quote and stray quotes, naming the line', () => {
    expect(() => parseCsv('a,b\n"x,y\n')).toThrow(new CsvSyntaxError(2, 'a quoted field is never closed'));
    expect(() => parseCsv('a,b\nx"y,z')).toThrow(/line 2: a quote in the middle/);
    expect(() => parseCsv('"a"b,c')).toThrow(/line 1: text after a closing quote/);
  });
});
