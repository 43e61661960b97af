/**
 * The emails of a unit's assessment: invitations, reminders, overdue notices, escalations, decision and scoring
 * requests, decision results, lagging warnings, results and ranks. Each kind the workflow sends
 * (AssessmentNotificationKind in its contract) has its preparation here; the compiler checks none is missing.
 */
import { localeOf, translate } from '../../templates/render';
import type { AssessmentNotificationKind } from '../../workflows/assessment/contract';
import { ASSESSMENT_SUBJECT } from '../../stores/links/action-tokens';
import type { Db } from '../../stores/db';
import { measureOf } from '../../domain/input-rules';
import { paceShown } from '../../domain/figure-format';
import { figureExplanation } from '../../stores/assessment/progress';
import { checkLabelsOf, formatDue, stepLabel } from '../../templates/labels';
import {
  num,
  str,
  UnsendableMailError,
  type LinkRequest,
  type MailData,
  type OutboxRow,
  type PreparedMail,
} from '../mail/view';
import type { SharedReads } from '../mail/shared-reads';
import { personName } from '../mail/common-reads';
import { isUuid } from '../../domain/uuid';

const INVITATIONS = new Set(['INVITE_PLAN', 'INVITE_TARGETS', 'INVITE_PROGRESS', 'INVITE_EVALUATION']);
const ACTION_LABEL: Record<string, string> = {
  submit: 'mail.invite.action',
  decide: 'mail.decision.action',
  score: 'mail.scoring.action',
};
const DEFAULT_LINK_LIFE_MS = 30 * 24 * 3_600_000;

/** What every mail of a cycle's units shares: read once per sending batch (a fan-out sends thousands). */
function cycleOfMail(db: Db, cycleId: string) {
  return db.cycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: {
      year: true,
      calendar: true,
      plan: {
        select: {
          indicators: {
            select: { code: true, nameZh: true, nameEn: true, unitZh: true, unitEn: true, aggregation: true },
          },
        },
      },
    },
  });
}

