/** What the API and the console read about the organisation tree. */
import { organisationPaths } from '../assessment/context';
import type { Db } from '../db';

/** The federation the system serves (the root federation organisation), for page headers; demo if seeded so. */
export function servedFederation(db: Db) {
  return db.organisation.findFirst({
    where: { parentId: null, retiredAt: null, kind: 'FEDERATION' },
    orderBy: { code: 'asc' },
    select: { id: true, nameZh: true, nameEn: true, isDemo: true },
  });
}

/** The tops of the tree (federations) a cycle can be started for. */
export function rootOrganisations(db: Db, take = 20) {
  return db.organisation.findMany({
    where: { parentId: null, retiredAt: null },
    orderBy: { code: 'asc' },
    take,
    select: { code: true },
  });
}

export function organisationIdOf(db: Db, code: string) {
  return db.organisation.findUnique({ where: { code }, select: { id: true } });
}

/** One page of a unit's children (the roots when parentId is null), each with how many children it has. */
export async function childUnits(db: Db, parentId: string | null, q: { take: number; skip: number }) {
  const where = { parentId };
  const [total, units] = await Promise.all([
    db.organisation.count({ where }),
    db.organisation.findMany({
      where,
      orderBy: { code: 'asc' },
      skip: q.skip,
      take: q.take,
      select: {
        code: true,
        nameZh: true,
        nameEn: true,
        kind: true,
        retiredAt: true,
        _count: { select: { children: true } },
      },
    }),
  ]);
  return { total, units: units.map(({ _count, ...u }) => ({ ...u, children: _count.children })) };
}

/** A unit with its contacts and committees: the head of its console page. */
export function unitWithPeople(db: Db, code: string) {
  return db.organisation.findUnique({
    where: { code },
    include: {
      contacts: { include: { person: { select: { name: true, email: true, phone: true } } } },
      committees: {
        include: {
          members: {
            include: {
              person: {
                select: {
                  id: true,
                  name: true,
                  email: true,
                  organisation: { select: { code: true, nameZh: true } },
                },
              },
            },
            orderBy: { role: 'asc' },
          },
        },
      },
    },
  });
}

/** The console's list: a unit's children, or every unit whose code starts with / name contains the search. */
export async function unitList(
  db: Db,
  q: { parentId: string | null; search?: string; take: number; skip: number },
) {
  const where = q.search
    ? { OR: [{ code: { startsWith: q.search } }, { nameZh: { contains: q.search } }] }
    : { parentId: q.parentId };
  const [total, units] = await Promise.all([
    db.organisation.count({ where }),
    db.organisation.findMany({
      where,
      orderBy: { code: 'asc' },
      skip: q.skip,
      take: q.take,
      select: {
        code: true,
        nameZh: true,
        kind: true,
        retiredAt: true,
        _count: { select: { children: { where: { retiredAt: null } } } },
        contacts: { take: 3, select: { person: { select: { name: true } } } },
      },
    }),
  ]);
  return { total, units };
}

/** The units above one, from the root down (the unit itself left out). */
export async function ancestorsOf(db: Db, id: string) {
  const ids = (await organisationPaths(db, [id])).get(id) ?? [];
  const rows = await db.organisation.findMany({
    where: { id: { in: ids } },
    select: { id: true, code: true, nameZh: true },
  });
  return ids
    .slice(1)
    .reverse()
    .map((x) => rows.find((r) => r.id === x)!);
}

/**
 * The federation's office as documents name it for questions and objections: by its primary contact's name,
 * telephone and e-mail.
 */
export async function federationOfficeLine(db: Db, organisationId: string): Promise<string> {
  const org = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      nameZh: true,
      contacts: {
        orderBy: [{ isPrimary: 'desc' }, { personId: 'asc' }],
        take: 1,
        select: { person: { select: { name: true, email: true, phone: true } } },
      },
    },
  });
  const office = `${org.nameZh}劳动竞赛委员会办公室`;
  const person = org.contacts[0]?.person;
  if (!person) return office;
  return [
    `${office} ${person.name}`,
    person.phone ? `电话 ${person.phone}` : null,
    `电子邮箱 ${person.email}`,
  ]
    .filter(Boolean)
    .join('，');
}
