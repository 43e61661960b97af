/**
 * The year-end bulletin's results (考核结果): each peer group's units by rank with score and grade, the best of the
 * year and the units graded 不合格. Ranks are the cycle's own (domain/ranking.ts), so the bulletin, the console and
 * the result mails name the same rank.
 */
import type { Grade } from './plan';

export interface UnitResult {
  code: string;
  name: string;
  parentName: string | null;
  kind: string;
  score: number;
  grade: Grade;
  rank: number | null;
}

export interface ResultsSection {
  groups: Array<{ parentName: string | null; kind: string; rows: UnitResult[] }>;
  best: UnitResult[];
  failing: UnitResult[];
}

const BEST = 5;

/** `results` in the tree's order, top level first: the groups follow it (the city's counties, then each county's). */
export function yearResults(results: UnitResult[]): ResultsSection | null {
  if (results.length === 0) return null;
  const groups = new Map<string, ResultsSection['groups'][number]>();
  for (const r of results) {
    const key = `${r.parentName ?? ''}|${r.kind}`;
    const group = groups.get(key) ?? { parentName: r.parentName, kind: r.kind, rows: [] };
    group.rows.push(r);
    groups.set(key, group);
  }
  const byRank = (a: UnitResult, b: UnitResult) =>
    (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.score - a.score || a.code.localeCompare(b.code);
  const byScore = (a: UnitResult, b: UnitResult) => b.score - a.score || a.code.localeCompare(b.code);
  return {
    groups: [...groups.values()].map((g) => ({ ...g, rows: g.rows.sort(byRank) })),
    best: [...results].sort(byScore).slice(0, BEST),
    failing: results.filter((r) => r.grade === 'FAIL').sort(byScore),
  };
}
