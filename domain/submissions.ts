/**
 * What a unit submits at each step, validated identically by the API (clear messages next to the field) and by
 * the workflow's update validators (nothing malformed ever enters a history).
 *
 * Plain TypeScript rather than zod on purpose: the workflow imports this module, and Temporal evaluates a
 * workflow's modules afresh for every workflow, so a schema library here would cost every unit of every cycle.
 */

import {
  FIGURE_SCALE,
  numberProblem,
  SCORE_SCALE,
  textProblem,
  type FigureProblem,
  type Measure,
  type TextProblem,
} from './input-rules';

export const COMPETITION_FAMILIES = [
  'SKILL_COMPETITION',
  'CHIEF_EMPLOYEE_SELECTION',
  'MAJOR_PROJECT',
  'ENERGY_SAVING',
  'ANKANG_CUP',
  'TECHNICAL_INNOVATION',
  'WORKER_PIONEER_TEAM',
] as const;

export type StepKind = 'plan' | 'targets' | 'check' | 'evaluation';

export function stepKind(step: string): StepKind | null {
  if (step === 'plan' || step === 'targets' || step === 'evaluation') return step;
  return /^check-\d+$/.test(step) ? 'check' : null;
}

export interface Figure {
  value: number;
  numerator?: number;
  denominator?: number;
  /** Last year's full-year figure, for growth and lower-is-better judgements. */
  previous?: number;
  /** Why last year's figure differs from the one carried from last year's approved cycle (the committee sees it). */
  previousReason?: string;
}

export interface PayloadIssue {
  path: string;
  /** In English, for the JSON API and logs. */
  message: string;
  /** The catalogue key (`validation.<code>`) and its parameters, for pages in the reader's language. */
  code?: string;
  params?: Record<string, string | number>;
}

/** An indicator as the rules need it: its code and how its figures are measured (counts are whole, shares 0–100). */
export interface IndicatorSpec {
  code: string;
  measure?: Measure;
}

type Issues = PayloadIssue[];

/** The longest reason a unit may give for correcting a carried figure. */
export const REASON_MAX = 500;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function only(obj: Record<string, unknown>, allowed: string[], path: string, issues: Issues): void {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) issues.push({ path: join(path, key), message: `unknown field "${key}"` });
}

const TEXT_MESSAGES: Record<TextProblem, string> = {
  nul: 'must not contain NUL characters',
  control: 'must not contain control characters',
  surrogate: 'contains a broken character (an unpaired surrogate)',
  bidi: 'must not contain bidirectional override characters',
  tooLong: 'is too long',
};

const FIGURE_MESSAGES: Record<FigureProblem, string> = {
  notANumber: 'expected a number',
  negative: 'must not be negative',
  tooLarge: 'is too large',
  tooManyDecimals: 'has too many decimals',
  notWhole: 'must be a whole number',
  shareOver100: 'a share runs from 0 to 100',
  grouping: 'thousands grouping must be 1,234,567',
};

export function textIssue(path: string, problem: TextProblem, max: number): PayloadIssue {
  return {
    path,
    message: problem === 'tooLong' ? `at most ${max} characters` : TEXT_MESSAGES[problem],
    code: `text.${problem}`,
    params: { max },
  };
}

export function figureIssue(path: string, problem: FigureProblem, scale = FIGURE_SCALE): PayloadIssue {
  return problem === 'tooManyDecimals'
    ? { path, message: `at most ${scale} decimals`, code: `figure.${problem}`, params: { scale } }
    : { path, message: FIGURE_MESSAGES[problem], code: `figure.${problem}` };
}

function text(v: unknown, max: number, path: string, issues: Issues, required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string') return void issues.push({ path, message: 'expected text' });
  const problem = textProblem(v, max);
  if (problem) issues.push(textIssue(path, problem, max));
  else if (required && v.trim() === '') issues.push({ path, message: 'must not be empty' });
}

function amount(
  v: unknown,
  path: string,
  issues: Issues,
  required = true,
  measure: Measure = 'AMOUNT',
): void {
  if (v === undefined && !required) return;
  const problem = numberProblem(v, { measure });
  if (problem) issues.push(figureIssue(path, problem));
}

function list(
  v: unknown,
  max: number,
  path: string,
  issues: Issues,
  each: (item: unknown, path: string) => void,
): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) issues.push({ path, message: 'expected a list' });
  else if (v.length > max) issues.push({ path, message: `at most ${max} entries` });
  else v.forEach((item, i) => each(item, join(path, i)));
}

function figure(v: unknown, path: string, issues: Issues, measure: Measure): void {
  if (!isObject(v))
    return void issues.push({ path, message: 'expected { value, numerator?, denominator?, previous? }' });
  only(v, ['value', 'numerator', 'denominator', 'previous', 'previousReason'], path, issues);
  amount(v.value, join(path, 'value'), issues, true, measure);
  amount(v.numerator, join(path, 'numerator'), issues, false, 'COUNT');
  amount(v.denominator, join(path, 'denominator'), issues, false, 'COUNT');
  amount(v.previous, join(path, 'previous'), issues, false, measure);
  text(v.previousReason, REASON_MAX, join(path, 'previousReason'), issues, false);
  if (typeof v.numerator === 'number' && typeof v.denominator === 'number' && v.numerator > v.denominator) {
    issues.push({ path: join(path, 'numerator'), message: 'numerator must not exceed denominator' });
  }
}

