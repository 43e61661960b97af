/**
 * Award programmes as the office sets them up: written as a draft with their quotas and vetting departments
 * (each department's contact becomes a person, so links can be bound to them), and read back as the workflow's input
 * when nominations open.
 */
import type { Prisma } from '../../prisma/generated/client';
import { resolveAwardCalendar, type Programme } from '../../domain/awards/programme';
import type { AwardCategory, HonourLevel } from '../../domain/awards/categories';
import type { ProportionRule } from '../../domain/awards/proportions';
import type { Ballot, TieBreak } from '../../domain/awards/selection';
import type { AwardProgrammeInput } from '../../workflows/awards/contract';
import { organisationPaths } from '../assessment/context';
import { recordAudit } from '../audit';
import type { Db } from '../db';

export class ProgrammeInputError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ProgrammeInputError';
  }
}

/** The organisations, committee and people a programme names, or the issues that name unknown ones. */
async function resolveReferences(db: Db, p: Programme) {
  const codes = [...new Set([p.federation, ...p.quotas.map((q) => q.unit)])];
  const orgs = await db.organisation.findMany({
    where: { code: { in: codes }, retiredAt: null },
    select: { id: true, code: true },
  });
  const idOf = new Map(orgs.map((o) => [o.code, o.id]));
  const issues: Array<{ path: string; message: string }> = [];
  if (!idOf.has(p.federation))
    issues.push({ path: 'federation', message: `no unit with code "${p.federation}"` });
  p.quotas.forEach((q, i) => {
    if (!idOf.has(q.unit))
      issues.push({ path: `quotas.${i}.unit`, message: `no unit with code "${q.unit}"` });
  });
  const committee = await db.committee.findUnique({
    where: { id: p.committee },
    select: { organisationId: true, _count: { select: { members: true } } },
  });
  if (!committee || committee.organisationId !== idOf.get(p.federation))
    issues.push({ path: 'committee', message: "not a committee of the federation's" });
  else if (committee._count.members === 0)
    issues.push({ path: 'committee', message: 'the committee has no members' });
  const joint = await db.issuer.findMany({
    where: { numberPrefix: { in: p.jointIssuers } },
    select: { numberPrefix: true },
  });
  p.jointIssuers.forEach((prefix, i) => {
    if (prefix === p.numberPrefix || !joint.some((j) => j.numberPrefix === prefix))
      issues.push({ path: `jointIssuers.${i}`, message: `no other issuer with the prefix "${prefix}"` });
  });
  if (issues.length > 0) throw new ProgrammeInputError(issues);
  return idOf;
}

/** A programme's stored columns, from its definition. */
function programmeColumns(p: Programme, rootOrganisationId: string) {
  return {
    year: p.year,
    titleZh: p.title,
    level: p.level,
    rootOrganisationId,
    committeeId: p.committee,
    numberPrefix: p.numberPrefix,
    jointIssuers: p.jointIssuers,
    reviewMode: p.reviewMode,
    tieBreak: p.tieBreak,
    ballot: p.ballot,
    passMark: p.passMark,
    refillOnWithdrawal: p.refillOnWithdrawal,
    places: p.places as Prisma.InputJsonValue,
    proportionRules: p.proportionRules as Prisma.InputJsonValue,
    eligibilityRules: p.eligibilityRules as Prisma.InputJsonValue,
    calendar: p.calendar as Prisma.InputJsonValue,
  };
}

/** The quotas and vetting departments of a programme (each department's contact becomes a person). */
async function writeQuotasAndDepartments(
  tx: Prisma.TransactionClient,
  programmeId: string,
  p: Programme,
  idOf: Map<string, string>,
) {
  await tx.awardQuota.createMany({
    data: p.quotas.map((q) => ({
      programmeId,
      category: q.category,
      organisationId: idOf.get(q.unit)!,
      quota: q.quota,
    })),
  });
  for (const d of p.departments) {
    const person = await tx.person.upsert({
      where: { email: d.email },
      update: {},
      create: { email: d.email, name: d.contact },
      select: { id: true },
    });
    await tx.vettingDepartment.create({ data: { programmeId, name: d.name, personId: person.id } });
  }
}

export async function createProgramme(db: Db, p: Programme, by: string): Promise<{ id: string }> {
  const idOf = await resolveReferences(db, p);
  return db.$transaction(async (tx) => {
    const programme = await tx.awardProgramme.create({
      data: { ...programmeColumns(p, idOf.get(p.federation)!), createdBy: by },
      select: { id: true },
    });
    await writeQuotasAndDepartments(tx, programme.id, p, idOf);
    await recordAudit(tx, {
      actor: by,
      action: 'award_programme.created',
      subjectType: 'AwardProgramme',
      subjectId: programme.id,
      detail: { year: p.year, title: p.title, reviewMode: p.reviewMode },
    });
    return programme;
  });
}

export class ProgrammeNotDraftError extends Error {
  override name = 'ProgrammeNotDraftError';
}

/**
 * Replaces a draft's whole definition (edited in place until nominations open); a programme that has opened is
 * refused and left as it is. Returns false when there is no such programme.
 */
