/** The cycle dashboard's figures for the whole tree and for one branch (a city, county/district or industry union). */
import { buildBulletin, type BulletinInput, type BulletinUnit, type IndicatorRow } from './bulletin';

/** Branches the dashboard keeps figures for: a city (a federation under another), a county, an industry union. */
export const BRANCH_KINDS: readonly string[] = ['FEDERATION', 'COUNTY_DISTRICT', 'INDUSTRY_UNION'];

/** Whether the dashboard keeps figures for the unit's branch. */
export const isBranchHead = (u: { parentId: string | null; kind: string }): boolean =>
  u.parentId !== null && BRANCH_KINDS.includes(u.kind);

/** How many lagging units the dashboard names; the count covers all. */
const LAGGING_SHOWN = 20;

/** What the dashboard shows of a tree's figures: completion per indicator, and the units that lag. */
export interface DashboardFigures {
  indicators: IndicatorRow[];
  lagging: {
    count: number;
    shown: Array<{
      code: string;
      name: string;
      indicators: Array<{ name: string; completion: number | null }>;
    }>;
  };
}

/** The dashboard's figures of a snapshot; null when no unit in it takes part. */
export function dashboardFigures(input: BulletinInput): DashboardFigures | null {
  if (!input.units.some((u) => u.participating)) return null;
  const data = buildBulletin(input);
  return {
    indicators: data.indicators,
    lagging: {
      count: data.lagging.count,
      shown: data.lagging.shown.slice(0, LAGGING_SHOWN).map((l) => ({
        code: l.code,
        name: l.name,
        indicators: l.indicators.map((i) => ({ name: i.name, completion: i.completion })),
      })),
    },
  };
}

/**
 * Every branch of the tree (a unit of BRANCH_KINDS below the root) as its own snapshot, as `restrictToBranch`
 * gives it, in one pass over the units: a province has hundreds of branches and 100,000 units.
 */
export function branchInputs(input: BulletinInput): Map<string, BulletinInput> {
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const heads = new Map<string, string[]>();
  const headsOf = (id: string | null): string[] => {
    if (id === null) return [];
    const known = heads.get(id);
    if (known) return known;
    const u = byId.get(id);
    if (!u) return [];
    const above = headsOf(u.parentId);
    const own = isBranchHead(u) ? [id, ...above] : above;
    heads.set(id, own);
    return own;
  };
  const branches = new Map<string, { code: string; units: BulletinUnit[]; ids: Set<string> }>();
  for (const u of input.units)
    for (const head of headsOf(u.id)) {
      let b = branches.get(head);
      if (!b) branches.set(head, (b = { code: byId.get(head)!.code, units: [], ids: new Set() }));
      b.units.push(u.id === head ? { ...u, parentId: null } : u);
      b.ids.add(u.id);
    }
  const keep = <T>(m: Map<string, T>, ids: Set<string>) => {
    const out = new Map<string, T>();
    for (const id of ids) {
      const v = m.get(id);
      if (v !== undefined) out.set(id, v);
    }
    return out;
  };
  return new Map(
    [...branches.values()].map((b) => [
      b.code,
      { ...input, units: b.units, targets: keep(input.targets, b.ids), figures: keep(input.figures, b.ids) },
    ]),
  );
}

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
