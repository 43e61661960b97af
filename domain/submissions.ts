/**
 * What a unit submits at each step, validated identically by the API (clear messages next to the field) and by
 * the workflow's update validators (nothing malformed ever enters a history).
 *
 * Plain TypeScript rather than zod on purpose: the workflow imports this module, and Temporal evaluates a
 * workflow's modules afresh for every workflow, so a schema library here would cost every unit of every cycle.
 */

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
}

export interface PayloadIssue {
  path: string;
  message: string;
}

type Issues = PayloadIssue[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function only(obj: Record<string, unknown>, allowed: string[], path: string, issues: Issues): void {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) issues.push({ path: join(path, key), message: `unknown field "${key}"` });
}

function text(v: unknown, max: number, path: string, issues: Issues, required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string') issues.push({ path, message: 'expected text' });
  else if (required && v.trim() === '') issues.push({ path, message: 'must not be empty' });
  else if (v.length > max) issues.push({ path, message: `at most ${max} characters` });
}

function amount(v: unknown, path: string, issues: Issues, required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) issues.push({ path, message: 'expected a number' });
  else if (v < 0) issues.push({ path, message: 'must not be negative' });
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

function figure(v: unknown, path: string, issues: Issues): void {
  if (!isObject(v))
    return void issues.push({ path, message: 'expected { value, numerator?, denominator?, previous? }' });
  only(v, ['value', 'numerator', 'denominator', 'previous'], path, issues);
  amount(v.value, join(path, 'value'), issues);
  amount(v.numerator, join(path, 'numerator'), issues, false);
  amount(v.denominator, join(path, 'denominator'), issues, false);
  amount(v.previous, join(path, 'previous'), issues, false);
  if (typeof v.numerator === 'number' && typeof v.denominator === 'number' && v.numerator > v.denominator) {
    issues.push({ path: join(path, 'numerator'), message: 'numerator must not exceed denominator' });
  }
}

function perIndicator(
  v: unknown,
  codes: readonly string[],
  path: string,
  issues: Issues,
  required: boolean,
  each: (item: unknown, path: string) => void,
): void {
  if (!isObject(v)) return void issues.push({ path, message: 'expected an object keyed by indicator code' });
  for (const [key, item] of Object.entries(v)) {
    if (!codes.includes(key)) issues.push({ path: join(path, key), message: `unknown indicator "${key}"` });
    else each(item, join(path, key));
  }
  if (required)
    for (const code of codes)
      if (!(code in v))
        issues.push({ path: join(path, code), message: 'a target is required for every indicator' });
}

const CHECKS: Record<
  StepKind,
  (p: Record<string, unknown>, codes: readonly string[], issues: Issues) => void
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
  targets: (p, codes, issues) => {
    only(p, ['targets', 'note'], '', issues);
    perIndicator(p.targets, codes, 'targets', issues, true, (v, path) => amount(v, path, issues));
    text(p.note, 2000, 'note', issues, false);
  },
  check: (p, codes, issues) => {
    only(p, ['figures', 'note'], '', issues);
    perIndicator(p.figures, codes, 'figures', issues, false, (v, path) => figure(v, path, issues));
    text(p.note, 5000, 'note', issues, false);
  },
  evaluation: (p, codes, issues) => {
    only(p, ['figures', 'selfAssessment'], '', issues);
    perIndicator(p.figures, codes, 'figures', issues, false, (v, path) => figure(v, path, issues));
    text(p.selfAssessment, 10000, 'selfAssessment', issues);
  },
};

/** null when valid; otherwise every problem with the field it concerns. */
export function payloadIssues(
  step: string,
  payload: unknown,
  indicatorCodes: readonly string[],
): PayloadIssue[] | null {
  const kind = stepKind(step);
  if (!kind) return [{ path: 'step', message: `unknown step "${step}"` }];
  if (!isObject(payload)) return [{ path: '(payload)', message: 'expected an object' }];
  const issues: Issues = [];
  CHECKS[kind](payload, indicatorCodes, issues);
  return issues.length > 0 ? issues : null;
}

/** Committee scores: every criterion of the plan, each from 0 to 100. */
export function scoreIssues(scores: unknown, criteria: readonly string[]): PayloadIssue[] | null {
  if (!isObject(scores)) return [{ path: '(scores)', message: 'expected an object keyed by criterion code' }];
  const issues: Issues = [];
  for (const [key, v] of Object.entries(scores)) {
    if (!criteria.includes(key)) issues.push({ path: key, message: `unknown criterion "${key}"` });
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100)
      issues.push({ path: key, message: 'scores run from 0 to 100' });
  }
  for (const c of criteria)
    if (!(c in scores)) issues.push({ path: c, message: 'a score is required for every criterion' });
  return issues.length > 0 ? issues : null;
}