async function assessmentsOfMail(db: Db, ids: string[]) {
  const rows = await db.assessment.findMany({
    where: { id: { in: ids } },
    select: { id: true, cycleId: true, organisation: { select: { nameZh: true, nameEn: true } } },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

async function assessmentOfMail(db: Db, assessmentId: string, reads: SharedReads) {
  const found = await reads.load('assessment', assessmentId, (ids) => assessmentsOfMail(db, ids));
  if (!found) return null;
  const cycle = await reads.once(`cycle:${found.cycleId}`, () => cycleOfMail(db, found.cycleId));
  return { organisation: found.organisation, cycle };
}

/** Reads what an assessment's email needs from the database and decides its template, subject and link. */
export async function prepareAssessmentMail(
  db: Db,
  row: OutboxRow,
  data: MailData,
  graceMs: number,
  reads: SharedReads,
): Promise<PreparedMail> {
  const assessmentId = str(data.assessmentId);
  if (!assessmentId || !isUuid(assessmentId))
    throw new UnsendableMailError(`notification ${row.idempotencyKey} names no assessment`);
  const assessment = await assessmentOfMail(db, assessmentId, reads);
  if (!assessment) throw new UnsendableMailError(`assessment ${assessmentId} no longer exists`);
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const en = locale === 'en';
  const personIds = [
    ...(row.personId ? [row.personId] : []),
    ...(Array.isArray(data.waitingOn) ? (data.waitingOn as string[]) : []),
    ...(Array.isArray(data.comments) ? (data.comments as Array<{ by?: string }>).map((c) => c.by ?? '') : []),
  ].filter(Boolean);
  const names = new Map(
    await Promise.all(personIds.map(async (id) => [id, await personName(db, reads, id)] as const)),
  );
  const indicators = new Map(assessment.cycle.plan.indicators.map((i) => [i.code, i]));
  const unit = (en && assessment.organisation.nameEn) || assessment.organisation.nameZh;
  const step = str(data.step) ?? (row.kind === 'SCORING_REQUEST' ? 'scoring' : 'evaluation');
  const stepName = stepLabel(locale, step, checkLabelsOf(assessment.cycle.calendar));
  const dueIso = str(data.dueAt);
  const due = formatDue(locale, dueIso);
  const base = {
    locale,
    recipientName: (row.personId && names.get(row.personId)) || row.toEmail,
    unit,
    step: stepName,
    due,
    year: assessment.cycle.year,
  };

  const linkFor = (phase: string): LinkRequest | null => {
    if (!row.personId) return null;
    const actions =
      phase === 'submit'
        ? ['SUBMIT']
        : phase === 'score'
          ? ['SCORE']
          : Array.isArray(data.allowed)
            ? (data.allowed as string[])
            : ['APPROVE', 'RETURN', 'REJECT'];
    const dueAt = dueIso ? Date.parse(dueIso) : NaN;
    return {
      personId: row.personId,
      subjectKind: ASSESSMENT_SUBJECT,
      subjectId: assessmentId,
      assessmentId,
      step: phase === 'score' ? 'scoring' : step,
      actions,
      version: phase === 'decide' ? (num(data.version) ?? null) : null,
      expiresAt: new Date(Number.isFinite(dueAt) ? dueAt + graceMs : Date.now() + DEFAULT_LINK_LIFE_MS),
    };
  };
  const actionRequest = (
    intro: string,
    phase: string,
    subjectKey: string,
    extra: MailData = {},
  ): PreparedMail => ({
    locale,
    template: 'action-request',
    subjectKey,
    view: { ...base, intro, action: ACTION_LABEL[phase], version: num(data.version) ?? '', ...extra },
    link: linkFor(phase),
  });
  const phase = str(data.phase) ?? 'submit';
  const grade = (g: unknown) => (typeof g === 'string' ? translate(locale, `grade.${g}`) : '—');

  if (INVITATIONS.has(row.kind)) {
    const returned = (num(data.round) ?? 0) > 0;
    return actionRequest(
      'mail.invite.intro',
      'submit',
      returned ? 'subject.INVITE_AGAIN' : 'subject.INVITE',
      { returned, comments: returned ? await returnComments(db, assessmentId, step, locale) : [] },
    );
  }
  switch (row.kind as AssessmentNotificationKind) {
    case 'REMINDER':
      return actionRequest('mail.reminder.intro', phase, 'subject.REMINDER');
    case 'UNIT_CANCELLED':
      return {
        locale,
        template: 'escalation',
        subjectKey: 'subject.UNIT_CANCELLED',
        view: { ...base, intro: 'mail.cancelled.intro', reason: str(data.reason) ?? '' },
        link: null,
      };
    case 'DUE_DATE_EXTENDED':
      return actionRequest('mail.extended.intro', phase, 'subject.DUE_DATE_EXTENDED', {
        previousDue: formatDue(locale, str(data.previousDueAt)),
        reason: str(data.reason) ?? '',
      });
    case 'OVERDUE':
      return actionRequest('mail.overdue.intro', phase, 'subject.OVERDUE');
    case 'DECISION_REQUEST':
      return actionRequest('mail.decision.intro', 'decide', 'subject.DECISION_REQUEST');
    case 'SCORING_REQUEST':
      return actionRequest('mail.scoring.intro', 'score', 'subject.SCORING_REQUEST', {
        step: translate(locale, 'step.scoring'),
      });
    case 'ESCALATION': {
      const waiting = Array.isArray(data.waitingOn) ? (data.waitingOn as string[]) : [];
      return {
        locale,
        template: 'escalation',
        subjectKey: data.committeeStep === true ? 'subject.ESCALATION_COMMITTEE' : 'subject.ESCALATION',
        view: {
          ...base,
          intro: data.committeeStep === true ? 'mail.escalation.committeeIntro' : 'mail.escalation.intro',
          waitingOn: waiting.map((id) => names.get(id) ?? id).join(en ? ', ' : '、'),
        },
        link: null,
      };
    }
    case 'DECISION_RESULT': {
      const result = str(data.result) ?? 'APPROVE';
      const comments = Array.isArray(data.comments)
        ? (data.comments as Array<{ by?: string; outcome?: string; comment?: string }>).map((c) => ({
            by: (c.by && names.get(c.by)) ?? c.by ?? '',
            outcome: c.outcome ? translate(locale, `outcome.${c.outcome}`) : '',
            comment: c.comment ?? '',
          }))
        : [];
      return {
        locale,
        template: 'decision-result',
        subjectKey: 'subject.DECISION_RESULT',
        view: {
          ...base,
          result: translate(locale, `result.${result}`),
          returned: result === 'RETURN',
          comments,
        },
        link: null,
      };
    }
    case 'LAGGING_WARNING': {
      const lagging = Array.isArray(data.lagging)
        ? (data.lagging as Array<Record<string, unknown>>).map((l) => {
            const ind = indicators.get(String(l.code));
            const measure = measureOf(ind?.aggregation);
            return {
              name: ind ? (en ? ind.nameEn : ind.nameZh) : String(l.code),
              unit: ind ? (en ? ind.unitEn : ind.unitZh) : '',
              target: l.target,
              actual: l.actual,
              expected: paceShown(l.expected, measure),
              completion: l.completion,
              measure,
              lagging: true,
              // Warnings stored before the rule was written down carry no explanation of their pace.
              explain: l.kind
                ? figureExplanation(locale, l as Parameters<typeof figureExplanation>[1])
                : null,
            };
          })
        : [];
      return {
        locale,
        template: 'lagging-warning',
        subjectKey: 'subject.LAGGING_WARNING',
        view: { ...base, figures: lagging, count: lagging.length },
        link: null,
      };
    }
    case 'EVALUATION_RESULT':
    case 'RANK_RESULT':
      return {
        locale,
        template: 'result',
        subjectKey: `subject.${row.kind}`,
        view: {
          ...base,
          intro: row.kind === 'RANK_RESULT' ? 'mail.rank.intro' : 'mail.evaluation.intro',
          score: num(data.score)?.toFixed(2) ?? '—',
          grade: grade(data.grade),
          rank: num(data.rank) ?? '—',
          result: {
            score: num(data.score),
            grade: grade(data.grade),
            rank: rankText(locale, data),
            hasParts: num(data.indicatorPart) !== undefined,
            indicatorPart: num(data.indicatorPart),
            committeePart: num(data.committeePart),
          },
        },
        link: null,
      };
    default:
      throw new UnsendableMailError(`no email template for notification kind "${row.kind}"`);
  }
}

/** "单位c所属县（市、区）总工会 3 家中第 1 名": the rank with the group it was ranked in. */
function rankText(locale: 'zh-CN' | 'en', data: Record<string, unknown>): string | undefined {
  const rank = num(data.rank);
  if (rank === undefined) return undefined;
  const of = num(data.of);
  if (of === undefined) return String(rank);
  return translate(locale, 'mail.rankIn', {
    rank,
    of,
    parent: str(data.parent) ?? translate(locale, 'result.topLevel'),
    kind: translate(locale, `org.kind.${str(data.kind) ?? 'GRASSROOTS_UNION'}`),
  });
}

/**
 * A returned step's decision result is told by the re-invitation alone (one mail, with the comments and the link),
 * so the separate result mail of a return is not written.
 */
export function supersededByReinvitation(kind: string, data: Record<string, unknown>): boolean {
  return kind === 'DECISION_RESULT' && data.result === 'RETURN';
}

/** The comments on the version that was returned: the newest submitted version of the step. */
async function returnComments(db: Db, assessmentId: string, step: string, locale: 'zh-CN' | 'en') {
  const latest = await db.submission.findFirst({
    where: { assessmentId, step },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
  if (!latest) return [];
  const decisions = await db.decision.findMany({
    where: { assessmentId, step, submissionId: latest.id, comment: { not: null } },
    orderBy: { decidedAt: 'asc' },
    select: { outcome: true, comment: true, person: { select: { name: true } } },
  });
  return decisions.map((d) => ({
    by: d.person?.name ?? '',
    outcome: translate(locale, `outcome.${d.outcome}`),
    comment: d.comment ?? '',
  }));
}
