/**
 * Writing a plan's checked file (target allocations, historical figures): one import of its kind at a time, the
 * file checked again inside the transaction as things are then, every row written or none, and one audit entry.
 */
import type { Prisma } from '../../prisma/generated/client';
import { recordAudit } from '../audit';
import type { Db } from '../db';

type Tx = Prisma.TransactionClient;

/** Where a row is written: its indicator, unit and year as the table's key. */
export interface RowKey {
  indicatorId: string;
  organisationId: string;
  year: number;
}

export function writePlanFile<R extends { indicator: string; unit: string; year: number }, I>(
  db: Db,
  spec: {
    /** The lock's name: imports of one kind wait for each other. */
    kind: string;
    planCode: string;
    actor: string;
    auditAction: string;
    check(tx: Tx): Promise<{ rows: R[]; issues: I[] }>;
    writeRow(tx: Tx, key: RowKey, row: R): Promise<unknown>;
  },
): Promise<{ rows: R[]; issues: I[] }> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${spec.kind}))`;
      const result = await spec.check(tx);
      if (result.issues.length > 0) return result;
      const plan = await tx.plan.findUniqueOrThrow({
        where: { code: spec.planCode },
        select: { indicators: { select: { id: true, code: true } } },
      });
      const indicatorId = new Map(plan.indicators.map((i) => [i.code, i.id]));
      const orgs = await tx.organisation.findMany({
        where: { code: { in: [...new Set(result.rows.map((r) => r.unit))] } },
        select: { id: true, code: true },
      });
      const orgId = new Map(orgs.map((o) => [o.code, o.id]));
      for (const r of result.rows)
        await spec.writeRow(
          tx,
          { indicatorId: indicatorId.get(r.indicator)!, organisationId: orgId.get(r.unit)!, year: r.year },
          r,
        );
      await recordAudit(tx, {
        actor: spec.actor,
        action: spec.auditAction,
        subjectType: 'Plan',
        subjectId: spec.planCode,
        detail: { rows: result.rows.length, years: [...new Set(result.rows.map((r) => r.year))] },
      });
      return result;
    },
    { timeout: 120_000 },
  );
}
