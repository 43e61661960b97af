/**
 * An award programme as the office sets it up (console or `POST /api/award-programmes`), validated before anything
 * is written: categories and places, quotas per nominating unit, proportion and eligibility rules, the calendar
 * (due dates with reminders and escalation, the 公示 length in working days), the review mode and the vetting
 * departments. Dates are wall-clock times in the federation's time zone, as in a cycle's calendar.
 */
import { z } from 'zod';
import {
  deadlineRules,
  duration,
  localDateTime,
  resolveDeadlineRules,
  type DeadlineRules,
} from '../calendar';
import { parseDuration } from '../durations';
import { GRADES } from '../plan';
import { FEDERATION_TIME_ZONE, instantOf, parseLocalDateTime } from '../time-zone';
import {
  AWARD_CATEGORIES,
  CATEGORY_CODES,
  COLLECTIVE_FIELDS,
  HONOUR_LEVELS,
  PERSON_FIELDS,
  type AwardCategory,
} from './categories';
import { ELIGIBILITY_KINDS } from './eligibility';
import { COMPARISONS } from './proportions';
import { quotaProblems } from './quotas';
import { BALLOTS, DEFAULT_PASS_MARK, TIE_BREAKS } from './selection';

const category = z.enum(CATEGORY_CODES as [AwardCategory, ...AwardCategory[]]);
const text = (max: number) => z.string().trim().min(1).max(max);
const unitCode = z.string().trim().min(1).max(64);

const proportionRule = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-", at most 40'),
    label: text(100),
    categories: z.array(category).min(1),
    field: z.string().max(40),
    values: z.array(z.string().max(40)).min(1).max(20),
    comparison: z.enum(COMPARISONS),
    percent: z.number().min(0).max(100).multipleOf(0.01),
    hard: z.boolean().default(true),
  })
  .strict()
  .refine((r) => r.categories.every((c) => fieldsOf(c).includes(r.field)), {
    message: 'the field is not on the form of every category named',
    path: ['field'],
  });

const eligibilityRule = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal(ELIGIBILITY_KINDS[0]), grade: z.enum(GRADES), hard: z.boolean().default(true) })
    .strict(),
  z
    .object({
      kind: z.literal(ELIGIBILITY_KINDS[1]),
      years: z.number().int().min(1).max(10),
      hard: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      kind: z.literal(ELIGIBILITY_KINDS[2]),
      years: z.number().int().min(1).max(20),
      hard: z.boolean().default(true),
    })
    .strict(),
  z.object({ kind: z.literal(ELIGIBILITY_KINDS[3]), hard: z.boolean().default(true) }).strict(),
]);

/** A step that waits for people until a due date, with reminders before and escalation after. */
const dueStep = z.object({ due: localDateTime, ...deadlineRules }).strict();

const calendar = z
  .object({
    timeZone: z.string().default(FEDERATION_TIME_ZONE),
    nomination: dueStep,
    vetting: dueStep,
    review: dueStep,
    confirmation: z
      .object({ within: duration.default('3d'), ...deadlineRules })
      .strict()
      .default({
        within: '3d',
        reminders: ['1d'],
        escalateAfter: '1d',
        escalateEvery: '3d',
        onMissed: 'ESCALATE_AND_WAIT',
      }),
    /** The 公示 window in working days (at least 5 by the usual rules); a duration instead is for drills and tests. */
    publicity: z.union([
      z.object({ workingDays: z.number().int().min(1).max(30) }).strict(),
      z.object({ duration }).strict(),
    ]),
    decisionDate: localDateTime,
  })
  .strict();

