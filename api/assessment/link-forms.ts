/**
 * The HTML forms behind the links, and their way back: form fields become the same payload the JSON API takes,
 * validated by the same domain rules, with every problem attached to the field it concerns.
 */
import { z } from 'zod';
import { applyCarried, type CarriedFigure } from '../../domain/carry-forward';
import { COMMENT_MAX } from '../../domain/decision';
import {
  parseFigure,
  SCORE_SCALE,
  textProblem,
  type FigureRule,
  type Measure,
} from '../../domain/input-rules';
import {
  COMPETITION_FAMILIES,
  figureIssue,
  payloadIssues,
  scoreIssues,
  textIssue,
  type Figure,
  type PayloadIssue,
  type StepKind,
} from '../../domain/submissions';
import { translate, type Locale } from '../../templates/render';

export interface FormIndicator {
  code: string;
  name: string;
  unit: string;
  measure: Measure;
  prefill: number | null;
  /** The register's honours of the year that count toward it, in words ("本年度表彰决定授予 3 人…"), or null. */
  honours?: string | null;
  /** The allocation marks it 不适用, so a first version of the targets starts with it ticked. */
  prefillNotApplicable: boolean;
  /** What the figure is, what its target stands for, and last year's figure's label where it is used. */
  meaning: string;
  targetMeaning: string;
  previousLabel: string | null;
  /** What the unit's earlier years carry for it: last year's approved base, or the running total so far. */
  carried?: CarriedFigure | null;
  /** Where the carried figure comes from, in words. */
  carriedText?: string | null;
}

export type FieldErrors = Record<string, string>;
type Body = Record<string, unknown>;

