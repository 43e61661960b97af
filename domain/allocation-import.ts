/**
 * Checking a file of target allocations (CSV, or a workbook read as CSV) before anything is written: a row per
 * unit, indicator and year with its target or 不适用. Every problem is reported against its line and column; for an
 * indicator that adds up the tree, each parent's children (those in the file, and the others as stored) must add
 * up to the parent's target exactly, the same rule as the allocation page.
 */
import { checkAllocationSum } from './allocation';
import type { CsvRow } from './csv';
import {
  PLACE_COLUMNS,
  placePlanFileRows,
  planFileColumnIndex,
  readPlanFileRows,
  type PlaceProblem,
  type PlanFileIssue,
  type PlanFileRow,
  type ReadProblem,
} from './plan-file-rows';

export const ALLOCATION_COLUMNS = {
  ...PLACE_COLUMNS,
  target: ['target', 'value', '目标', '目标值'],
} as const;
export type AllocationColumn = keyof typeof ALLOCATION_COLUMNS;

export const NOT_APPLICABLE_WORDS = ['不适用', 'n/a', 'na', 'not applicable'];
export const MAX_ALLOCATION_ROWS = 50_000;

export type AllocationImportProblem =
  ReadProblem | PlaceProblem | 'badCsv' | 'noParentTarget' | 'sumMismatch';

export type AllocationIssue = PlanFileIssue<AllocationColumn, AllocationImportProblem>;

/** null: 不适用 (the unit takes no target). */
export type AllocationImportRow = PlanFileRow<number | null>;

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

export const allocationColumnIndex = (header: string[]) => planFileColumnIndex(header, ALLOCATION_COLUMNS);

/** A target: a number not below 0, or 不适用. */
function targetOf(raw: string): number | null | undefined {
  if (NOT_APPLICABLE_WORDS.includes(raw.toLowerCase())) return null;
  return /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
}

/** The rows as typed, with each row's own problems. */
export function readAllocationRows(rows: CsvRow[]): {
  rows: AllocationImportRow[];
  issues: AllocationIssue[];
} {
  return readPlanFileRows(rows, {
    columns: ALLOCATION_COLUMNS,
    valueColumn: 'target',
    maxRows: MAX_ALLOCATION_ROWS,
    parseValue: targetOf,
  });
}

/** Each row against the plan and the tree, then each parent's children against its target. */
export function checkAllocationImport(
  rows: AllocationImportRow[],
  facts: AllocationFacts,
): AllocationIssue[] {
  const { good, issues } = placePlanFileRows<number | null>(rows, {
    period: facts.period,
    indicators: facts.summable,
    units: facts.units,
  });
  const out: AllocationIssue[] = issues;
  if (out.length > 0) return out;

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
      out.push({ line, column: 'target', problem: 'noParentTarget', params: { parent, indicator } });
      continue;
    }
    const children = facts.children.get(parent) ?? [];
    const check = checkAllocationSum(
      parentTarget,
      children.map((c) => target(y, indicator, c) ?? 0),
    );
    if (!check.ok)
      out.push({
        line,
        column: 'target',
        problem: 'sumMismatch',
        params: { parent, indicator, year: y, sum: check.sum, target: parentTarget },
      });
  }
  return out;
}
