/**
 * The award programme workflow's message contract. One workflow per programme runs the honours process:
 * nominations from the units (each within its quota, the proportions and the eligibility rules), joint vetting by
 * the departments (one objection vetoes), the committee's vote (recusal by unit), the chair's confirmation, the
 * 公示 window in working days with objections, and the award decision with the honours register.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AwardCategory, HonourLevel } from '../../domain/awards/categories';
import type { ProportionRule } from '../../domain/awards/proportions';
import type { QuotaAllocation, ReviewMode } from '../../domain/awards/quotas';
import type { ResolvedAwardCalendar } from '../../domain/awards/programme';
import type { Ballot, SelectionRow, TieBreak } from '../../domain/awards/selection';

export const AWARDS_WORKFLOW = 'awardProgrammeWorkflow';
export const awardWorkflowId = (programmeId: string) => `award-programme-${programmeId}`;
/** The subject kind of award links (ActionToken.subjectKind); the subject id is the programme's id. */
export const AWARD_SUBJECT = 'award';

/** The steps award links act on; a unit's nomination desk and a department's vetting carry their id. */
export const nominateStep = (unitId: string) => `nominate:${unitId}`;
export const vetStep = (departmentId: string) => `vet:${departmentId}`;
export const REVIEW_STEP = 'review';
/** A delegate's link to cast the ballot of the member who delegated it. */
export const reviewForStep = (memberId: string) => `review-for:${memberId}`;
export const CONFIRM_STEP = 'confirm';

export const AWARD_STAGES = [
  'NOMINATING',
  'VETTING',
  'REVIEWING',
  'CONFIRMING',
  'PUBLICITY',
  'DECIDED',
  'CANCELLED',
] as const;
export type AwardStage = (typeof AWARD_STAGES)[number];

export const AWARD_NOTIFICATION_KINDS = [
  'AWARD_NOMINATION_INVITE',
  'AWARD_NOMINATION_RECEIVED',
  'AWARD_VETTING_REQUEST',
  'AWARD_VETOED',
  'AWARD_REVIEW_REQUEST',
  'AWARD_CONFIRM_REQUEST',
  'AWARD_REMINDER',
  'AWARD_ESCALATION',
  'AWARD_PUBLICITY',
  'AWARD_DECISION',
  'AWARD_OBJECTION',
  'AWARD_REVOKED',
] as const;
export type AwardNotificationKind = (typeof AWARD_NOTIFICATION_KINDS)[number];

export interface CommitteeSeat {
  personId: string;
  role: 'CHAIR' | 'VICE_CHAIR' | 'MEMBER';
  /** The member's own organisation followed by its ancestors (for recusal). */
  organisationPath: string[];
}

export interface AwardProgrammeInput {
  programmeId: string;
  year: number;
  level: HonourLevel;
  reviewMode: ReviewMode;
  tieBreak: TieBreak;
  /** How 差额 members decide: VOTE (for/against) or SCORE (0–100, ranked by mean); VOTE when absent. */
  ballot?: Ballot;
  /** By score: the mean a nominee needs. */
  passMark?: number;
  /** 差额: a place freed by an upheld objection goes to the next qualified nominee (递补), published on its own. */
  refillOnWithdrawal?: boolean;
  places: Partial<Record<AwardCategory, number>>;
  proportionRules: ProportionRule[];
  /** Quotas by nominating unit id (QuotaAllocation.unitCode holds the organisation id). */
  quotas: QuotaAllocation[];
  units: Array<{ id: string; contacts: string[] }>;
  departments: Array<{ id: string; personId: string }>;
  committee: CommitteeSeat[];
  /** Who the office is: escalations and objections go to them. */
  office: string[];
  calendar: ResolvedAwardCalendar;
  /** Set when a run continues an earlier one (continue-as-new): where it was and what it had. */
  carried?: CarriedAwardState;
}

export interface CarriedAwardState {
  stage: AwardStage;
  nominees: NomineeEntry[];
  vetted: string[];
  /** personId → [nominationId, vote] pairs. */
  votes: Array<[string, Array<[string, boolean | null]>]>;
  /** By score ballot: personId → [nominationId, score] pairs. */
  scores?: Array<[string, Array<[string, number | null]>]>;
  /** Ballots delegated: [member, delegate] pairs. */
  delegations?: Array<[string, string]>;
  /** Nominees given a freed place and not yet published. */
  unpublished?: string[];
  result: SelectionRow[] | null;
  confirmed: boolean;
  dueAt: number | null;
  findings: number;
  sequence: number;
}

