/**
 * Units' approved year-end figures: for each completed assessment the figures of its last year-end report, the
 * version, and who confirmed the year's result. What a later year carries and what a copied plan takes as its
 * baselines.
 */
import type { Figure } from '../../domain/submissions';
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../db';

export interface ApprovedYearEnd {
  organisationId: string;
  year: number;
  version: number;
  confirmedBy: string | null;
  figures: Record<string, number>;
}

/** The completed assessments `where` selects (in completed cycles), a year-end report each, oldest year first. */
export async function approvedYearEnds(
  db: Db,
  where: Prisma.AssessmentWhereInput,
): Promise<ApprovedYearEnd[]> {
  const rows = await db.assessment.findMany({
    where: { ...where, status: 'COMPLETED', cycle: { ...(where.cycle as object), status: 'COMPLETED' } },
    orderBy: { cycle: { year: 'asc' } },
    select: {
      organisationId: true,
      cycle: { select: { year: true } },
      submissions: {
        where: { step: 'evaluation' },
        orderBy: { version: 'desc' },
        take: 1,
        select: { version: true, payload: true },
      },
      decisions: {
        where: { step: 'confirmation', outcome: { in: ['APPROVE', 'CONFIRM'] } },
        orderBy: { decidedAt: 'desc' },
        take: 1,
        select: { person: { select: { name: true } } },
      },
    },
  });
  return rows.flatMap((r) => {
    const s = r.submissions[0];
    if (!s) return [];
    const figures = (s.payload as { figures?: Record<string, Figure> }).figures ?? {};
    return [
      {
        organisationId: r.organisationId,
        year: r.cycle.year,
        version: s.version,
        confirmedBy: r.decisions[0]?.person?.name ?? null,
        figures: Object.fromEntries(Object.entries(figures).map(([code, f]) => [code, f.value])),
      },
    ];
  });
}
