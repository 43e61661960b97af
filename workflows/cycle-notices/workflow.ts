/**
 * A cycle's notices: each waits until it is ready, then until an admin issues it or its due time comes, when it
 * issues itself. Issuing is one idempotent activity keyed by the cycle and the notice, so a retry, a replay or an
 * admin's click at the same moment never issues a second document.
 */
import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PlannedNotice } from '../../domain/documents/cycle-notices';
import {
  cycleFinalisedSignal,
  cycleNoticesQuery,
  issueNoticeNowUpdate,
  type CycleNoticesInput,
  type NoticeOutcome,
} from './contract';
import { CycleNotices } from './state';

const { issueCycleNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function cycleNoticesWorkflow(input: CycleNoticesInput): Promise<void> {
  const state = new CycleNotices(input.notices);

  const issue = async (n: PlannedNotice, by: string): Promise<NoticeOutcome> => {
    state.inFlight.add(n.key);
    try {
      const outcome = await issueCycleNotice({ cycleId: input.cycleId, key: n.key, by });
      state.outcomes.set(n.key, outcome);
      state.issuedBy.set(n.key, by);
      return outcome;
    } finally {
      state.inFlight.delete(n.key);
    }
  };

  setHandler(cycleNoticesQuery, () => state.view());
  setHandler(cycleFinalisedSignal, ({ at }) => {
    state.finalisedAt ??= at;
  });
  setHandler(
    issueNoticeNowUpdate,
    (req) =>
      issue(
        state.plan.find((p) => p.key === req.key)!,
        req.by,
      ),
    { validator: (req) => state.validateIssueNow(req, Date.now()) },
  );

  const run = async (n: PlannedNotice) => {
    if (n.readyAt === null) await condition(() => state.finalisedAt !== null);
    else if (n.readyAt > Date.now()) await sleep(n.readyAt - Date.now());
    const settled = () => state.outcomes.has(n.key) && !state.inFlight.has(n.key);
    const dueIn = state.dueAt(n)! - Date.now();
    if (dueIn > 0) await condition(settled, dueIn);
    await condition(() => !state.inFlight.has(n.key));
    if (!state.outcomes.has(n.key)) await issue(n, 'system:notices');
  };

  await Promise.all(state.plan.map(run));
}
