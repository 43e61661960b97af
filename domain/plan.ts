/**
 * A competition plan as an admin (or the built-in template) defines it, validated before anything is written:
 * its period, indicators with their kind and targets, and how the year-end evaluation is scored.
 */
import { z } from 'zod';
import { INDICATOR_KINDS } from './indicators';
import { CATEGORY_CODES, type AwardCategory } from './awards/categories';

export const GRADES = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'] as const;
export type Grade = (typeof GRADES)[number];

const code = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'expected a dotted lower-case code such as "skill.trades"');
const year = z.number().int().min(1949).max(2200);
const nonNegative = z.number().finite().nonnegative({ message: 'must not be negative' });

export const indicatorDefinitionSchema = z
  .object({
    code,
    nameZh: z.string().min(1),
    nameEn: z.string().min(1),
    unitZh: z.string().min(1),
    unitEn: z.string().min(1),
    kind: z.enum(INDICATOR_KINDS, {
      message: `kind must be one of ${INDICATOR_KINDS.join(', ')}`,
    }),
    aggregation: z.enum(['SUM', 'SHARE']).default('SUM'),
    weight: nonNegative.default(1),
    annualRatePct: z.number().finite().min(-100).max(1000).nullable().default(null),
    denominatorCode: code.nullable().default(null),
    /** The city's figure in the year before the period: what growth compounds from. */
    baseline: z.number().finite().min(0).max(99_999_999_999).nullable().default(null),
    /** Targets "by the end of" each year named; a year with none is derived (see domain/targets.ts). */
    targets: z.array(z.object({ year, value: nonNegative }).strict()).default([]),
    noteZh: z.string().nullable().default(null),
    /** Award categories whose honours count toward this indicator (e.g. 首席员工 for chief employees selected). */
    awardCategories: z
      .array(z.enum(CATEGORY_CODES as [AwardCategory, ...AwardCategory[]]))
      .max(20)
      .default([]),
  })
  .strict();

export const planDefinitionSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case code such as "pds-2011-2015"'),
    nameZh: z.string().min(1),
    nameEn: z.string().min(1).nullable().default(null),
    periodStart: year,
    periodEnd: year,
    indicatorWeight: nonNegative.max(100).default(70),
    committeeWeight: nonNegative.max(100).default(30),
    gradeThresholds: z
      .array(z.object({ grade: z.enum(GRADES), min: z.number().min(0).max(100) }).strict())
      .min(1)
      .default([
        { grade: 'EXCELLENT', min: 90 },
        { grade: 'GOOD', min: 80 },
        { grade: 'PASS', min: 60 },
      ]),
    indicators: z.array(indicatorDefinitionSchema).min(1, 'a plan needs at least one indicator'),
    criteria: z
      .array(
        z
          .object({
            code,
            nameZh: z.string().min(1),
            nameEn: z.string().min(1),
            weight: nonNegative.default(1),
            descriptionZh: z.string().max(500).nullable().default(null),
            descriptionEn: z.string().max(500).nullable().default(null),
          })
          .strict(),
      )
      .default([]),
    sourceDocument: z.string().nullable().default(null),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.periodEnd < plan.periodStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['periodEnd'],
        message: `period end ${plan.periodEnd} is before its start ${plan.periodStart}`,
      });
    }
    if (plan.indicatorWeight + plan.committeeWeight !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['committeeWeight'],
        message: 'indicatorWeight and committeeWeight must add up to 100',
      });
    }
    const mins = plan.gradeThresholds.map((g) => g.min);
    if (mins.some((m, i) => i > 0 && m >= mins[i - 1]!)) {
      ctx.addIssue({
        code: 'custom',
        path: ['gradeThresholds'],
        message: 'grade thresholds must be listed highest first',
      });
    }
    const codes = new Set<string>();
    plan.indicators.forEach((ind, i) => {
      if (codes.has(ind.code))
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'code'],
          message: `duplicate indicator code "${ind.code}"`,
        });
      codes.add(ind.code);
      const years = new Set<number>();
      ind.targets.forEach((t, j) => {
        if (t.year < plan.periodStart || t.year > plan.periodEnd) {
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, 'targets', j, 'year'],
            message: `year ${t.year} is outside the plan period ${plan.periodStart}–${plan.periodEnd}`,
          });
        }
        if (years.has(t.year))
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, 'targets', j, 'year'],
            message: `two targets for ${t.year}`,
          });
        years.add(t.year);
      });
      if (ind.kind === 'RATIO' && ind.aggregation !== 'SHARE') {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'aggregation'],
          message: 'a RATIO indicator is a share: aggregation must be SHARE',
        });
      }
      if (ind.targets.length === 0 && ind.annualRatePct === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'targets'],
          message: 'give at least one target or an annual rate',
        });
      }
    });
    plan.indicators.forEach((ind, i) => {
      if (ind.denominatorCode !== null && !codes.has(ind.denominatorCode)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'denominatorCode'],
          message: `no indicator "${ind.denominatorCode}" in this plan`,
        });
      }
    });
    const criteria = new Set<string>();
    plan.criteria.forEach((c, i) => {
      if (criteria.has(c.code))
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'code'],
          message: `duplicate criterion code "${c.code}"`,
        });
      criteria.add(c.code);
    });
  });

export type PlanDefinitionInput = z.input<typeof planDefinitionSchema>;
export type PlanDefinition = z.output<typeof planDefinitionSchema>;
export type IndicatorDefinition = PlanDefinition['indicators'][number];

export interface FieldIssue {
  path: string;
  message: string;
}

export class PlanValidationError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(
      `Invalid plan: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}. Correct these fields and submit again.`,
    );
    this.name = 'PlanValidationError';
  }
}

export function parsePlanDefinition(input: unknown): PlanDefinition {
  const result = planDefinitionSchema.safeParse(input);
  if (!result.success) {
    throw new PlanValidationError(
      result.error.issues.map((i) => ({ path: i.path.join('.') || '(plan)', message: i.message })),
    );
  }
  return result.data;
}
