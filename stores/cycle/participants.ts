/**
 * Who a new cycle would involve, before it starts: the units that take part (by kind, and the first of them by
 * name), the committee that decides for each and who on it may decide under the recusal rule, and the units that
 * would start without a contact to mail or without a committee above them. Nothing is written.
 */
import { eligibleMembers, type RecusalRule } from '../../domain/decision';
import { organisationPaths, responsibleCommittee } from '../assessment/context';
import type { Db } from '../db';
import { resolveUnits, type StartCycleInput } from './store';

export interface ParticipantPreview {
  total: number;
  byKind: Array<{ kind: string; count: number }>;
  /** The first units in code order, each with its deciding committee and the members who may decide for it. */
  shown: Array<{
    code: string;
    name: string;
    kind: string;
    committee: string | null;
    approvers: string[];
    chair: string | null;
    contacts: number;
  }>;
  withoutContacts: number;
  withoutCommittee: number;
}

export async function previewParticipants(
  db: Db,
  units: StartCycleInput['units'],
  recusal: RecusalRule,
  limit = 30,
): Promise<ParticipantPreview> {
  const { unitIds } = await resolveUnits(db, units);
  const orgs = await db.organisation.findMany({
    where: { id: { in: unitIds } },
    orderBy: { code: 'asc' },
    select: { id: true, code: true, nameZh: true, kind: true, _count: { select: { contacts: true } } },
  });
  const paths = await organisationPaths(db, unitIds);
  const committees = await db.committee.findMany({
    where: { organisationId: { in: [...new Set([...paths.values()].flat())] } },
    select: {
      organisationId: true,
      nameZh: true,
      members: { select: { role: true, person: { select: { id: true, name: true, organisationId: true } } } },
    },
  });
  const memberPaths = await organisationPaths(db, [
    ...new Set(committees.flatMap((c) => c.members.flatMap((m) => m.person.organisationId ?? []))),
  ]);
  const kinds = new Map<string, number>();
  let withoutContacts = 0;
  let withoutCommittee = 0;
  const shown: ParticipantPreview['shown'] = [];
  for (const o of orgs) {
    kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
    if (o._count.contacts === 0) withoutContacts++;
    const committee = responsibleCommittee(paths.get(o.id) ?? [o.id], committees);
    if (!committee) withoutCommittee++;
    if (shown.length >= limit) continue;
    const members = (committee?.members ?? []).map((m) => ({
      personId: m.person.id,
      name: m.person.name,
      role: m.role,
      organisationPath: m.person.organisationId ? (memberPaths.get(m.person.organisationId) ?? []) : [],
    }));
    const eligible = new Set(eligibleMembers(members, paths.get(o.id) ?? [o.id], recusal));
    const deciding = members.filter((m) => eligible.has(m.personId));
    shown.push({
      code: o.code,
      name: o.nameZh,
      kind: o.kind,
      committee: committee?.nameZh ?? null,
      approvers: deciding.map((m) => m.name),
      chair:
        (deciding.find((m) => m.role === 'CHAIR') ?? deciding.find((m) => m.role === 'VICE_CHAIR'))?.name ??
        null,
      contacts: o._count.contacts,
    });
  }
  return {
    total: orgs.length,
    byKind: [...kinds].map(([kind, count]) => ({ kind, count })),
    shown,
    withoutContacts,
    withoutCommittee,
  };
}
