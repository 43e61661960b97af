/**
 * What each indicator's figure means and how a unit's report is judged, written once: the check and evaluation
 * forms, the decision, confirmation and unit pages, the lagging mail, the dashboard and the bulletins all judge
 * with `judgeReport` and say in words what `figureMeaning`, `targetMeaning` and the judgement's `pace` give.
 *
 * Rules (the plan's meaning, MISSION.md "The indicators"): every figure is judged within its year. An annual count
 * and growth are this year's count so far against the year's target; a five-year total is paced over five years by
 * giving each year its part (domain/targets.ts) and judging the year's new count against it; a level climbs from
 * where it stood at the start of the year to the level due (over the years left when the plan states it for a
 * later year); a share is held; a ceiling is this year's count against the most allowed.
 */
import { judgeIndicator, type IndicatorKind, type PaceStatus } from './indicators';
import { formatFigure, formatPercent, paceShown } from './figure-format';
import { measureOf, type Measure } from './input-rules';

export interface RuleIndicator {
  code: string;
  kind: IndicatorKind;
  aggregation: 'SUM' | 'SHARE';
  annualRatePct: number | null;
  /** LEVEL: the years, this one included, over which the target is reached (domain/targets.ts `planSpanYears`). */
  spanYears: number;
}

export interface ReportedFigure {
  value: number;
  numerator?: number | null;
  denominator?: number | null;
  previous?: number | null;
}

/** A catalogue message and its parameters, already formatted, for the reader's language. */
export interface RuleMessage {
  key: string;
  params: Record<string, string>;
}

export interface ReportJudgement {
  code: string;
  kind: IndicatorKind;
  measure: Measure;
  target: number | null;
  actual: number | null;
  expected: number | null;
  completion: number | null;
  status: PaceStatus;
  /** How 应完成 was computed, with the figures; null where nothing could be judged. */
  pace: RuleMessage | null;
}

/** What the reported figure is, e.g. "本年度 1 月 1 日起新增的数量". */
export function figureMeaning(kind: IndicatorKind): RuleMessage {
  return { key: `rule.figure.${kind}`, params: {} };
}

/** What the target stands for; a level stated for a later year names that year. */
export function targetMeaning(kind: IndicatorKind, year: number, spanYears: number): RuleMessage {
  if (kind === 'LEVEL' && spanYears > 1)
    return { key: 'rule.target.LEVEL_LATER', params: { year: String(year + spanYears - 1) } };
  return { key: `rule.target.${kind}`, params: {} };
}

/** The label of last year's figure where the judgement uses it, else null (the form then does not ask for it). */
export function previousLabel(kind: IndicatorKind): string | null {
  return kind === 'LEVEL' || kind === 'GROWTH' || kind === 'LOWER_IS_BETTER' ? `rule.previous.${kind}` : null;
}

/** A share is its numerator over its denominator where both were reported, else the value as entered. */
export function reportedActual(f: ReportedFigure, aggregation: 'SUM' | 'SHARE'): number {
  return aggregation === 'SHARE' && f.numerator != null && f.denominator
    ? (100 * f.numerator) / f.denominator
    : f.value;
}

/** One unit's report judged against its targets at the share `elapsed` (0–1) of the year passed. */
export function judgeReport(
  indicators: readonly RuleIndicator[],
  figures: Record<string, ReportedFigure | undefined>,
  targets: Record<string, number | undefined>,
  elapsed: number,
): ReportJudgement[] {
  return indicators.map((ind) => {
    const f = figures[ind.code];
    const measure = measureOf(ind.aggregation);
    const target = targets[ind.code] ?? null;
    const actual = f ? reportedActual(f, ind.aggregation) : null;
    const previous = previousLabel(ind.kind) ? (f?.previous ?? null) : null;
    const j = judgeIndicator({
      kind: ind.kind,
      target,
      actual,
      elapsed,
      previous,
      annualRatePct: ind.annualRatePct,
      spanYears: ind.spanYears,
    });
    const pace =
      j.goal === null
        ? null
        : explainPace(ind, measure, { target, goal: j.goal, expected: j.expected, previous, elapsed });
    return {
      code: ind.code,
      kind: ind.kind,
      measure,
      target,
      actual,
      expected: j.expected,
      completion: j.completion,
      status: j.status,
      pace,
    };
  });
}

function explainPace(
  ind: RuleIndicator,
  measure: Measure,
  n: {
    target: number | null;
    goal: number;
    expected: number | null;
    previous: number | null;
    elapsed: number;
  },
): RuleMessage {
  const fig = (v: number | null) => formatFigure(v, measure);
  const params = {
    goal: fig(n.goal),
    target: fig(n.target),
    previous: fig(n.previous),
    expected: fig(paceShown(n.expected, measure)),
    elapsed: formatPercent(Math.min(1, Math.max(0, n.elapsed))),
    rate: String(ind.annualRatePct ?? ''),
    span: String(ind.spanYears),
  };
  switch (ind.kind) {
    case 'ANNUAL_COUNT':
    case 'CUMULATIVE':
      return { key: 'rule.pace.linear', params };
    case 'GROWTH':
      return {
        key: n.previous !== null && ind.annualRatePct !== null ? 'rule.pace.growth' : 'rule.pace.linear',
        params,
      };
    case 'LOWER_IS_BETTER':
      return {
        key: n.previous !== null && ind.annualRatePct !== null ? 'rule.pace.fall' : 'rule.pace.ceiling',
        params,
      };
    case 'LEVEL':
      if (n.previous === null) return { key: 'rule.pace.levelNoStart', params };
      return { key: ind.spanYears > 1 ? 'rule.pace.levelSpan' : 'rule.pace.level', params };
    case 'RATIO':
      return { key: 'rule.pace.held', params };
  }
}
