/**
 * Audit entries written by requests, for "a refused request changed nothing": a cycle's notices issue themselves
 * in the background (document.issued), which is no request's doing.
 */
import type { Db } from '../../stores/db';

export const requestAuditCount = (db: Db) =>
  db.auditLog.count({ where: { action: { not: 'document.issued' } } });
