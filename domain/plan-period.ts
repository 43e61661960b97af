/**
 * A plan's period (e.g. 2011–2015) as a whole: each indicator year by year — the year's figure (its final, approved
 * one once the year is finalised, else the latest reported), the year's target and completion — and where it stands
 * against the period's target, with the pace needed in the years left. Figures are judged as the year judges them
 * (domain/targets.ts): an annual count and a cumulative indicator add up over the years (a cumulative figure is
 * what the year added), a level or share is where it stands at the latest year's end, growth and a falling
 * ceiling compound year on year.
 */
import type { IndicatorKind } from './indicators';
import type { Measure } from './input-rules';
import { runningTotalBy, targetForYear, type TargetRow } from './targets';

export interface PeriodIndicatorInput {
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  measure: Measure;
  /** GROWTH: required growth, percent a year; LOWER_IS_BETTER: required fall. */
  annualRatePct: number | null;
  targets: TargetRow[];
  /** The city's figure in the year before the period, when the plan has one (a copy with baselines). */
  baseline?: number | null;
}

export interface PeriodYearFigure {
  year: number;
  figure: number | null;
  /** A unit's own target for the year (its subtree's, as the year's roll-up has it); the city's come from the plan. */
  target?: number | null;
  /** The year is finalised: its figure is the approved year-end one. */
  final: boolean;
}

export interface PeriodYearRow {
  year: number;
  figure: number | null;
  target: number | null;
  completion: number | null;
  final: boolean;
}

export interface PeriodIndicatorView {
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  measure: Measure;
  rows: PeriodYearRow[];
  /** What the period asks: a total over the years (counts), or the level, share or figure at its end. */
  periodTarget: number | null;
  /** Where the period stands: the total so far, or the latest year's figure. */
  toDate: number | null;
  completion: number | null;
  yearsLeft: number;
  /**
   * What each year left must do to meet the period target: add (counts), climb by (levels, shares), grow or fall by
   * (percent a year, growth and ceilings). Null when there is no period target, no figure yet, or no year left.
   */
  neededPerYear: number | null;
  onTrack: boolean | null;
}

/** Where the city stands against the plan's period targets, as a bulletin of one of its years shows it. */
export interface PlanToDate {
  plan: { code: string; name: string; periodStart: number; periodEnd: number };
  indicators: PeriodIndicatorView[];
}

const ADDITIVE = new Set<IndicatorKind>(['ANNUAL_COUNT', 'CUMULATIVE']);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

function yearTarget(ind: PeriodIndicatorInput, year: number, periodStart: number): number | null {
  return targetForYear(ind.kind, ind.targets, year, periodStart)?.value ?? null;
}

function completionOf(kind: IndicatorKind, figure: number | null, target: number | null): number | null {
  if (figure === null || target === null) return null;
  if (kind === 'LOWER_IS_BETTER') return figure === 0 ? 1 : round(target / figure);
  return target === 0 ? (figure >= 0 ? 1 : 0) : round(figure / target);
}

function periodTargetOf(ind: PeriodIndicatorInput, periodStart: number, periodEnd: number): number | null {
  if (ind.kind === 'CUMULATIVE') return runningTotalBy(ind.targets, periodEnd, periodStart);
  if (ind.kind === 'ANNUAL_COUNT') {
    const years = ind.targets.filter((t) => t.year >= periodStart && t.year <= periodEnd);
    return years.length ? years.reduce((s, t) => s + t.value, 0) : null;
  }
  const stated = yearTarget(ind, periodEnd, periodStart);
  if (stated !== null || !compoundsFromBaseline(ind)) return stated;
  // A rate and a baseline: the rate compounded over every year of the period.
  const rate = ((ind.kind === 'GROWTH' ? 1 : -1) * ind.annualRatePct!) / 100;
  return round(ind.baseline! * Math.pow(1 + rate, periodEnd - periodStart + 1));
}

const compoundsFromBaseline = (ind: PeriodIndicatorInput) =>
  (ind.kind === 'GROWTH' || ind.kind === 'LOWER_IS_BETTER') &&
  ind.annualRatePct !== null &&
  ind.baseline !== undefined &&
  ind.baseline !== null &&
  ind.baseline > 0;

function ownPeriodTarget(rows: PeriodYearRow[], additive: boolean): number | null {
  if (rows.some((r) => r.target === null)) return additive ? null : (rows[rows.length - 1]?.target ?? null);
  return additive ? round(rows.reduce((s, r) => s + r.target!, 0)) : rows[rows.length - 1]!.target;
}

/** The yearly rate, percent, that takes `from` to `to` in `years` years (negative: a fall). */
const ratePct = (from: number, to: number, years: number) =>
  from > 0 && to > 0 && years > 0 ? round((Math.pow(to / from, 1 / years) - 1) * 100) : null;

