/**
 * One award programme, top to bottom: nominations until their due date, joint vetting until every department has
 * answered, the committee's vote, the chair's confirmation, the 公示 window (held while an objection is open),
 * and the award decision. Every wait has its due date, reminders and escalation to the office.
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import type { DeadlineRules } from '../../domain/calendar';
import { ActivityProblems } from '../shared/activity-problems';
import { StepInterrupted, waitForRecordedStep, type DeadlineEventKind } from '../shared/step-timing';
import type { AwardProgrammeInput, AwardStage, AwardStatus } from './contract';
import { registerAwardHandlers, store, type Notify } from './handlers';
import { AwardProgrammeState } from './state';

export async function awardProgrammeWorkflow(input: AwardProgrammeInput): Promise<AwardStatus> {
  const s = new AwardProgrammeState(input);
  const problems = new ActivityProblems(null);
  const wfId = workflowInfo().workflowId;
  const { programmeId, calendar } = input;
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
  registerAwardHandlers(s, problems, notify);
  const guard = <T>(name: string, call: () => Promise<T>) => problems.guard(name, call, interrupted);
  const enter = async (stage: AwardStage) => {
    s.stage = stage;
    await guard('setProgrammeStage', () => store.setProgrammeStage({ programmeId, stage }));
  };
  const contactsOf = (unitIds: string[]) =>
    input.units.filter((u) => unitIds.includes(u.id)).flatMap((u) => u.contacts);
  const allContacts = () => input.units.flatMap((u) => u.contacts);

  /** Waits for a step, reminding `waiting()` before the due date and telling the office after it. */
  const waitStep = async (
    step: string,
    dueAt: number,
    rules: DeadlineRules,
    isDone: () => boolean,
    waiting: () => string[],
    remind: AwardStage,
  ) => {
    s.dueAt = dueAt;
    const onEvent = async (kind: DeadlineEventKind, index: number) => {
      const due = new Date(dueAt).toISOString();
      if (kind === 'REMINDER')
        await notify('AWARD_REMINDER', waiting(), `${step}:reminder:${index}`, {
          step,
          stage: remind,
          dueAt: due,
        });
      else
        await notify('AWARD_ESCALATION', input.office, `${step}:${kind}:${index}`, {
          step,
          waitingOn: waiting(),
          dueAt: due,
        });
    };
    await waitForRecordedStep({
      isDone,
      isInterrupted: interrupted,
      isPaused: () => false,
      clock: () => ({ dueAt, rules, version: 0 }),
      onEvent,
    });
    s.dueAt = null;
  };

  try {
    // 1. Nominations: every unit with a quota, until the due date (or until every quota is used).
    await enter('NOMINATING');
    await notify('AWARD_NOMINATION_INVITE', allContacts(), 'invite', {
      dueAt: new Date(calendar.nomination.dueAt).toISOString(),
    });
    await waitStep(
      'nomination',
      calendar.nomination.dueAt,
      { ...calendar.nomination, onMissed: 'FAIL_STAGE' },
      () => s.unitsWithQuotaLeft().length === 0,
      () => contactsOf(s.unitsWithQuotaLeft()),
      'NOMINATING',
    );

    // 2. Joint vetting: every department answers for every nominee; one objection vetoes.
    await enter('VETTING');
    for (const d of input.departments)
      await notify('AWARD_VETTING_REQUEST', [d.personId], `vet:${d.id}`, {
        departmentId: d.id,
        dueAt: new Date(calendar.vetting.dueAt).toISOString(),
      });
    await waitStep(
      'vetting',
      calendar.vetting.dueAt,
      calendar.vetting,
      () => s.departmentsWaiting().length === 0,
      () => s.departmentsWaiting(),
      'VETTING',
    );

    // 3. The committee votes on the nominees still on the list, each member on those it is entitled to.
    await enter('REVIEWING');
    const reviewDue = new Date(calendar.review.dueAt).toISOString();
    await notify('AWARD_REVIEW_REQUEST', s.membersWaiting(), 'review', { dueAt: reviewDue });
    await waitStep(
      'review',
      calendar.review.dueAt,
      calendar.review,
      () => s.membersWaiting().length === 0,
      () => s.membersWaiting(),
      'REVIEWING',
    );
    s.computeResult();

    // 4. The chair confirms the result, seeing how each rule stands.
    await enter('CONFIRMING');
    const confirmDue = Date.now() + calendar.confirmation.withinMs;
    await notify('AWARD_CONFIRM_REQUEST', s.chair(), 'confirm', {
      dueAt: new Date(confirmDue).toISOString(),
    });
    await waitStep(
      'confirmation',
      confirmDue,
      calendar.confirmation,
      () => s.confirmed,
      () => s.chair(),
      'CONFIRMING',
    );
    const selected = (s.result ?? []).filter((r) => r.outcome === 'SELECTED').map((r) => r.id);
    const notSelected = s.active.map((n) => n.id).filter((id) => !selected.includes(id));
    for (const n of s.active) n.status = selected.includes(n.id) ? 'SELECTED' : 'NOT_SELECTED';
    await guard('setNominationStatus', () =>
      store.setNominationStatus({ ids: selected, status: 'SELECTED', reason: null }),
    );
    await guard('setNominationStatus', () =>
      store.setNominationStatus({ ids: notSelected, status: 'NOT_SELECTED', reason: null }),
    );

    // 5. 公示: the list is published for its working days; an objection still open holds the decision.
    await enter('PUBLICITY');
    s.publicity = await guard('openPublicity', () =>
      store.openPublicity({
        programmeId,
        durationMs: 'durationMs' in calendar.publicity ? calendar.publicity.durationMs : null,
      }),
    );
    await notify('AWARD_PUBLICITY', [...allContacts(), ...input.office], 'publicity', {
      documentId: s.publicity.documentId,
      endsAt: s.publicity.endsAt,
      url: s.publicity.url,
    });
    await condition(interrupted, Math.max(0, Date.parse(s.publicity.endsAt) - Date.now()));
    // An open objection holds the decision; past the planned decision date the office is told, once.
    let heldPastDate = false;
    for (;;) {
      if (s.cancelled) throw new StepInterrupted();
      const seen = s.findings;
      if ((await guard('countOpenObjections', () => store.countOpenObjections({ programmeId }))) === 0) break;
      const changed = () => s.findings !== seen || s.cancelled;
      if (heldPastDate) {
        await condition(changed);
        continue;
      }
      if (await condition(changed, Math.max(0, calendar.decisionAt - Date.now()))) continue;
      heldPastDate = true;
      await notify('AWARD_ESCALATION', input.office, 'decision:held', {
        step: 'decision',
        waitingOn: [],
        dueAt: new Date(calendar.decisionAt).toISOString(),
      });
    }

    // 6. The award decision: numbered, archived, mailed; the honours enter the register.
    const awarded = s.active.filter((n) => n.status === 'SELECTED').map((n) => n.id);
    s.decision = await guard('issueAwardDecision', () => store.issueAwardDecision({ programmeId, awarded }));
    for (const id of awarded) s.nominees.get(id)!.status = 'AWARDED';
    await enter('DECIDED');
    await notify('AWARD_DECISION', [...allContacts(), ...input.office], 'decision', {
      documentId: s.decision.documentId,
      url: s.decision.url,
    });
  } catch (err) {
    if (!(err instanceof StepInterrupted)) throw err;
    s.stage = 'CANCELLED';
    await store.setProgrammeStage({ programmeId, stage: 'CANCELLED' });
  }
  return s.status();
}
