/**
 * What the spreadsheet exports read, a page at a time in a stable order, each page after the last row of the one
 * before (`after`, a unique key): the organisation tree with contacts, the committees' members, a plan's target
 * allocations, the outbox. The allocations' JSON list reads the same function with an offset.
 */
import type { Db } from './db';
import { OUTBOX_LIST_FIELDS, type OutboxStatus } from './outbox/queries';

/** After `after` (Prisma's cursor, skipping the cursor's own row), else from `skip`. */
function from<K extends object>(after: K | undefined, skip = 0): { skip: number; cursor?: K } {
  return after === undefined ? { skip } : { skip: 1, cursor: after };
}

export function organisationRows(db: Db, after: { code: string } | undefined, take: number) {
  return db.organisation.findMany({
    orderBy: { code: 'asc' },
    take,
    ...from(after && { code: after.code }),
    select: {
      code: true,
      nameZh: true,
      nameEn: true,
      kind: true,
      retiredAt: true,
      parent: { select: { code: true, nameZh: true } },
      contacts: {
        orderBy: { person: { name: 'asc' } },
        select: { person: { select: { name: true, email: true, phone: true } } },
      },
    },
  });
}

export function committeeMemberRows(
  db: Db,
  after: { committeeId: string; personId: string } | undefined,
  take: number,
) {
  return db.committeeMember.findMany({
    orderBy: [{ committee: { organisation: { code: 'asc' } } }, { committeeId: 'asc' }, { personId: 'asc' }],
    take,
    ...from(after && { committeeId_personId: { committeeId: after.committeeId, personId: after.personId } }),
    select: {
      committeeId: true,
      personId: true,
      role: true,
      person: { select: { name: true, email: true, phone: true } },
      committee: { select: { nameZh: true, organisation: { select: { code: true, nameZh: true } } } },
    },
  });
}

export interface AllocationKey {
  indicatorId: string;
  organisationId: string;
  year: number;
}

export function allocationRows(
  db: Db,
  planCode: string,
  year: number | undefined,
  at: { after?: AllocationKey; skip?: number },
  take: number,
) {
  const { after } = at;
  return db.targetAllocation.findMany({
    where: { indicator: { plan: { code: planCode } }, ...(year ? { year } : {}) },
    orderBy: [
      { year: 'asc' },
      { indicator: { sortOrder: 'asc' } },
      { indicator: { code: 'asc' } },
      { organisation: { code: 'asc' } },
    ],
    take,
    ...from(
      after && {
        indicatorId_organisationId_year: {
          indicatorId: after.indicatorId,
          organisationId: after.organisationId,
          year: after.year,
        },
      },
      at.skip,
    ),
    select: {
      indicatorId: true,
      organisationId: true,
      year: true,
      value: true,
      notApplicable: true,
      indicator: { select: { code: true, nameZh: true, nameEn: true, unitZh: true } },
      organisation: { select: { code: true, nameZh: true, parent: { select: { code: true } } } },
    },
  });
}

export function outboxRows(
  db: Db,
  status: OutboxStatus | undefined,
  after: { id: string } | undefined,
  take: number,
) {
  return db.outboxMessage.findMany({
    where: status ? { status } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take,
    ...from(after && { id: after.id }),
    select: OUTBOX_LIST_FIELDS,
  });
}
