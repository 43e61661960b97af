/** A report's payload with the figures its unit's earlier years carry (domain/carry-forward.ts) applied. */
import { applyCarried } from '../../domain/carry-forward';
import { stepKind, type Figure, type PayloadIssue } from '../../domain/submissions';
import { carriedFigures } from '../../stores/assessment/carried';
import type { Db } from '../../stores/db';

export async function withCarried(
  db: Db,
  assessmentId: string,
  step: string,
  payload: unknown,
): Promise<{ payload: unknown; issues: PayloadIssue[] } | null> {
  const kind = stepKind(step);
  if (kind !== 'check' && kind !== 'evaluation') return null;
  const p = payload as { figures?: Record<string, Figure> };
  const applied = applyCarried(p.figures ?? {}, await carriedFigures(db, assessmentId));
  return { payload: { ...p, figures: applied.figures }, issues: applied.issues };
}
