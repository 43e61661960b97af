/** The cycle dashboard's figures for one branch (a county/district or industry union) of the tree. */
import type { BulletinInput } from './bulletin';

/**
 * The snapshot cut down to `code` and the units under it, with `code` as the root; null when `code` is not in the
 * cycle's tree.
 */
export function restrictToBranch(input: BulletinInput, code: string): BulletinInput | null {
  const top = input.units.find((u) => u.code === code);
  if (!top) return null;
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const inside = new Map<string, boolean>([[top.id, true]]);
  const isInside = (id: string): boolean => {
    const known = inside.get(id);
    if (known !== undefined) return known;
    const trail: string[] = [];
    let at: string | null = id;
    let answer = false;
    while (at !== null) {
      const k = inside.get(at);
      if (k !== undefined) {
        answer = k;
        break;
      }
      trail.push(at);
      at = byId.get(at)?.parentId ?? null;
    }
    for (const t of trail) inside.set(t, answer);
    return answer;
  };
  const units = input.units
    .filter((u) => isInside(u.id))
    .map((u) => (u.id === top.id ? { ...u, parentId: null } : u));
  const ids = new Set(units.map((u) => u.id));
  const keep = <T>(m: Map<string, T>) => new Map([...m].filter(([id]) => ids.has(id)));
  return { ...input, units, targets: keep(input.targets), figures: keep(input.figures) };
}
