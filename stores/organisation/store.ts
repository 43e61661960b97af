/**
 * Changes to the organisation tree that admins make from the console: CSV import, add, move, retire, contacts and
 * committee members. Each is checked in full first and written in one transaction with its audit entry.
 */
import { randomUUID } from 'node:crypto';
import { parseCsv, CsvSyntaxError, type CsvRow } from '../../domain/csv';
import {
  checkImport,
  type ImportIssue,
  type ImportUnit,
  type OrganisationKindName,
} from '../../domain/organisation-import';
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { writeInSlices } from '../write-in-slices';

/** A change refused because of what the tree holds; `problem` is a catalogue key suffix for the page. */
export class OrganisationChangeError extends Error {
  constructor(
    readonly problem:
      | 'unknownUnit'
      | 'unknownParent'
      | 'codeExists'
      | 'moveIntoOwnBranch'
      | 'retired'
      | 'hasActiveChildren'
      | 'inRunningCycle'
      | 'unknownCommittee',
    readonly value: string,
  ) {
    super(`organisation change refused: ${problem} (${value})`);
    this.name = 'OrganisationChangeError';
  }
}

export interface ImportCheck {
  units: ImportUnit[];
  issues: ImportIssue[];
}

// Lists as one array parameter: an `in` list of a province's size is split by the driver adapter into queries
// sent at once on the transaction's single connection (see write-in-slices.ts).
async function existingStatus(db: Pick<Db, '$queryRaw'>, codes: string[]) {
  const rows = await db.$queryRaw<Array<{ code: string; retired: boolean }>>`
    SELECT code, "retiredAt" IS NOT NULL AS retired FROM "Organisation" WHERE code = ANY(${codes}::text[])`;
  const status = new Map(rows.map((r) => [r.code, r.retired ? ('retired' as const) : ('active' as const)]));
  return { status: (code: string) => status.get(code) };
}

/** The CSV's rows, or the check that says the file is not CSV. */
function readCsv(csv: string): { rows: CsvRow[] } | { unreadable: ImportCheck } {
  try {
    return { rows: parseCsv(csv) };
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return {
        unreadable: { units: [], issues: [{ line: err.line, problem: 'badCsv', value: err.message }] },
      };
    throw err;
  }
}

/** Checks rows against the tree as `db` sees it (any cell may be a code, so every short cell is looked up). */
async function checkRows(db: Pick<Db, '$queryRaw'>, rows: CsvRow[]): Promise<ImportCheck> {
  const codes = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.trim())))].filter((c) => c.length <= 64);
  return checkImport(rows, await existingStatus(db, codes));
}

/** Reads and checks a CSV against the tree as it is now; writes nothing. */
export async function checkOrganisationCsv(db: Db, csv: string): Promise<ImportCheck> {
  const read = readCsv(csv);
  return 'unreadable' in read ? read.unreadable : checkRows(db, read.rows);
}

/**
 * Imports the CSV if it is still clean against the tree inside the transaction (another admin may have added a
 * code since the preview); otherwise writes nothing and returns the issues.
 */
export async function importOrganisationCsv(db: Db, csv: string, actor: string): Promise<ImportCheck> {
  const read = readCsv(csv);
  if ('unreadable' in read) return read.unreadable;
  return db.$transaction(
    async (tx) => {
      // One import at a time: two imports of overlapping files must not both pass their checks.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('organisation-import'))`;
      const result = await checkRows(tx, read.rows);
      if (result.issues.length > 0) return result;
      const parents = await tx.$queryRaw<Array<{ id: string; code: string }>>`
        SELECT id, code FROM "Organisation"
         WHERE code = ANY(${[...new Set(result.units.map((u) => u.parentCode))]}::text[])`;
      const idOf = new Map(parents.map((p) => [p.code, p.id]));
      for (const u of result.units) idOf.set(u.code, randomUUID());
      await writeInSlices(result.units, (slice) =>
        tx.organisation.createMany({
          data: slice.map((u) => ({
            id: idOf.get(u.code)!,
            code: u.code,
            nameZh: u.name,
            nameEn: u.nameEn,
            kind: u.kind,
            parentId: idOf.get(u.parentCode)!,
          })),
        }),
      );
      const contacts = result.units.filter((u) => u.contact);
      const known = await tx.$queryRaw<Array<{ id: string; email: string }>>`
        SELECT id, email FROM "Person" WHERE email = ANY(${contacts.map((u) => u.contact!.email)}::text[])`;
      const personOf = new Map(known.map((p) => [p.email, p.id]));
      const newPeople = new Map<
        string,
        { id: string; name: string; email: string; phone: string | null; organisationId: string }
      >();
      for (const u of contacts) {
        const c = u.contact!;
        if (personOf.has(c.email) || newPeople.has(c.email)) continue;
        newPeople.set(c.email, {
          id: randomUUID(),
          name: c.name,
          email: c.email,
          phone: c.phone,
          organisationId: idOf.get(u.code)!,
        });
      }
      await writeInSlices([...newPeople.values()], (slice) => tx.person.createMany({ data: slice }));
      for (const p of newPeople.values()) personOf.set(p.email, p.id);
      await writeInSlices(contacts, (slice) =>
        tx.organisationContact.createMany({
          data: slice.map((u) => ({
            organisationId: idOf.get(u.code)!,
            personId: personOf.get(u.contact!.email)!,
          })),
          skipDuplicates: true,
        }),
      );
      await recordAudit(tx, {
        actor,
        action: 'organisations.imported',
        subjectType: 'Organisation',
        subjectId: result.units[0]!.parentCode,
        detail: {
          units: result.units.length,
          contacts: contacts.length,
          codes: result.units.slice(0, 50).map((u) => u.code),
        },
      });
      return result;
    },
    { timeout: 120_000 },
  );
}

