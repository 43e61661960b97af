/**
 * Notification requests from workflows (invitations, reminders, overdue notices, escalations, decisions, lagging
 * warnings, results) become outbox rows, one per recipient, keyed so a retried activity adds nothing. Delivery and
 * the full email templates belong to the mail sender; the subject already says what to do and by when.
 */
import { formatLocal } from '../../domain/time-zone';
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../stores/db';
import { isSuperseded, type NotificationKind } from './registry';

const KIND_ZH: Partial<Record<NotificationKind, string>> = {
  INVITE_PLAN: '请提交年度劳动竞赛规划方案',
  INVITE_TARGETS: '请提交年度目标任务',
  INVITE_PROGRESS: '请报送工作进展',
  INVITE_EVALUATION: '请提交年度自评',
  REMINDER: '提醒：即将到期',
  DUE_DATE_EXTENDED: '截止时间已延长',
  UNIT_CANCELLED: '考核已取消',
  OVERDUE: '已逾期',
  ESCALATION: '督办：下级单位事项逾期未办',
  DECISION_REQUEST: '请审核',
  DECISION_RESULT: '审核结果',
  LAGGING_WARNING: '进度滞后预警',
  SCORING_REQUEST: '请评分',
  EVALUATION_RESULT: '考核结果',
  RANK_RESULT: '考核结果与排名',
};

export interface NotifyRequest {
  /** The unit assessment it concerns; none for cycle-wide mail such as a bulletin. */
  assessmentId?: string;
  kind: NotificationKind;
  recipients: string[];
  /** Unique per workflow event; the recipient is appended. */
  key: string;
  data: Record<string, unknown>;
}

export function subjectFor(kind: NotificationKind, data: Record<string, unknown>): string {
  const due = typeof data.dueAt === 'string' ? `（截止 ${formatLocal(new Date(data.dueAt))}）` : '';
  const unit = typeof data.unit === 'string' ? `${data.unit}：` : '';
  return `【劳动竞赛】${unit}${KIND_ZH[kind] ?? kind}${due}`;
}

/**
 * Writes many notification requests in two queries; rows whose key exists already are skipped. `db` may be a
 * transaction, so that requests are written with the state change they announce.
 */
export async function writeNotifications(
  db: Pick<Db, 'person' | 'outboxMessage'>,
  requests: NotifyRequest[],
): Promise<number> {
  const recipients = [...new Set(requests.flatMap((r) => r.recipients))];
  if (recipients.length === 0) return 0;
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: recipients } },
        select: { id: true, email: true, locale: true },
      })
    ).map((p) => [p.id, p]),
  );
  const rows = requests
    .filter((req) => !isSuperseded(req.kind, req.data))
    .flatMap((req) => {
      const subject = subjectFor(req.kind, req.data);
      return [...new Set(req.recipients)]
        .map((id) => people.get(id))
        .filter((p) => p !== undefined)
        .map((p) => ({
          idempotencyKey: `${req.key}:${p.id}`,
          kind: req.kind,
          personId: p.id,
          toEmail: p.email,
          locale: p.locale,
          subject,
          html: '',
          text: subject,
          data: {
            ...req.data,
            ...(req.assessmentId ? { assessmentId: req.assessmentId } : {}),
          } as Prisma.InputJsonValue,
        }));
    });
  return (await db.outboxMessage.createMany({ data: rows, skipDuplicates: true })).count;
}

export function createNotificationActivities(db: Db) {
  return {
    async notify(req: NotifyRequest): Promise<number> {
      return writeNotifications(db, [req]);
    },
  };
}