function perIndicator(
  v: unknown,
  indicators: readonly IndicatorSpec[],
  path: string,
  issues: Issues,
  required: boolean,
  each: (item: unknown, path: string, measure: Measure) => void,
  notApplicable: ReadonlySet<string> = new Set(),
): void {
  if (!isObject(v)) return void issues.push({ path, message: 'expected an object keyed by indicator code' });
  for (const [key, item] of Object.entries(v)) {
    const spec = indicators.find((i) => i.code === key);
    if (!spec) issues.push({ path: join(path, key), message: `unknown indicator "${key}"` });
    else each(item, join(path, key), spec.measure ?? 'AMOUNT');
  }
  for (const code of notApplicable)
    if (code in v)
      issues.push({ path: join(path, code), message: 'an indicator marked not applicable takes no target' });
  if (required)
    for (const { code } of indicators)
      if (!(code in v) && !notApplicable.has(code))
        issues.push({ path: join(path, code), message: 'a target is required for every indicator' });
}

/**
 * The indicators a unit marks not applicable (不适用) with its targets: they get no target, so the committee's
 * approval of the targets approves leaving them out of the indicator part and of roll-ups.
 */
function notApplicableCodes(v: unknown, indicators: readonly IndicatorSpec[], issues: Issues): Set<string> {
  const codes = new Set<string>();
  list(v, indicators.length, 'notApplicable', issues, (c, path) => {
    if (typeof c !== 'string' || !indicators.some((i) => i.code === c))
      issues.push({ path, message: `unknown indicator "${String(c)}"` });
    else codes.add(c);
  });
  if (codes.size > 0 && codes.size === indicators.length)
    issues.push({ path: 'notApplicable', message: 'at least one indicator must apply' });
  return codes;
}

const CHECKS: Record<
  StepKind,
  (p: Record<string, unknown>, indicators: readonly IndicatorSpec[], issues: Issues) => void
> = {
  plan: (p, _codes, issues) => {
    only(p, ['title', 'summary', 'measures', 'campaigns'], '', issues);
    text(p.title, 200, 'title', issues);
    text(p.summary, 5000, 'summary', issues);
    list(p.measures, 50, 'measures', issues, (m, path) => text(m, 500, path, issues));
    list(p.campaigns, COMPETITION_FAMILIES.length, 'campaigns', issues, (c, path) => {
      if (!COMPETITION_FAMILIES.includes(c as (typeof COMPETITION_FAMILIES)[number])) {
        issues.push({ path, message: `expected one of ${COMPETITION_FAMILIES.join(', ')}` });
      }
    });
  },
  targets: (p, indicators, issues) => {
    only(p, ['targets', 'notApplicable', 'note'], '', issues);
    const notApplicable = notApplicableCodes(p.notApplicable, indicators, issues);
    perIndicator(
      p.targets,
      indicators,
      'targets',
      issues,
      true,
      (v, path, measure) => amount(v, path, issues, true, measure),
      notApplicable,
    );
    text(p.note, 2000, 'note', issues, false);
  },
  check: (p, indicators, issues) => {
    only(p, ['figures', 'note', 'rectification'], '', issues);
    if (p.rectification !== undefined) rectification(p.rectification, issues);
    perIndicator(p.figures, indicators, 'figures', issues, false, (v, path, measure) =>
      figure(v, path, issues, measure),
    );
    text(p.note, 5000, 'note', issues, false);
  },
  evaluation: (p, indicators, issues) => {
    only(p, ['figures', 'selfAssessment'], '', issues);
    perIndicator(p.figures, indicators, 'figures', issues, false, (v, path, measure) =>
      figure(v, path, issues, measure),
    );
    text(p.selfAssessment, 10000, 'selfAssessment', issues);
  },
};

/** A calendar date "YYYY-MM-DD" that exists. */
function isDate(v: unknown): boolean {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** 整改: what the unit will do about what lags, and by when it will be done. */
function rectification(v: unknown, issues: Issues): void {
  if (!isObject(v)) return void issues.push({ path: 'rectification', message: 'expected { measures, by }' });
  only(v, ['measures', 'by'], 'rectification', issues);
  text(v.measures, 2000, 'rectification.measures', issues);
  if (!isDate(v.by)) issues.push({ path: 'rectification.by', message: 'expected a date "YYYY-MM-DD"' });
}

/**
 * null when valid; otherwise every problem with the field it concerns. `rectifying`: a check the committee asked
 * to rectify (要求整改) is resubmitted with its measures and their deadline.
 */
export function payloadIssues(
  step: string,
  payload: unknown,
  indicators: readonly (string | IndicatorSpec)[],
  opts: { rectifying?: boolean } = {},
): PayloadIssue[] | null {
  const kind = stepKind(step);
  if (!kind) return [{ path: 'step', message: `unknown step "${step}"` }];
  if (!isObject(payload)) return [{ path: '(payload)', message: 'expected an object' }];
  const issues: Issues = [];
  const specs = indicators.map((i) => (typeof i === 'string' ? { code: i } : i));
  CHECKS[kind](payload, specs, issues);
  if (opts.rectifying && kind === 'check' && payload.rectification === undefined)
    issues.push({ path: 'rectification.measures', message: 'a rectification needs its measures' });
  return issues.length > 0 ? issues : null;
}

/** Committee scores: every criterion of the plan, each from 0 to 100. */
export function scoreIssues(scores: unknown, criteria: readonly string[]): PayloadIssue[] | null {
  if (!isObject(scores)) return [{ path: '(scores)', message: 'expected an object keyed by criterion code' }];
  const issues: Issues = [];
  for (const [key, v] of Object.entries(scores)) {
    if (!criteria.includes(key)) issues.push({ path: key, message: `unknown criterion "${key}"` });
    else if (numberProblem(v, { measure: 'AMOUNT', max: 100, scale: SCORE_SCALE }))
      issues.push({ path: key, message: 'scores run from 0 to 100', code: 'score.range' });
  }
  for (const c of criteria)
    if (!(c in scores)) issues.push({ path: c, message: 'a score is required for every criterion' });
  return issues.length > 0 ? issues : null;
}
