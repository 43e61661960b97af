/** An objection from the public 公示 page: stored and audited in one transaction (the workflow tells the office). */
import { recordAudit } from '../audit';
import type { Db } from '../db';

export async function recordPublicObjection(
  db: Db,
  o: {
    nominationId: string;
    name: string;
    contact: string;
    reasons: string;
    senderHash: string;
  },
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.awardObjection.create({
      data: {
        nominationId: o.nominationId,
        name: o.name,
        contact: o.contact,
        reasons: o.reasons,
        source: 'PUBLIC_PAGE',
        senderHash: o.senderHash,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: `public:${o.senderHash.slice(0, 12)}`,
      action: 'objection.received',
      subjectType: 'AwardObjection',
      subjectId: row.id,
    });
    return row;
  });
}
