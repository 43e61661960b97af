import { defaultCalendar } from './calendar';
import { calendarFormFrom, calendarFromForm, previewCalendar } from './calendar-form';

describe('the start-cycle calendar form', () => {
  const form = calendarFormFrom(defaultCalendar(2026));

  it('round-trips the default calendar', () => {
    const { calendar, problems } = calendarFromForm(form);
    expect(problems).toEqual([]);
    expect(calendar!.checks.map((c) => c.label)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(calendar!.planSubmission).toEqual({
      due: '2026-02-28T18:00',
      reminders: ['3d', '1d'],
      escalateAfter: '1d',
      escalateEvery: '3d',
      onMissed: 'ESCALATE_AND_WAIT',
    });
  });

  it('names the field whose date is out of order', () => {
    const { calendar, problems } = calendarFromForm({ ...form, targetDue: '2026-01-01T18:00' });
    expect(calendar).toBeNull();
    expect(problems).toEqual([
      {
        field: 'targetDue',
        message: 'must be after planSubmission.due (2026-02-28T18:00)',
        // For the page: which field it must follow, named there in words.
        key: 'after',
        params: { field: 'planDue', date: '2026-02-28 18:00' },
      },
    ]);
  });

  it('points at the check line and at bad rules', () => {
    const r = calendarFromForm({
      ...form,
      checks: 'Q1, 2026-03-31, 2026-04-10T18:00\nQ2, 2026-06-30',
      reminders: '3 days',
    });
    expect(r.problems).toEqual([
      {
        field: 'checks',
        message: 'line 2: expected "label, as-of date, due", got "Q2, 2026-06-30"',
        key: 'checkLine',
        params: { line: 2, got: 'Q2, 2026-06-30' },
      },
    ]);
    const bad = calendarFromForm({ ...form, reminders: '3 days', onMissed: 'ESCALATE_AND_WAIT' });
    expect(bad.problems.map((p) => [p.field, p.key])).toEqual([['reminders', 'duration']]);
    expect(calendarFromForm({ ...form, onMissed: 'PANIC' }).problems.map((p) => p.field)).toEqual([
      'onMissed',
    ]);
    const late = calendarFromForm({ ...form, checks: 'Q1, 2026-03-31, 2026-03-01T18:00' });
    expect(late.problems[0]).toMatchObject({ field: 'checks' });
    expect(late.problems[0]!.message).toMatch(/^line 1 \(due\): must/);
    expect(late.problems[0]).toMatchObject({ key: 'line.after', params: { line: 1, field: 'targetDue' } });
  });

  it('previews every reminder, due date and first escalation in Beijing time', () => {
    const { calendar } = calendarFromForm(form);
    // Seen from 26 February: the first reminder has passed.
    const rows = previewCalendar(calendar!, '7d', Date.parse('2026-02-26T00:00:00+08:00'));
    expect(rows.slice(0, 5)).toEqual([
      { step: 'plan', event: 'REMINDER', at: '2026-02-25 18:00', past: true },
      { step: 'plan', event: 'REMINDER', at: '2026-02-27 18:00', past: false },
      { step: 'plan', event: 'DUE', at: '2026-02-28 18:00', past: false },
      { step: 'plan', event: 'ESCALATION', at: '2026-03-01 18:00', past: false },
      { step: 'plan', event: 'DECISION', at: '7d', past: false },
    ]);
    // The committee's scoring and the chair's confirmation follow the self-evaluation, each in the decision time.
    expect(rows.slice(-2)).toEqual([
      { step: 'scoring', event: 'DECISION', at: '7d', past: false },
      { step: 'confirmation', event: 'DECISION', at: '7d', past: false },
    ]);
    expect(calendar!.confirmation).toMatchObject({ within: '7d' });
    expect(rows.filter((r) => r.event === 'DUE').map((r) => r.step)).toEqual([
      'plan',
      'targets',
      'check:Q1',
      'check:Q2',
      'check:Q3',
      'check:Q4',
      'evaluation',
    ]);
  });

  it('shows seconds for a compressed calendar', () => {
    const { calendar } = calendarFromForm({
      ...form,
      planDue: '2026-12-01T10:00:30',
      targetDue: '2026-12-01T10:01:00',
      checks: 'Q4, 2026-11-30, 2026-12-01T10:01:30',
      evaluationDue: '2026-12-01T10:02:00',
      reminders: '10s',
      escalateAfter: '5s',
    });
    expect(
      previewCalendar(calendar!, '20s')
        .slice(0, 3)
        .map((r) => r.at),
    ).toEqual(['2026-12-01 10:00:20', '2026-12-01 10:00:30', '2026-12-01 10:00:35']);
  });
});
