import { CalendarError, deadlineTimeline, defaultCalendar, parseCalendar, resolveCalendar } from './calendar';

describe('cycle calendar', () => {
  it('resolves wall-clock due dates in Asia/Shanghai (UTC+8) to instants', () => {
    const cal = resolveCalendar(defaultCalendar(2013));
    expect(new Date(cal.planSubmission.dueAt).toISOString()).toBe('2013-02-28T10:00:00.000Z'); // 18:00 in Shanghai
    expect(new Date(cal.checks[3]!.asOf).toISOString()).toBe('2013-12-31T15:59:59.000Z'); // a date alone is its end
    expect(cal.planSubmission.remindersBeforeMs).toEqual([3 * 86_400_000, 86_400_000]);
    expect(cal.planSubmission.escalateAfterMs).toBe(86_400_000);
    expect(cal.planSubmission.onMissed).toBe('ESCALATE_AND_WAIT');
    expect(cal.confirmation.withinMs).toBe(3 * 86_400_000);
  });

  it('accepts a compressed calendar with due dates seconds apart', () => {
    const cal = resolveCalendar({
      planSubmission: {
        due: '2026-11-24T10:00:05',
        reminders: ['3s'],
        escalateAfter: '2s',
        onMissed: 'AUTO_APPROVE',
      },
      targetSetting: { due: '2026-11-24T10:00:15' },
      checks: [{ label: 'Q1', asOf: '2026-11-24T10:00:16', due: '2026-11-24T10:00:20' }],
      evaluation: { due: '2026-11-24T10:00:30' },
    });
    expect(cal.targetSetting.dueAt - cal.planSubmission.dueAt).toBe(10_000);
    expect(cal.planSubmission).toMatchObject({
      remindersBeforeMs: [3000],
      escalateAfterMs: 2000,
      onMissed: 'AUTO_APPROVE',
    });
  });

  it('refuses dates out of order, naming the field', () => {
    const bad = defaultCalendar(2013) as { targetSetting: { due: string } };
    bad.targetSetting.due = '2013-02-01';
    expect(() => parseCalendar(bad)).toThrow(CalendarError);
    try {
      parseCalendar(bad);
    } catch (err) {
      expect((err as CalendarError).issues).toEqual([
        { path: 'targetSetting.due', message: 'must be after planSubmission.due (2013-02-28T18:00)' },
      ]);
    }
  });

  it('refuses malformed dates, durations, policies, zones and unknown fields', () => {
    const base = defaultCalendar(2013);
    const issuesOf = (input: unknown) => {
      try {
        parseCalendar(input);
        return [];
      } catch (err) {
        return (err as CalendarError).issues.map((i) => i.path);
      }
    };
    expect(issuesOf({ ...base, planSubmission: { due: '2013-02-30' } })).toContain('planSubmission.due');
    expect(issuesOf({ ...base, planSubmission: { due: '2013-02-28', reminders: ['soon'] } })).toContain(
      'planSubmission.reminders.0',
    );
    expect(issuesOf({ ...base, planSubmission: { due: '2013-02-28', onMissed: 'IGNORE' } })).toContain(
      'planSubmission.onMissed',
    );
    expect(issuesOf({ ...base, timeZone: 'Mars/Olympus' })).toContain('timeZone');
    expect(issuesOf({ ...base, checks: [] })).toContain('checks');
    expect(issuesOf({ ...base, surprise: 1 })).toEqual(['(calendar)']);
  });

  it('lays out reminders before a due date and escalations after it', () => {
    const rules = {
      remindersBeforeMs: [3000, 1000],
      escalateAfterMs: 2000,
      escalateEveryMs: 5000,
      onMissed: 'ESCALATE_AND_WAIT' as const,
    };
    expect(deadlineTimeline(10_000, rules, 0, 2)).toEqual([
      { kind: 'REMINDER', at: 7000, index: 0 },
      { kind: 'REMINDER', at: 9000, index: 1 },
      { kind: 'DUE', at: 10_000 },
      { kind: 'ESCALATION', at: 12_000, index: 0 },
      { kind: 'ESCALATION', at: 17_000, index: 1 },
    ]);
    // A reminder whose moment has already passed when the step opens is not sent late.
    expect(deadlineTimeline(10_000, rules, 8000).map((e) => e.kind)).toEqual([
      'REMINDER',
      'DUE',
      'ESCALATION',
    ]);
  });
});
