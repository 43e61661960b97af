/**
 * The award programme's update handlers: each validator asks the state whether the act is allowed, each handler
 * changes the state, records it through an activity, and undoes the change if the record fails (the person is
 * told to try again; nothing half-done remains).
 */
import { proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ActivityProblems } from '../shared/activity-problems';
import {
  awardStatusQuery,
  cancelProgrammeUpdate,
  confirmResultUpdate,
  delegateBallotUpdate,
  nominateUpdate,
  objectionFindingUpdate,
  objectionReceivedSignal,
  vetUpdate,
  voteUpdate,
  withdrawNominationUpdate,
  type AwardNotificationKind,
} from './contract';
import { refuse } from './refuse';
import type { AwardProgrammeState } from './state';

export const store = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * Issuing the 公示 and the decision prints PDFs, a certificate per awardee (minutes for a thousand): ordinary
 * activities that heartbeat, so a lost worker is noticed within a minute and the next attempt resumes the archive.
 */
export const documents = proxyActivities<Activities>({
  startToCloseTimeout: '60 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
  },
});

export type Notify = (
  kind: AwardNotificationKind,
  to: string[],
  event: string,
  data?: Record<string, unknown>,
) => Promise<unknown>;

export function registerAwardHandlers(
  s: AwardProgrammeState,
  problems: ActivityProblems,
  notify: Notify,
): void {
  const programmeId = s.input.programmeId;
  setHandler(awardStatusQuery, () => s.status());

  setHandler(
    nominateUpdate,
    async (r) => {
      const { entry, previous } = s.applyNominate(r);
      await problems.write(
        'recordNomination',
        () =>
          store.recordNomination({
            programmeId,
            nominationId: r.nominationId,
            unitId: r.unitId,
            personId: r.personId,
            category: r.category,
            sequence: entry.order,
            record: r.record,
            checks: r.eligibility,
          }),
        () => s.undoNominate(r.nominationId, previous),
      );
      const unit = s.input.units.find((u) => u.id === r.unitId)!;
      await notify(
        'AWARD_NOMINATION_RECEIVED',
        unit.contacts,
        `received:${r.nominationId}:${entry.order}:${Date.now()}`,
        {
          unitId: r.unitId,
          nominationId: r.nominationId,
          nomineeName: r.record.nomineeName,
          dueAt: new Date(s.input.calendar.nomination.dueAt).toISOString(),
        },
      );
      return { nominationId: r.nominationId, quotaLeft: s.quotaLeft(r.unitId, r.category) };
    },
    { validator: (r) => s.checkNominate(r) },
  );

  setHandler(
    withdrawNominationUpdate,
    async (r) => {
      const n = s.nominees.get(r.nominationId)!;
      n.status = 'WITHDRAWN';
      await problems.write(
        'setNominationStatus',
        () => store.setNominationStatus({ ids: [r.nominationId], status: 'WITHDRAWN', reason: null }),
        () => (n.status = 'ACTIVE'),
      );
      return { withdrawn: true as const };
    },
    { validator: (r) => s.checkWithdraw(r) },
  );

  setHandler(
    vetUpdate,
    async (r) => {
      const vetoed = s.applyVet(r);
      await problems.write(
        'recordVetting',
        () => store.recordVetting({ departmentId: r.departmentId, answers: r.answers }),
        () => s.undoVet(r, vetoed),
      );
      for (const id of vetoed) {
        const n = s.nominees.get(id)!;
        const contacts = s.input.units.find((u) => u.id === n.unitId)?.contacts ?? [];
        await notify('AWARD_VETOED', contacts, `vetoed:${id}`, {
          nominationId: id,
          departmentId: r.departmentId,
        });
      }
      return { vetoed };
    },
    { validator: (r) => s.checkVet(r) },
  );

  setHandler(
    voteUpdate,
    async (r) => {
      s.ballots.applyVote(r);
      await problems.write(
        'recordVotes',
        () =>
          store.recordVotes({
            personId: r.onBehalfOf ?? r.personId,
            castBy: r.personId,
            programmeId,
            votes: r.votes,
          }),
        () => s.ballots.undoVote(r),
      );
      return { voted: s.ballots.votes.size, of: s.input.committee.length };
    },
    { validator: (r) => s.checkVote(r) },
  );

  setHandler(
    delegateBallotUpdate,
    async (r) => {
      s.ballots.delegations.set(r.from, r.to);
      await problems.write(
        'recordDelegation',
        () => store.recordDelegation({ programmeId, ...r }),
        () => s.ballots.delegations.delete(r.from),
      );
      await notify('AWARD_REVIEW_REQUEST', [r.to], `delegated:${r.from}`, {
        onBehalfOf: r.from,
        dueAt: s.dueAt === null ? null : new Date(s.dueAt).toISOString(),
      });
      return { delegate: r.to };
    },
    { validator: (r) => s.checkDelegate(r) },
  );

  setHandler(
    confirmResultUpdate,
    async () => {
      s.confirmed = true;
      return { selected: (s.result ?? []).filter((x) => x.outcome === 'SELECTED').map((x) => x.id) };
    },
    { validator: ({ personId }) => s.checkConfirm(personId) },
  );

  setHandler(
    objectionFindingUpdate,
    async (r) => {
      const n = s.nominees.get(r.nominationId)!;
      const withdraw = r.upheld && n.status === 'SELECTED';
      if (withdraw) n.status = 'WITHDRAWN_BY_OBJECTION';
      await problems.write(
        'recordObjectionFinding',
        () =>
          store.recordObjectionFinding({
            objectionId: r.objectionId,
            upheld: r.upheld,
            note: r.note,
            by: r.by,
            withdraw,
          }),
        () => {
          if (withdraw) n.status = 'SELECTED';
        },
      );
      const refilled = withdraw ? s.refill() : [];
      if (refilled.length > 0)
        await problems.write(
          'setNominationStatus',
          () => store.setNominationStatus({ ids: refilled, status: 'SELECTED', reason: null }),
          () => s.undoRefill(refilled),
        );
      s.findings++;
      return { withdrawn: withdraw, refilled };
    },
    {
      validator: (r) => {
        if (s.stage !== 'PUBLICITY' && s.stage !== 'CONFIRMING')
          refuse('StepNotOpen', 'objections are not open', 'refusal.awards.closed');
        if (!s.nominees.has(r.nominationId))
          refuse('NotAllowed', 'no such nominee', 'awards.refusal.notEditable');
      },
    },
  );

  setHandler(objectionReceivedSignal, async ({ objectionId, nominationId }) => {
    await notify('AWARD_OBJECTION', s.input.office, `objection:${objectionId}`, {
      objectionId,
      nominationId,
    });
  });

  setHandler(
    cancelProgrammeUpdate,
    async (_r) => {
      s.cancelled = true;
      return { cancelled: true as const };
    },
    {
      validator: (_r) => {
        if (s.cancelled) refuse('AlreadyCancelled', 'the programme is cancelled');
        if (s.stage === 'DECIDED') refuse('StepNotOpen', 'the programme is decided');
      },
    },
  );
}
