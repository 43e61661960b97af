/** What a cycle's notices are built from and sent to, and the office's edits of their free text. */
import type { Db } from '../db';

export function noticeCycle(db: Db, cycleId: string) {
  return db.cycle.findUnique({
    where: { id: cycleId },
    select: {
      id: true,
      year: true,
      calendar: true,
      createdAt: true,
      workflowId: true,
      status: true,
      rootOrganisationId: true,
      plan: { select: { code: true, nameZh: true, periodStart: true, periodEnd: true } },
      rootOrganisation: { select: { nameZh: true } },
    },
  });
}

export type NoticeCycle = NonNullable<Awaited<ReturnType<typeof noticeCycle>>>;

export function noticeDraft(db: Db, cycleId: string, key: string) {
  return db.cycleNoticeDraft.findUnique({ where: { cycleId_key: { cycleId, key } } });
}

export function saveNoticeDraft(
  db: Db,
  d: {
    cycleId: string;
    key: string;
    opening: string | null;
    closing: string | null;
    contact: string | null;
    by: string;
  },
) {
  const text = { opening: d.opening, closing: d.closing, contact: d.contact, updatedBy: d.by };
  return db.cycleNoticeDraft.upsert({
    where: { cycleId_key: { cycleId: d.cycleId, key: d.key } },
    update: text,
    create: { cycleId: d.cycleId, key: d.key, ...text },
  });
}

/** The contacts of the given units (by code), and of the cycle's root. */
export async function contactsOf(db: Db, cycleId: string, codes: string[]): Promise<string[]> {
  const cycle = await db.cycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: { rootOrganisationId: true },
  });
  const rows = await db.organisationContact.findMany({
    where: { OR: [{ organisation: { code: { in: codes } } }, { organisationId: cycle.rootOrganisationId }] },
    select: { personId: true },
  });
  return [...new Set(rows.map((r) => r.personId))];
}

/** The cycle's issued notices by key (the archive's key is cycle:<id>:<key>). */
export async function issuedCycleNotices(db: Db, cycleId: string) {
  const rows = await db.document.findMany({
    where: { cycleId, kind: { in: ['CYCLE_NOTICE', 'URGING_NOTICE', 'RESULTS_NOTICE', 'PERIOD_SUMMARY'] } },
    select: { id: true, key: true, series: true, year: true, number: true, title: true, issuedAt: true },
  });
  return new Map(rows.map((r) => [r.key.slice(`cycle:${cycleId}:`.length), r]));
}

/** The honours a federation's programmes gave in the plan period and still stand, by category. */
export async function periodHonourCounts(db: Db, rootOrganisationId: string, from: number, to: number) {
  const rows = await db.honour.groupBy({
    by: ['category'],
    where: { revokedAt: null, programme: { rootOrganisationId, year: { gte: from, lte: to } } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ category: r.category, count: r._count._all }));
}
