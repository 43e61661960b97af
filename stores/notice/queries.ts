/** Reading notices and their receipts, and resolving a notice's addressees. */
import type { Db } from '../db';

/** The people a notice goes to: the contacts of the named units and the named people; unknown ones listed. */
export async function resolveNoticeRecipients(db: Db, units: string[], people: string[]) {
  const [contacts, known] = await Promise.all([
    db.organisationContact.findMany({
      where: { organisation: { code: { in: units } } },
      select: { personId: true, organisation: { select: { code: true } } },
    }),
    db.person.findMany({ where: { id: { in: people } }, select: { id: true } }),
  ]);
  return {
    unknownUnits: units.filter((c) => !contacts.some((x) => x.organisation.code === c)),
    unknownPeople: people.filter((id) => !known.some((p) => p.id === id)),
    personIds: [...new Set([...contacts.map((c) => c.personId), ...known.map((p) => p.id)])],
  };
}

export async function noticeWithReceipts(db: Db, id: string) {
  const notice = await db.document.findFirst({
    where: { id, kind: 'NOTICE' },
    select: { id: true, title: true, number: true, series: true, year: true, issuedAt: true },
  });
  if (!notice) return null;
  const receipts = await db.noticeReceipt.findMany({
    where: { documentId: id },
    orderBy: { acknowledgedAt: 'asc' },
    select: { acknowledgedAt: true, person: { select: { id: true, name: true } } },
  });
  return { notice, receipts };
}

/** A notice as its link page shows it to one addressee, with that person's receipt if any. */
export async function noticeForPerson(db: Db, id: string, personId: string) {
  const doc = await db.document.findFirst({
    where: { id, kind: 'NOTICE' },
    select: { id: true, title: true, data: true },
  });
  if (!doc) return null;
  const receipt = await db.noticeReceipt.findUnique({
    where: { documentId_personId: { documentId: doc.id, personId } },
    select: { acknowledgedAt: true },
  });
  const data = (doc.data ?? {}) as { number?: string; dueAt?: string };
  return { id: doc.id, title: doc.title, number: data.number ?? '', dueAt: data.dueAt ?? null, receipt };
}
