/**
 * The emails of an award programme: the invitation to nominate (with the link to the unit's nomination page), the
 * receipt of a nomination (with a fresh link, since each link acts once), the vetting request to each department,
 * the veto to the nominating unit, the committee's voting request, the chair's confirmation request, reminders,
 * escalations to the office, and the announcements of the 公示 and of the award decision.
 */
import { localeOf, translate } from '../../templates/render';
import { formatDue } from '../../templates/labels';
import type { Db } from '../../stores/db';
import {
  AWARD_SUBJECT,
  CONFIRM_STEP,
  nominateStep,
  REVIEW_STEP,
  reviewForStep,
  vetStep,
  type AwardNotificationKind,
} from '../../workflows/awards/contract';
import {
  str,
  UnsendableMailError,
  type LinkRequest,
  type MailData,
  type OutboxRow,
  type PreparedMail,
} from '../mail/view';

/**
 * For a reminder to a member whose own ballot is cast or delegated: the member whose delegated ballot it still has
 * to cast, if any (its reminder then links to that ballot).
 */
async function delegatedBallotPending(db: Db, programmeId: string, personId: string) {
  const cast = (memberId: string) =>
    db.nominationVote.count({ where: { personId: memberId, nomination: { programmeId } } });
  const delegatedAway = await db.ballotDelegation.count({ where: { programmeId, fromId: personId } });
  if (delegatedAway === 0 && (await cast(personId)) === 0) return null;
  const held = await db.ballotDelegation.findMany({
    where: { programmeId, toId: personId },
    orderBy: { createdAt: 'asc' },
  });
  for (const d of held) if ((await cast(d.fromId)) === 0) return d.fromId;
  return null;
}

/** The link a kind carries, by the step the person acts on. */
async function linkStep(
  db: Db,
  kind: AwardNotificationKind,
  data: MailData,
  programmeId: string,
  personId: string,
) {
  const stage = str(data.stage);
  if (kind === 'AWARD_NOMINATION_INVITE' || kind === 'AWARD_NOMINATION_RECEIVED' || stage === 'NOMINATING') {
    const unitId =
      str(data.unitId) ??
      (
        await db.awardQuota.findFirst({
          where: { programmeId, organisation: { contacts: { some: { personId } } } },
          select: { organisationId: true },
        })
      )?.organisationId;
    return unitId ? { step: nominateStep(unitId), actions: ['NOMINATE'] } : null;
  }
  if (kind === 'AWARD_VETTING_REQUEST' || stage === 'VETTING') {
    const departmentId =
      str(data.departmentId) ??
      (await db.vettingDepartment.findFirst({ where: { programmeId, personId }, select: { id: true } }))?.id;
    return departmentId ? { step: vetStep(departmentId), actions: ['VET'] } : null;
  }
  if (kind === 'AWARD_REVIEW_REQUEST' || stage === 'REVIEWING') {
    const onBehalfOf = str(data.onBehalfOf) ?? (await delegatedBallotPending(db, programmeId, personId));
    return { step: onBehalfOf ? reviewForStep(onBehalfOf) : REVIEW_STEP, actions: ['VOTE'] };
  }
  if (kind === 'AWARD_CONFIRM_REQUEST' || stage === 'CONFIRMING')
    return { step: CONFIRM_STEP, actions: ['CONFIRM'] };
  return null;
}

async function introParams(db: Db, kind: AwardNotificationKind, data: MailData) {
  if (kind === 'AWARD_VETOED' || kind === 'AWARD_NOMINATION_RECEIVED' || kind === 'AWARD_OBJECTION') {
    const n = await db.nomination.findUnique({
      where: { id: str(data.nominationId) ?? '' },
      select: { nomineeName: true, statusReason: true },
    });
    return { nominee: n?.nomineeName ?? str(data.nomineeName) ?? '', reason: n?.statusReason ?? '' };
  }
  if (kind === 'AWARD_ESCALATION') {
    const ids = Array.isArray(data.waitingOn) ? (data.waitingOn as string[]) : [];
    const people = await db.person.findMany({ where: { id: { in: ids } }, select: { name: true } });
    return { waiting: people.map((p) => p.name).join('、') || '—' };
  }
  return {};
}

export async function prepareAwardMail(
  db: Db,
  row: OutboxRow,
  data: MailData,
  graceMs: number,
): Promise<PreparedMail> {
  const kind = row.kind as AwardNotificationKind;
  const programmeId = str(data.programmeId);
  const programme = programmeId
    ? await db.awardProgramme.findUnique({ where: { id: programmeId }, select: { titleZh: true } })
    : null;
  if (!programme || !programmeId || !row.personId)
    throw new UnsendableMailError(`notification ${row.idempotencyKey} names no award programme`);
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const dueIso = str(data.dueAt) ?? str(data.endsAt);
  const due = formatDue(locale, dueIso);
  const step = await linkStep(db, kind, data, programmeId, row.personId);
  const url = str(data.url);
  const stepKey = str(data.step);
  const stepName = stepKey ? translate(locale, `awards.step.${stepKey}`) : '';
  const params = { title: programme.titleZh, due, step: stepName, ...(await introParams(db, kind, data)) };
  const dueMs = Date.parse(dueIso ?? '');
  const link: LinkRequest | null = step
    ? {
        personId: row.personId,
        subjectKind: AWARD_SUBJECT,
        subjectId: programmeId,
        step: step.step,
        actions: step.actions,
        version: null,
        expiresAt: new Date((Number.isFinite(dueMs) ? dueMs : Date.now()) + graceMs),
      }
    : null;
  return {
    locale,
    template: 'award',
    subjectKey: `subject.${kind}`,
    view: {
      locale,
      ...params,
      intro: translate(locale, `mail.${kind}`, params),
      due: dueIso ? due : undefined,
      url,
      action: `mail.awards.action.${step?.actions[0] ?? 'OPEN'}`,
    },
    link,
    // The 公示, the decision and a revocation arrive as their printed document too.
    attachDocumentId: str(data.documentId),
  };
}
