/**
 * The dashboard's roll-up of a cycle (CycleRollup): the figures of the whole tree and of every branch, computed
 * from one snapshot and stored, so that a page reads a row instead of rolling up 100,000 units per request. A
 * trigger records a change when a unit's row changes (CycleRollupChange); the workers refresh changed ones
 * (activities/cycle/rollup-refresher.ts), spaced by what a refresh costs.
 */
import { Prisma } from '../../prisma/generated/client';
import { loadBulletinSnapshot } from '../bulletin/snapshot';
import {
  branchInputs,
  dashboardFigures,
  isBranchHead,
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
    .filter(isBranchHead)
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

type RollupData = { figures: DashboardFigures | null; branches?: Branch[] };

/**
 * The stored figures of the whole tree and of `branch` (when given) in one read, with the branches the last
 * refresh kept figures for; null before the first refresh.
 */
async function storedRows(db: Db, cycleId: string, branch?: string) {
  const rows = await db.cycleRollup.findMany({
    where: { cycleId, branch: { in: [WHOLE_TREE, ...(branch ? [branch] : [])] } },
    select: { branch: true, data: true, computedAt: true },
  });
  const whole = rows.find((r) => r.branch === WHOLE_TREE);
  if (!whole) return null;
  const row = (b: string) => {
    const r = rows.find((x) => x.branch === b);
    return r ? { figures: (r.data as unknown as RollupData).figures, computedAt: r.computedAt } : null;
  };
  return {
    branches: (whole.data as unknown as RollupData).branches ?? [],
    whole: row(WHOLE_TREE)!,
    branch: branch ? row(branch) : null,
  };
}

/** The stored figures of the whole tree (no `branch`) or of one branch; null when none are stored. */
export async function storedRollup(db: Db, cycleId: string, branch?: string): Promise<StoredRollup | null> {
  const stored = await storedRows(db, cycleId, branch);
  return (branch ? stored?.branch : stored?.whole) ?? null;
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
       WHERE ((c."rollupRefreshedAt" IS NULL
               OR c."rollupRefreshedAt" < now() - make_interval(secs => greatest(${pacing.minIntervalMs}::float8,
                    ${pacing.costFactor}::float8 * coalesce(c."rollupTookMs", 0)) / 1000))
              AND EXISTS (SELECT 1 FROM "CycleRollupChange" ch WHERE ch."cycleId" = c.id))
          OR (c."rollupRefreshedAt" IS NULL AND c.status IN ('RUNNING', 'PAUSED'))
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
  let stored = await storedRows(db, cycleId, under);
  if (!stored) {
    await refreshRollup(db, cycleId);
    stored = await storedRows(db, cycleId, under);
  }
  const branches = stored?.branches ?? [];
  if (under && !branches.some((b) => b.code === under)) {
    const now = new Date();
    const input = restrictToBranch(await loadBulletinSnapshot(db, cycleId, now), under);
    return { figures: input ? dashboardFigures(input) : null, computedAt: now, branches };
  }
  const shown = under ? stored?.branch : stored?.whole;
  return { figures: shown?.figures ?? null, computedAt: shown?.computedAt ?? new Date(), branches };
}
