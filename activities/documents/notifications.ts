/** The email that delivers a cycle's notice: what it is, its number, the link to read it, and its PDF attached. */
import { localeOf, translate } from '../../templates/render';
import { str, UnsendableMailError, type MailData, type PrepareMail } from '../mail/view';
import { documentHeader, personName } from '../mail/common-reads';

export const prepareDocumentMail: PrepareMail = async (db, row, data, _graceMs, reads) => {
  const documentId = str(data.documentId);
  const doc = documentId ? await documentHeader(db, reads, documentId) : null;
  if (!doc || !documentId)
    throw new UnsendableMailError(`notification ${row.idempotencyKey} names no document`);
  const name = row.personId ? await personName(db, reads, row.personId) : undefined;
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const number = str((doc.data as MailData | null)?.number) ?? '';
  return {
    locale,
    template: 'document',
    subjectKey: 'subject.CYCLE_NOTICE_ISSUED',
    view: {
      locale,
      recipientName: name ?? row.toEmail,
      title: doc.title,
      number,
      url: str(data.url),
      intro: translate(locale, 'mail.document.intro', { title: doc.title, number }),
    },
    link: null,
    attachDocumentId: documentId,
  };
};
