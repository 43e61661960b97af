/** What mails of every feature read, through the batch's shared reads: people's names and a document's header. */
import { isUuid } from '../../domain/uuid';
import type { Db } from '../../stores/db';
import type { SharedReads } from './shared-reads';

async function namesOf(db: Db, ids: string[]) {
  const rows = await db.person.findMany({
    where: { id: { in: ids.filter(isUuid) } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((p) => [p.id, p.name]));
}

export function personName(db: Db, reads: SharedReads, id: string): Promise<string | undefined> {
  return reads.load('person', id, (ids) => namesOf(db, ids));
}

/** A notice or bulletin goes to a whole tree at once: its header is read once per batch. */
export function documentHeader(db: Db, reads: SharedReads, id: string) {
  return reads.once(`document:${id}`, () =>
    db.document.findUnique({ where: { id }, select: { title: true, data: true } }),
  );
}
