import type { Prisma } from '../prisma/generated/client';

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** Plain JSON: what was decided, from what to what, and why. */
  detail?: Record<string, unknown>;
}

type AuditWriter = { auditLog: { create(args: { data: Prisma.AuditLogCreateInput }): Promise<unknown> } };

/** The row an audit entry becomes, for a batch transaction that writes it beside the change. */
export function auditData(entry: AuditEntry): Prisma.AuditLogCreateInput {
  return { ...entry, detail: (entry.detail ?? {}) as Prisma.InputJsonValue };
}

/** Appends to the audit log; pass the transaction client so the entry commits or rolls back with the change. */
export async function recordAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: auditData(entry) });
}
