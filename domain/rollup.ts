/**
 * Rolling unit figures up the organisation tree: each node's total is its own figure plus its descendants'.
 * Summable figures add; shares are recomputed from numerators and denominators, never averaged.
 */
import type { Aggregation } from './allocation';

export interface TreeNode {
  id: string;
  parentId: string | null;
}

export interface Figure {
  value: number;
  /** For shares: the counted part and the whole it is a share of (value = 100 × numerator ÷ denominator). */
  numerator?: number;
  denominator?: number;
}

export interface RolledFigure {
  value: number | null;
  numerator: number;
  denominator: number;
  /** How many units in the subtree reported a figure. */
  reporting: number;
}

export class TreeError extends Error {
  override name = 'TreeError';
}

/** Children lists and a bottom-up order (leaves first); refuses cycles and unknown parents. */
export function treeOrder(nodes: TreeNode[]): { children: Map<string, string[]>; bottomUp: string[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const roots: string[] = [];
  for (const n of nodes) {
    if (n.parentId === null) roots.push(n.id);
    else if (!byId.has(n.parentId)) throw new TreeError(`unit ${n.id} has unknown parent ${n.parentId}`);
    else children.get(n.parentId)!.push(n.id);
  }
  const topDown: string[] = [];
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    topDown.push(id);
    queue.push(...children.get(id)!);
  }
  if (topDown.length !== nodes.length) throw new TreeError('the organisation tree has a cycle');
  return { children, bottomUp: topDown.reverse() };
}

export function rollUp(
  nodes: TreeNode[],
  figures: Map<string, Figure>,
  aggregation: Aggregation,
): Map<string, RolledFigure> {
  const { children, bottomUp } = treeOrder(nodes);
  const rolled = new Map<string, RolledFigure>();
  for (const id of bottomUp) {
    const own = figures.get(id);
    let sum = own ? own.value : 0;
    let numerator = own?.numerator ?? 0;
    let denominator = own?.denominator ?? 0;
    let reporting = own ? 1 : 0;
    for (const child of children.get(id)!) {
      const c = rolled.get(child)!;
      if (c.reporting === 0) continue;
      sum += c.value ?? 0;
      numerator += c.numerator;
      denominator += c.denominator;
      reporting += c.reporting;
    }
    const value =
      reporting === 0
        ? null
        : aggregation === 'SUM'
          ? sum
          : denominator > 0
            ? (100 * numerator) / denominator
            : null;
    rolled.set(id, { value, numerator, denominator, reporting });
  }
  return rolled;
}
