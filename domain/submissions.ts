/**
 * What a unit submits at each step, validated identically by the API (clear messages next to the field) and by
 * the workflow's update validator (nothing malformed ever enters a history).
 */
import { z } from 'zod';

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

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const planPayloadSchema = z
  .object({
    title: text(200),
    summary: text(5000),
    measures: z.array(text(500)).max(50).default([]),
    campaigns: z.array(z.enum(COMPETITION_FAMILIES)).max(COMPETITION_FAMILIES.length).default([]),
  })
  .strict();

const amount = z.number().finite().nonnegative('must not be negative');

export const figureSchema = z
  .object({
    value: amount,
    numerator: amount.optional(),
    denominator: amount.optional(),
    /** Last year's full-year figure, for growth and lower-is-better judgements. */
    previous: amount.optional(),
  })
  .strict()
  .refine((f) => f.numerator === undefined || f.denominator === undefined || f.numerator <= f.denominator, {
    message: 'numerator must not exceed denominator',
    path: ['numerator'],
  });

export type Figure = z.output<typeof figureSchema>;

function codesOnly<T extends z.ZodType>(codes: readonly string[], value: T, required: boolean) {
  return z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!codes.includes(key))
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown indicator "${key}"` });
    }
    if (required) {
      for (const code of codes) {
        if (!(code in rec))
          ctx.addIssue({ code: 'custom', path: [code], message: 'a target is required for every indicator' });
      }
    }
  });
}

export function payloadSchema(kind: StepKind, indicatorCodes: readonly string[]) {
  switch (kind) {
    case 'plan':
      return planPayloadSchema;
    case 'targets':
      return z
        .object({ targets: codesOnly(indicatorCodes, amount, true), note: z.string().max(2000).optional() })
        .strict();
    case 'check':
      return z
        .object({
          figures: codesOnly(indicatorCodes, figureSchema, false),
          note: z.string().max(5000).optional(),
        })
        .strict();
    case 'evaluation':
      return z
        .object({ figures: codesOnly(indicatorCodes, figureSchema, false), selfAssessment: text(10000) })
        .strict();
  }
}

export interface PayloadIssue {
  path: string;
  message: string;
}

/** null when valid; otherwise every problem with the field it concerns. */
export function payloadIssues(
  step: string,
  payload: unknown,
  indicatorCodes: readonly string[],
): PayloadIssue[] | null {
  const kind = stepKind(step);
  if (!kind) return [{ path: 'step', message: `unknown step "${step}"` }];
  const result = payloadSchema(kind, indicatorCodes).safeParse(payload);
  if (result.success) return null;
  return result.error.issues.map((i) => ({ path: i.path.join('.') || '(payload)', message: i.message }));
}

export const scoresSchema = (criteria: readonly string[]) =>
  z
    .record(
      z.string(),
      z.number().finite().min(0, 'scores run from 0 to 100').max(100, 'scores run from 0 to 100'),
    )
    .superRefine((rec, ctx) => {
      for (const key of Object.keys(rec))
        if (!criteria.includes(key))
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown criterion "${key}"` });
      for (const c of criteria)
        if (!(c in rec))
          ctx.addIssue({ code: 'custom', path: [c], message: 'a score is required for every criterion' });
    });
