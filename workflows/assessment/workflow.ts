/**
 * One unit's year (MISSION.md, "The yearly assessment cycle"): plan submission → committee decision → target
 * setting → committee decision → execution checks (report, automatic pace comparison, lagging warning,
 * acknowledgement or rectification) → self-evaluation → committee scoring → chair confirmation → result.
 * People act through Updates whose validators refuse bad input before it enters history (handlers.ts); every due
 * date is a timer (steps.ts); the state both share is in state.ts.
 */
import { allHandlersFinished, condition, getExternalWorkflowHandle, patched } from '@temporalio/workflow';
import { evaluate } from '../../domain/evaluation';
import type { Status } from '../../domain/stages';
import type { Figure } from '../../domain/submissions';
import { StepInterrupted } from '../shared/step-timing';
import { unitFinishedSignal, type AssessmentStatus, type UnitAssessmentInput } from './contract';
import { registerHandlers } from './handlers';
import { store, AssessmentState } from './state';
import { AssessmentEnded, collect, collectScores, decide, submitAndDecide } from './steps';

type Figures = { figures: Record<string, Figure> };

export async function unitAssessmentWorkflow(input: UnitAssessmentInput): Promise<AssessmentStatus> {
  const s = new AssessmentState(input);
  registerHandlers(s);
  let status: Status = 'COMPLETED';
  try {
    await runYear(s);
  } catch (err) {
    if (err instanceof AssessmentEnded) status = err.status;
    else if (err instanceof StepInterrupted) status = 'CANCELLED';
    else throw err;
  }
  return finish(s, status);
}

async function runYear(s: AssessmentState): Promise<void> {
  const { calendar } = s.input;
  s.stage = 'PLAN_SUBMISSION';
  await submitAndDecide(s, 'plan', calendar.planSubmission, calendar.planDecision, 'INVITE_PLAN');

  s.stage = 'TARGET_SETTING';
  const targets = (await submitAndDecide(
    s,
    'targets',
    calendar.targetSetting,
    calendar.targetDecision,
    'INVITE_TARGETS',
  )) as { targets: Record<string, number> } | undefined;
  const approvedTargets =
    targets?.targets ??
    Object.fromEntries(
      s.ctx.indicators.filter((i) => i.allocated !== null).map((i) => [i.code, i.allocated!]),
    );

  s.stage = 'EXECUTION_CHECK';
  for (const [i] of calendar.checks.entries()) await runCheck(s, i, approvedTargets);

  s.stage = 'EVALUATION';
  await runEvaluation(s, approvedTargets);
}

/** One execution check: report, automatic pace comparison and lagging warning, acknowledgement or rectification. */
async function runCheck(s: AssessmentState, i: number, targets: Record<string, number>): Promise<void> {
  const { calendar } = s.input;
  const check = calendar.checks[i]!;
  const step = `check-${i + 1}`;
  let dueAt = check.dueAt;
  for (let round = 0; ; round++) {
    const payload = (await collect(s, step, dueAt, check, round, 'INVITE_PROGRESS')) as Figures | 'MISSED';
    if (payload === 'MISSED') {
      if (check.onMissed === 'FAIL_STAGE') throw new AssessmentEnded('FAILED');
      return;
    }
    const judged = await s.guard('judgeProgress', () =>
      store.judgeProgress({
        assessmentId: s.assessmentId,
        step,
        checkIndex: i + 1,
        version: s.versions[step]!,
        asOf: check.asOf,
        figures: payload.figures,
        targets,
      }),
    );
    // Once per check: a resubmission after a rectification request does not warn again about the same check.
    const oncePerCheck = patched('lagging-once-per-check');
    if (judged.lagging.length > 0 && (round === 0 || !oncePerCheck))
      await s.notify(
        'LAGGING_WARNING',
        [...s.ctx.contacts, ...s.ctx.supervisor.contacts],
        `${step}:${round}:LAGGING`,
        {
          step,
          label: check.label,
          lagging: judged.lagging,
        },
      );
    const result = await decide(s, step, calendar.checkDecision, s.committee, s.input.policy, [
      'ACKNOWLEDGE',
      'RECTIFY',
    ]);
    if (result !== 'RETURN') return;
    dueAt = Math.max(dueAt, Date.now() + calendar.checkDecision.withinMs);
  }
}

/** Self-evaluation, committee scoring and the chair's confirmation; a returned confirmation starts it again. */
async function runEvaluation(s: AssessmentState, targets: Record<string, number>): Promise<void> {
  const { calendar } = s.input;
  for (let round = 0; ; round++) {
    const payload = (await collect(
      s,
      'evaluation',
      calendar.evaluation.dueAt,
      calendar.evaluation,
      round,
      'INVITE_EVALUATION',
    )) as Figures | 'MISSED';
    if (payload === 'MISSED' && calendar.evaluation.onMissed === 'FAIL_STAGE')
      throw new AssessmentEnded('FAILED');
    const completions = await s.guard('judgeEvaluation', () =>
      store.judgeEvaluation({
        assessmentId: s.assessmentId,
        figures: payload === 'MISSED' ? {} : payload.figures,
        targets,
      }),
    );
    const scored = await collectScores(s, calendar.scoring, round);
    if (scored === 'MISSED' && calendar.scoring.onMissed === 'FAIL_STAGE')
      throw new AssessmentEnded('FAILED');

    const result = evaluate(s.ctx.rules, completions, s.ctx.criteria, s.scoring!.scores);
    const chair = s.ctx.committee.chairId;
    const confirmation = await decide(
      s,
      'confirmation',
      calendar.confirmation,
      chair ? [chair] : s.committee,
      { kind: 'ANY_ONE' },
      ['APPROVE', 'RETURN'],
    );
    if (confirmation === 'RETURN') continue;
    if (confirmation === 'MISSED') throw new AssessmentEnded('FAILED');
    await s.guard('recordResult', () => store.recordResult({ assessmentId: s.assessmentId, ...result }));
    await s.notify('EVALUATION_RESULT', s.ctx.contacts, 'evaluation:RESULT', { ...result });
    return;
  }
}

/** Records the end of the year, whatever it was, and tells the cycle. */
async function finish(s: AssessmentState, status: Status): Promise<AssessmentStatus> {
  s.finishing = true;
  s.submission = null;
  s.decision = null;
  s.scoring = null;
  s.stage = 'FINISHED';
  s.status = status;
  await s.project();
  // Handlers still running (an update mid-activity) must finish before the workflow completes.
  await condition(allHandlersFinished);
  await getExternalWorkflowHandle(s.input.cycleWorkflowId).signal(unitFinishedSignal, {
    assessmentId: s.assessmentId,
    status,
  });
  return s.snapshot();
}
