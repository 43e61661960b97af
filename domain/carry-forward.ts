/**
 * Figures carried from a unit's previous year of the same plan into this year's reports: last year's approved
 * year-end figure as the base (`previous`) of a level, growth or falling-ceiling indicator, and the running total
 * of a cumulative one so far (the unit reports what this year adds). A carried base is taken as it is unless the
 * unit corrects it, which needs a reason the committee sees.
 */
import type { IndicatorKind } from './indicators';
import type { Figure, PayloadIssue } from './submissions';

export interface CarriedFigure {
  code: string;
  /** PREVIOUS: last year's figure, the base; RUNNING_TOTAL: the years before this one added up. */
  role: 'PREVIOUS' | 'RUNNING_TOTAL';
  value: number;
  /** Where it comes from: the year, its year-end submission's version, who confirmed that year's result. */
  source: { year: number; version: number; confirmedBy: string | null; years?: number[] };
}

const USES_PREVIOUS = new Set<IndicatorKind>(['LEVEL', 'GROWTH', 'LOWER_IS_BETTER']);

/** What a kind carries: the base for levels, growth and ceilings, the running total for cumulative ones. */
export function carriedRole(kind: IndicatorKind): CarriedFigure['role'] | null {
  if (USES_PREVIOUS.has(kind)) return 'PREVIOUS';
  return kind === 'CUMULATIVE' ? 'RUNNING_TOTAL' : null;
}

/**
 * The figures with the carried bases filled in where the unit left them out; an issue for each base changed
 * without a reason. A reason given for an unchanged base is dropped (there is nothing to explain).
 */
export function applyCarried(
  figures: Record<string, Figure>,
  carried: CarriedFigure[],
): { figures: Record<string, Figure>; issues: PayloadIssue[] } {
  const out: Record<string, Figure> = { ...figures };
  const issues: PayloadIssue[] = [];
  for (const c of carried) {
    const f = out[c.code];
    if (c.role !== 'PREVIOUS' || !f) continue;
    if (f.previous === undefined || f.previous === c.value) {
      const { previousReason: _unneeded, ...rest } = f;
      out[c.code] = { ...rest, previous: c.value };
    } else if (!f.previousReason?.trim())
      issues.push({
        path: `figures.${c.code}.previousReason`,
        message: `last year's approved figure is ${c.value}: a different one needs a reason`,
        code: 'carried.reasonNeeded',
        params: { value: c.value, year: c.source.year },
      });
  }
  return { figures: out, issues };
}
