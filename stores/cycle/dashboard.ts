/**
 * The console dashboard's counts and unit list for one cycle, in SQL so that a branch of a large tree (a county and
 * everything under it) is filtered in the database rather than in memory.
 */
import { Prisma } from '../../prisma/generated/client';
import type { Stage, Status } from '../../domain/stages';
import type { Db } from '../db';
import type { AssessmentState } from '../bulletin/snapshot';

export interface DashboardFilter {
  /** An organisation code: only units in its branch. */
  under?: string;
  stage?: Stage;
  status?: Status;
  overdue?: boolean;
  take: number;
  skip: number;
  now: Date;
}

export interface DashboardRow extends AssessmentState {
  code: string;
  name: string;
}

export async function cycleDashboard(db: Db, cycleId: string, f: DashboardFilter) {
  const branch = f.under
    ? Prisma.sql`AND a."organisationId" IN (
        WITH RECURSIVE b AS (SELECT id FROM "Organisation" WHERE code = ${f.under}
          UNION ALL SELECT o.id FROM "Organisation" o JOIN b ON o."parentId" = b.id)
        SELECT id FROM b)`
    : Prisma.empty;
  const filters = Prisma.sql`a."cycleId" = ${cycleId}::uuid ${branch}
    ${f.stage ? Prisma.sql`AND a.stage = ${f.stage}::"Stage"` : Prisma.empty}
    ${f.status ? Prisma.sql`AND a.status = ${f.status}::"AssessmentStatus"` : Prisma.empty}
    ${f.overdue ? Prisma.sql`AND a.stage <> 'FINISHED' AND a."dueAt" < ${f.now}` : Prisma.empty}`;
  const [groups, totals, rows] = await Promise.all([
    db.$queryRaw<Array<{ stage: string; status: string; n: number; overdue: number }>>`
      SELECT a.stage::text, a.status::text, count(*)::int AS n,
             (count(*) FILTER (WHERE a.stage <> 'FINISHED' AND a."dueAt" < ${f.now}))::int AS overdue
        FROM "Assessment" a WHERE a."cycleId" = ${cycleId}::uuid ${branch}
       GROUP BY 1, 2`,
    db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM "Assessment" a WHERE ${filters}`,
    db.$queryRaw<DashboardRow[]>`
      SELECT o.code, o."nameZh" AS name, a.stage::text, a.status::text, a.step, a."dueAt", a.score::float8 AS score, a.grade, a.rank
        FROM "Assessment" a JOIN "Organisation" o ON o.id = a."organisationId"
       WHERE ${filters}
       ORDER BY o.code LIMIT ${f.take} OFFSET ${f.skip}`,
  ]);
  return { groups, matching: totals[0]?.n ?? 0, rows };
}
