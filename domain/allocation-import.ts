/**
 * Checking a file of target allocations (CSV, or a workbook read as CSV) before anything is written: a row per
 * unit, indicator and year with its target or 不适用. Every problem is reported against its line and column; for an
 * indicator that adds up the tree, each parent's children (those in the file, and the others as stored) must add
 * up to the parent's target exactly, the same rule as the allocation page.
 */
import { checkAllocationSum } from './allocation';
import type { CsvRow } from './csv';

export const ALLOCATION_COLUMNS = {
  year: ['year', '年度'],
  indicator: ['indicator', 'indicator_code', '指标编码'],
  unit: ['unit', 'code', 'unit_code', '单位编码'],
  target: ['target', 'value', '目标', '目标值'],
} as const;
export type AllocationColumn = keyof typeof ALLOCATION_COLUMNS;

export const NOT_APPLICABLE_WORDS = ['不适用', 'n/a', 'na', 'not applicable'];
export const MAX_ALLOCATION_ROWS = 50_000;

export type AllocationImportProblem =
  | 'badCsv'
  | 'empty'
  | 'tooManyRows'
  | 'missingColumn'
  | 'badYear'
  | 'yearOutsidePlan'
  | 'unknownIndicator'
  | 'unknownUnit'
  | 'retiredUnit'
  | 'rootUnit'
  | 'badValue'
  | 'duplicate'
  | 'noParentTarget'
  | 'sumMismatch';

export interface AllocationIssue {
  line: number;
  column?: AllocationColumn;
  problem: AllocationImportProblem;
  params?: Record<string, string | number>;
}

export interface AllocationImportRow {
  line: number;
  year: number;
  indicator: string;
  unit: string;
  /** null: 不适用 (the unit takes no target). */
  value: number | null;
}

/** What the database says about the codes a file names. */
export interface AllocationFacts {
  period: { start: number; end: number };
  /** Indicator code → whether its figures add up the tree. */
  summable: Map<string, boolean>;
  units: Map<string, { parent: string | null; retired: boolean }>;
  /** Parent code → its current (not retired) children's codes. */
  children: Map<string, string[]>;
  /** `${year}|${indicator}|${unit}` → the stored target (null: 不适用). */
  stored: Map<string, number | null>;
  /** The plan's own target for the root, by indicator and year. */
  rootTarget(indicator: string, year: number): number | null;
}

const key = (year: number, indicator: string, unit: string) => `${year}|${indicator}|${unit}`;

export function allocationColumnIndex(header: string[]): Partial<Record<AllocationColumn, number>> {
  const normalised = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<AllocationColumn, number>> = {};
  for (const [column, names] of Object.entries(ALLOCATION_COLUMNS) as Array<
    [AllocationColumn, readonly string[]]
  >) {
    const at = normalised.findIndex((h) => names.includes(h));
    if (at >= 0) index[column] = at;
  }
  return index;
}