export type NominationState =
  'ACTIVE' | 'WITHDRAWN' | 'VETOED' | 'NOT_SELECTED' | 'SELECTED' | 'WITHDRAWN_BY_OBJECTION' | 'AWARDED';

/** What the workflow keeps of a nominee: enough for quotas, proportions, vetting, votes and the result. */
export interface NomineeEntry {
  id: string;
  unitId: string;
  category: AwardCategory;
  /** The form fields proportion rules read. */
  fields: Record<string, string | number | boolean | null>;
  order: number;
  unitScore: number | null;
  status: NominationState;
}

/** An eligibility rule's result as the API judged it from the database; hard failures refuse the nomination. */
export interface EligibilityVerdict {
  kind: string;
  ok: boolean;
  hard: boolean;
  key: string;
  params: Record<string, string | number>;
}

/** What is stored of a nomination besides the entry (texts the workflow passes to its activity, never keeps). */
export interface NominationRecord {
  nomineeKind: 'COLLECTIVE' | 'PERSON';
  nomineeName: string;
  fields: Record<string, string | number | boolean | null>;
  deeds: string;
  summary: string;
  earlierHonours: Array<{ category: string; level: string; year: number; documentNumber: string }>;
  newAchievements: string | null;
  /** Files stored with the form (NominationAttachment ids), added to those the nomination holds. */
  attachments?: string[];
}

export interface NominateRequest {
  /** New for a new nomination; an existing one's id to edit it. */
  nominationId: string;
  unitId: string;
  personId: string;
  category: AwardCategory;
  unitScore: number | null;
  eligibility: EligibilityVerdict[];
  record: NominationRecord;
}

export interface WithdrawRequest {
  nominationId: string;
  unitId: string;
  personId: string;
}

export interface VetRequest {
  departmentId: string;
  personId: string;
  answers: Array<{ nominationId: string; objects: boolean; reason: string | null }>;
}

export interface VoteRequest {
  personId: string;
  /** Cast for a member who delegated its ballot to `personId`. */
  onBehalfOf?: string;
  /** inFavour null: abstains. By score ballot, inFavour is null and `score` (0–100) is what the member gives. */
  votes: Array<{ nominationId: string; inFavour: boolean | null; score?: number | null }>;
}

/** A member has its ballot cast by another member (委托), asked by the member itself or by the office. */
export interface DelegateBallotRequest {
  from: string;
  to: string;
  /** Who asked: the member, or the admin's email. */
  by: string;
}

export interface ObjectionFindingRequest {
  objectionId: string;
  nominationId: string;
  upheld: boolean;
  note: string;
  by: string;
}

export interface AwardStatus {
  stage: AwardStage;
  nominees: NomineeEntry[];
  /** Who the current step waits for (people). */
  waitingOn: string[];
  dueAt: string | null;
  vetted: string[];
  /** Ballots cast, by owner. */
  voted: string[];
  /** Ballots delegated: [member, delegate]. */
  delegations: Array<[string, string]>;
  result: SelectionRow[] | null;
  publicity: { documentId: string; first: string; last: string; endsAt: string; url: string } | null;
  decision: { documentId: string; number: string; url: string } | null;
}

export const nominateUpdate = defineUpdate<{ nominationId: string; quotaLeft: number }, [NominateRequest]>(
  'nominate',
);
export const withdrawNominationUpdate = defineUpdate<{ withdrawn: true }, [WithdrawRequest]>(
  'withdrawNomination',
);
export const vetUpdate = defineUpdate<{ vetoed: string[] }, [VetRequest]>('vet');
export const voteUpdate = defineUpdate<{ voted: number; of: number }, [VoteRequest]>('vote');
export const delegateBallotUpdate = defineUpdate<{ delegate: string }, [DelegateBallotRequest]>(
  'delegateBallot',
);
export const confirmResultUpdate = defineUpdate<{ selected: string[] }, [{ personId: string }]>(
  'confirmResult',
);
export const objectionFindingUpdate = defineUpdate<
  { withdrawn: boolean; refilled: string[] },
  [ObjectionFindingRequest]
>('objectionFinding');
export const cancelProgrammeUpdate = defineUpdate<{ cancelled: true }, [{ by: string; reason: string }]>(
  'cancelProgramme',
);
export const awardStatusQuery = defineQuery<AwardStatus>('awardStatus');
/** An objection came through the public page: the workflow tells the office. */
export const objectionReceivedSignal =
  defineSignal<[{ objectionId: string; nominationId: string }]>('objectionReceived');
