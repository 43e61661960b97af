/**
 * What people and admins can do to a unit's year, as update handlers with validators: a validator refuses bad or
 * untimely input before it enters history; a handler changes the state and records it, undoing the change if the
 * record fails (state.ts `write`).
 */
import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { delegationRejection, requiredApprovals, tally, voteRejection } from '../../domain/decision';
import { payloadIssues, scoreIssues } from '../../domain/submissions';
import {
  cancelUpdate,
  delegateUpdate,
  extendDueDateUpdate,
  pauseSignal,
  reassignApproverUpdate,
  retryUpdate,
  scoreUpdate,
  statusQuery,
  committeeStepQuery,
  type CommitteeStepView,
  submitUpdate,
  voteUpdate,
} from './contract';
import { audited, type AssessmentState } from './state';
import { openAction } from './steps';

const invalid = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

const reasonRequired = (reason: string | undefined) => {
  if (!reason?.trim()) throw invalid('InvalidPayload', 'a reason is required');
};

function committeeStepView(s: AssessmentState): CommitteeStepView {
  const d = s.decision?.open ? s.decision : null;
  const scoring = s.scoring?.open ? s.scoring : null;
  return {
    decision: d && {
      step: d.step,
      round: s.decisionRound,
      policy: d.policy,
      eligible: d.eligible,
      needed: requiredApprovals(d.policy, d.eligible.length),
      votes: d.votes,
      delegations: d.delegations,
    },
    scoring: scoring && {
      round: scoring.round ?? 0,
      eligible: scoring.eligible,
      scored: Object.keys(scoring.scores),
    },
  };
}

export function registerHandlers(s: AssessmentState): void {
  setHandler(statusQuery, () => ({ ...s.snapshot(), problem: s.problems.current }));
  setHandler(committeeStepQuery, () => committeeStepView(s));
  setHandler(pauseSignal, ({ paused }) => {
    s.paused = paused;
  });
  registerUnitActions(s);
  registerCommitteeActions(s);
  registerAdminActions(s);
}

/** The unit's contacts submit the open step. */
function registerUnitActions(s: AssessmentState): void {
  setHandler(
    submitUpdate,
    async (req) => {
      const sub = s.submission!;
      sub.open = false;
      const version = (s.versions[req.step] ?? 0) + 1;
      await s.write(
        'recordSubmission',
        (a) =>
          a.recordSubmission({
            assessmentId: s.assessmentId,
            step: req.step,
            version,
            payload: req.payload,
            submittedBy: req.submittedBy,
          }),
        () => {
          sub.open = true;
        },
      );
      sub.version = version;
      s.versions[req.step] = version;
      sub.payload = req.payload;
      return { step: req.step, version };
    },
    {
      validator: (req) => {
        if (s.cancelled) throw invalid('StepNotOpen', 'this assessment has been cancelled');
        if (s.paused)
          throw invalid('CyclePaused', 'the cycle is paused; submissions are accepted again when it resumes');
        if (!s.submission?.open || s.submission.step !== req.step) {
          const open = s.currentStep();
          throw invalid(
            'StepNotOpen',
            `step "${req.step}" is not open for submission${open ? ` (the open step is "${open}")` : ''}`,
          );
        }
        if (!s.ctx.contacts.includes(req.submittedBy))
          throw invalid('NotAllowed', `${req.submittedBy} is not a contact of this unit`);
        const issues = payloadIssues(req.step, req.payload, s.indicators, {
          rectifying: s.submission.rectifying,
        });
        if (issues) throw invalid('InvalidPayload', issues.map((i) => `${i.path}: ${i.message}`).join('; '));
      },
    },
  );
}

