/** A plan's historical figures as recorded, with where each came from, a page at a time. */
import type { Db } from '../db';

export async function historicalFigures(
  db: Db,
  planCode: string,
  q: { unit?: string; year?: number; limit: number; offset: number },
) {
  const plan = await db.plan.findUnique({ where: { code: planCode }, select: { id: true } });
  if (!plan) return null;
  const where = {
    indicator: { planId: plan.id },
    ...(q.unit ? { organisation: { code: q.unit } } : {}),
    ...(q.year ? { year: q.year } : {}),
  };
  const [total, rows] = await Promise.all([
    db.historicalFigure.count({ where }),
    db.historicalFigure.findMany({
      where,
      orderBy: [{ year: 'asc' }, { organisation: { code: 'asc' } }, { indicator: { sortOrder: 'asc' } }],
      skip: q.offset,
      take: q.limit,
      select: {
        year: true,
        value: true,
        origin: true,
        recordedBy: true,
        recordedAt: true,
        organisation: { select: { code: true } },
        indicator: { select: { code: true } },
      },
    }),
  ]);
  return {
    total,
    figures: rows.map((r) => ({
      year: r.year,
      unit: r.organisation.code,
      indicator: r.indicator.code,
      value: r.value.toNumber(),
      origin: r.origin,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
    })),
  };
}
