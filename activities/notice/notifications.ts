/** The emails of a notice: the notice itself with the link to acknowledge receipt, and the reminder. */
import { localeOf, translate } from '../../templates/render';
import { ACKNOWLEDGE_STEP, NOTICE_SUBJECT } from '../../workflows/notice/contract';
import type { Db } from '../../stores/db';
import { formatDue } from '../../templates/labels';
import { str, UnsendableMailError, type MailData, type OutboxRow, type PreparedMail } from '../mail/view';
import type { SharedReads } from '../mail/shared-reads';
import { documentHeader, personName } from '../mail/common-reads';

export async function prepareNoticeMail(
  db: Db,
  row: OutboxRow,
  data: MailData,
  graceMs: number,
  reads: SharedReads,
): Promise<PreparedMail> {
  const documentId = str(data.documentId);
  const doc = documentId ? await documentHeader(db, reads, documentId) : null;
  if (!doc || !row.personId)
    throw new UnsendableMailError(`notification ${row.idempotencyKey} names no notice`);
  const name = await personName(db, reads, row.personId);
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const dueIso = str(data.dueAt);
  const due = Date.parse(dueIso ?? '');
  const number = str((doc.data as MailData | null)?.number) ?? '';
  return {
    locale,
    template: 'notice',
    subjectKey: row.kind === 'NOTICE_REMINDER' ? 'subject.NOTICE_REMINDER' : 'subject.NOTICE_ISSUED',
    view: {
      locale,
      recipientName: name ?? row.toEmail,
      title: doc.title,
      number,
      due: formatDue(locale, dueIso),
      reminder: row.kind === 'NOTICE_REMINDER',
      action: 'mail.notice.action',
      intro: translate(
        locale,
        row.kind === 'NOTICE_REMINDER' ? 'mail.notice.reminder' : 'mail.notice.intro',
        {
          title: doc.title,
          number,
        },
      ),
    },
    link: {
      personId: row.personId,
      subjectKind: NOTICE_SUBJECT,
      subjectId: documentId!,
      step: ACKNOWLEDGE_STEP,
      actions: ['ACKNOWLEDGE'],
      version: null,
      expiresAt: new Date((Number.isFinite(due) ? due : Date.now()) + graceMs),
    },
    attachDocumentId: row.kind === 'NOTICE_ISSUED' ? documentId : undefined,
  };
}
