/**
 * Importing historical figures from a file (CSV, or a workbook read as CSV): the facts the checks need about the
 * codes it names, the check, and the write — all rows or none, in one transaction that checks again as things are
 * then, one import at a time. A row replaces what an earlier import or the unit's own statement said for the same
 * unit, indicator and year.
 */
import {
  checkHistoryImport,
  readHistoryRows,
  type HistoryFacts,
  type HistoryImportRow,
  type HistoryIssue,
} from '../../domain/history-import';
import { measureOf } from '../../domain/input-rules';
import { parsePlanFile } from '../../domain/plan-file-rows';
import { wallClockAt } from '../../domain/time-zone';
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../db';
import { writePlanFile } from './plan-file-write';
import { UnknownPlanError } from './allocation-import';

type Reader = Db | Prisma.TransactionClient;

export interface HistoryCheck {
  rows: HistoryImportRow[];
  issues: HistoryIssue[];
}

async function factsFor(db: Reader, planCode: string, rows: HistoryImportRow[]): Promise<HistoryFacts> {
  const plan = await db.plan.findUnique({
    where: { code: planCode },
    select: {
      id: true,
      periodStart: true,
      periodEnd: true,
      indicators: { select: { code: true, aggregation: true } },
    },
  });
  if (!plan) throw new UnknownPlanError(planCode);
  const codes = [...new Set(rows.map((r) => r.unit))];
  const named = await db.organisation.findMany({
    where: { code: { in: codes } },
    select: { code: true, retiredAt: true, parent: { select: { code: true } } },
  });
  const assessed = await db.assessment.findMany({
    where: {
      organisation: { code: { in: codes } },
      status: { not: 'CANCELLED' },
      cycle: {
        planId: plan.id,
        status: { not: 'CANCELLED' },
        year: { in: [...new Set(rows.map((r) => r.year))] },
      },
    },
    select: { organisation: { select: { code: true } }, cycle: { select: { year: true } } },
  });
  return {
    period: { start: plan.periodStart, end: plan.periodEnd },
    measures: new Map(plan.indicators.map((i) => [i.code, measureOf(i.aggregation)])),
    units: new Map(
      named.map((o) => [o.code, { parent: o.parent?.code ?? null, retired: o.retiredAt !== null }]),
    ),
    assessed: new Set(assessed.map((a) => `${a.cycle.year}|${a.organisation.code}`)),
    currentYear: wallClockAt(new Date()).year,
  };
}

async function check(db: Reader, planCode: string, csv: string): Promise<HistoryCheck> {
  const parsed = parsePlanFile(csv);
  if ('issues' in parsed) return { rows: [], issues: parsed.issues };
  const typed = readHistoryRows(parsed.rows);
  if (typed.issues.some((i) => i.line === 0 || i.problem === 'missingColumn')) return typed;
  // Every row's problems at once: those of its cells and those of its place in the plan and the tree.
  const placed = checkHistoryImport(typed.rows, await factsFor(db, planCode, typed.rows));
  return { rows: typed.rows, issues: [...typed.issues, ...placed].sort((a, b) => a.line - b.line) };
}

/** Reads and checks the file against the plan, the tree and the years assessed now; writes nothing. */
export function checkHistoryFile(db: Db, planCode: string, csv: string): Promise<HistoryCheck> {
  return check(db, planCode, csv);
}

/** Writes every row if the file is still clean inside the transaction; otherwise nothing, with the issues. */
export function importHistoryFile(
  db: Db,
  planCode: string,
  csv: string,
  actor: string,
): Promise<HistoryCheck> {
  return writePlanFile(db, {
    kind: 'history-import',
    planCode,
    actor,
    auditAction: 'history.imported',
    check: (tx) => check(tx, planCode, csv),
    writeRow: (tx, key, r) => {
      const data = { value: r.value, origin: 'IMPORTED' as const, recordedBy: actor, recordedAt: new Date() };
      return tx.historicalFigure.upsert({
        where: { indicatorId_organisationId_year: key },
        create: { ...key, ...data },
        update: data,
      });
    },
  });
}
