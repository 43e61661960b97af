/**
 * Problems a workflow reports about its own activities: one open row per (workflow, activity), counted again on
 * each repeat, resolved when the workflow gets past it. The office (every admin) gets one email when a problem
 * first appears, with the error and a link to the unit's page in the console.
 */
import type { Prisma } from '../../prisma/generated/client';
import { localeOf, translate } from '../../templates/render';
import type { Db } from '../../stores/db';
import { stepLabel } from '../../templates/labels';
import { str, type MailData, type OutboxRow, type PreparedMail } from '../mail/view';
import { describeError } from '../failures';

export interface ProblemReport {
  workflowId: string;
  assessmentId: string | null;
  activity: string;
  permanent: boolean;
  message: string;
}

export const PROBLEM_MAIL_KIND = 'ACTIVITY_PROBLEM' as const;

export function createActivityProblemStore(db: Db, publicUrl: string) {
  return {
    async reportActivityProblem(p: ProblemReport): Promise<void> {
      const message = describeError({ message: p.message });
      const [row] = await db.$queryRaw<Array<{ id: string; inserted: boolean }>>`
        INSERT INTO "ActivityProblem" (id, "workflowId", "assessmentId", activity, permanent, message)
        VALUES (gen_random_uuid(), ${p.workflowId}, ${p.assessmentId}::uuid, ${p.activity}, ${p.permanent}, ${message})
        ON CONFLICT ("workflowId", activity) WHERE "resolvedAt" IS NULL
        DO UPDATE SET occurrences = "ActivityProblem".occurrences + 1, "lastAt" = now(),
                      message = EXCLUDED.message, permanent = EXCLUDED.permanent
        RETURNING id::text AS id, (xmax = 0) AS inserted`;
      if (!row?.inserted) return;
      await mailOffice(db, publicUrl, row.id, p, message);
    },

    async resolveActivityProblems({ workflowId, activities }: { workflowId: string; activities: string[] }) {
      await db.activityProblem.updateMany({
        where: { workflowId, activity: { in: activities }, resolvedAt: null },
        data: { resolvedAt: new Date() },
      });
    },
  };
}

async function mailOffice(db: Db, publicUrl: string, problemId: string, p: ProblemReport, message: string) {
  const [admins, assessment] = await Promise.all([
    db.admin.findMany({ select: { id: true, email: true } }),
    p.assessmentId
      ? db.assessment.findUnique({
          where: { id: p.assessmentId },
          select: { cycleId: true, step: true, organisation: { select: { code: true, nameZh: true } } },
        })
      : null,
  ]);
  const data = {
    problemId,
    workflowId: p.workflowId,
    activity: p.activity,
    permanent: p.permanent,
    message,
    unit: assessment?.organisation.nameZh ?? null,
    step: assessment?.step ?? null,
    url: assessment
      ? `${publicUrl}/admin/cycles/${assessment.cycleId}/units/${encodeURIComponent(assessment.organisation.code)}`
      : `${publicUrl}/admin`,
  } satisfies Prisma.InputJsonValue;
  await db.outboxMessage.createMany({
    data: admins.map((a) => ({
      idempotencyKey: `problem:${problemId}:${a.id}`,
      kind: PROBLEM_MAIL_KIND,
      toEmail: a.email,
      subject: `【劳动竞赛】系统故障：${data.unit ?? p.workflowId}`,
      html: '',
      text: '',
      data,
    })),
    skipDuplicates: true,
  });
}

/** The office's email about a problem: what failed, the error, and the unit's page in the console. */
export function prepareProblemMail(_db: Db, row: OutboxRow, data: MailData): Promise<PreparedMail> {
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const step = str(data.step);
  return Promise.resolve({
    locale,
    template: 'activity-problem',
    subjectKey: 'subject.ACTIVITY_PROBLEM',
    view: {
      locale,
      recipientName: row.toEmail,
      unit: str(data.unit) ?? translate(locale, 'mail.problem.unknownUnit'),
      step: step ? stepLabel(locale, step, []) : translate(locale, 'mail.problem.anyStep'),
      message: str(data.message) ?? '',
      permanent: data.permanent === true,
      url: str(data.url),
    },
    link: null,
  });
}