export async function updateProgramme(db: Db, id: string, p: Programme, by: string): Promise<boolean> {
  const idOf = await resolveReferences(db, p);
  return db.$transaction(async (tx) => {
    const current = await tx.awardProgramme.findUnique({ where: { id }, select: { status: true } });
    if (!current) return false;
    const { count } = await tx.awardProgramme.updateMany({
      where: { id, status: 'DRAFT' },
      data: programmeColumns(p, idOf.get(p.federation)!),
    });
    if (count === 0) throw new ProgrammeNotDraftError(`the programme is ${current.status}, not a draft`);
    await tx.awardQuota.deleteMany({ where: { programmeId: id } });
    await tx.vettingDepartment.deleteMany({ where: { programmeId: id } });
    await writeQuotasAndDepartments(tx, id, p, idOf);
    await recordAudit(tx, {
      actor: by,
      action: 'award_programme.updated',
      subjectType: 'AwardProgramme',
      subjectId: id,
      detail: { year: p.year, title: p.title, reviewMode: p.reviewMode },
    });
    return true;
  });
}

/** A stored programme as its definition, for editing it (the inverse of createProgramme). */
export async function programmeDefinition(db: Db, id: string): Promise<Programme | null> {
  const p = await db.awardProgramme.findUnique({
    where: { id },
    include: {
      rootOrganisation: { select: { code: true } },
      quotas: { include: { organisation: { select: { code: true } } } },
      departments: { include: { person: { select: { name: true, email: true } } }, orderBy: { name: 'asc' } },
    },
  });
  if (!p) return null;
  return {
    year: p.year,
    title: p.titleZh,
    level: p.level as HonourLevel,
    federation: p.rootOrganisation.code,
    numberPrefix: p.numberPrefix,
    jointIssuers: p.jointIssuers,
    committee: p.committeeId,
    reviewMode: p.reviewMode,
    tieBreak: p.tieBreak as TieBreak,
    ballot: p.ballot as Ballot,
    passMark: p.passMark,
    refillOnWithdrawal: p.refillOnWithdrawal,
    places: p.places as Programme['places'],
    quotas: p.quotas
      .map((q) => ({ unit: q.organisation.code, category: q.category as AwardCategory, quota: q.quota }))
      .sort((a, b) => a.unit.localeCompare(b.unit) || a.category.localeCompare(b.category)),
    proportionRules: p.proportionRules as unknown as Programme['proportionRules'],
    eligibilityRules: p.eligibilityRules as unknown as Programme['eligibilityRules'],
    calendar: p.calendar as Programme['calendar'],
    departments: p.departments.map((d) => ({ name: d.name, contact: d.person.name, email: d.person.email })),
  };
}

/** What the programme's workflow starts with: the rules, and who acts at each step, resolved to ids. */
export async function workflowInputOf(db: Db, programmeId: string): Promise<AwardProgrammeInput | null> {
  const p = await db.awardProgramme.findUnique({
    where: { id: programmeId },
    include: {
      quotas: true,
      departments: { select: { id: true, personId: true } },
      committee: { include: { members: { include: { person: { select: { organisationId: true } } } } } },
      rootOrganisation: { include: { contacts: { select: { personId: true } } } },
    },
  });
  if (!p) return null;
  const unitIds = [...new Set(p.quotas.map((q) => q.organisationId))];
  const contacts = await db.organisationContact.findMany({
    where: { organisationId: { in: unitIds } },
    select: { organisationId: true, personId: true },
  });
  const memberOrgs = p.committee.members.map((m) => m.person.organisationId).filter((x): x is string => !!x);
  const paths = await organisationPaths(db, memberOrgs);
  return {
    programmeId: p.id,
    year: p.year,
    level: p.level as HonourLevel,
    reviewMode: p.reviewMode,
    tieBreak: p.tieBreak as TieBreak,
    ballot: p.ballot as Ballot,
    passMark: p.passMark,
    refillOnWithdrawal: p.refillOnWithdrawal,
    places: p.places as Partial<Record<AwardCategory, number>>,
    proportionRules: p.proportionRules as unknown as ProportionRule[],
    quotas: p.quotas.map((q) => ({
      category: q.category as AwardCategory,
      unitCode: q.organisationId,
      quota: q.quota,
    })),
    units: unitIds.map((id) => ({
      id,
      contacts: contacts.filter((c) => c.organisationId === id).map((c) => c.personId),
    })),
    departments: p.departments,
    committee: p.committee.members.map((m) => ({
      personId: m.personId,
      role: m.role,
      organisationPath: m.person.organisationId ? (paths.get(m.person.organisationId) ?? []) : [],
    })),
    office: p.rootOrganisation.contacts.map((c) => c.personId),
    calendar: resolveAwardCalendar(p.calendar as Programme['calendar']),
  };
}

/** Marks a draft opened by its workflow; false when it was not a draft any more. */
export async function markProgrammeOpened(
  db: Db,
  id: string,
  workflowId: string,
  by: string,
): Promise<boolean> {
  const { count } = await db.awardProgramme.updateMany({
    where: { id, status: 'DRAFT' },
    data: { status: 'NOMINATING', workflowId, openedAt: new Date() },
  });
  if (count === 1)
    await recordAudit(db, {
      actor: by,
      action: 'award_programme.opened',
      subjectType: 'AwardProgramme',
      subjectId: id,
    });
  return count === 1;
}
