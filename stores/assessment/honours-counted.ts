/**
 * Honours that count toward a plan indicator (its `awardCategories`: 首席员工… for 选树首席员工): those the year's
 * award decisions gave to nominees of a unit or of units under it, not revoked, with the decisions' numbers. The
 * unit still reports its own figure; these are shown beside it as the register's record.
 */
import type { Db } from '../db';

export interface HonoursCounted {
  count: number;
  /** The award decisions' numbers, e.g. 平工文〔2026〕3号. */
  numbers: string[];
}

/** Per indicator code with award categories: the honours of `year` within the branch of `organisationId`. */
export async function honoursCounted(
  db: Db,
  organisationId: string,
  year: number,
  indicators: ReadonlyArray<{ code: string; awardCategories: string[] }>,
): Promise<Map<string, HonoursCounted>> {
  const counted = indicators.filter((i) => i.awardCategories.length > 0);
  if (counted.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ category: string; n: number; numbers: string[] }>>`
    WITH RECURSIVE branch AS (
      SELECT id FROM "Organisation" WHERE id = ${organisationId}::uuid
      UNION ALL SELECT o.id FROM "Organisation" o JOIN branch ON o."parentId" = branch.id)
    SELECT h.category, count(*)::int AS n, array_agg(DISTINCT h."decisionNumber") AS numbers
      FROM "Honour" h JOIN "AwardProgramme" p ON p.id = h."programmeId"
     WHERE p.year = ${year} AND h."revokedAt" IS NULL AND h."organisationId" IN (SELECT id FROM branch)
     GROUP BY h.category`;
  return new Map(
    counted.map((i) => {
      const mine = rows.filter((r) => i.awardCategories.includes(r.category));
      return [
        i.code,
        {
          count: mine.reduce((n, r) => n + r.n, 0),
          numbers: [...new Set(mine.flatMap((r) => r.numbers))].sort(),
        },
      ];
    }),
  );
}
