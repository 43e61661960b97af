/**
 * Checking a file of historical figures (CSV, or a workbook read as CSV) before anything is written: a row per
 * unit, indicator and year of the plan that jingsai did not run for that unit, with the figure the federation's
 * records give (the year-end value; for a cumulative indicator what that year added). The next year's cycle carries
 * it like an approved figure. A year the unit was assessed in keeps its approved figures: the import cannot
 * overwrite them.
 */
import type { CsvRow } from './csv';
import { numberProblem, parseFigure, type FigureProblem, type Measure } from './input-rules';
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

export const HISTORY_COLUMNS = {
  ...PLACE_COLUMNS,
  value: ['value', 'figure', '年终完成数', '完成数', '数值'],
} as const;
export type HistoryColumn = keyof typeof HISTORY_COLUMNS;

export const MAX_HISTORY_ROWS = 50_000;

export type HistoryImportProblem =
  | ReadProblem
  | PlaceProblem
  | 'badCsv'
  | 'yearAssessed'
  | 'yearNotOver'
  | Exclude<FigureProblem, 'notANumber' | 'negative' | 'grouping'>;

export type HistoryIssue = PlanFileIssue<HistoryColumn, HistoryImportProblem>;
export type HistoryImportRow = PlanFileRow<number>;

/** What the database says about the codes a file names. */
export interface HistoryFacts {
  period: { start: number; end: number };
  /** Indicator code → how its figures are measured. */
  measures: Map<string, Measure>;
  units: Map<string, { parent: string | null; retired: boolean }>;
  /** `${year}|${unit}`: the unit was assessed that year in a cycle of the plan (not cancelled). */
  assessed: Set<string>;
  /** The year now (Beijing time): a year not yet over has no historical figures. */
  currentYear: number;
}

export const historyColumnIndex = (header: string[]) => planFileColumnIndex(header, HISTORY_COLUMNS);

/** The rows as typed, with each row's own problems. */
export function readHistoryRows(rows: CsvRow[]): { rows: HistoryImportRow[]; issues: HistoryIssue[] } {
  return readPlanFileRows(rows, {
    columns: HISTORY_COLUMNS,
    valueColumn: 'value',
    maxRows: MAX_HISTORY_ROWS,
    parseValue: (raw) => {
      const parsed = parseFigure(raw, { measure: 'AMOUNT' });
      return parsed.value ?? undefined;
    },
  });
}

/** Each row against the plan, the tree, the years already assessed and the indicator's measure. */
export function checkHistoryImport(rows: HistoryImportRow[], facts: HistoryFacts): HistoryIssue[] {
  const { good, issues } = placePlanFileRows(rows, {
    period: facts.period,
    indicators: facts.measures,
    units: facts.units,
  });
  const out: HistoryIssue[] = issues;
  for (const r of good) {
    if (r.year >= facts.currentYear)
      out.push({ line: r.line, column: 'year', problem: 'yearNotOver', params: { value: r.year } });
    else if (facts.assessed.has(`${r.year}|${r.unit}`))
      out.push({
        line: r.line,
        column: 'year',
        problem: 'yearAssessed',
        params: { value: r.year, unit: r.unit },
      });
    const problem = numberProblem(r.value, { measure: facts.measures.get(r.indicator)! });
    if (problem)
      out.push({
        line: r.line,
        column: 'value',
        problem: problem as HistoryImportProblem,
        params: { value: r.value },
      });
  }
  return out.sort((a, b) => a.line - b.line);
}
