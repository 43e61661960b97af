/** What the award pages and the API read: the programme, a unit's nominations and standing, the lists to vet and vote on. */
import { federationOfficeLine } from '../organisation/queries';
import type { Grade } from '../../domain/plan';
import type { EarlierHonour } from '../../domain/awards/eligibility';
import type { HonourLevel } from '../../domain/awards/categories';
import type { Db } from '../db';

export function programmeById(db: Db, id: string) {
  return db.awardProgramme.findUnique({
    where: { id },
    include: {
      rootOrganisation: { select: { code: true, nameZh: true } },
      quotas: { include: { organisation: { select: { code: true, nameZh: true } } } },
      departments: { include: { person: { select: { name: true, email: true } } } },
      _count: { select: { nominations: true } },
    },
  });
}

export type ProgrammeRow = NonNullable<Awaited<ReturnType<typeof programmeById>>>;

export function listProgrammes(db: Db) {
  return db.awardProgramme.findMany({
    orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
    take: 100,
    select: { id: true, year: true, titleZh: true, status: true, reviewMode: true, createdAt: true },
  });
}

export function nominationsOf(db: Db, programmeId: string, unitId?: string) {
  return db.nomination.findMany({
    where: { programmeId, ...(unitId ? { organisationId: unitId } : {}) },
    orderBy: { sequence: 'asc' },
    include: { organisation: { select: { code: true, nameZh: true } } },
  });
}

export function unitName(db: Db, id: string) {
  return db.organisation.findUnique({
    where: { id },
    select: { id: true, code: true, nameZh: true, nameEn: true },
  });
}

/** The nominating unit's result in the programme's year: score, grade and rank of its latest assessment. */
export async function unitStanding(db: Db, unitId: string, year: number) {
  const a = await db.assessment.findFirst({
    where: { organisationId: unitId, cycle: { year } },
    orderBy: { cycle: { createdAt: 'desc' } },
    select: { id: true, score: true, grade: true, rank: true },
  });
  return {
    assessmentId: a?.id ?? null,
    score: a?.score?.toNumber() ?? null,
    grade: (a?.grade as Grade | null | undefined) ?? null,
    rank: a?.rank ?? null,
  };
}

export type UnitStanding = Awaited<ReturnType<typeof unitStanding>>;

const ACCIDENTS = 'safety.fatal_serious_accidents';

/** Fatal or serious accidents a unit reported per year (its latest report of each year), years from..to. */
export async function accidentsReported(db: Db, unitId: string, from: number, to: number) {
  const reports = await db.progressFigure.findMany({
    where: {
      indicator: { code: ACCIDENTS },
      report: { assessment: { organisationId: unitId, cycle: { year: { gte: from, lte: to } } } },
    },
    select: {
      value: true,
      report: { select: { asOf: true, assessment: { select: { cycle: { select: { year: true } } } } } },
    },
    orderBy: { report: { asOf: 'asc' } },
  });
  const byYear = new Map<number, number>();
  for (const r of reports) byYear.set(r.report.assessment.cycle.year, r.value.toNumber());
  return [...byYear].map(([year, count]) => ({ year, count }));
}

/** Honours in the register for the same holder and unit, still held (not revoked). */
export async function registeredHonours(
  db: Db,
  holderName: string,
  unitId: string,
): Promise<EarlierHonour[]> {
  const rows = await db.honour.findMany({
    where: { holderName, organisationId: unitId, revokedAt: null },
    select: { category: true, level: true, awardedOn: true },
  });
  return rows.map((r) => ({
    category: r.category,
    level: r.level as HonourLevel,
    year: r.awardedOn.getUTCFullYear(),
  }));
}

/** Every honour of the register held by the unit or its people, newest first, as its nomination page lists them. */
export function unitHonours(db: Db, unitId: string) {
  return db.honour.findMany({
    where: { organisationId: unitId },
    orderBy: [{ awardedOn: 'desc' }, { holderName: 'asc' }],
    take: 100,
    select: {
      holderName: true,
      category: true,
      level: true,
      decisionNumber: true,
      awardedOn: true,
      expiresOn: true,
      revokedAt: true,
    },
  });
}

/** The nominees still on the list with what the departments and the committee are shown. */
export function activeNominees(db: Db, programmeId: string, ids: string[]) {
  return db.nomination.findMany({
    where: { programmeId, id: { in: ids } },
    orderBy: { sequence: 'asc' },
    select: {
      id: true,
      category: true,
      nomineeName: true,
      summary: true,
      deeds: true,
      fields: true,
      organisation: { select: { nameZh: true } },
    },
  });
}

export function departmentById(db: Db, id: string) {
  return db.vettingDepartment.findUnique({
    where: { id },
    select: { id: true, name: true, programmeId: true },
  });
}

