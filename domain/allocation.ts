/**
 * Cascading targets down the organisation tree (the plan's last paragraph: lower unions derive their plans from the
 * city's). Summable targets are split by weight so the parts add up exactly to the whole; shares (percentages) are
 * not split, each child is held to the parent's share.
 */

export type Aggregation = 'SUM' | 'SHARE';

export interface AllocationShare {
  id: string;
  /** Relative weight, e.g. the unit's number of workers or enterprises. */
  weight: number;
}

export class AllocationError extends Error {
  override name = 'AllocationError';
}

/**
 * Splits `total` over `shares` in proportion to their weights, in steps of `granularity` (1 for counts), using the
 * largest-remainder method so the parts sum to `total` exactly; ties go to the earlier share, for a stable result.
 */
export function splitTarget(total: number, shares: AllocationShare[], granularity = 1): Map<string, number> {
  if (!(total >= 0) || !Number.isFinite(total))
    throw new AllocationError(`target must be a non-negative number, got ${total}`);
  if (shares.length === 0) throw new AllocationError('there are no units to allocate the target to');
  if (shares.some((s) => !(s.weight >= 0) || !Number.isFinite(s.weight))) {
    throw new AllocationError('every unit weight must be a non-negative number');
  }
  const ids = new Set(shares.map((s) => s.id));
  if (ids.size !== shares.length) throw new AllocationError('a unit appears twice in the allocation');
  const weightSum = shares.reduce((sum, s) => sum + s.weight, 0);
  if (weightSum === 0) throw new AllocationError('the unit weights add up to zero');

  const steps = Math.round(total / granularity);
  const exact = shares.map((s) => (steps * s.weight) / weightSum);
  const floors = exact.map(Math.floor);
  let left = steps - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, remainder: x - floors[i]! }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return new Map(shares.map((s, i) => [s.id, roundTo(floors[i]! * granularity, granularity)]));
}

/** Allocates one indicator's parent target to its children according to how the indicator aggregates. */
export function allocateTarget(
  parentTarget: number,
  aggregation: Aggregation,
  children: AllocationShare[],
  granularity = 1,
): Map<string, number> {
  if (aggregation === 'SHARE') return new Map(children.map((c) => [c.id, parentTarget]));
  return splitTarget(parentTarget, children, granularity);
}

/** Checks that children's summable targets do not exceed what the parent was given (an admin's manual edit). */
export function checkAllocationSum(
  parentTarget: number,
  childTargets: number[],
): { ok: boolean; sum: number; gap: number } {
  const sum = childTargets.reduce((a, b) => a + b, 0);
  const gap = roundTo(parentTarget - sum, 1e-6);
  return { ok: Math.abs(gap) < 1e-9, sum, gap };
}

function roundTo(x: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(x.toFixed(Math.min(decimals, 12)));
}