/**
 * `ownTargets`: a unit's view, judged against its own yearly targets (given with its figures); its period target is
 * known once every year's is (the sum, or the last year's level).
 */
export function periodIndicator(
  ind: PeriodIndicatorInput,
  period: { start: number; end: number },
  figures: PeriodYearFigure[],
  ownTargets = false,
): PeriodIndicatorView {
  const byYear = new Map(figures.map((f) => [f.year, f]));
  const rows: PeriodYearRow[] = [];
  for (let year = period.start; year <= period.end; year++) {
    const f = byYear.get(year);
    const target = ownTargets ? (f?.target ?? null) : yearTarget(ind, year, period.start);
    const figure = f?.figure ?? null;
    rows.push({
      year,
      figure,
      target,
      completion: completionOf(ind.kind, figure, target),
      final: f?.final ?? false,
    });
  }
  const reported = rows.filter((r) => r.figure !== null);
  const latest = reported[reported.length - 1] ?? null;
  const lastFinal = [...rows].reverse().find((r) => r.final)?.year ?? period.start - 1;
  const yearsLeft = Math.max(0, period.end - lastFinal);
  const additive = ADDITIVE.has(ind.kind);
  const periodTarget = ownTargets
    ? ownPeriodTarget(rows, additive)
    : periodTargetOf(ind, period.start, period.end);
  const toDate =
    latest === null ? null : additive ? round(reported.reduce((s, r) => s + r.figure!, 0)) : latest.figure;
  const base = {
    code: ind.code,
    name: ind.name,
    unit: ind.unit,
    kind: ind.kind,
    measure: ind.measure,
    rows,
    periodTarget,
    toDate,
    completion: completionOf(ind.kind, toDate, periodTarget),
    yearsLeft,
  };
  if (toDate === null) return { ...base, neededPerYear: null, onTrack: null };

  if (additive) {
    const targetToDate = rows
      .filter((r) => r.year <= latest!.year)
      .reduce<number | null>((s, r) => (r.target === null ? s : (s ?? 0) + r.target), null);
    const needed =
      periodTarget === null || yearsLeft === 0 ? null : round(Math.max(0, periodTarget - toDate) / yearsLeft);
    return { ...base, neededPerYear: needed, onTrack: targetToDate === null ? null : toDate >= targetToDate };
  }
  if (ind.kind === 'GROWTH' || ind.kind === 'LOWER_IS_BETTER') {
    // The city's pace runs from its baseline when the plan has one, else from its first year.
    const first =
      !ownTargets && compoundsFromBaseline(ind)
        ? { figure: ind.baseline!, year: period.start - 1 }
        : reported[0]!;
    const achieved =
      latest!.year > first.year ? ratePct(first.figure!, toDate, latest!.year - first.year) : null;
    const needed = periodTarget === null || yearsLeft === 0 ? null : ratePct(toDate, periodTarget, yearsLeft);
    const asked =
      ind.annualRatePct === null ? needed : ind.kind === 'GROWTH' ? ind.annualRatePct : -ind.annualRatePct;
    const onTrack =
      achieved === null || asked === null
        ? null
        : ind.kind === 'GROWTH'
          ? achieved >= asked
          : achieved <= asked;
    return { ...base, neededPerYear: needed, onTrack };
  }
  // A level or share: the climb per year left, against the climb so far (or this year's own target).
  const needed = periodTarget === null || yearsLeft === 0 ? null : round((periodTarget - toDate) / yearsLeft);
  const first = reported[0]!;
  const climbed = reported.length > 1 ? (toDate - first.figure!) / (latest!.year - first.year) : null;
  const onTrack =
    periodTarget !== null && toDate >= periodTarget
      ? true
      : climbed !== null && needed !== null
        ? climbed >= needed
        : latest!.target !== null
          ? toDate >= latest!.target
          : null;
  return { ...base, neededPerYear: needed, onTrack };
}

/** A unit (or the city) is on track for the period when no indicator with a judgement is off it. */
export function periodOnTrack(views: PeriodIndicatorView[]): boolean | null {
  const judged = views.filter((v) => v.onTrack !== null);
  return judged.length === 0 ? null : judged.every((v) => v.onTrack);
}

export interface PlanPeriodView {
  plan: { code: string; name: string; periodStart: number; periodEnd: number };
  unit: { code: string; name: string } | null;
  years: Array<{ year: number; final: boolean }>;
  indicators: PeriodIndicatorView[];
  onTrack: boolean | null;
  /** The branches under the unit (the city's counties and industry unions), each on track for the period or not. */
  branches: Array<{ code: string; name: string; onTrack: boolean | null }>;
}
