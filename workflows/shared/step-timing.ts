/**
 * Waiting on a person with a due date: reminders before it, then at the due date either the step's policy
 * (auto-approve, fail the stage) or escalation after escalateAfter and again every escalateEvery until someone acts.
 * A due date moved by an admin restarts the timing; while the cycle is paused no reminder or escalation fires.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { DeadlineRules } from '../../domain/calendar';

export type DeadlineEventKind = 'REMINDER' | 'OVERDUE' | 'ESCALATION';

export interface StepClock {
  dueAt: number;
  rules: DeadlineRules;
  /** Bumped whenever dueAt changes, so a wait in progress starts over. */
  version: number;
}

export interface WaitControls {
  isDone(): boolean;
  isInterrupted(): boolean;
  isPaused(): boolean;
  clock(): StepClock;
  onEvent(kind: DeadlineEventKind, index: number, scheduledFor: number): Promise<void>;
}

export class StepInterrupted extends Error {
  override name = 'StepInterrupted';
}

/** Resolves 'DONE' when the step is done, or 'MISSED' when its due date passed under a policy that ends the wait. */
export async function waitForStep(c: WaitControls): Promise<'DONE' | 'MISSED'> {
  const remindersSent = new Set<number>();
  let escalations = 0;
  let overdueSent = false;
  let seenVersion = c.clock().version;
  for (;;) {
    if (c.isDone()) return 'DONE';
    if (c.isInterrupted()) throw new StepInterrupted();
    if (c.isPaused()) {
      await condition(() => !c.isPaused() || c.isDone() || c.isInterrupted());
      continue;
    }
    const { dueAt, rules, version } = c.clock();
    if (version !== seenVersion) {
      seenVersion = version;
      overdueSent = false;
      escalations = 0;
    }
    const now = Date.now();
    const stop = () => c.isDone() || c.isInterrupted() || c.isPaused() || c.clock().version !== version;
    const until = async (at: number) => (at > now ? !(await condition(stop, at - now)) : true);

    const reminder = rules.remindersBeforeMs
      .map((before, index) => ({ at: dueAt - before, index }))
      .filter((r) => r.at > now && !remindersSent.has(r.at))
      .sort((a, b) => a.at - b.at)[0];
    if (reminder) {
      if (await until(reminder.at)) {
        remindersSent.add(reminder.at);
        await c.onEvent('REMINDER', reminder.index, reminder.at);
      }
      continue;
    }
    if (now < dueAt) {
      await until(dueAt);
      continue;
    }
    if (!overdueSent) {
      overdueSent = true;
      await c.onEvent('OVERDUE', 0, dueAt);
    }
    if (rules.onMissed !== 'ESCALATE_AND_WAIT') return 'MISSED';
    const firstEscalation = dueAt + rules.escalateAfterMs;
    // Far behind (a due date long past, a worker down for days): one escalation now, not a burst of stale ones.
    const behind = Math.floor((now - firstEscalation) / rules.escalateEveryMs);
    if (behind > escalations) escalations = behind;
    const escalateAt = firstEscalation + escalations * rules.escalateEveryMs;
    if (await until(escalateAt)) {
      await c.onEvent('ESCALATION', escalations, escalateAt);
      escalations++;
    }
  }
}

/**
 * As `waitForStep`, then until every update handler has finished recording: a handler whose record failed undoes
 * its change, and then the wait goes on instead of the step moving on without its record.
 */
export async function waitForRecordedStep(c: WaitControls): Promise<'DONE' | 'MISSED'> {
  for (;;) {
    const outcome = await waitForStep(c);
    await condition(allHandlersFinished);
    if (outcome === 'MISSED' || c.isDone()) return outcome;
  }
}
