/**
 * A cycle's calendar is data: every due date, reminder offset, escalation delay and missed-deadline policy. Dates are
 * wall-clock times in the cycle's time zone (Asia/Shanghai by default); `resolveCalendar` turns them into instants
 * once, so workflows only ever compare epoch milliseconds. A test calendar may put due dates seconds apart.
 */
import { z } from 'zod';
import { parseDuration } from './durations';
import { FEDERATION_TIME_ZONE, instantOf, isValidTimeZone, parseLocalDateTime } from './time-zone';

/** What happens when a due date passes with nobody acting. */
export const MISSED_POLICIES = ['ESCALATE_AND_WAIT', 'AUTO_APPROVE', 'FAIL_STAGE'] as const;
export type MissedPolicy = (typeof MISSED_POLICIES)[number];

export const localDateTime = z.string().refine((s) => parseLocalDateTime(s) !== null, {
  message: 'expected a date "YYYY-MM-DD" or date-time "YYYY-MM-DDTHH:mm[:ss]" in the cycle time zone',
});
export const duration = z.string().refine((s) => parseDuration(s) !== null, {
  message: 'expected a duration such as "3d", "12h", "30m", "45s" or "1d12h"',
});

export const deadlineRules = {
  reminders: z.array(duration).max(10).default(['3d', '1d']),
  escalateAfter: duration.default('1d'),
  escalateEvery: duration.default('3d'),
  onMissed: z.enum(MISSED_POLICIES).default('ESCALATE_AND_WAIT'),
};

const submissionStep = z.object({ due: localDateTime, ...deadlineRules }).strict();
const decisionStep = z.object({ within: duration.default('7d'), ...deadlineRules }).strict();
const checkStep = z
  .object({ label: z.string().min(1).max(40), asOf: localDateTime, due: localDateTime, ...deadlineRules })
  .strict();

export const cycleCalendarSchema = z
  .object({
    timeZone: z
      .string()
      .default(FEDERATION_TIME_ZONE)
      .refine(isValidTimeZone, { message: 'expected an IANA time zone such as "Asia/Shanghai"' }),
    planSubmission: submissionStep,
    planDecision: decisionStep.default(decisionStep.parse({})),
    targetSetting: submissionStep,
    targetDecision: decisionStep.default(decisionStep.parse({})),
    checks: z.array(checkStep).min(1).max(24),
    checkDecision: decisionStep.default(decisionStep.parse({})),
    evaluation: submissionStep,
    scoring: decisionStep.default(decisionStep.parse({})),
    confirmation: decisionStep.default(decisionStep.parse({ within: '3d' })),
    // How long after a notice of the cycle is ready it issues itself (the office's window to preview and edit it).
    noticeLead: duration.optional(),
  })
  .strict()
  .superRefine((cal, ctx) => {
    // Zod still runs this after a failed field refinement; an unknown zone is already reported.
    if (!isValidTimeZone(cal.timeZone)) return;
    const ordered: Array<[string[], string]> = [
      [['planSubmission', 'due'], cal.planSubmission.due],
      [['targetSetting', 'due'], cal.targetSetting.due],
      ...cal.checks.map((c, i): [string[], string] => [['checks', String(i), 'due'], c.due]),
      [['evaluation', 'due'], cal.evaluation.due],
    ];
    for (let i = 1; i < ordered.length; i++) {
      const [prevPath, prev] = ordered[i - 1]!;
      const [path, cur] = ordered[i]!;
      const a = parseLocalDateTime(prev);
      const b = parseLocalDateTime(cur);
      if (a && b && instantOf(b, cal.timeZone).getTime() <= instantOf(a, cal.timeZone).getTime()) {
        ctx.addIssue({ code: 'custom', path, message: `must be after ${prevPath.join('.')} (${prev})` });
      }
    }
    cal.checks.forEach((c, i) => {
      const asOf = parseLocalDateTime(c.asOf);
      const due = parseLocalDateTime(c.due);
      if (asOf && due && instantOf(due, cal.timeZone).getTime() < instantOf(asOf, cal.timeZone).getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'due'],
          message: `must not be before checks.${i}.asOf`,
        });
      }
    });
  });

export type CycleCalendarInput = z.input<typeof cycleCalendarSchema>;
export type CycleCalendar = z.output<typeof cycleCalendarSchema>;

export interface DeadlineRules {
  remindersBeforeMs: number[];
  escalateAfterMs: number;
  escalateEveryMs: number;
  onMissed: MissedPolicy;
}

export interface ResolvedSubmissionStep extends DeadlineRules {
  dueAt: number;
}
export interface ResolvedCheck extends ResolvedSubmissionStep {
  label: string;
  asOf: number;
}
export interface ResolvedDecisionStep extends DeadlineRules {
  withinMs: number;
}