export const programmeSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    title: text(200),
    level: z.enum(HONOUR_LEVELS).default('CITY'),
    federation: unitCode,
    /** The issuing office's document-number prefix, e.g. 平工文. */
    numberPrefix: text(20),
    /** 联合发文: the prefixes of the issuers (on record) that sign the 公示 and the decision with the lead one. */
    jointIssuers: z.array(text(20)).max(3).default([]),
    committee: z.uuid({ message: 'expected the id of the awards committee' }),
    reviewMode: z.enum(['EQUAL', 'COMPETITIVE']),
    tieBreak: z.enum(TIE_BREAKS).default('UNIT_SCORE'),
    /** 差额 only: members vote for/against, or score 0–100 with a pass mark for the mean. */
    ballot: z.enum(BALLOTS).default('VOTE'),
    passMark: z.number().int().min(0).max(100).default(DEFAULT_PASS_MARK),
    /** 差额 only: a place freed by an upheld objection goes to the next qualified nominee (递补). */
    refillOnWithdrawal: z.boolean().default(false),
    places: z.partialRecord(category, z.number().int().min(1).max(10_000)),
    quotas: z
      .array(z.object({ unit: unitCode, category, quota: z.number().int().min(1).max(1_000) }).strict())
      .min(1)
      .max(20_000),
    proportionRules: z.array(proportionRule).max(50).default([]),
    eligibilityRules: z.array(eligibilityRule).max(20).default([]),
    calendar,
    departments: z
      .array(z.object({ name: text(40), contact: text(100), email: z.email() }).strict())
      .max(20)
      .default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.refillOnWithdrawal && p.reviewMode !== 'COMPETITIVE')
      ctx.addIssue({
        code: 'custom',
        path: ['refillOnWithdrawal'],
        message: 'a freed place can be refilled only in 差额 review (COMPETITIVE): 等额 has no next nominee',
      });
    if (p.ballot === 'SCORE' && p.reviewMode !== 'COMPETITIVE')
      ctx.addIssue({
        code: 'custom',
        path: ['ballot'],
        message: 'scoring ranks nominees: it is for 差额 review (COMPETITIVE) only',
      });
    if (Object.keys(p.places).length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['places'],
        message: 'name at least one category and its places',
      });
    for (const problem of quotaProblems(
      p.reviewMode,
      p.places,
      p.quotas.map((q) => ({ ...q, unitCode: q.unit })),
    ))
      ctx.addIssue({ code: 'custom', path: ['quotas'], message: describeQuotaProblem(problem) });
    const seen = new Set<string>();
    p.quotas.forEach((q, i) => {
      const key = `${q.unit}|${q.category}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['quotas', i],
          message: `${q.unit} has two quotas for ${q.category}`,
        });
      seen.add(key);
    });
    const at = (s: string) => instantOf(parseLocalDateTime(s)!, p.calendar.timeZone).getTime();
    const order: Array<[string, string]> = [
      ['nomination', p.calendar.nomination.due],
      ['vetting', p.calendar.vetting.due],
      ['review', p.calendar.review.due],
      ['decisionDate', p.calendar.decisionDate],
    ];
    for (let i = 1; i < order.length; i++)
      if (
        parseLocalDateTime(order[i]![1]) &&
        parseLocalDateTime(order[i - 1]![1]) &&
        at(order[i]![1]) <= at(order[i - 1]![1])
      )
        ctx.addIssue({
          code: 'custom',
          path: ['calendar', order[i]![0]],
          message: `must be after calendar.${order[i - 1]![0]} (${order[i - 1]![1]})`,
        });
  });

export type ProgrammeInput = z.input<typeof programmeSchema>;
export type Programme = z.output<typeof programmeSchema>;

function describeQuotaProblem(p: { key: string; params: Record<string, string | number> }): string {
  const { category: c, places, allowed } = p.params;
  if (p.key === 'awards.quota.equalMismatch')
    return `${c}: in 等额 review the quotas must add up to the places (${places}), not ${allowed}`;
  if (p.key === 'awards.quota.competitiveTooFew')
    return `${c}: in 差额 review the quotas must add up to more than the places (${places}), not ${allowed}`;
  return `${c}: a quota for a category without places (unit ${p.params.unit})`;
}

export function fieldsOf(c: AwardCategory): readonly string[] {
  return AWARD_CATEGORIES[c].nominee === 'PERSON' ? PERSON_FIELDS : COLLECTIVE_FIELDS;
}

/** The programme's calendar as instants and millisecond rules, for the workflow. */
export interface ResolvedAwardCalendar {
  nomination: DeadlineRules & { dueAt: number };
  vetting: DeadlineRules & { dueAt: number };
  review: DeadlineRules & { dueAt: number };
  confirmation: DeadlineRules & { withinMs: number };
  /** Working days of the 公示 window, or a fixed length for drills. */
  publicity: { workingDays: number } | { durationMs: number };
  decisionAt: number;
  timeZone: string;
}

export function resolveAwardCalendar(cal: Programme['calendar']): ResolvedAwardCalendar {
  const at = (s: string) => instantOf(parseLocalDateTime(s)!, cal.timeZone).getTime();
  const step = (s: z.output<typeof dueStep>) => ({ dueAt: at(s.due), ...resolveDeadlineRules(s) });
  return {
    nomination: step(cal.nomination),
    vetting: step(cal.vetting),
    review: step(cal.review),
    confirmation: {
      withinMs: parseDuration(cal.confirmation.within)!,
      ...resolveDeadlineRules(cal.confirmation),
    },
    publicity:
      'workingDays' in cal.publicity
        ? { workingDays: cal.publicity.workingDays }
        : { durationMs: parseDuration(cal.publicity.duration)! },
    decisionAt: at(cal.decisionDate),
    timeZone: cal.timeZone,
  };
}
