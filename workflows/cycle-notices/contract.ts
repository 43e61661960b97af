/**
 * The cycle-notices workflow's message contract: one per cycle, it issues the cycle's notices (the start notice,
 * an urging notice after each submission step, the results) each at its due time, unless an admin has issued it
 * earlier from the console; the cycle workflow signals when the year is finalised.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PlannedNotice } from '../../domain/documents/cycle-notices';

export const CYCLE_NOTICES_WORKFLOW = 'cycleNoticesWorkflow';
export const cycleNoticesWorkflowId = (cycleId: string) => `cycle-notices-${cycleId}`;

export const CYCLE_NOTICE_MAIL_KIND = 'CYCLE_NOTICE_ISSUED';

export interface CycleNoticesInput {
  cycleId: string;
  notices: PlannedNotice[];
}

/** What issuing a notice did: the document, or nothing to say (nobody late, no results). */
export type NoticeOutcome =
  | { issued: true; documentId: string; number: string; created: boolean }
  | { issued: false; reason: 'NOTHING_TO_SAY' };

export interface NoticeState {
  key: string;
  kind: PlannedNotice['kind'];
  step?: string;
  /** ISO times; readyAt null until the cycle is finalised for the results. */
  readyAt: string | null;
  dueAt: string | null;
  outcome: NoticeOutcome | null;
  issuedBy: string | null;
}

export interface IssueNowRequest {
  key: string;
  by: string;
}

export const issueNoticeNowUpdate = defineUpdate<NoticeOutcome, [IssueNowRequest]>('issueNoticeNow');
export const cycleFinalisedSignal = defineSignal<[{ at: number }]>('cycleFinalised');
export const cycleNoticesQuery = defineQuery<NoticeState[]>('cycleNotices');
