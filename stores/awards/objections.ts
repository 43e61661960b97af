/** An objection from the public 公示 page: stored, audited and announced to the office in one transaction. */
import { writeNotifications } from '../../activities/mail/outbox';
import { recordAudit } from '../audit';
import type { Db } from '../db';

export async function recordPublicObjection(
  db: Db,
  o: {
    programmeId: string;
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
    const programme = await tx.awardProgramme.findUniqueOrThrow({
      where: { id: o.programmeId },
      select: { rootOrganisation: { select: { contacts: { select: { personId: true } } } } },
    });
    await writeNotifications(tx, [
      {
        kind: 'AWARD_OBJECTION',
        recipients: programme.rootOrganisation.contacts.map((c) => c.personId),
        key: `objection:${row.id}`,
        data: { programmeId: o.programmeId, nominationId: o.nominationId, objectionId: row.id },
      },
    ]);
    return row;
  });
}
