import { checkAllocationImport, readAllocationRows, type AllocationFacts } from './allocation-import';
import { parseCsv } from './csv';

const facts = (stored: Array<[string, number | null]> = []): AllocationFacts => ({
  period: { start: 2026, end: 2030 },
  summable: new Map([
    ['a.count', true],
    ['b.share', false],
  ]),
  units: new Map([
    ['c', { parent: null, retired: false }],
    ['c.a', { parent: 'c', retired: false }],
    ['c.b', { parent: 'c', retired: false }],
    ['c.a.g', { parent: 'c.a', retired: false }],
    ['c.old', { parent: 'c', retired: true }],
  ]),
  children: new Map([
    ['c', ['c.a', 'c.b']],
    ['c.a', ['c.a.g']],
  ]),
  stored: new Map(stored),
  rootTarget: (indicator, year) => (indicator === 'a.count' && year === 2026 ? 100 : null),
});

const read = (lines: string[]) =>
  readAllocationRows(parseCsv(['年度,指标编码,单位编码,目标', ...lines].join('\n')));

it('reads rows with their targets or 不适用, naming a bad cell by line and column', () => {
  const r = read([
    '2026,a.count,c.a,"1,200"',
    '2026,b.share,c.b,不适用',
    '20x6,a.count,c.b,5',
    '2026,a.count,c.b,-3',
  ]);
  expect(r.rows).toEqual([
    { line: 2, year: 2026, indicator: 'a.count', unit: 'c.a', value: 1200 },
    { line: 3, year: 2026, indicator: 'b.share', unit: 'c.b', value: null },
  ]);
  expect(r.issues).toEqual([
    { line: 4, column: 'year', problem: 'badYear', params: { value: '20x6' } },
    { line: 5, column: 'target', problem: 'badValue', params: { value: '-3' } },
  ]);
  expect(readAllocationRows(parseCsv('年度,单位编码\n2026,c.a')).issues).toEqual([
    { line: 1, column: 'indicator', problem: 'missingColumn' },
    { line: 1, column: 'target', problem: 'missingColumn' },
  ]);
});

it('refuses unknown codes, the root, retired units, duplicates and years outside the plan', () => {
  const { rows } = read([
    '2031,a.count,c.a,1',
    '2026,x.y,c.a,1',
    '2026,a.count,c.z,1',
    '2026,a.count,c.old,1',
    '2026,a.count,c,1',
    '2026,b.share,c.b,60',
    '2026,b.share,c.b,70',
  ]);
  expect(checkAllocationImport(rows, facts()).map((i) => [i.line, i.column, i.problem])).toEqual([
    [2, 'year', 'yearOutsidePlan'],
    [3, 'indicator', 'unknownIndicator'],
    [4, 'unit', 'unknownUnit'],
    [5, 'unit', 'retiredUnit'],
    [6, 'unit', 'rootUnit'],
    [8, 'unit', 'duplicate'],
  ]);
});

it('needs the children of each parent to add up to its target, counting the ones stored', () => {
  // The city's 100: c.a 60 in the file, c.b 40 stored; c.a's 60 all to c.a.g.
  const ok = read(['2026,a.count,c.a,60', '2026,a.count,c.a.g,60']).rows;
  expect(checkAllocationImport(ok, facts([['2026|a.count|c.b', 40]]))).toEqual([]);
  // Without c.b stored the city's children make 60 of 100.
  expect(checkAllocationImport(ok, facts())).toEqual([
    {
      line: 2,
      column: 'target',
      problem: 'sumMismatch',
      params: { parent: 'c', indicator: 'a.count', year: 2026, sum: 60, target: 100 },
    },
  ]);
  // Shares are held, not summed; a parent without a target is named.
  expect(checkAllocationImport(read(['2026,b.share,c.a,50']).rows, facts())).toEqual([]);
  expect(checkAllocationImport(read(['2027,a.count,c.a,5', '2027,a.count,c.b,5']).rows, facts())).toEqual([
    { line: 2, column: 'target', problem: 'noParentTarget', params: { parent: 'c', indicator: 'a.count' } },
  ]);
});
