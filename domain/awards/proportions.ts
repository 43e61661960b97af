/**
 * Proportion rules over a whole list (teams ≥ 70 % of 工人先锋号, enterprise leaders ≤ 20 % of model workers, women
 * ≥ 20 %): what share of the list matches a rule, and whether a list can still meet it. Shares are kept in basis
 * points so that 70 % of 10 places is exactly 7.
 */
import type { AwardCategory } from './categories';

export const COMPARISONS = ['AT_LEAST', 'AT_MOST'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export interface ProportionRule {
  key: string;
  /** What the office calls the rule, shown wherever it is checked. */
  label: string;
  categories: AwardCategory[];
  /** A field of the nominee's form (isTeam, sex, identity, ownership, …). */
  field: string;
  /** The field's values that count toward the share ("true" for a yes/no field). */
  values: string[];
  comparison: Comparison;
  percent: number;
  /** A hard rule refuses what would break it; a soft one only warns. */
  hard: boolean;
}

export interface ListedNominee {
  id: string;
  category: AwardCategory;
  fields: Record<string, string | number | boolean | null | undefined>;
}

const basisPoints = (percent: number) => Math.round(percent * 100);

export function matchesRule(rule: ProportionRule, n: ListedNominee): boolean {
  const v = n.fields[rule.field];
  return v !== null && v !== undefined && rule.values.includes(String(v));
}

/** The count of `size` the rule allows at most (AT_MOST) or needs at least (AT_LEAST). */
export function ruleBound(rule: ProportionRule, size: number): number {
  const scaled = basisPoints(rule.percent) * size;
  return rule.comparison === 'AT_MOST' ? Math.floor(scaled / 10_000) : Math.ceil(scaled / 10_000);
}

export interface ProportionStanding {
  rule: ProportionRule;
  matching: number;
  total: number;
  /** matching / total, 0 for an empty list. */
  share: number;
  /** The list as it stands meets the rule. */
  met: boolean;
  /** A list grown to `capacity` can still meet it. */
  reachable: boolean;
}

/** How a rule stands over a list that may grow to `capacity` entries (the places, or all nominations allowed). */
export function proportionStanding(
  rule: ProportionRule,
  list: ListedNominee[],
  capacity: number,
): ProportionStanding {
  const concerned = list.filter((n) => rule.categories.includes(n.category));
  const matching = concerned.filter((n) => matchesRule(rule, n)).length;
  const total = concerned.length;
  const met =
    rule.comparison === 'AT_MOST' ? matching <= ruleBound(rule, total) : matching >= ruleBound(rule, total);
  const room = Math.max(0, capacity - total);
  const reachable =
    rule.comparison === 'AT_MOST'
      ? matching <= ruleBound(rule, capacity)
      : matching + room >= ruleBound(rule, capacity);
  return { rule, matching, total, share: total === 0 ? 0 : matching / total, met, reachable };
}

/**
 * The rules a new nomination would make impossible for the list (which may grow to the capacity of each rule's
 * categories): hard ones refuse the nomination, soft ones warn.
 */
export function proportionsBrokenBy(
  rules: ProportionRule[],
  list: ListedNominee[],
  candidate: ListedNominee,
  capacityOf: (categories: AwardCategory[]) => number,
): ProportionStanding[] {
  return rules
    .filter((r) => r.categories.includes(candidate.category))
    .map((r) => proportionStanding(r, [...list, candidate], capacityOf(r.categories)))
    .filter((s) => !s.reachable);
}
