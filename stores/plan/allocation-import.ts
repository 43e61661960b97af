/**
 * Importing target allocations from a file (CSV, or a workbook read as CSV): the facts the checks need about the
 * codes it names, the check, and the write — all rows or none, in one transaction that checks again against the
 * tree and the targets as they are then, one import at a time.
 */
import {
  checkAllocationImport,
  readAllocationRows,
  type AllocationFacts,
  type AllocationImportRow,
  type AllocationIssue,
} from '../../domain/allocation-import';
import { parsePlanFile } from '../../domain/plan-file-rows';
import { planTargetForYear } from '../../domain/targets';
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../db';
import { writePlanFile } from './plan-file-write';

type Reader = Db | Prisma.TransactionClient;

export interface AllocationCheck {
  rows: AllocationImportRow[];
  issues: AllocationIssue[];
}

export class UnknownPlanError extends Error {
  constructor(readonly code: string) {
    super(`No plan with code "${code}".`);
    this.name = 'UnknownPlanError';
  }
}

async function factsFor(db: Reader, planCode: string, rows: AllocationImportRow[]): Promise<AllocationFacts> {
  const plan = await db.plan.findUnique({
    where: { code: planCode },
    select: {
      periodStart: true,
      periodEnd: true,
      indicators: { select: { id: true, code: true, kind: true, aggregation: true, targets: true } },
    },
  });
  if (!plan) throw new UnknownPlanError(planCode);
  const named = await db.organisation.findMany({
    where: { code: { in: [...new Set(rows.map((r) => r.unit))] } },
    select: {
      id: true,
      code: true,
      retiredAt: true,
      parent: { select: { id: true, code: true, parent: { select: { code: true } } } },
    },
  });
  const parentIds = [...new Set(named.flatMap((o) => (o.parent ? [o.parent.id] : [])))];
  const siblings = await db.organisation.findMany({
    where: { parentId: { in: parentIds }, retiredAt: null },
    select: { id: true, code: true, parent: { select: { code: true } } },
  });
  const units = new Map<string, { parent: string | null; retired: boolean }>();
  const idOf = new Map<string, string>();
  for (const o of named) {
    units.set(o.code, { parent: o.parent?.code ?? null, retired: o.retiredAt !== null });
    idOf.set(o.code, o.id);
    // A parent's own parent decides whether it is the root (whose target is the plan's).
    if (o.parent) {
      if (!units.has(o.parent.code))
        units.set(o.parent.code, { parent: o.parent.parent?.code ?? null, retired: false });
      idOf.set(o.parent.code, o.parent.id);
    }
  }
  const children = new Map<string, string[]>();
  for (const s of siblings) {
    const p = s.parent!.code;
    children.set(p, [...(children.get(p) ?? []), s.code]);
    idOf.set(s.code, s.id);
  }
  const indicators = new Map(plan.indicators.map((i) => [i.code, i]));
  const codeOfId = new Map([...idOf].map(([code, id]) => [id, code]));
  const stored = await db.targetAllocation.findMany({
    where: {
      organisationId: { in: [...idOf.values()] },
      year: { in: [...new Set(rows.map((r) => r.year))] },
      indicatorId: { in: plan.indicators.map((i) => i.id) },
    },
    select: {
      organisationId: true,
      year: true,
      value: true,
      notApplicable: true,
      indicator: { select: { code: true } },
    },
  });
  return {
    period: { start: plan.periodStart, end: plan.periodEnd },
    summable: new Map(plan.indicators.map((i) => [i.code, i.aggregation === 'SUM'])),
    units,
    children,
    stored: new Map(
      stored.map((s) => [
        `${s.year}|${s.indicator.code}|${codeOfId.get(s.organisationId)}`,
        s.notApplicable ? null : s.value.toNumber(),
      ]),
    ),
    rootTarget: (code, year) => {
      const ind = indicators.get(code);
      return ind ? planTargetForYear(ind, year, plan.periodStart) : null;
    },
  };
}

async function check(db: Reader, planCode: string, csv: string): Promise<AllocationCheck> {
  const parsed = parsePlanFile(csv);
  if ('issues' in parsed) return { rows: [], issues: parsed.issues };
  const typed = readAllocationRows(parsed.rows);
  if (typed.issues.length > 0) return typed;
  return {
    rows: typed.rows,
    issues: checkAllocationImport(typed.rows, await factsFor(db, planCode, typed.rows)),
  };
}

/** Reads and checks the file against the tree and targets as they are now; writes nothing. */
export function checkAllocationFile(db: Db, planCode: string, csv: string): Promise<AllocationCheck> {
  return check(db, planCode, csv);
}

/** Writes every row if the file is still clean inside the transaction; otherwise nothing, with the issues. */
export function importAllocationFile(
  db: Db,
  planCode: string,
  csv: string,
  actor: string,
): Promise<AllocationCheck> {
  return writePlanFile(db, {
    kind: 'allocation-import',
    planCode,
    actor,
    auditAction: 'targets.imported',
    check: (tx) => check(tx, planCode, csv),
    writeRow: (tx, key, r) => {
      const data = { value: r.value ?? 0, notApplicable: r.value === null };
      return tx.targetAllocation.upsert({
        where: { indicatorId_organisationId_year: key },
        create: { ...key, ...data },
        update: data,
      });
    },
  });
}