const field = (body: Body, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** A figure field by the one strict grammar (domain/input-rules.ts); a problem is put next to the field. */
function numberField(
  body: Body,
  name: string,
  errors: FieldErrors,
  locale: Locale,
  rule: FigureRule,
): number | undefined {
  const parsed = parseFigure(field(body, name), rule);
  if (parsed.problem) {
    errors[name] = localiseIssue(locale, figureIssue(name, parsed.problem, rule.scale));
    return undefined;
  }
  return parsed.value ?? undefined;
}

/** Which form field a domain validation path belongs to (indicator codes may contain dots themselves). */
export function fieldOf(path: string): string {
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  if (head === 'targets' && rest) return `target_${rest}`;
  if (head === 'figures' && rest) {
    const part = /^(.*)\.(value|previous|previousReason|numerator|denominator)$/.exec(rest);
    const onPrevious = part?.[2] === 'previous' || part?.[2] === 'previousReason';
    return `${onPrevious ? 'previous' : 'value'}_${part ? part[1] : rest}`;
  }
  if (head === 'measures' || head === 'campaigns') return head;
  if (head === 'rectification') return rest === 'by' ? 'rect_by' : 'rect_measures';
  return head;
}

/** A domain or form problem in the reader's language: by its catalogue code, else by its English message. */
export function localiseIssue(
  locale: Locale,
  issue: Pick<PayloadIssue, 'message' | 'code' | 'params'>,
): string {
  for (const key of [issue.code, issue.message]) {
    if (!key) continue;
    try {
      return translate(locale, `validation.${key}`, issue.params);
    } catch {
      // not in the catalogue under this key: try the next
    }
  }
  return issue.message;
}

/** A check sent back for rectification (要求整改): its form asks for the measures and their deadline. */
export function isRectifying(status: string, kind: StepKind | null): boolean {
  return kind === 'check' && status === 'RETURNED';
}

/** The payload a unit's form describes, or the errors next to each field. */
export function payloadFromForm(
  kind: StepKind,
  body: Body,
  indicators: FormIndicator[],
  locale: Locale,
  opts: { rectifying?: boolean } = {},
): { payload: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const payload: Record<string, unknown> = {};
  if (kind === 'plan') {
    payload.title = field(body, 'title');
    payload.summary = field(body, 'summary');
    payload.measures = field(body, 'measures')
      .split(/\r?\n/)
      .map((m) => m.trim())
      .filter(Boolean);
    const campaigns = body.campaigns === undefined ? [] : ([] as unknown[]).concat(body.campaigns);
    payload.campaigns = campaigns;
  } else if (kind === 'targets') {
    const targets: Record<string, unknown> = {};
    const notApplicable: string[] = [];
    for (const ind of indicators) {
      if (body[`na_${ind.code}`] === 'on') {
        notApplicable.push(ind.code);
        continue;
      }
      const v = numberField(body, `target_${ind.code}`, errors, locale, { measure: ind.measure });
      if (v !== undefined) targets[ind.code] = v;
    }
    payload.targets = targets;
    if (notApplicable.length > 0) payload.notApplicable = notApplicable;
    if (field(body, 'note')) payload.note = field(body, 'note');
  } else {
    const figures: Record<string, unknown> = {};
    for (const ind of indicators) {
      const rule = { measure: ind.measure };
      const value = numberField(body, `value_${ind.code}`, errors, locale, rule);
      const previous = numberField(body, `previous_${ind.code}`, errors, locale, rule);
      const previousReason = field(body, `previousReason_${ind.code}`);
      if (value !== undefined)
        figures[ind.code] = {
          value,
          ...(previous !== undefined ? { previous } : {}),
          ...(previousReason ? { previousReason } : {}),
        };
      else if (previous !== undefined)
        errors[`value_${ind.code}`] = translate(locale, 'validation.valueNeeded');
    }
    const applied = applyCarried(
      figures as Record<string, Figure>,
      indicators.flatMap((i) => (i.carried ? [i.carried] : [])),
    );
    for (const issue of applied.issues) errors[fieldOf(issue.path)] ??= localiseIssue(locale, issue);
    payload.figures = applied.figures;
    if (kind === 'check') {
      if (field(body, 'note')) payload.note = field(body, 'note');
      if (opts.rectifying || field(body, 'rect_measures') || field(body, 'rect_by'))
        payload.rectification = { measures: field(body, 'rect_measures'), by: field(body, 'rect_by') };
    } else payload.selfAssessment = field(body, 'selfAssessment');
  }
  const issues = payloadIssues(kind === 'check' ? 'check-1' : kind, payload, indicators, opts);
  for (const issue of issues ?? []) errors[fieldOf(issue.path)] ??= localiseIssue(locale, issue);
  return { payload, errors };
}

/** The form's fields as they should be shown: what was typed, else the previous version, else the allocation. */
export function formValues(
  kind: StepKind,
  previous: unknown,
  indicators: FormIndicator[],
): Record<string, string> {
  const values: Record<string, string> = {};
  const p = (previous ?? {}) as Record<string, unknown>;
  if (kind === 'plan') {
    values.title = typeof p.title === 'string' ? p.title : '';
    values.summary = typeof p.summary === 'string' ? p.summary : '';
    values.measures = Array.isArray(p.measures) ? p.measures.join('\n') : '';
    return values;
  }
  if (kind === 'targets') {
    const t = (p.targets ?? {}) as Record<string, number>;
    for (const ind of indicators) {
      const v = t[ind.code] ?? ind.prefill;
      values[`target_${ind.code}`] = v === null || v === undefined ? '' : String(v);
      const marked = previous
        ? Array.isArray(p.notApplicable) && p.notApplicable.includes(ind.code)
        : ind.prefillNotApplicable;
      if (marked) {
        values[`na_${ind.code}`] = 'on';
        values[`target_${ind.code}`] = '';
      }
    }
    values.note = typeof p.note === 'string' ? p.note : '';
    return values;
  }
  const f = (p.figures ?? {}) as Record<string, { value?: number; previous?: number }>;
  for (const ind of indicators) {
    values[`value_${ind.code}`] = f[ind.code]?.value !== undefined ? String(f[ind.code]!.value) : '';
    // A carried base is shown read-only; its field holds only a correction the unit made (and explained).
    const base = f[ind.code]?.previous;
    const carried = ind.carried?.role === 'PREVIOUS' ? ind.carried.value : undefined;
    values[`previous_${ind.code}`] = base !== undefined && base !== carried ? String(base) : '';
    const reason = (f[ind.code] as { previousReason?: string } | undefined)?.previousReason;
    if (reason) values[`previousReason_${ind.code}`] = reason;
  }
  values.note = typeof p.note === 'string' ? p.note : '';
  values.selfAssessment = typeof p.selfAssessment === 'string' ? p.selfAssessment : '';
  return values;
}

export const CAMPAIGNS = COMPETITION_FAMILIES;

/** A committee member's vote from the decision page. */
export function voteForm(actions: string[]) {
  return z
    .object({
      _csrf: z.string(),
      outcome: z.enum(actions as [string, ...string[]], { message: 'choose one of the buttons' }),
      comment: z.string().trim().optional().default(''),
    })
    .superRefine((v, ctx) => {
      const problem = textProblem(v.comment, COMMENT_MAX);
      if (problem) {
        const issue = textIssue('comment', problem, COMMENT_MAX);
        ctx.addIssue({ code: 'custom', path: ['comment'], message: issue.message, params: issue });
      }
    })
    .refine((v) => v.comment !== '' || v.outcome === 'APPROVE' || v.outcome === 'ACKNOWLEDGE', {
      path: ['comment'],
      message: 'comment required',
    });
}

export function scoresFromForm(
  body: Body,
  criteria: string[],
  locale: Locale,
): { scores: Record<string, number>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const scores: Record<string, number> = {};
  for (const c of criteria) {
    const v = numberField(body, `score_${c}`, errors, locale, { measure: 'AMOUNT', scale: SCORE_SCALE });
    if (v !== undefined) scores[c] = v;
  }
  for (const issue of scoreIssues(scores, criteria) ?? [])
    errors[`score_${issue.path}`] ??= localiseIssue(locale, issue);
  return { scores, errors };
}
