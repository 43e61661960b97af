/**
 * Ranks among peers: units of the same kind under the same parent. Ties are broken, in order, by the higher
 * indicator part, then the higher committee part, then the organisation code (alphabetically), so every rank is
 * distinct and the same figures always give the same order.
 */

export interface Rankable {
  id: string;
  code: string;
  kind: string;
  parentId: string | null;
  score: number;
  indicatorPart: number;
  committeePart: number;
}

export function peerGroupKey(u: Pick<Rankable, 'kind' | 'parentId'>): string {
  return `${u.parentId ?? '-'}|${u.kind}`;
}

export function rankPeers(units: Rankable[]): Map<string, number> {
  const groups = new Map<string, Rankable[]>();
  for (const u of units) {
    const key = peerGroupKey(u);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  const ranks = new Map<string, number>();
  for (const group of groups.values()) {
    group
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.indicatorPart - a.indicatorPart ||
          b.committeePart - a.committeePart ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
      )
      .forEach((u, i) => ranks.set(u.id, i + 1));
  }
  return ranks;
}
