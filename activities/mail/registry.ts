/**
 * Every notification kind the outbox carries, and the feature that prepares its email. The record's type lists
 * each kind once: a kind without a preparation, or a preparation for no kind, does not compile.
 */
import type { AssessmentNotificationKind } from '../../workflows/assessment/contract';
import type { AwardNotificationKind } from '../../workflows/awards/contract';
import { prepareAwardMail } from '../awards/notifications';
import type { NoticeNotificationKind } from '../../workflows/notice/contract';
import { prepareProblemMail, PROBLEM_MAIL_KIND } from '../problems/activities';
import { prepareAssessmentMail, supersededByReinvitation } from '../assessment/notifications';
import { prepareBulletinMail } from '../bulletin/notifications';
import type { PrepareMail } from './view';
import { prepareNoticeMail } from '../notice/notifications';
import { CYCLE_NOTICE_MAIL_KIND } from '../../workflows/cycle-notices/contract';
import { prepareDocumentMail } from '../documents/notifications';

export type NotificationKind =
  | AssessmentNotificationKind
  | NoticeNotificationKind
  | AwardNotificationKind
  | 'BULLETIN'
  | typeof CYCLE_NOTICE_MAIL_KIND
  | typeof PROBLEM_MAIL_KIND;

const PREPARE: Record<NotificationKind, PrepareMail> = {
  INVITE_PLAN: prepareAssessmentMail,
  INVITE_TARGETS: prepareAssessmentMail,
  INVITE_PROGRESS: prepareAssessmentMail,
  INVITE_EVALUATION: prepareAssessmentMail,
  REMINDER: prepareAssessmentMail,
  DUE_DATE_EXTENDED: prepareAssessmentMail,
  UNIT_CANCELLED: prepareAssessmentMail,
  OVERDUE: prepareAssessmentMail,
  ESCALATION: prepareAssessmentMail,
  DECISION_REQUEST: prepareAssessmentMail,
  DECISION_RESULT: prepareAssessmentMail,
  LAGGING_WARNING: prepareAssessmentMail,
  SCORING_REQUEST: prepareAssessmentMail,
  EVALUATION_RESULT: prepareAssessmentMail,
  RANK_RESULT: prepareAssessmentMail,
  NOTICE_ISSUED: prepareNoticeMail,
  NOTICE_REMINDER: prepareNoticeMail,
  BULLETIN: prepareBulletinMail,
  [CYCLE_NOTICE_MAIL_KIND]: prepareDocumentMail,
  [PROBLEM_MAIL_KIND]: prepareProblemMail,
  AWARD_NOMINATION_INVITE: prepareAwardMail,
  AWARD_NOMINATION_RECEIVED: prepareAwardMail,
  AWARD_VETTING_REQUEST: prepareAwardMail,
  AWARD_VETOED: prepareAwardMail,
  AWARD_REVIEW_REQUEST: prepareAwardMail,
  AWARD_CONFIRM_REQUEST: prepareAwardMail,
  AWARD_REMINDER: prepareAwardMail,
  AWARD_ESCALATION: prepareAwardMail,
  AWARD_PUBLICITY: prepareAwardMail,
  AWARD_DECISION: prepareAwardMail,
  AWARD_OBJECTION: prepareAwardMail,
  AWARD_REVOKED: prepareAwardMail,
};

/** Notifications a feature tells by another of its mails instead, so they are never written. */
export function isSuperseded(kind: NotificationKind, data: Record<string, unknown>): boolean {
  return supersededByReinvitation(kind, data);
}

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(PREPARE, kind);
}

/** The preparation of a stored row's kind, or undefined for a kind no feature knows (never sendable). */
export function preparerOf(kind: string): PrepareMail | undefined {
  return isNotificationKind(kind) ? PREPARE[kind] : undefined;
}