/** Everything a workflow needs, as plain numbers: serialisable into workflow arguments and history. */
export interface ResolvedCalendar {
  timeZone: string;
  planSubmission: ResolvedSubmissionStep;
  planDecision: ResolvedDecisionStep;
  targetSetting: ResolvedSubmissionStep;
  targetDecision: ResolvedDecisionStep;
  checks: ResolvedCheck[];
  checkDecision: ResolvedDecisionStep;
  evaluation: ResolvedSubmissionStep;
  scoring: ResolvedDecisionStep;
  confirmation: ResolvedDecisionStep;
  noticeLeadMs?: number;
}

export class CalendarError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`Invalid cycle calendar: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'CalendarError';
  }
}

export function parseCalendar(input: unknown): CycleCalendar {
  const result = cycleCalendarSchema.safeParse(input);
  if (!result.success) {
    throw new CalendarError(
      result.error.issues.map((i) => ({ path: i.path.join('.') || '(calendar)', message: i.message })),
    );
  }
  return result.data;
}

/** Reminders, escalation and the missed-deadline policy as the workflows use them (milliseconds). */
export function resolveDeadlineRules(r: {
  reminders: string[];
  escalateAfter: string;
  escalateEvery: string;
  onMissed: MissedPolicy;
}): DeadlineRules {
  const ms = (text: string) => parseDuration(text)!;
  return {
    remindersBeforeMs: r.reminders.map(ms).sort((a, b) => b - a),
    escalateAfterMs: ms(r.escalateAfter),
    escalateEveryMs: Math.max(ms(r.escalateEvery), 1000),
    onMissed: r.onMissed,
  };
}

export function resolveCalendar(input: unknown): ResolvedCalendar {
  const cal = parseCalendar(input);
  const at = (text: string) => instantOf(parseLocalDateTime(text)!, cal.timeZone).getTime();
  const ms = (text: string) => parseDuration(text)!;
  const submission = (s: z.output<typeof submissionStep>) => ({
    dueAt: at(s.due),
    ...resolveDeadlineRules(s),
  });
  const decision = (d: z.output<typeof decisionStep>) => ({
    withinMs: ms(d.within),
    ...resolveDeadlineRules(d),
  });
  return {
    timeZone: cal.timeZone,
    planSubmission: submission(cal.planSubmission),
    planDecision: decision(cal.planDecision),
    targetSetting: submission(cal.targetSetting),
    targetDecision: decision(cal.targetDecision),
    checks: cal.checks.map((c) => ({ label: c.label, asOf: at(c.asOf), ...submission(c) })),
    checkDecision: decision(cal.checkDecision),
    evaluation: submission(cal.evaluation),
    scoring: decision(cal.scoring),
    confirmation: decision(cal.confirmation),
    ...(cal.noticeLead ? { noticeLeadMs: ms(cal.noticeLead) } : {}),
  };
}

export type DeadlineEvent =
  | { kind: 'REMINDER'; at: number; index: number }
  | { kind: 'DUE'; at: number }
  | { kind: 'ESCALATION'; at: number; index: number };

/**
 * The timeline around one due date: reminders before it (never in the past of `from`), the due moment, and the
 * first `escalations` escalations after it.
 */
export function deadlineTimeline(
  dueAt: number,
  rules: DeadlineRules,
  from: number,
  escalations = 1,
): DeadlineEvent[] {
  const events: DeadlineEvent[] = [];
  rules.remindersBeforeMs.forEach((before, index) => {
    const at = dueAt - before;
    if (at >= from && at < dueAt) events.push({ kind: 'REMINDER', at, index });
  });
  events.push({ kind: 'DUE', at: dueAt });
  for (let index = 0; index < escalations; index++) {
    events.push({
      kind: 'ESCALATION',
      at: dueAt + rules.escalateAfterMs + index * rules.escalateEveryMs,
      index,
    });
  }
  return events;
}

/** The calendar a federation would use for `year`: quarterly checks, evaluation in the following January. */
export function defaultCalendar(year: number): CycleCalendarInput {
  return {
    timeZone: FEDERATION_TIME_ZONE,
    planSubmission: { due: `${year}-02-28T18:00` },
    targetSetting: { due: `${year}-03-31T18:00` },
    checks: [
      { label: 'Q1', asOf: `${year}-03-31`, due: `${year}-04-10T18:00` },
      { label: 'Q2', asOf: `${year}-06-30`, due: `${year}-07-10T18:00` },
      { label: 'Q3', asOf: `${year}-09-30`, due: `${year}-10-10T18:00` },
      { label: 'Q4', asOf: `${year}-12-31`, due: `${year + 1}-01-10T18:00` },
    ],
    evaluation: { due: `${year + 1}-01-20T18:00` },
  };
}
