/**
 * The dashboard's roll-up of a cycle (CycleRollup): the figures of the whole tree and of every branch, computed
 * from one snapshot and stored, so that a page reads a row instead of rolling up 100,000 units per request. A
 * trigger records a change when a unit's row changes (CycleRollupChange); the workers refresh changed ones
 * (activities/cycle/rollup-refresher.ts), spaced by what a refresh costs.
 */
import { Prisma } from '../../prisma/generated/client';
import { loadBulletinSnapshot } from '../bulletin/snapshot';
import {
  BRANCH_KINDS,
  branchInputs,
  dashboardFigures,
  restrictToBranch,
  type DashboardFigures,
} from '../../domain/dashboard';
import type { Db } from '../db';

/** The whole tree's row. */
const WHOLE_TREE = '';

export interface Branch {
  code: string;
  name: string;
}

export interface StoredRollup {
  figures: DashboardFigures | null;
  computedAt: Date;
}

/** Computes the cycle's figures as of `asOf` from one snapshot and replaces the stored ones. */
export async function refreshRollup(db: Db, cycleId: string, asOf = new Date()): Promise<number> {
  const snapshot = await loadBulletinSnapshot(db, cycleId, asOf);
  const branches: Branch[] = snapshot.units
    .filter((u) => u.parentId !== null && BRANCH_KINDS.includes(u.kind))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => ({ code: u.code, name: u.name }));
  const rows = [
    { branch: WHOLE_TREE, data: { figures: dashboardFigures(snapshot), branches } },
    ...[...branchInputs(snapshot)].map(([code, input]) => ({
      branch: code,
      data: { figures: dashboardFigures(input) },
    })),
  ].map((r) => ({ ...r, cycleId, computedAt: asOf, data: r.data as unknown as Prisma.InputJsonValue }));
  await db.$transaction([
    db.cycleRollup.deleteMany({ where: { cycleId } }),
    // A page computing the first roll-up while a worker does: whichever writes first stands.
    db.cycleRollup.createMany({ data: rows, skipDuplicates: true }),
  ]);
  return rows.length;
}

/** The stored figures of the whole tree (no `branch`) or of one branch; null when none are stored. */
export async function storedRollup(db: Db, cycleId: string, branch?: string): Promise<StoredRollup | null> {
  const row = await db.cycleRollup.findUnique({
    where: { cycleId_branch: { cycleId, branch: branch ?? WHOLE_TREE } },
    select: { data: true, computedAt: true },
  });
  if (!row) return null;
  return {
    figures: (row.data as unknown as { figures: DashboardFigures | null }).figures,
    computedAt: row.computedAt,
  };
}

/** The branches the roll-up keeps figures for, as of its last refresh; null before the first. */
export async function rollupBranches(db: Db, cycleId: string): Promise<Branch[] | null> {
  const row = await db.cycleRollup.findUnique({
    where: { cycleId_branch: { cycleId, branch: WHOLE_TREE } },
    select: { data: true },
  });
  return row ? (row.data as unknown as { branches: Branch[] }).branches : null;
}

export interface RefreshPacing {
  /** The least time between two refreshes of a cycle, however often its units report. */
  minIntervalMs: number;
  /** A refresh waits at least this many times as long as the last one took. */
  costFactor: number;
  /** A running cycle is refreshed at least this often (the expected pace moves with the date). */
  maxAgeMs: number;
}

/**
 * Takes the refresh of one cycle that is due — changed since its last refresh and past its spacing, or running
 * and old, or never refreshed — for this process (SKIP LOCKED: several workers never take the same one), and
 * deletes the changes it takes in; its id, or null when none is due. Changes written by transactions still open
 * are not visible to the delete, so they stay for the next refresh.
 */
export async function claimDueRollup(db: Db, pacing: RefreshPacing): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const [due] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT c.id::text FROM "Cycle" c
       WHERE (c."rollupRefreshedAt" IS NULL AND c.status IN ('RUNNING', 'PAUSED'))
          OR (c."rollupRefreshedAt" < now() - make_interval(secs => greatest(${pacing.minIntervalMs}::float8,
                ${pacing.costFactor}::float8 * coalesce(c."rollupTookMs", 0)) / 1000)
              AND EXISTS (SELECT 1 FROM "CycleRollupChange" ch WHERE ch."cycleId" = c.id))
          OR (c."rollupRefreshedAt" IS NULL AND EXISTS (SELECT 1 FROM "CycleRollupChange" ch WHERE ch."cycleId" = c.id))
          OR (c.status IN ('RUNNING', 'PAUSED')
              AND c."rollupRefreshedAt" < now() - make_interval(secs => ${pacing.maxAgeMs}::float8 / 1000))
       ORDER BY c."rollupRefreshedAt" NULLS FIRST
       LIMIT 1
       FOR NO KEY UPDATE SKIP LOCKED`;
    if (!due) return null;
    await tx.$executeRaw`DELETE FROM "CycleRollupChange" WHERE "cycleId" = ${due.id}::uuid`;
    await tx.$executeRaw`UPDATE "Cycle" SET "rollupRefreshedAt" = now() WHERE id = ${due.id}::uuid`;
    return due.id;
  });
}

export async function recordRefresh(db: Db, cycleId: string, tookMs: number): Promise<void> {
  await db.cycle.update({ where: { id: cycleId }, data: { rollupTookMs: Math.round(tookMs) } });
}

/** A refresh that failed leaves a change behind, so that it is taken again. */
export async function markRollupChanged(db: Db, cycleId: string): Promise<void> {
  await db.cycleRollupChange.create({ data: { cycleId } });
}

/**
 * What the dashboard shows for the whole tree or one branch: the stored figures (computed now if the cycle has
 * none yet), or — for a unit that is no branch of the roll-up — its figures rolled up now.
 */
export async function dashboardRollup(db: Db, cycleId: string, under?: string) {
  let branches = await rollupBranches(db, cycleId);
  if (!branches) {
    await refreshRollup(db, cycleId);
    branches = (await rollupBranches(db, cycleId)) ?? [];
  }
  if (under && !branches.some((b) => b.code === under)) {
    const now = new Date();
    const input = restrictToBranch(await loadBulletinSnapshot(db, cycleId, now), under);
    return { figures: input ? dashboardFigures(input) : null, computedAt: now, branches };
  }
  const stored = await storedRollup(db, cycleId, under);
  return { figures: stored?.figures ?? null, computedAt: stored?.computedAt ?? new Date(), branches };
}
