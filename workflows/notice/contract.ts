/**
 * The notice workflow's message contract: a notice (通知) is issued to a list of people, each acknowledges receipt
 * (签收) from the link in their email, reminders go out before the due date, and at the due date the notice closes
 * with who did and who did not acknowledge.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DeadlineRules } from '../../domain/calendar';

/** The workflow type, for starting it by name without importing its implementation. */
export const NOTICE_WORKFLOW = 'noticeWorkflow';
/** The subject kind of notice links (ActionToken.subjectKind); the subject id is the notice's document id. */
export const NOTICE_SUBJECT = 'notice';
/** The one step a notice link acts on. */
export const ACKNOWLEDGE_STEP = 'acknowledge';

export const NOTICE_NOTIFICATION_KINDS = ['NOTICE_ISSUED', 'NOTICE_REMINDER'] as const;
export type NoticeNotificationKind = (typeof NOTICE_NOTIFICATION_KINDS)[number];

export interface NoticeInput {
  documentId: string;
  recipients: string[];
  dueAt: number;
  /** Reminders before the due date; the notice closes at the due date (onMissed is not ESCALATE_AND_WAIT). */
  rules: DeadlineRules;
}

export interface AcknowledgeRequest {
  personId: string;
}

export interface NoticeStatus {
  acknowledged: string[];
  waitingOn: string[];
  dueAt: string;
  closed: boolean;
}

export const acknowledgeUpdate = defineUpdate<{ acknowledged: number; of: number }, [AcknowledgeRequest]>(
  'acknowledge',
);
export const noticeStatusQuery = defineQuery<NoticeStatus>('noticeStatus');
