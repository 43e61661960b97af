/**
 * One award programme, top to bottom: nominations until their due date, joint vetting until every department has
 * answered, the committee's vote, the chair's confirmation, the 公示 window (held while an objection is open),
 * and the award decision. A run carried over from an earlier one (continue-as-new) resumes at its stage.
 */
import { condition } from '@temporalio/workflow';
import { ActivityProblems } from '../shared/activity-problems';
import { StepInterrupted } from '../shared/step-timing';
import { AWARD_STAGES, type AwardProgrammeInput, type AwardStage, type AwardStatus } from './contract';
import { documents, registerAwardHandlers, store } from './handlers';
import { AwardProgrammeState } from './state';
import { awardSteps } from './steps';

export async function awardProgrammeWorkflow(input: AwardProgrammeInput): Promise<AwardStatus> {
  const s = new AwardProgrammeState(input);
  const problems = new ActivityProblems(null);
  const { notify, guard, enter, waitStep, holdForObjections, contactsOf, everyone, interrupted } = awardSteps(
    s,
    problems,
  );
  registerAwardHandlers(s, problems, notify);
  const { programmeId, calendar } = input;
  const resumeAt = s.stage;
  const runs = (stage: AwardStage) => AWARD_STAGES.indexOf(stage) >= AWARD_STAGES.indexOf(resumeAt);

  try {
    // 1. Nominations: every unit with a quota, until the due date (or until every quota is used).
    if (runs('NOMINATING')) {
      await enter('NOMINATING');
      await notify('AWARD_NOMINATION_INVITE', contactsOf(input.units.map((u) => u.id)), 'invite', {
        dueAt: new Date(calendar.nomination.dueAt).toISOString(),
      });
      await waitStep(
        'nomination',
        calendar.nomination.dueAt,
        { ...calendar.nomination, onMissed: 'FAIL_STAGE' },
        () => s.unitsWithQuotaLeft().length === 0,
        () => contactsOf(s.unitsWithQuotaLeft()),
      );
    }

    // 2. Joint vetting: every department answers for every nominee; one objection vetoes.
    if (runs('VETTING')) {
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
      );
    }

    // 3. The committee votes on the nominees still on the list, each member on those it is entitled to.
    if (runs('REVIEWING')) {
      await enter('REVIEWING');
      await notify('AWARD_REVIEW_REQUEST', s.membersWaiting(), 'review', {
        dueAt: new Date(calendar.review.dueAt).toISOString(),
      });
      await waitStep(
        'review',
        calendar.review.dueAt,
        calendar.review,
        () => s.membersWaiting().length === 0,
        () => s.membersWaiting(),
      );
      s.computeResult();
    }

    // 4. The chair confirms the result, seeing how each rule stands.
    if (runs('CONFIRMING')) {
      const confirmDue = s.dueAt ?? Date.now() + calendar.confirmation.withinMs;
      await enter('CONFIRMING');
      await notify('AWARD_CONFIRM_REQUEST', s.chair(), 'confirm', {
        dueAt: new Date(confirmDue).toISOString(),
      });
      await waitStep(
        'confirmation',
        confirmDue,
        calendar.confirmation,
        () => s.confirmed,
        () => s.chair(),
      );
    }
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
      documents.openPublicity({
        programmeId,
        durationMs: 'durationMs' in calendar.publicity ? calendar.publicity.durationMs : null,
      }),
    );
    await notify('AWARD_PUBLICITY', everyone(), 'publicity', {
      documentId: s.publicity.documentId,
      endsAt: s.publicity.endsAt,
      url: s.publicity.url,
    });
    await condition(interrupted, Math.max(0, Date.parse(s.publicity.endsAt) - Date.now()));
    await holdForObjections();
    // 递补: nominees given a place freed by an upheld objection are published for a window of their own.
    for (let supplement = 1; s.unpublished.length > 0; supplement++) {
      const nominationIds = s.unpublished.splice(0);
      const added = await guard('openPublicity', () =>
        documents.openPublicity({
          programmeId,
          durationMs: 'durationMs' in calendar.publicity ? calendar.publicity.durationMs : null,
          nominationIds,
          supplement,
        }),
      );
      await notify('AWARD_PUBLICITY', everyone(), `publicity:supplement:${supplement}`, {
        documentId: added.documentId,
        endsAt: added.endsAt,
        url: added.url,
      });
      await condition(interrupted, Math.max(0, Date.parse(added.endsAt) - Date.now()));
      await holdForObjections();
    }

    // 6. The award decision: numbered, archived, mailed; the honours enter the register.
    const awarded = s.active.filter((n) => n.status === 'SELECTED').map((n) => n.id);
    s.decision = await guard('issueAwardDecision', () =>
      documents.issueAwardDecision({ programmeId, awarded }),
    );
    for (const id of awarded) s.nominees.get(id)!.status = 'AWARDED';
    await enter('DECIDED');
    await notify('AWARD_DECISION', everyone(), 'decision', {
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
