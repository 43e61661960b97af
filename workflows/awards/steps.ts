/**
 * What the award programme's stages are made of: notifying through the outbox, guarded stage calls, waiting for
 * people with a due date (reminders to those waited on, escalation to the office), carrying the programme over
 * to a new run when Temporal suggests it (a whole federation's nominations are many updates), and the 公示 hold.
 */
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { DeadlineRules } from '../../domain/calendar';
import type { ActivityProblems } from '../shared/activity-problems';
import { StepInterrupted, waitForRecordedStep, type DeadlineEventKind } from '../shared/step-timing';
import type { AwardStage } from './contract';
import { store, type Notify } from './handlers';
import type { AwardProgrammeState } from './state';

export function awardSteps(s: AwardProgrammeState, problems: ActivityProblems) {
  const { input } = s;
  const { programmeId } = input;
  const wfId = workflowInfo().workflowId;
  const interrupted = () => s.cancelled;

  const notify: Notify = (kind, to, event, data = {}) =>
    to.length === 0
      ? Promise.resolve(0)
      : problems.guard(
          'notify',
          () =>
            store.notify({ kind, recipients: to, key: `${wfId}:${event}`, data: { programmeId, ...data } }),
          () => false,
        );
  const guard = <T>(name: string, call: () => Promise<T>) => problems.guard(name, call, interrupted);

  async function enter(stage: AwardStage) {
    s.stage = stage;
    await guard('setProgrammeStage', () => store.setProgrammeStage({ programmeId, stage }));
  }

  /** Continues as a new run with the programme's state, once every handler has recorded its act. */
  async function carryOver(): Promise<never> {
    await condition(allHandlersFinished);
    return continueAsNew<(i: typeof input) => Promise<unknown>>({ ...input, carried: s.snapshot() });
  }

  /** Waits for a step, reminding `waiting()` before the due date and telling the office after it. */
  async function waitStep(
    step: string,
    dueAt: number,
    rules: DeadlineRules,
    isDone: () => boolean,
    waiting: () => string[],
  ): Promise<void> {
    s.dueAt = dueAt;
    const due = new Date(dueAt).toISOString();
    const onEvent = async (kind: DeadlineEventKind, index: number) => {
      if (kind === 'REMINDER')
        await notify('AWARD_REMINDER', waiting(), `${step}:reminder:${index}`, {
          step,
          stage: s.stage,
          dueAt: due,
        });
      else
        await notify('AWARD_ESCALATION', input.office, `${step}:${kind}:${index}`, {
          step,
          waitingOn: waiting(),
          dueAt: due,
        });
    };
    const suggested = () => workflowInfo().continueAsNewSuggested;
    const outcome = await waitForRecordedStep({
      isDone: () => isDone() || suggested(),
      isInterrupted: interrupted,
      isPaused: () => false,
      clock: () => ({ dueAt, rules, version: 0 }),
      onEvent,
    });
    if (outcome === 'DONE' && !isDone()) await carryOver();
    s.dueAt = null;
  }

  /** After the window: waits while an objection is open; past the planned decision date the office is told. */
  async function holdForObjections(): Promise<void> {
    let heldPastDate = false;
    for (;;) {
      if (s.cancelled) throw new StepInterrupted();
      const seen = s.findings;
      if ((await guard('countOpenObjections', () => store.countOpenObjections({ programmeId }))) === 0)
        return;
      const changed = () => s.findings !== seen || s.cancelled;
      if (heldPastDate) {
        await condition(changed);
        continue;
      }
      if (await condition(changed, Math.max(0, input.calendar.decisionAt - Date.now()))) continue;
      heldPastDate = true;
      await notify('AWARD_ESCALATION', input.office, 'decision:held', {
        step: 'decision',
        waitingOn: [],
        dueAt: new Date(input.calendar.decisionAt).toISOString(),
      });
    }
  }

  const contactsOf = (unitIds: string[]) =>
    input.units.filter((u) => unitIds.includes(u.id)).flatMap((u) => u.contacts);
  const everyone = () => [...input.units.flatMap((u) => u.contacts), ...input.office];

  return { notify, guard, enter, waitStep, holdForObjections, contactsOf, everyone, interrupted };
}
