import { parseCsv } from './csv';
import { checkHistoryImport, readHistoryRows, type HistoryFacts } from './history-import';

const facts: HistoryFacts = {
  period: { start: 2011, end: 2015 },
  measures: new Map([
    ['a.count', 'COUNT'],
    ['b.share', 'SHARE'],
    ['g.amount', 'AMOUNT'],
  ]),
  units: new Map([
    ['c', { parent: null, retired: false }],
    ['c.a', { parent: 'c', retired: false }],
    ['c.b', { parent: 'c', retired: false }],
    ['c.old', { parent: 'c', retired: true }],
  ]),
  assessed: new Set(['2012|c.a']),
  currentYear: 2014,
};

const read = (lines: string[]) =>
  readHistoryRows(parseCsv(['年度,指标编码,单位编码,年终完成数', ...lines].join('\n')));

it('reads each row with its figure, naming a bad cell by line and column', () => {
  const r = read([
    '2011,a.count,c.a,"1,200"',
    '2011,g.amount,c.b,12.5',
    '20x1,a.count,c.b,5',
    '2011,a.count,c.b,-3',
  ]);
  expect(r.rows).toEqual([
    { line: 2, year: 2011, indicator: 'a.count', unit: 'c.a', value: 1200 },
    { line: 3, year: 2011, indicator: 'g.amount', unit: 'c.b', value: 12.5 },
  ]);
  expect(r.issues).toEqual([
    { line: 4, column: 'year', problem: 'badYear', params: { value: '20x1' } },
    { line: 5, column: 'value', problem: 'badValue', params: { value: '-3' } },
  ]);
  expect(readHistoryRows(parseCsv('year,unit\n2011,c.a')).issues).toEqual([
    { line: 1, column: 'indicator', problem: 'missingColumn' },
    { line: 1, column: 'value', problem: 'missingColumn' },
  ]);
});

it('refuses rows outside the plan or the tree, years assessed or not over, and figures the measure forbids', () => {
  const { rows } = read([
    '2010,a.count,c.a,1',
    '2011,x.y,c.a,1',
    '2011,a.count,c.z,1',
    '2011,a.count,c.old,1',
    '2011,a.count,c,1',
    '2012,a.count,c.a,1',
    '2014,a.count,c.b,1',
    '2011,a.count,c.b,1.5',
    '2011,b.share,c.b,120',
    '2011,b.share,c.a,60',
    '2011,b.share,c.a,70',
    '2012,g.amount,c.b,3.25',
  ]);
  expect(checkHistoryImport(rows, facts).map((i) => [i.line, i.column, i.problem])).toEqual([
    [2, 'year', 'yearOutsidePlan'],
    [3, 'indicator', 'unknownIndicator'],
    [4, 'unit', 'unknownUnit'],
    [5, 'unit', 'retiredUnit'],
    [6, 'unit', 'rootUnit'],
    [7, 'year', 'yearAssessed'],
    [8, 'year', 'yearNotOver'],
    [9, 'value', 'notWhole'],
    [10, 'value', 'shareOver100'],
    [12, 'unit', 'duplicate'],
  ]);
});
