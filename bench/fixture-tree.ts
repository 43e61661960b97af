/** A generated federation: a city with `units` units under it (counties, then grassroots unions), one contact each. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../stores/db';
import type { OrganisationKind } from '../prisma/generated/client';

export async function generateFederation(
  db: Db,
  units: number,
  counties = 20,
): Promise<{ rootCode: string }> {
  const rootId = randomUUID();
  const orgs: Array<{
    id: string;
    code: string;
    nameZh: string;
    kind: OrganisationKind;
    parentId: string | null;
  }> = [{ id: rootId, code: 'gen', nameZh: '生成的市总工会', kind: 'FEDERATION', parentId: null }];
  const countyIds: string[] = [];
  for (let i = 0; i < Math.min(counties, units); i++) {
    const id = randomUUID();
    countyIds.push(id);
    orgs.push({ id, code: `gen.c${i}`, nameZh: `县区${i}`, kind: 'COUNTY_DISTRICT', parentId: rootId });
  }
  for (let i = countyIds.length; i < units; i++) {
    orgs.push({
      id: randomUUID(),
      code: `gen.u${i}`,
      nameZh: `基层工会${i}`,
      kind: 'GRASSROOTS_UNION',
      parentId: countyIds[i % countyIds.length]!,
    });
  }
  const people = orgs.map((o) => ({
    id: randomUUID(),
    name: `${o.nameZh}联络员`,
    email: `${o.code}@bench.example`,
    organisationId: o.id,
  }));
  for (let i = 0; i < orgs.length; i += 2000) {
    await db.organisation.createMany({ data: orgs.slice(i, i + 2000) });
    await db.person.createMany({ data: people.slice(i, i + 2000) });
    await db.organisationContact.createMany({
      data: people.slice(i, i + 2000).map((p) => ({ organisationId: p.organisationId, personId: p.id })),
    });
  }
  const committee = await db.committee.create({ data: { organisationId: rootId, nameZh: '竞赛委员会' } });
  for (const [i, role] of (['CHAIR', 'MEMBER', 'MEMBER'] as const).entries()) {
    const p = await db.person.create({
      data: { name: `委员${i}`, email: `member${i}@bench.example`, organisationId: rootId },
    });
    await db.committeeMember.create({ data: { committeeId: committee.id, personId: p.id, role } });
  }
  return { rootCode: 'gen' };
}