/** Committee members vote, delegate and score. */
function registerCommitteeActions(s: AssessmentState): void {
  setHandler(
    voteUpdate,
    async (req) => {
      const d = s.decision!;
      const countsFor = req.onBehalfOf ?? req.personId;
      const at = Date.now();
      const vote = {
        personId: req.personId,
        countsFor,
        outcome: req.outcome,
        comment: req.comment ?? null,
        at,
      };
      d.votes.push(vote);
      const t = tally(d);
      await s.write(
        'recordDecision',
        (a) =>
          a.recordDecision({
            assessmentId: s.assessmentId,
            step: d.step,
            submissionVersion: s.versions[d.step] ?? null,
            personId: req.personId,
            onBehalfOf: req.onBehalfOf ?? null,
            outcome: req.outcome,
            comment: req.comment ?? null,
            eventKey: `${s.workflowId}:${d.step}:${s.decisionRound}:${countsFor}`,
            at,
          }),
        () => {
          d.votes = d.votes.filter((v) => v !== vote);
        },
      );
      return {
        step: d.step,
        counted: countsFor,
        approvals: t.approvals,
        needed: t.needed,
        decided: t.result,
      };
    },
    {
      validator: (req) => {
        if (s.cancelled) throw invalid('StepNotOpen', 'this assessment has been cancelled');
        if (s.paused)
          throw invalid('CyclePaused', 'the cycle is paused; votes are accepted again when it resumes');
        if (!s.decision) throw invalid('StepNotOpen', `step "${req.step}" is not open for a decision`);
        const why = voteRejection(s.decision, req);
        if (why) throw invalid('InvalidVote', why);
        if (s.decision.open && tally(s.decision).result !== null)
          throw invalid('StepNotOpen', `step "${req.step}" has already been decided`);
      },
    },
  );

  setHandler(
    delegateUpdate,
    async (req) => {
      const d = s.decision!;
      d.delegations[req.from] = req.to;
      await s.auditNow(req.from, 'decision.delegated', { step: req.step, to: req.to }, () => {
        delete d.delegations[req.from];
      });
    },
    {
      validator: (req) => {
        if (!s.decision || s.decision.step !== req.step)
          throw invalid('StepNotOpen', `step "${req.step}" is not open for a decision`);
        const why = delegationRejection(s.decision, req.from, req.to);
        if (why) throw invalid('InvalidDelegation', why);
      },
    },
  );

  setHandler(
    scoreUpdate,
    async (req) => {
      const scoring = s.scoring!;
      scoring.scores[req.personId] = req.scores;
      await s.write(
        'recordScores',
        (a) =>
          a.recordScores({
            assessmentId: s.assessmentId,
            personId: req.personId,
            scores: req.scores,
            round: scoring.round ?? 0,
            waitingOn: s.currentWaitingOn(),
          }),
        () => {
          delete scoring.scores[req.personId];
        },
      );
      return { scored: Object.keys(scoring.scores).length, of: scoring.eligible.length };
    },
    {
      validator: (req) => {
        if (s.paused)
          throw invalid('CyclePaused', 'the cycle is paused; scores are accepted again when it resumes');
        if (!s.scoring?.open) throw invalid('StepNotOpen', 'committee scoring is not open');
        if (!s.scoring.eligible.includes(req.personId))
          throw invalid('NotAllowed', `${req.personId} is not an eligible member for this unit`);
        if (s.scoring.scores[req.personId])
          throw invalid('AlreadyScored', `${req.personId} has already scored this unit`);
        const issues = scoreIssues(req.scores, s.criteria);
        if (issues) throw invalid('InvalidPayload', issues.map((x) => `${x.path}: ${x.message}`).join('; '));
      },
    },
  );
}

