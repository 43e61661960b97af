/**
 * The start-cycle page's calendar: a handful of form fields (one set of reminder and escalation rules for every
 * step) turned into a cycle calendar, its problems mapped back to the field that caused them, and a preview of
 * every date it produces.
 */
import {
  cycleCalendarSchema,
  deadlineTimeline,
  MISSED_POLICIES,
  resolveCalendar,
  type CycleCalendarInput,
  type MissedPolicy,
} from './calendar';
import { formatLocal, wallClockAt } from './time-zone';

export interface CalendarForm {
  planDue: string;
  targetDue: string;
  /** One check per line: "label, as-of date, due". */
  checks: string;
  evaluationDue: string;
  reminders: string;
  escalateAfter: string;
  escalateEvery: string;
  onMissed: string;
  decisionWithin: string;
}

export const CALENDAR_FORM_FIELDS: Array<keyof CalendarForm> = [
  'planDue',
  'targetDue',
  'checks',
  'evaluationDue',
  'reminders',
  'escalateAfter',
  'escalateEvery',
  'onMissed',
  'decisionWithin',
];

export function calendarFormFrom(input: CycleCalendarInput): CalendarForm {
  const rules = input.planSubmission;
  return {
    planDue: input.planSubmission.due,
    targetDue: input.targetSetting.due,
    checks: input.checks.map((c) => `${c.label}, ${c.asOf}, ${c.due}`).join('\n'),
    evaluationDue: input.evaluation.due,
    reminders: (rules.reminders ?? ['3d', '1d']).join(', '),
    escalateAfter: rules.escalateAfter ?? '1d',
    escalateEvery: rules.escalateEvery ?? '3d',
    onMissed: rules.onMissed ?? 'ESCALATE_AND_WAIT',
    decisionWithin: input.planDecision?.within ?? '7d',
  };
}

export interface FieldProblem {
  field: keyof CalendarForm;
  /** In English, for logs and the JSON API. */
  message: string;
  /** The catalogue key (`calendar.<key>`) and its parameters, for the page in the reader's language. */
  key: string;
  params?: Record<string, string | number>;
}

/** The form field a calendar path names (for "must be after …"), so a page can name it in words. */
function fieldOfPath(path: string): keyof CalendarForm {
  const [head, , third] = path.split('.');
  if (head === 'checks') return third && RULE_FIELD[third] ? RULE_FIELD[third] : 'checks';
  return SUBMISSION_FIELD[head ?? ''] ?? 'checks';
}

/** What a calendar rule's English message says, as a catalogue key and parameters. */
function keyOf(message: string): Pick<FieldProblem, 'key' | 'params'> {
  let m: RegExpExecArray | null;
  if (message.startsWith('expected a date')) return { key: 'date' };
  if (message.startsWith('expected a duration')) return { key: 'duration' };
  if ((m = /^must be after ([\w.]+) \((.+)\)$/.exec(message)))
    return { key: 'after', params: { field: fieldOfPath(m[1]!), date: m[2]!.replace('T', ' ') } };
  if ((m = /^must not be before checks\.(\d+)\.asOf$/.exec(message)))
    return { key: 'dueBeforeAsOf', params: { line: Number(m[1]) + 1 } };
  if ((m = /^line (\d+) \(\w*\): (.*)$/.exec(message))) {
    const inner = keyOf(m[2]!);
    return { key: `line.${inner.key}`, params: { line: Number(m[1]), ...inner.params } };
  }
  return { key: 'invalid' };
}

const SUBMISSION_FIELD: Record<string, keyof CalendarForm> = {
  planSubmission: 'planDue',
  targetSetting: 'targetDue',
  evaluation: 'evaluationDue',
};
const RULE_FIELD: Record<string, keyof CalendarForm> = {
  reminders: 'reminders',
  escalateAfter: 'escalateAfter',
  escalateEvery: 'escalateEvery',
  onMissed: 'onMissed',
  within: 'decisionWithin',
};

