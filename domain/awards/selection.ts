/**
 * The committee's result. Each member not recused votes for or against each nominee (or abstains); a nominee needs
 * the votes of more than half of the members entitled to vote on it. In 等额 review every such nominee is
 * approved. In 差额 review they are ranked by votes for, ties broken by the programme's stated rule, and the top
 * ones win within each category's places, skipping one whose selection would leave a hard proportion rule unmeetable.
 */
import type { AwardCategory } from './categories';
import {
  matchesRule,
  proportionStanding,
  ruleBound,
  type ListedNominee,
  type ProportionRule,
} from './proportions';
import type { ReviewMode } from './quotas';

export const TIE_BREAKS = ['UNIT_SCORE', 'NOMINATION_ORDER'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

export interface Candidate extends ListedNominee {
  /** When it was nominated: earlier first. */
  order: number;
  /** The nominating unit's score in this year's cycle. */
  unitScore: number | null;
  votesFor: number;
  votesAgainst: number;
  /** Members entitled to vote on it (recused ones left out). */
  entitled: number;
}

export interface SelectionInput {
  mode: ReviewMode;
  places: Partial<Record<AwardCategory, number>>;
  rules: ProportionRule[];
  tieBreak: TieBreak;
  candidates: Candidate[];
}

export type Outcome = 'SELECTED' | 'NO_MAJORITY' | 'OUTRANKED' | 'PROPORTION';

export interface SelectionRow {
  id: string;
  category: AwardCategory;
  rank: number;
  votesFor: number;
  votesAgainst: number;
  entitled: number;
  majority: boolean;
  outcome: Outcome;
  /** The rule that kept it out (PROPORTION). */
  rule?: string;
}

export function hasMajority(c: Pick<Candidate, 'votesFor' | 'entitled'>): boolean {
  return c.votesFor * 2 > c.entitled;
}

function compare(tieBreak: TieBreak) {
  return (a: Candidate, b: Candidate) =>
    b.votesFor - a.votesFor ||
    (tieBreak === 'UNIT_SCORE' ? (b.unitScore ?? -1) - (a.unitScore ?? -1) : 0) ||
    a.order - b.order ||
    a.id.localeCompare(b.id);
}

/** Whether picking `next` still lets every hard rule be met with the candidates left. */
function keepsRulesMeetable(
  rules: ProportionRule[],
  chosen: Candidate[],
  next: Candidate,
  rest: Candidate[],
  placesOf: (cats: AwardCategory[]) => number,
): ProportionRule | null {
  for (const rule of rules.filter((r) => r.hard && r.categories.includes(next.category))) {
    const seats = Math.min(
      placesOf(rule.categories),
      [...chosen, next, ...rest].filter((c) => rule.categories.includes(c.category)).length,
    );
    const picked = [...chosen, next].filter((c) => rule.categories.includes(c.category));
    const matching = picked.filter((c) => matchesRule(rule, c)).length;
    const bound = ruleBound(rule, seats);
    if (rule.comparison === 'AT_MOST' && matching > bound) return rule;
    if (rule.comparison === 'AT_LEAST') {
      const open = seats - picked.length;
      const matchingLeft = rest.filter(
        (c) => rule.categories.includes(c.category) && matchesRule(rule, c),
      ).length;
      if (matching + Math.min(open, matchingLeft) < bound) return rule;
    }
  }
  return null;
}

export function selectWinners(input: SelectionInput) {
  const placesOf = (cats: AwardCategory[]) => cats.reduce((n, c) => n + (input.places[c] ?? 0), 0);
  const ranked = [...input.candidates].sort(compare(input.tieBreak));
  const rows = new Map<string, SelectionRow>();
  ranked.forEach((c, i) =>
    rows.set(c.id, {
      id: c.id,
      category: c.category,
      rank: i + 1,
      votesFor: c.votesFor,
      votesAgainst: c.votesAgainst,
      entitled: c.entitled,
      majority: hasMajority(c),
      outcome: hasMajority(c) ? 'OUTRANKED' : 'NO_MAJORITY',
    }),
  );
  const eligible = ranked.filter(hasMajority);
  const chosen: Candidate[] = [];
  eligible.forEach((c, i) => {
    const row = rows.get(c.id)!;
    const taken = chosen.filter((x) => x.category === c.category).length;
    if (input.mode === 'COMPETITIVE' && taken >= (input.places[c.category] ?? 0)) return;
    const broken =
      input.mode === 'COMPETITIVE'
        ? keepsRulesMeetable(input.rules, chosen, c, eligible.slice(i + 1), placesOf)
        : null;
    if (broken) {
      row.outcome = 'PROPORTION';
      row.rule = broken.label;
      return;
    }
    chosen.push(c);
    row.outcome = 'SELECTED';
  });
  const standings = input.rules.map((r) => proportionStanding(r, chosen, chosen.length));
  return { rows: ranked.map((c) => rows.get(c.id)!), selected: chosen.map((c) => c.id), standings };
}
