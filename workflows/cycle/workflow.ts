/**
 * A yearly cycle: starts one unit-assessment workflow per participating unit (in batches, through an activity,
 * so this history stays small whatever the number of units), waits until every unit has finished, then ranks the
 * units among their peers. Continue-as-new keeps the history bounded while thousands of units report back.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { unitFinishedSignal } from '../assessment/contract';
import { ActivityProblems } from '../shared/activity-problems';
import { retryUpdate } from '../shared/problems-contract';
import {
  addUnitsUpdate,
  cycleProgressQuery,
  setCyclePausedUpdate,
  type CycleInput,
  type CycleProgress,
} from './contract';

const cycleActivities = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const DEFAULT_BATCH = 1000;

export async function cycleWorkflow(input: CycleInput): Promise<CycleProgress> {
  const s = input.state ?? { started: 0, lastStartedId: null, finished: 0, paused: false, fannedOut: false };
  let phase: CycleProgress['phase'] = s.fannedOut ? 'RUNNING' : 'STARTING';
  const pendingAdds = s.pendingAdds ?? [];
  let added = s.added ?? 0;
  const progress = (): CycleProgress => ({
    total: input.total + added,
    started: s.started,
    finished: s.finished,
    paused: s.paused,
    phase,
  });

  // A fan-out or count that fails for good holds the cycle, reported, until an admin's retry (never a failed cycle).
  const problems = new ActivityProblems(null);
  const guard = <T>(activity: string, call: () => Promise<T>) => problems.guard(activity, call, () => false);
  setHandler(retryUpdate, (_req) => problems.requestRetry(), {
    validator: (_req) => {
      if (!problems.current)
        throw ApplicationFailure.create({
          type: 'NoChange',
          message: 'nothing is held by a failure: there is nothing to retry',
          nonRetryable: true,
        });
    },
  });
  setHandler(cycleProgressQuery, progress);
  const refuseOnceFinished = (message: string) => {
    if (phase === 'COMPLETED' || phase === 'RANKING')
      throw ApplicationFailure.create({ type: 'CycleFinished', message, nonRetryable: true });
  };
  setHandler(unitFinishedSignal, () => {
    s.finished++;
  });
  setHandler(
    setCyclePausedUpdate,
    async (req) => {
      s.paused = req.paused;
      await cycleActivities.setCyclePaused({
        cycleId: input.cycleId,
        paused: req.paused,
        by: req.by,
        reason: req.reason,
      });
      return progress();
    },
    {
      validator: (req) => {
        refuseOnceFinished('the cycle has finished');
        if (req.paused === s.paused)
          throw ApplicationFailure.create({
            type: 'NoChange',
            message: `the cycle is already ${s.paused ? 'paused' : 'running'}`,
            nonRetryable: true,
          });
        if (!req.reason?.trim())
          throw ApplicationFailure.create({
            type: 'InvalidPayload',
            message: 'a reason is required',
            nonRetryable: true,
          });
      },
    },
  );

  setHandler(
    addUnitsUpdate,
    (req) => {
      pendingAdds.push(...req.assessmentIds);
      added += req.assessmentIds.length;
      return progress();
    },
    {
      validator: (req) => {
        refuseOnceFinished('the cycle has finished: no unit can join it');
        if (phase === 'STARTING')
          throw ApplicationFailure.create({
            type: 'CycleStarting',
            message: 'the cycle is still starting its units: add more once it has',
            nonRetryable: true,
          });
        if (req.assessmentIds.length === 0)
          throw ApplicationFailure.create({
            type: 'NoChange',
            message: 'no unit to add',
            nonRetryable: true,
          });
      },
    },
  );

  const carryOn = async () => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof cycleWorkflow>({ ...input, state: { ...s, pendingAdds, added } });
  };

  /** Starts a batch of unit workflows: the next after `afterId`, or the given assessments. */
  const startBatch = (which: { afterId: string | null; ids?: string[]; limit: number }) =>
    guard('startAssessmentBatch', () =>
      cycleActivities.startAssessmentBatch({
        cycleId: input.cycleId,
        cycleWorkflowId: workflowInfo().workflowId,
        calendar: input.calendar,
        policy: input.policy,
        paused: s.paused,
        ...which,
      }),
    );

  /** Starts the workflows of units added to the running year, a batch at a time. */
  const startAdded = async () => {
    while (pendingAdds.length > 0) {
      const ids = pendingAdds.slice(0, input.batchSize ?? DEFAULT_BATCH);
      const batch = await startBatch({ afterId: null, ids, limit: ids.length });
      pendingAdds.splice(0, ids.length);
      s.started += batch.count;
    }
  };

  while (!s.fannedOut) {
    const batch = await startBatch({ afterId: s.lastStartedId, limit: input.batchSize ?? DEFAULT_BATCH });
    s.started += batch.count;
    s.lastStartedId = batch.lastId ?? s.lastStartedId;
    if (batch.count === 0) s.fannedOut = true;
    else if (workflowInfo().continueAsNewSuggested) return carryOn();
  }
  phase = 'RUNNING';

  for (;;) {
    await condition(
      () => s.finished >= s.started || pendingAdds.length > 0 || workflowInfo().continueAsNewSuggested,
    );
    if (pendingAdds.length > 0) {
      await startAdded();
      continue;
    }
    if (s.finished < s.started) return carryOn();
    // The signals are a prompt; the projection is the truth (a cancelled unit, a duplicate signal).
    const open = await guard('countOpenAssessments', () =>
      cycleActivities.countOpenAssessments({ cycleId: input.cycleId }),
    );
    if (open === 0) break;
    await sleep('1 minute');
  }

  phase = 'RANKING';
  await condition(allHandlersFinished);
  await guard('finaliseCycle', () => cycleActivities.finaliseCycle({ cycleId: input.cycleId }));
  phase = 'COMPLETED';
  return progress();
}