/** Admins extend a due date, reassign an approver, cancel the unit, or retry after a failure. */
function registerAdminActions(s: AssessmentState): void {
  setHandler(
    extendDueDateUpdate,
    async (req) => {
      const previous = s.clock;
      s.setClock(Date.parse(req.dueAt));
      const detail = {
        step: req.step,
        from: new Date(previous.dueAt).toISOString(),
        to: req.dueAt,
        reason: req.reason,
      };
      const undo = () => {
        s.clock = previous;
      };
      if (patched('extension-notice'))
        // Whoever must act hears of the new date, with a fresh link valid until it, in the same write as the audit.
        await s.write(
          'recordAndNotify',
          (a) =>
            a.recordAndNotify({
              audit: audited(s, req.by, 'assessment.due_date_extended', detail),
              notice: {
                assessmentId: s.assessmentId,
                kind: 'DUE_DATE_EXTENDED',
                recipients: s.currentWaitingOn(),
                key: `${s.workflowId}:${req.step}:extended:${s.clock.version}`,
                data: {
                  unit: s.ctx.organisationName,
                  step: req.step,
                  dueAt: new Date(s.clock.dueAt).toISOString(),
                  previousDueAt: detail.from,
                  reason: req.reason,
                  ...openAction(s),
                },
              },
            }),
          undo,
        );
      else await s.auditNow(req.by, 'assessment.due_date_extended', detail, undo);
      await s.projectNow();
      return { dueAt: new Date(s.clock.dueAt).toISOString() };
    },
    {
      validator: (req) => {
        const open = s.currentStep();
        if (open !== req.step)
          throw invalid(
            'StepNotOpen',
            `step "${req.step}" is not the open step${open ? ` ("${open}" is)` : ''}`,
          );
        const at = Date.parse(req.dueAt);
        if (!Number.isFinite(at)) throw invalid('InvalidPayload', 'dueAt must be an ISO date-time');
        if (at <= s.clock.dueAt)
          throw invalid(
            'InvalidPayload',
            `the new due date must be later than the current one (${new Date(s.clock.dueAt).toISOString()})`,
          );
        reasonRequired(req.reason);
      },
    },
  );

  setHandler(
    reassignApproverUpdate,
    async (req) => {
      const swap = (from: string, to: string) => (m: string) => (m === from ? to : m);
      const reassign = (from: string, to: string) => {
        s.committee = s.committee.map(swap(from, to));
        if (s.decision?.open) s.decision.eligible = s.decision.eligible.map(swap(from, to));
        if (s.scoring?.open) s.scoring.eligible = s.scoring.eligible.map(swap(from, to));
      };
      reassign(req.from, req.to);
      await s.auditNow(
        req.by,
        'assessment.approver_reassigned',
        { from: req.from, to: req.to, reason: req.reason },
        () => reassign(req.to, req.from),
      );
      await s.projectNow();
    },
    {
      validator: (req) => {
        if (!s.committee.includes(req.from))
          throw invalid('InvalidPayload', `${req.from} is not an approver of this unit`);
        if (s.committee.includes(req.to))
          throw invalid('InvalidPayload', `${req.to} is already an approver of this unit`);
        if (s.decision?.open && s.decision.votes.some((v) => v.countsFor === req.from))
          throw invalid('InvalidPayload', `${req.from} has already voted on the open step`);
        if (s.scoring?.open && s.scoring.scores[req.from])
          throw invalid('InvalidPayload', `${req.from} has already scored this unit`);
        reasonRequired(req.reason);
      },
    },
  );

  setHandler(
    cancelUpdate,
    async (req) => {
      // Recorded first: a cancellation takes effect only once it is in the audit log.
      const detail = { reason: req.reason };
      if (patched('cancel-notice'))
        // The unit's contacts and its supervising union hear of it, in the same write as the audit entry.
        await s.write('recordAndNotify', (a) =>
          a.recordAndNotify({
            audit: audited(s, req.by, 'assessment.cancelled', detail),
            notice: {
              assessmentId: s.assessmentId,
              kind: 'UNIT_CANCELLED',
              recipients: [...s.ctx.contacts, ...s.ctx.supervisor.contacts],
              key: `${s.workflowId}:cancelled`,
              data: { unit: s.ctx.organisationName, reason: req.reason, by: req.by },
            },
          }),
        );
      else await s.auditNow(req.by, 'assessment.cancelled', detail);
      s.cancelled = req;
    },
    {
      validator: (req) => {
        if (s.cancelled) throw invalid('AlreadyCancelled', 'this assessment is already cancelled');
        if (s.stage === 'FINISHED') throw invalid('StepNotOpen', 'this assessment has already finished');
        reasonRequired(req.reason);
      },
    },
  );

  setHandler(
    retryUpdate,
    async (req) => {
      await s.auditNow(req.by, 'assessment.retried', {
        activity: s.problems.current?.activity ?? null,
        reason: req.reason,
      });
      s.problems.requestRetry();
    },
    {
      validator: (req) => {
        if (!s.problems.current)
          throw invalid('NoChange', 'nothing is held by a failure: there is nothing to retry');
        reasonRequired(req.reason);
      },
    },
  );
}
