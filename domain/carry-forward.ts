/**
 * Figures carried from a unit's previous year of the same plan into this year's reports: last year's approved
 * year-end figure as the base (`previous`) of a level, growth or falling-ceiling indicator, and the running total
 * of a cumulative one so far (the unit reports what this year adds). A carried base is taken as it is unless the
 * unit corrects it, which needs a reason the committee sees.
 */
import type { IndicatorKind } from './indicators';
import type { Figure, PayloadIssue } from './submissions';

type Known = { value: number; source: CarriedFigure['source'] };

/**
 * CYCLE: a year jingsai ran and the committee confirmed; IMPORTED / STATED: a year before, from the records;
 * BASELINE: the year before the period, the last period's approved figure taken when the plan was copied.
 */
export type CarriedOrigin = 'CYCLE' | 'IMPORTED' | 'STATED' | 'BASELINE';

export interface CarriedFigure {
  code: string;
  /** PREVIOUS: last year's figure, the base; RUNNING_TOTAL: the years before this one added up. */
  role: 'PREVIOUS' | 'RUNNING_TOTAL';
  value: number;
  /**
   * Where it comes from: the year and how it was known; for a cycle its year-end submission's version and who
   * confirmed the result, for an import who imported it, for a statement who stated it. A running total names
   * every year it adds and those of them known from the records (`historyYears`).
   */
  source: {
    year: number;
    origin: CarriedOrigin;
    version: number | null;
    by: string | null;
    years?: number[];
    historyYears?: number[];
  };
}

/** What a unit's earlier year of the plan gives: its confirmed cycle's year-end figures, or recorded ones. */
export interface EarlierYear {
  year: number;
  cycle: { version: number; confirmedBy: string | null; figures: Record<string, number> } | null;
  history: Record<string, { value: number; origin: Exclude<CarriedOrigin, 'CYCLE'>; recordedBy: string }>;
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

/** A year's figure of an indicator: the confirmed cycle's when it has one, else the recorded one. */
function figureIn(y: EarlierYear, code: string): Known | null {
  const value = y.cycle?.figures[code];
  if (y.cycle && value !== undefined)
    return {
      value,
      source: { year: y.year, origin: 'CYCLE', version: y.cycle.version, by: y.cycle.confirmedBy },
    };
  const h = y.history[code];
  return h
    ? { value: h.value, source: { year: y.year, origin: h.origin, version: null, by: h.recordedBy } }
    : null;
}

/**
 * What this year's reports carry from the earlier years (any order): the base of year − 1 for levels, growth and
 * ceilings (for the period's first year, the baseline before it); for cumulative indicators the sum of every
 * earlier year of the period that has a figure (a running total starts with its period).
 */
export function carriedFor(
  indicators: Array<{ code: string; kind: IndicatorKind }>,
  year: number,
  earlier: EarlierYear[],
  periodStart: number,
): CarriedFigure[] {
  const years = [...earlier].sort((a, b) => a.year - b.year);
  const inPeriod = years.filter((y) => y.year >= periodStart);
  const before = years.find((y) => y.year === year - 1);
  const out: CarriedFigure[] = [];
  for (const ind of indicators) {
    const role = carriedRole(ind.kind);
    if (role === 'PREVIOUS' && before) {
      const known = figureIn(before, ind.code);
      if (known) out.push({ code: ind.code, role, ...known });
    }
    if (role === 'RUNNING_TOTAL') {
      const counted = inPeriod.flatMap((y) => {
        const known = figureIn(y, ind.code);
        return known ? [known] : [];
      });
      const last = counted[counted.length - 1];
      if (!last) continue;
      const recorded = counted.filter((k) => k.source.origin !== 'CYCLE').map((k) => k.source.year);
      out.push({
        code: ind.code,
        role,
        value: counted.reduce((sum, k) => sum + k.value, 0),
        source: {
          ...last.source,
          years: counted.map((k) => k.source.year),
          ...(recorded.length > 0 ? { historyYears: recorded } : {}),
        },
      });
    }
  }
  return out;
}