async function unitByCode(db: Pick<Db, 'organisation'>, code: string) {
  const unit = await db.organisation.findUnique({
    where: { code },
    select: { id: true, code: true, parentId: true, retiredAt: true },
  });
  if (!unit) throw new OrganisationChangeError('unknownUnit', code);
  return unit;
}

export async function addOrganisation(
  db: Db,
  input: {
    code: string;
    name: string;
    nameEn: string | null;
    kind: OrganisationKindName;
    parentCode: string;
  },
  actor: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const parent = await tx.organisation.findUnique({
      where: { code: input.parentCode },
      select: { id: true, retiredAt: true },
    });
    if (!parent) throw new OrganisationChangeError('unknownParent', input.parentCode);
    if (parent.retiredAt) throw new OrganisationChangeError('retired', input.parentCode);
    if (await tx.organisation.findUnique({ where: { code: input.code }, select: { id: true } }))
      throw new OrganisationChangeError('codeExists', input.code);
    const unit = await tx.organisation.create({
      data: {
        code: input.code,
        nameZh: input.name,
        nameEn: input.nameEn,
        kind: input.kind,
        parentId: parent.id,
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'organisation.added',
      subjectType: 'Organisation',
      subjectId: unit.id,
      detail: { ...input },
    });
  });
}

/** Moves a unit (with its branch) under another; a unit can never move into its own branch. */
export async function moveOrganisation(
  db: Db,
  code: string,
  newParentCode: string,
  reason: string,
  actor: string,
) {
  await db.$transaction(async (tx) => {
    const unit = await unitByCode(tx, code);
    const parent = await tx.organisation.findUnique({
      where: { code: newParentCode },
      select: { id: true, retiredAt: true },
    });
    if (!parent) throw new OrganisationChangeError('unknownParent', newParentCode);
    if (parent.retiredAt) throw new OrganisationChangeError('retired', newParentCode);
    const [inBranch] = await tx.$queryRaw<Array<{ found: boolean }>>`
      WITH RECURSIVE up AS (
        SELECT id, "parentId" FROM "Organisation" WHERE id = ${parent.id}::uuid
        UNION ALL
        SELECT o.id, o."parentId" FROM "Organisation" o JOIN up ON o.id = up."parentId"
      )
      SELECT EXISTS (SELECT 1 FROM up WHERE id = ${unit.id}::uuid) AS found`;
    if (inBranch?.found) throw new OrganisationChangeError('moveIntoOwnBranch', newParentCode);
    const from = unit.parentId
      ? (await tx.organisation.findUnique({ where: { id: unit.parentId }, select: { code: true } }))?.code
      : null;
    await tx.organisation.update({ where: { id: unit.id }, data: { parentId: parent.id } });
    await recordAudit(tx, {
      actor,
      action: 'organisation.moved',
      subjectType: 'Organisation',
      subjectId: unit.id,
      detail: { code, from, to: newParentCode, reason },
    });
  });
}