/** The rows as typed, with each row's own problems. */
export function readAllocationRows(rows: CsvRow[]): {
  rows: AllocationImportRow[];
  issues: AllocationIssue[];
} {
  if (rows.length < 2) return { rows: [], issues: [{ line: 0, problem: 'empty' }] };
  const [header, ...body] = rows;
  const index = allocationColumnIndex(header!.cells);
  const missing = (Object.keys(ALLOCATION_COLUMNS) as AllocationColumn[]).filter(
    (c) => index[c] === undefined,
  );
  if (missing.length > 0)
    return {
      rows: [],
      issues: missing.map((column) => ({ line: header!.line, column, problem: 'missingColumn' })),
    };
  if (body.length > MAX_ALLOCATION_ROWS)
    return { rows: [], issues: [{ line: 0, problem: 'tooManyRows', params: { max: MAX_ALLOCATION_ROWS } }] };
  const issues: AllocationIssue[] = [];
  const out: AllocationImportRow[] = [];
  for (const row of body) {
    const cell = (c: AllocationColumn) => (row.cells[index[c]!] ?? '').trim();
    const yearText = cell('year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (Number.isNaN(year))
      issues.push({ line: row.line, column: 'year', problem: 'badYear', params: { value: yearText } });
    const raw = cell('target').replace(/,/g, '');
    const na = NOT_APPLICABLE_WORDS.includes(raw.toLowerCase());
    const value = na ? null : /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (value !== null && Number.isNaN(value))
      issues.push({
        line: row.line,
        column: 'target',
        problem: 'badValue',
        params: { value: cell('target') },
      });
    if (!Number.isNaN(year) && (value === null || !Number.isNaN(value)))
      out.push({ line: row.line, year, indicator: cell('indicator'), unit: cell('unit'), value });
  }
  return { rows: out, issues };
}

/** Each row against the plan and the tree, then each parent's children against its target. */
export function checkAllocationImport(
  rows: AllocationImportRow[],
  facts: AllocationFacts,
): AllocationIssue[] {
  const issues: AllocationIssue[] = [];
  const seen = new Map<string, number>();
  const good: AllocationImportRow[] = [];
  for (const r of rows) {
    const before = issues.length;
    if (r.year < facts.period.start || r.year > facts.period.end)
      issues.push({
        line: r.line,
        column: 'year',
        problem: 'yearOutsidePlan',
        params: { value: r.year, start: facts.period.start, end: facts.period.end },
      });
    if (!facts.summable.has(r.indicator))
      issues.push({
        line: r.line,
        column: 'indicator',
        problem: 'unknownIndicator',
        params: { value: r.indicator },
      });
    const unit = facts.units.get(r.unit);
    if (!unit)
      issues.push({ line: r.line, column: 'unit', problem: 'unknownUnit', params: { value: r.unit } });
    else if (unit.retired)
      issues.push({ line: r.line, column: 'unit', problem: 'retiredUnit', params: { value: r.unit } });
    else if (unit.parent === null)
      issues.push({ line: r.line, column: 'unit', problem: 'rootUnit', params: { value: r.unit } });
    const k = key(r.year, r.indicator, r.unit);
    const first = seen.get(k);
    if (first !== undefined)
      issues.push({ line: r.line, column: 'unit', problem: 'duplicate', params: { value: r.unit, first } });
    else seen.set(k, r.line);
    if (issues.length === before) good.push(r);
  }
  if (issues.length > 0) return issues;

  const inFile = new Map(good.map((r) => [key(r.year, r.indicator, r.unit), r.value]));
  const target = (year: number, indicator: string, unit: string): number | null => {
    const k = key(year, indicator, unit);
    if (inFile.has(k)) return inFile.get(k) ?? null;
    if (facts.stored.has(k)) return facts.stored.get(k) ?? null;
    return facts.units.get(unit)?.parent === null ? facts.rootTarget(indicator, year) : null;
  };
  const groups = new Map<string, AllocationImportRow[]>();
  for (const r of good) {
    if (!facts.summable.get(r.indicator)) continue;
    const g = `${r.year}|${r.indicator}|${facts.units.get(r.unit)!.parent}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  for (const [g, members] of groups) {
    const [year, indicator, parent] = g.split('|') as [string, string, string];
    const y = Number(year);
    const line = members[0]!.line;
    const parentTarget = target(y, indicator, parent);
    if (parentTarget === null) {
      issues.push({ line, column: 'target', problem: 'noParentTarget', params: { parent, indicator } });
      continue;
    }
    const children = facts.children.get(parent) ?? [];
    const check = checkAllocationSum(
      parentTarget,
      children.map((c) => target(y, indicator, c) ?? 0),
    );
    if (!check.ok)
      issues.push({
        line,
        column: 'target',
        problem: 'sumMismatch',
        params: { parent, indicator, year: y, sum: check.sum, target: parentTarget },
      });
  }
  return issues;
}
