/**
 * Issuing a notice (通知) and recording its receipts: the notice is a document in the archive, numbered in its
 * issuer's series; its workflow (workflows/notice) mails every recipient a link to acknowledge receipt.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DeadlineRules } from '../../domain/calendar';
import { wallClockAt } from '../../domain/time-zone';
import { render } from '../../templates/render';
import { NOTICE_WORKFLOW, type NoticeInput } from '../../workflows/notice/contract';
import type { Db } from '../../stores/db';
import { issueDocument, type IssuedDocument } from '../documents/archive';
import { officialParts, resolveIssuers } from '../documents/official';

export interface IssueNoticeRequest {
  /** The issuing office's document prefix, e.g. 平工文. */
  series: string;
  issuer: string;
  title: string;
  paragraphs: string[];
  recipients: string[];
  dueAt: Date;
  remindersBeforeMs: number[];
  issuedBy: string;
  /** Makes a repeated request issue nothing new. */
  key: string;
  /** The issued document this one corrects: cited at its head; the corrected one never changes. */
  corrects?: { id: string; title: string; number: string };
}

export interface NoticeDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  chromiumPath?: string;
}

export const noticeWorkflowId = (documentId: string) => `notice-${documentId}`;

export async function issueNotice(deps: NoticeDeps, req: IssueNoticeRequest): Promise<IssuedDocument> {
  const year = wallClockAt(new Date()).year;
  const issuers = await resolveIssuers(deps.db, [req.series], req.issuer);
  const doc = await issueDocument(deps, {
    kind: 'NOTICE',
    series: req.series,
    year,
    key: req.key,
    issuedBy: req.issuedBy,
    build(number, issuedAt) {
      const doc = officialParts(issuers, { year, number, date: issuedAt });
      const paragraphs = req.corrects
        ? [`现对《${req.corrects.title}》（${req.corrects.number}）作如下更正：`, ...req.paragraphs]
        : req.paragraphs;
      const view = { locale: 'zh-CN' as const, title: req.title, doc, paragraphs };
      return {
        title: req.title,
        html: render('notices/notice.hbs', view),
        data: {
          title: req.title,
          issuer: issuers[0]!.name,
          number: doc.number,
          paragraphs,
          corrects: req.corrects ?? null,
          date: doc.date,
          recipients: req.recipients,
          dueAt: req.dueAt.toISOString(),
        },
      };
    },
  });
  const rules: DeadlineRules = {
    remindersBeforeMs: [...req.remindersBeforeMs].sort((a, b) => b - a),
    escalateAfterMs: 0,
    escalateEveryMs: 86_400_000,
    // The notice closes at its due date with who did and who did not acknowledge.
    onMissed: 'FAIL_STAGE',
  };
  try {
    await deps.client.workflow.start(NOTICE_WORKFLOW, {
      taskQueue: deps.taskQueue,
      workflowId: noticeWorkflowId(doc.id),
      args: [
        {
          documentId: doc.id,
          recipients: req.recipients,
          dueAt: req.dueAt.getTime(),
          rules,
        } satisfies NoticeInput,
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return doc;
}

export function createNoticeActivities(db: Db) {
  return {
    async recordNoticeReceipt({
      documentId,
      personId,
    }: {
      documentId: string;
      personId: string;
    }): Promise<void> {
      await db.noticeReceipt.upsert({
        where: { documentId_personId: { documentId, personId } },
        update: {},
        create: { documentId, personId },
      });
    },
  };
}
