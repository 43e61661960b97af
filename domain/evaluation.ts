/**
 * The year-end result, explicit and configurable per plan: an indicator part (each indicator's completion judged
 * by its kind, capped at 100 % so one over-achievement cannot hide another shortfall, weighted by the plan's
 * weights) and a committee part (each member's weighted 0–100 criterion scores, averaged over members), combined by
 * the plan's weights into a 0–100 score and graded by the plan's thresholds.
 */
import type { Grade } from './plan';

export interface IndicatorCompletion {
  code: string;
  weight: number;
  /** null when the unit has no target for it: left out of the weighting rather than scored as zero. */
  completion: number | null;
}

export interface CriterionWeight {
  code: string;
  weight: number;
}

export interface EvaluationRules {
  indicatorWeight: number;
  committeeWeight: number;
  gradeThresholds: Array<{ grade: Grade; min: number }>;
}

export interface EvaluationResult {
  indicatorPart: number;
  committeePart: number;
  score: number;
  grade: Grade;
}

export function indicatorPart(completions: IndicatorCompletion[]): number {
  const counted = completions.filter((c) => c.completion !== null && c.weight > 0);
  const weights = counted.reduce((s, c) => s + c.weight, 0);
  if (weights === 0) return 0;
  return (
    (100 * counted.reduce((s, c) => s + c.weight * Math.min(Math.max(c.completion!, 0), 1), 0)) / weights
  );
}

/** One member's score sheet as a 0–100 figure: the criterion scores weighted by the criteria's weights. */
export function memberScore(criteria: CriterionWeight[], byCriterion: Record<string, number>): number {
  const weights = criteria.reduce((s, c) => s + c.weight, 0);
  return weights === 0
    ? 0
    : criteria.reduce((s, c) => s + c.weight * (byCriterion[c.code] ?? 0), 0) / weights;
}

/** scores: member → criterion code → 0–100. Members who scored nothing are not averaged in. */
export function committeePart(
  criteria: CriterionWeight[],
  scores: Record<string, Record<string, number>>,
): number {
  const perMember = Object.values(scores)
    .filter((byCriterion) => Object.keys(byCriterion).length > 0)
    .map((byCriterion) => memberScore(criteria, byCriterion));
  return perMember.length === 0 ? 0 : perMember.reduce((a, b) => a + b, 0) / perMember.length;
}

export function gradeFor(score: number, thresholds: EvaluationRules['gradeThresholds']): Grade {
  return thresholds.find((t) => score >= t.min)?.grade ?? 'FAIL';
}

/** Scores are kept to three decimals, as stored, so a result recomputed from stored figures is identical. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function evaluate(
  rules: EvaluationRules,
  completions: IndicatorCompletion[],
  criteria: CriterionWeight[],
  scores: Record<string, Record<string, number>>,
): EvaluationResult {
  const ip = round3(indicatorPart(completions));
  const cp = round3(committeePart(criteria, scores));
  const score = round3((rules.indicatorWeight * ip + rules.committeeWeight * cp) / 100);
  return { indicatorPart: ip, committeePart: cp, score, grade: gradeFor(score, rules.gradeThresholds) };
}