/** Retires a unit that has no active children and is not in a running cycle; it stays in history. */
export async function retireOrganisation(db: Db, code: string, reason: string, actor: string) {
  await db.$transaction(async (tx) => {
    const unit = await unitByCode(tx, code);
    if (unit.retiredAt) throw new OrganisationChangeError('retired', code);
    const children = await tx.organisation.count({ where: { parentId: unit.id, retiredAt: null } });
    if (children > 0) throw new OrganisationChangeError('hasActiveChildren', String(children));
    const running = await tx.assessment.count({
      where: {
        organisationId: unit.id,
        cycle: { status: { in: ['RUNNING', 'PAUSED'] } },
        stage: { not: 'FINISHED' },
      },
    });
    if (running > 0) throw new OrganisationChangeError('inRunningCycle', code);
    await tx.organisation.update({ where: { id: unit.id }, data: { retiredAt: new Date() } });
    await recordAudit(tx, {
      actor,
      action: 'organisation.retired',
      subjectType: 'Organisation',
      subjectId: unit.id,
      detail: { code, reason },
    });
  });
}

/** The person with this email, created (in `organisationId`) if nobody has it yet. */
async function personByEmail(
  tx: Pick<Db, 'person'>,
  p: { name: string; email: string; phone: string | null; organisationId: string },
): Promise<{ id: string }> {
  return (
    (await tx.person.findUnique({ where: { email: p.email }, select: { id: true } })) ??
    (await tx.person.create({ data: p, select: { id: true } }))
  );
}

/** Adds a contact person to a unit, reusing the person when the email is already known. */
export async function addContact(
  db: Db,
  code: string,
  contact: { name: string; email: string; phone: string | null },
  actor: string,
) {
  await db.$transaction(async (tx) => {
    const unit = await unitByCode(tx, code);
    if (unit.retiredAt) throw new OrganisationChangeError('retired', code);
    const email = contact.email.toLowerCase();
    const person = await personByEmail(tx, {
      name: contact.name,
      email,
      phone: contact.phone,
      organisationId: unit.id,
    });
    await tx.organisationContact.upsert({
      where: { organisationId_personId: { organisationId: unit.id, personId: person.id } },
      create: { organisationId: unit.id, personId: person.id },
      update: {},
    });
    await recordAudit(tx, {
      actor,
      action: 'organisation.contact_added',
      subjectType: 'Organisation',
      subjectId: unit.id,
      detail: { code, email },
    });
  });
}

/**
 * Puts a person on a unit's committee with a role (creating the committee on first use). A committee has one
 * chair: naming a new chair makes the old one a member.
 */
export async function setCommitteeMember(
  db: Db,
  code: string,
  member: {
    name: string;
    email: string;
    role: 'CHAIR' | 'VICE_CHAIR' | 'MEMBER';
    organisationCode: string | null;
  },
  actor: string,
) {
  await db.$transaction(async (tx) => {
    const unit = await unitByCode(tx, code);
    if (unit.retiredAt) throw new OrganisationChangeError('retired', code);
    const memberOrg = member.organisationCode ? await unitByCode(tx, member.organisationCode) : null;
    const committee =
      (await tx.committee.findFirst({ where: { organisationId: unit.id }, orderBy: { createdAt: 'asc' } })) ??
      (await tx.committee.create({
        data: { organisationId: unit.id, nameZh: '劳动竞赛委员会', nameEn: 'Labor Competition Committee' },
      }));
    const email = member.email.toLowerCase();
    const person = await personByEmail(tx, {
      name: member.name,
      email,
      phone: null,
      organisationId: memberOrg?.id ?? unit.id,
    });
    if (member.role === 'CHAIR')
      await tx.committeeMember.updateMany({
        where: { committeeId: committee.id, role: 'CHAIR' },
        data: { role: 'MEMBER' },
      });
    await tx.committeeMember.upsert({
      where: { committeeId_personId: { committeeId: committee.id, personId: person.id } },
      create: { committeeId: committee.id, personId: person.id, role: member.role },
      update: { role: member.role },
    });
    await recordAudit(tx, {
      actor,
      action: 'committee.member_set',
      subjectType: 'Committee',
      subjectId: committee.id,
      detail: { code, email, role: member.role },
    });
  });
}

/** Removes a person from a unit's committee. */
export async function removeCommitteeMember(db: Db, committeeId: string, personId: string, actor: string) {
  await db.$transaction(async (tx) => {
    const found = await tx.committeeMember.findUnique({
      where: { committeeId_personId: { committeeId, personId } },
    });
    if (!found) throw new OrganisationChangeError('unknownCommittee', committeeId);
    await tx.committeeMember.delete({ where: { committeeId_personId: { committeeId, personId } } });
    await recordAudit(tx, {
      actor,
      action: 'committee.member_removed',
      subjectType: 'Committee',
      subjectId: committeeId,
      detail: { personId },
    });
  });
}
