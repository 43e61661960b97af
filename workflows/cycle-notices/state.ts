/**
 * The state of a cycle's notices and the rules an admin's "issue now" is checked against: a notice is issued once,
 * and only once it is ready (its step's due date has passed; the cycle is finalised for the results).
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { PlannedNotice } from '../../domain/documents/cycle-notices';
import type { IssueNowRequest, NoticeOutcome, NoticeState } from './contract';

export class CycleNotices {
  readonly outcomes = new Map<string, NoticeOutcome>();
  readonly issuedBy = new Map<string, string>();
  /** Keys being issued right now (by the timer or an admin), so a second request waits for the first. */
  readonly inFlight = new Set<string>();
  finalisedAt: number | null = null;

  constructor(readonly plan: PlannedNotice[]) {}

  readyAt(n: PlannedNotice): number | null {
    return n.readyAt ?? this.finalisedAt;
  }

  dueAt(n: PlannedNotice): number | null {
    const ready = this.readyAt(n);
    return ready === null ? null : ready + n.leadMs;
  }

  validateIssueNow(req: IssueNowRequest, now: number): void {
    const n = this.plan.find((p) => p.key === req.key);
    if (!n)
      throw ApplicationFailure.create({
        type: 'NotFound',
        message: `the cycle has no notice "${req.key}"`,
        nonRetryable: true,
      });
    if (this.outcomes.has(req.key) || this.inFlight.has(req.key))
      throw ApplicationFailure.create({
        type: 'AlreadyIssued',
        message: 'this notice has been issued already: a correction is a new document',
        nonRetryable: true,
      });
    const ready = this.readyAt(n);
    if (ready === null || ready > now)
      throw ApplicationFailure.create({
        type: 'NotReady',
        message:
          'this notice cannot be issued yet: its due date has not passed, or the cycle is not finalised',
        nonRetryable: true,
      });
  }

  view(): NoticeState[] {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return this.plan.map((n) => ({
      key: n.key,
      kind: n.kind,
      step: n.step,
      readyAt: iso(this.readyAt(n)),
      dueAt: iso(this.dueAt(n)),
      outcome: this.outcomes.get(n.key) ?? null,
      issuedBy: this.issuedBy.get(n.key) ?? null,
    }));
  }
}