/** The calendar the form describes, or the problems, each on the field a person has to change. */
export function calendarFromForm(
  form: CalendarForm,
): { calendar: CycleCalendarInput; problems: [] } | { calendar: null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const checkLines = form.checks
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const checks = checkLines.map((line, i) => {
    const parts = line.split(/[,，]/).map((p) => p.trim());
    if (parts.length !== 3 || parts.some((p) => p === ''))
      problems.push({
        field: 'checks',
        message: `line ${i + 1}: expected "label, as-of date, due", got "${line}"`,
        key: 'checkLine',
        params: { line: i + 1, got: line },
      });
    return { label: parts[0] ?? '', asOf: parts[1] ?? '', due: parts[2] ?? '' };
  });
  if (checkLines.length === 0)
    problems.push({ field: 'checks', message: 'at least one check is needed', key: 'noChecks' });
  if (!(MISSED_POLICIES as readonly string[]).includes(form.onMissed))
    problems.push({
      field: 'onMissed',
      message: `expected one of ${MISSED_POLICIES.join(', ')}`,
      key: 'onMissed',
    });
  if (problems.length > 0) return { calendar: null, problems };

  const rules = {
    reminders: form.reminders
      .split(/[,，\s]+/)
      .map((r) => r.trim())
      .filter(Boolean),
    escalateAfter: form.escalateAfter.trim(),
    escalateEvery: form.escalateEvery.trim(),
    onMissed: form.onMissed as MissedPolicy,
  };
  const decision = { within: form.decisionWithin.trim(), ...rules };
  const calendar: CycleCalendarInput = {
    planSubmission: { due: form.planDue.trim(), ...rules },
    planDecision: decision,
    targetSetting: { due: form.targetDue.trim(), ...rules },
    targetDecision: decision,
    checks: checks.map((c) => ({ ...c, ...rules })),
    checkDecision: decision,
    evaluation: { due: form.evaluationDue.trim(), ...rules },
    scoring: decision,
    confirmation: decision,
  };
  const parsed = cycleCalendarSchema.safeParse(calendar);
  if (parsed.success) return { calendar, problems: [] };
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const [head, second, third] = issue.path.map(String);
    let field: keyof CalendarForm | undefined;
    let message = issue.message;
    if (head === 'checks') {
      field = third && RULE_FIELD[third] ? RULE_FIELD[third] : 'checks';
      if (field === 'checks') message = `line ${Number(second) + 1} (${third ?? ''}): ${issue.message}`;
    } else if (second === 'due') field = SUBMISSION_FIELD[head!];
    else field = RULE_FIELD[second ?? ''] ?? RULE_FIELD[third ?? ''];
    const key = `${field ?? 'checks'}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field: field ?? 'checks', message, ...keyOf(message) });
  }
  return { calendar: null, problems };
}

export interface PreviewRow {
  step: string;
  event: 'REMINDER' | 'DUE' | 'ESCALATION' | 'DECISION';
  /** Beijing (cycle time zone) wall-clock time, or for decisions the time allowed after a submission. */
  at: string;
  /** A dated event already past at `now`: starting now, it would fire at once. */
  past: boolean;
}

/**
 * Every date the calendar produces, in order: reminders, due dates and the first escalation of each step, the
 * committee's decision time after each submission, and after the self-evaluation the scoring and the chair's
 * confirmation.
 */
export function previewCalendar(
  calendar: CycleCalendarInput,
  decisionWithin: string,
  now = Number.NEGATIVE_INFINITY,
): PreviewRow[] {
  const cal = resolveCalendar(calendar);
  const rows: PreviewRow[] = [];
  const submissionSteps = [
    ['plan', cal.planSubmission],
    ['targets', cal.targetSetting],
    ...cal.checks.map((c) => [`check:${c.label}`, c] as const),
    ['evaluation', cal.evaluation],
  ] as const;
  for (const [step, s] of submissionSteps) {
    for (const e of deadlineTimeline(s.dueAt, s, Number.NEGATIVE_INFINITY))
      rows.push({ step, event: e.kind, at: withSeconds(new Date(e.at), cal.timeZone), past: e.at < now });
    if (step !== 'evaluation') rows.push({ step, event: 'DECISION', at: decisionWithin, past: false });
  }
  for (const step of ['scoring', 'confirmation'])
    rows.push({ step, event: 'DECISION', at: decisionWithin, past: false });
  return rows;
}

/** Minutes suffice for a real calendar; a compressed test calendar is seconds apart and shows them. */
function withSeconds(instant: Date, timeZone: string): string {
  const { second } = wallClockAt(instant, timeZone);
  return second === 0
    ? formatLocal(instant, timeZone)
    : `${formatLocal(instant, timeZone)}:${String(second).padStart(2, '0')}`;
}
