/**
 * What the spreadsheet exports read, a page at a time in a stable order: the organisation tree with contacts, the
 * committees' members, a plan's target allocations, the outbox.
 */
import type { Db } from './db';

export function organisationRows(db: Db, skip: number, take: number) {
  return db.organisation.findMany({
    orderBy: { code: 'asc' },
    skip,
    take,
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

export function committeeMemberRows(db: Db, skip: number, take: number) {
  return db.committeeMember.findMany({
    orderBy: [{ committee: { organisation: { code: 'asc' } } }, { committeeId: 'asc' }, { personId: 'asc' }],
    skip,
    take,
    select: {
      role: true,
      person: { select: { name: true, email: true, phone: true } },
      committee: { select: { nameZh: true, organisation: { select: { code: true, nameZh: true } } } },
    },
  });
}

export function allocationRows(
  db: Db,
  planCode: string,
  year: number | undefined,
  skip: number,
  take: number,
) {
  return db.targetAllocation.findMany({
    where: { indicator: { plan: { code: planCode } }, ...(year ? { year } : {}) },
    orderBy: [
      { year: 'asc' },
      { indicator: { sortOrder: 'asc' } },
      { indicator: { code: 'asc' } },
      { organisation: { code: 'asc' } },
    ],
    skip,
    take,
    select: {
      year: true,
      value: true,
      notApplicable: true,
      indicator: { select: { code: true, nameZh: true, nameEn: true, unitZh: true } },
      organisation: { select: { code: true, nameZh: true, parent: { select: { code: true } } } },
    },
  });
}

export function outboxRows(db: Db, status: string | undefined, skip: number, take: number) {
  return db.outboxMessage.findMany({
    where: status ? { status: status as 'PENDING' | 'SENT' | 'FAILED' } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    skip,
    take,
    select: {
      id: true,
      kind: true,
      toEmail: true,
      subject: true,
      status: true,
      attempts: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
    },
  });
}
