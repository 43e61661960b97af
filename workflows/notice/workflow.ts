/**
 * One notice's acknowledgements: the issue email to every recipient, reminders before the due date to those who
 * have not acknowledged, and the close at the due date (or as soon as everyone has acknowledged).
 */
import { ApplicationFailure, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { ActivityProblems } from '../shared/activity-problems';
import { waitForRecordedStep } from '../shared/step-timing';
import {
  acknowledgeUpdate,
  noticeStatusQuery,
  type NoticeInput,
  type NoticeNotificationKind,
  type NoticeStatus,
} from './contract';

const store = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const invalid = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

export async function noticeWorkflow(input: NoticeInput): Promise<NoticeStatus> {
  const { documentId, recipients } = input;
  const wfId = workflowInfo().workflowId;
  const acknowledged = new Set<string>();
  const problems = new ActivityProblems(null);
  let closed = false;
  const waiting = () => recipients.filter((p) => !acknowledged.has(p));
  const status = (): NoticeStatus => ({
    acknowledged: recipients.filter((p) => acknowledged.has(p)),
    waitingOn: closed ? [] : waiting(),
    dueAt: new Date(input.dueAt).toISOString(),
    closed,
  });
  const notify = (kind: NoticeNotificationKind, to: string[], event: string) =>
    problems.guard(
      'notify',
      () =>
        store.notify({
          kind,
          recipients: to,
          key: `${wfId}:${event}`,
          data: { documentId, dueAt: new Date(input.dueAt).toISOString() },
        }),
      () => false,
    );

  setHandler(noticeStatusQuery, status);
  setHandler(
    acknowledgeUpdate,
    async ({ personId }) => {
      acknowledged.add(personId);
      await problems.write(
        'recordReceipt',
        () => store.recordNoticeReceipt({ documentId, personId }),
        () => acknowledged.delete(personId),
      );
      return { acknowledged: acknowledged.size, of: recipients.length };
    },
    {
      validator: ({ personId }) => {
        if (closed) throw invalid('StepNotOpen', 'this notice is closed');
        if (!recipients.includes(personId))
          throw invalid('NotAllowed', `${personId} is not a recipient of this notice`);
        if (acknowledged.has(personId))
          throw invalid('NoChange', `${personId} has already acknowledged this notice`);
      },
    },
  );

  await notify('NOTICE_ISSUED', recipients, 'issued');
  const clock = { dueAt: input.dueAt, rules: input.rules, version: 0 };
  await waitForRecordedStep({
    isDone: () => waiting().length === 0,
    isInterrupted: () => false,
    isPaused: () => false,
    clock: () => clock,
    onEvent: async (kind, index) => {
      if (kind === 'REMINDER') await notify('NOTICE_REMINDER', waiting(), `reminder:${index}`);
    },
  });
  closed = true;
  return status();
}