/** The 公示 list and the objections' state, for the public page. */
export async function publicityOf(db: Db, programmeId: string) {
  const docs = await db.document.findMany({
    where: {
      kind: 'AWARD_PUBLICITY',
      OR: [{ key: programmeId }, { key: { startsWith: `${programmeId}:supplement:` } }],
    },
    orderBy: { issuedAt: 'asc' },
    select: { id: true, key: true, title: true, data: true, html: true },
  });
  const read = (doc: (typeof docs)[number]) => ({
    ...doc,
    ...(doc.data as { first: string; last: string; endsAt: string; nominations: string[] }),
  });
  const main = docs.find((d) => d.key === programmeId);
  if (!main) return null;
  // 递补 supplements, each with its own list and window, in the order they were published.
  const supplements = docs.filter((d) => d !== main).map(read);
  const first = read(main);
  return {
    ...first,
    supplements,
    /** Everyone published, in the first 公示 or a supplement. */
    nominations: [...first.nominations, ...supplements.flatMap((x) => x.nominations)],
  };
}

export async function decisionOf(db: Db, programmeId: string) {
  return db.document.findUnique({
    where: { kind_key: { kind: 'AWARD_DECISION', key: programmeId } },
    select: { id: true, html: true, pdf: true, number: true, title: true },
  });
}

export function objectionsOf(db: Db, programmeId: string) {
  return db.awardObjection.findMany({
    where: { nomination: { programmeId } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      nominationId: true,
      name: true,
      contact: true,
      reasons: true,
      source: true,
      finding: true,
      note: true,
      createdAt: true,
      decidedAt: true,
      nomination: { select: { nomineeName: true } },
    },
  });
}

/** Objections from one sender since a moment (the per-address limit of the public form). */
export function objectionsFrom(db: Db, senderHash: string, since: Date) {
  return db.awardObjection.count({ where: { senderHash, createdAt: { gte: since } } });
}

export async function recordObjection(
  db: Db,
  o: {
    nominationId: string;
    name: string;
    contact: string;
    reasons: string;
    source: string;
    senderHash: string | null;
  },
) {
  return db.awardObjection.create({ data: o, select: { id: true } });
}

export function honoursRegister(
  db: Db,
  q: { search?: string; category?: string; take: number; skip: number },
) {
  const where = {
    ...(q.category ? { category: q.category } : {}),
    ...(q.search ? { holderName: { contains: q.search } } : {}),
  };
  return Promise.all([
    db.honour.count({ where }),
    db.honour.findMany({
      where,
      orderBy: [{ awardedOn: 'desc' }, { holderName: 'asc' }],
      take: q.take,
      skip: q.skip,
      include: {
        organisation: { select: { code: true, nameZh: true } },
        programme: { select: { titleZh: true } },
      },
    }),
  ]);
}

export function certificatesOf(db: Db, programmeId: string) {
  return db.document.findMany({
    where: { kind: 'CERTIFICATE', series: `certificate:${programmeId}` },
    orderBy: { number: 'asc' },
    select: { id: true, title: true, number: true, data: true },
  });
}

/** A certificate or a revocation notice by its (unguessable) document id. */
export function awardDocumentById(db: Db, id: string, kind: 'CERTIFICATE' | 'AWARD_REVOCATION') {
  return db.document.findFirst({ where: { id, kind }, select: { html: true, pdf: true, title: true } });
}

/** The ids of a programme's honours still held (not revoked). */
export async function heldHonoursOf(db: Db, programmeId: string): Promise<string[]> {
  const rows = await db.honour.findMany({ where: { programmeId, revokedAt: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** The federation, its committees and the units it nominates through, as the form offers them. */
export async function setupChoices(db: Db, quotaUnits: string[]) {
  const root = await db.organisation.findFirst({
    where: { parentId: null, retiredAt: null },
    orderBy: { code: 'asc' },
    select: { id: true, code: true },
  });
  const [committees, children] = root
    ? await Promise.all([
        db.committee.findMany({ where: { organisationId: root.id }, select: { id: true, nameZh: true } }),
        db.organisation.findMany({
          where: { parentId: root.id, retiredAt: null },
          orderBy: { code: 'asc' },
          select: { code: true, nameZh: true },
        }),
      ])
    : [[], []];
  const extra = await db.organisation.findMany({
    where: { code: { in: quotaUnits.filter((c) => !children.some((u) => u.code === c)) } },
    select: { code: true, nameZh: true },
  });
  return { root, committees, units: [...children, ...extra] };
}

/** Who receives objections during the 公示, as the notice and the public page state it: the federation's office. */
export async function officeContactLine(db: Db, programmeId: string): Promise<string> {
  const p = await db.awardProgramme.findUniqueOrThrow({
    where: { id: programmeId },
    select: { rootOrganisationId: true },
  });
  return federationOfficeLine(db, p.rootOrganisationId);
}

/** People's names by id, for ballots cast on another's behalf and the choice of a delegate. */
export async function peopleNamed(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}
