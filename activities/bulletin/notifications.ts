/** The email that announces an issued bulletin, with the link to read it. */
import { localeOf, translate } from '../../templates/render';
import { num, str, type PrepareMail } from '../mail/view';
import { personName } from '../mail/common-reads';

export const prepareBulletinMail: PrepareMail = async (db, row, data, _graceMs, reads) => {
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const name = row.personId ? await personName(db, reads, row.personId) : undefined;
  const year = num(data.year) ?? 0;
  return {
    locale,
    template: 'bulletin',
    subjectKey: 'subject.BULLETIN',
    view: {
      locale,
      recipientName: name ?? row.toEmail,
      title: translate(locale, 'bulletin.title', { year }),
      number: translate(locale, 'bulletin.number', { year, number: num(data.number) ?? '' }),
      url: str(data.url),
    },
    link: null,
    attachDocumentId: str(data.documentId),
  };
};
