/**
 * One unit's assessment as the console shows it: every submission version, decision, email and audited action
 * (reminders, escalations, extensions, reassignments, cancellation) in time order with who and when, and its
 * latest figures against its targets.
 */
import { isRecused, type RecusalRule } from '../../domain/decision';
import { organisationPaths } from './context';
import type { Db } from '../db';
import { judgeFigures, unitTargetSet } from './progress';
import { scoreSheets } from './result-sheet';
import type { Figure } from '../../domain/submissions';

export type TimelineKind = 'submission' | 'decision' | 'score' | 'email' | 'action';

export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  /** A catalogue key suffix: the submission step, the decision outcome, the email kind or the audit action. */
  what: string;
  step: string | null;
  who: string;
  detail: Record<string, unknown>;
}

export async function loadUnitTimeline(db: Db, assessmentId: string): Promise<TimelineEntry[]> {
  const [submissions, decisions, emails, audit, sheets] = await Promise.all([
    db.submission.findMany({
      where: { assessmentId },
      select: { step: true, version: true, submittedAt: true, submittedBy: { select: { name: true } } },
    }),
    db.decision.findMany({
      where: { assessmentId },
      select: {
        step: true,
        outcome: true,
        comment: true,
        decidedAt: true,
        person: { select: { name: true } },
        onBehalfOf: { select: { name: true } },
        submission: { select: { version: true } },
      },
    }),
    db.$queryRaw<
      Array<{
        kind: string;
        toEmail: string;
        subject: string;
        status: string;
        createdAt: Date;
        sentAt: Date | null;
        lastError: string | null;
        step: string | null;
      }>
    >`
      SELECT kind, "toEmail", subject, status::text, "createdAt", "sentAt", "lastError", data->>'step' AS step
        FROM "OutboxMessage" WHERE data->>'assessmentId' = ${assessmentId}`,
    db.auditLog.findMany({
      where: { subjectType: 'Assessment', subjectId: assessmentId },
      select: { at: true, actor: true, action: true, detail: true },
    }),
    scoreSheets(db, assessmentId),
  ]);
  const entries: TimelineEntry[] = [
    ...submissions.map((s) => ({
      at: s.submittedAt,
      kind: 'submission' as const,
      what: 'submitted',
      step: s.step,
      who: s.submittedBy?.name ?? 'system',
      detail: { version: s.version },
    })),
    ...decisions.map((d) => ({
      at: d.decidedAt,
      kind: 'decision' as const,
      what: d.outcome,
      step: d.step,
      who: d.person ? `${d.person.name}${d.onBehalfOf ? ` (${d.onBehalfOf.name})` : ''}` : 'system',
      detail: { comment: d.comment, version: d.submission?.version ?? null },
    })),
    ...sheets.map((s) => ({
      at: s.scoredAt,
      kind: 'score' as const,
      what: 'scored',
      step: 'scoring',
      who: s.name,
      detail: { round: s.round + 1, total: s.total, scores: s.scores },
    })),
    ...emails.map((m) => ({
      at: m.sentAt ?? m.createdAt,
      kind: 'email' as const,
      what: m.kind,
      step: m.step,
      who: m.toEmail,
      detail: { subject: m.subject, status: m.status, error: m.lastError },
    })),
    ...audit.map((a) => {
      const detail = (a.detail ?? {}) as Record<string, unknown>;
      return {
        at: a.at,
        kind: 'action' as const,
        what: a.action,
        step: typeof detail.step === 'string' ? detail.step : null,
        who: a.actor,
        detail,
      };
    }),
  ];
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind));
}

/**
 * The unit's latest reported figures judged against its targets (approved target submission, else allocation),
 * and the indicators marked not applicable.
 */
export async function loadUnitFigures(db: Db, assessmentId: string) {
  const [report, { targets, notApplicable }] = await Promise.all([
    db.submission.findFirst({
      where: { assessmentId, OR: [{ step: { startsWith: 'check-' } }, { step: 'evaluation' }] },
      orderBy: { submittedAt: 'desc' },
      select: { payload: true, report: { select: { asOf: true } } },
    }),
    unitTargetSet(db, assessmentId),
  ]);
  const figures = ((report?.payload as { figures?: Record<string, Figure> } | undefined)?.figures ??
    {}) as Record<string, Figure>;
  const rows = await judgeFigures(db, assessmentId, figures, targets, report?.report?.asOf ?? null);
  return { rows, notApplicable };
}

/** Whether `personId` must stand aside for the unit under the cycle's recusal rule, and so may not approve. */
export async function isConflicted(db: Db, assessmentId: string, personId: string): Promise<boolean | null> {
  const a = await db.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    select: { organisationId: true, cycle: { select: { decisionPolicy: true } } },
  });
  const unitId = a.organisationId;
  const rule = (a.cycle.decisionPolicy as { recusal?: RecusalRule }).recusal ?? 'UNIT';
  const person = await db.person.findUnique({ where: { id: personId }, select: { organisationId: true } });
  if (!person) return null;
  if (!person.organisationId) return false;
  const paths = await organisationPaths(db, [person.organisationId, unitId]);
  return isRecused(paths.get(person.organisationId) ?? [], paths.get(unitId) ?? [unitId], rule);
}
