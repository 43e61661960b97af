/**
 * What the files of a plan share (target allocations, historical figures): a row per year, indicator and unit with
 * one value, read against a header that names its columns in Chinese or English, and each row placed in the plan
 * and the tree. Every problem is named by line and column; what a value may be is the file's own rule.
 */
import { CsvSyntaxError, parseCsv, type CsvRow } from './csv';

/** The header names of the columns that place a row: its year, indicator and unit. */
export const PLACE_COLUMNS = {
  year: ['year', '年度'],
  indicator: ['indicator', 'indicator_code', '指标编码'],
  unit: ['unit', 'code', 'unit_code', '单位编码'],
} as const;

/** The columns every plan file has; `V` is the name of its value column. */
export type PlanFileColumn<V extends string> = 'year' | 'indicator' | 'unit' | V;

export interface PlanFileRow<T> {
  line: number;
  year: number;
  indicator: string;
  unit: string;
  value: T;
}

export interface PlanFileIssue<C extends string, P extends string> {
  line: number;
  column?: C;
  problem: P;
  params?: Record<string, string | number>;
}

export type ReadProblem = 'empty' | 'tooManyRows' | 'missingColumn' | 'badYear' | 'badValue';
export type PlaceProblem =
  'yearOutsidePlan' | 'unknownIndicator' | 'unknownUnit' | 'retiredUnit' | 'rootUnit' | 'duplicate';

/** The file's CSV rows, or the one problem that stops reading it. */
export function parsePlanFile(
  csv: string,
): { rows: CsvRow[] } | { issues: [PlanFileIssue<never, 'badCsv'>] } {
  try {
    return { rows: parseCsv(csv) };
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return { issues: [{ line: err.line, problem: 'badCsv', params: { value: err.message } }] };
    throw err;
  }
}

export function planFileColumnIndex<C extends string>(
  header: string[],
  columns: Record<C, readonly string[]>,
): Partial<Record<C, number>> {
  const normalised = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<C, number>> = {};
  for (const [column, names] of Object.entries(columns) as Array<[C, readonly string[]]>) {
    const at = normalised.findIndex((h) => names.includes(h));
    if (at >= 0) index[column] = at;
  }
  return index;
}

/**
 * The rows as typed, with each row's own problems. `parseValue` turns a cell into the value (commas as thousands
 * separators already taken out) or undefined when it is not one.
 */
export function readPlanFileRows<V extends string, T>(
  rows: CsvRow[],
  spec: {
    columns: Record<PlanFileColumn<V>, readonly string[]>;
    valueColumn: V;
    maxRows: number;
    parseValue(raw: string): T | undefined;
  },
): { rows: PlanFileRow<T>[]; issues: PlanFileIssue<PlanFileColumn<V>, ReadProblem>[] } {
  type C = PlanFileColumn<V>;
  if (rows.length < 2) return { rows: [], issues: [{ line: 0, problem: 'empty' }] };
  const [header, ...body] = rows;
  const index = planFileColumnIndex<C>(header!.cells, spec.columns);
  const missing = (Object.keys(spec.columns) as C[]).filter((c) => index[c] === undefined);
  if (missing.length > 0)
    return {
      rows: [],
      issues: missing.map((column) => ({ line: header!.line, column, problem: 'missingColumn' as const })),
    };
  if (body.length > spec.maxRows)
    return { rows: [], issues: [{ line: 0, problem: 'tooManyRows', params: { max: spec.maxRows } }] };
  const issues: PlanFileIssue<C, ReadProblem>[] = [];
  const out: PlanFileRow<T>[] = [];
  for (const row of body) {
    const cell = (c: C) => (row.cells[index[c]!] ?? '').trim();
    const yearText = cell('year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (Number.isNaN(year))
      issues.push({ line: row.line, column: 'year', problem: 'badYear', params: { value: yearText } });
    const value = spec.parseValue(cell(spec.valueColumn).replace(/,/g, ''));
    if (value === undefined)
      issues.push({
        line: row.line,
        column: spec.valueColumn,
        problem: 'badValue',
        params: { value: cell(spec.valueColumn) },
      });
    if (!Number.isNaN(year) && value !== undefined)
      out.push({ line: row.line, year, indicator: cell('indicator'), unit: cell('unit'), value });
  }
  return { rows: out, issues };
}

/** What a file's rows are placed against: the plan's years and indicators, and the units of the tree. */
export interface PlanFilePlaces {
  period: { start: number; end: number };
  indicators: { has(code: string): boolean };
  units: Map<string, { parent: string | null; retired: boolean }>;
}

/**
 * Each row's place: a year of the plan, one of its indicators, a current unit below the root (the root's figures
 * and targets are the plan's own), and no unit, indicator and year twice in the file.
 */
export function placePlanFileRows<T>(
  rows: PlanFileRow<T>[],
  places: PlanFilePlaces,
): { good: PlanFileRow<T>[]; issues: PlanFileIssue<'year' | 'indicator' | 'unit', PlaceProblem>[] } {
  const issues: PlanFileIssue<'year' | 'indicator' | 'unit', PlaceProblem>[] = [];
  const seen = new Map<string, number>();
  const good: PlanFileRow<T>[] = [];
  for (const r of rows) {
    const before = issues.length;
    const { start, end } = places.period;
    if (r.year < start || r.year > end)
      issues.push({
        line: r.line,
        column: 'year',
        problem: 'yearOutsidePlan',
        params: { value: r.year, start, end },
      });
    if (!places.indicators.has(r.indicator))
      issues.push({
        line: r.line,
        column: 'indicator',
        problem: 'unknownIndicator',
        params: { value: r.indicator },
      });
    const unit = places.units.get(r.unit);
    if (!unit)
      issues.push({ line: r.line, column: 'unit', problem: 'unknownUnit', params: { value: r.unit } });
    else if (unit.retired)
      issues.push({ line: r.line, column: 'unit', problem: 'retiredUnit', params: { value: r.unit } });
    else if (unit.parent === null)
      issues.push({ line: r.line, column: 'unit', problem: 'rootUnit', params: { value: r.unit } });
    const k = `${r.year}|${r.indicator}|${r.unit}`;
    const first = seen.get(k);
    if (first !== undefined)
      issues.push({ line: r.line, column: 'unit', problem: 'duplicate', params: { value: r.unit, first } });
    else seen.set(k, r.line);
    if (issues.length === before) good.push(r);
  }
  return { good, issues };
}
