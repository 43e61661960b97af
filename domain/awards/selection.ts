/**
 * The committee's result. By vote, each member not recused votes for or against each nominee (or abstains); a
 * nominee needs the votes of more than half of the members entitled to vote on it. By score (差额 only), each such
 * member scores each nominee 0–100; a nominee needs scores from more than half of them and a mean at the pass mark
 * or above. In 等额 review every nominee that qualifies is approved. In 差额 review they are ranked by votes for
 * (or mean score), ties broken by the programme's stated rule, and the top ones win within each category's places,
 * skipping one whose selection would leave a hard proportion rule unmeetable.
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

export const BALLOTS = ['VOTE', 'SCORE'] as const;
export type Ballot = (typeof BALLOTS)[number];
/** The mean a scored nominee needs, on 0–100. */
export const DEFAULT_PASS_MARK = 60;

export interface Candidate extends ListedNominee {
  /** When it was nominated: earlier first. */
  order: number;
  /** The nominating unit's score in this year's cycle. */
  unitScore: number | null;
  votesFor: number;
  votesAgainst: number;
  /** Members entitled to vote on it (recused ones left out). */
  entitled: number;
  /** The scores given, by score ballot (members who abstained left out). */
  scores?: number[];
}

export interface SelectionInput {
  mode: ReviewMode;
  places: Partial<Record<AwardCategory, number>>;
  rules: ProportionRule[];
  tieBreak: TieBreak;
  candidates: Candidate[];
  /** VOTE unless stated. */
  ballot?: Ballot;
  passMark?: number;
}

export type Outcome = 'SELECTED' | 'NO_MAJORITY' | 'BELOW_PASS' | 'OUTRANKED' | 'PROPORTION';

export interface SelectionRow {
  id: string;
  category: AwardCategory;
  rank: number;
  votesFor: number;
  votesAgainst: number;
  entitled: number;
  /** By score: the mean to two decimals and how many scored; null and 0 by vote. */
  meanScore: number | null;
  scored: number;
  majority: boolean;
  outcome: Outcome;
  /** The rule that kept it out (PROPORTION). */
  rule?: string;
}

export function hasMajority(c: Pick<Candidate, 'votesFor' | 'entitled'>): boolean {
  return c.votesFor * 2 > c.entitled;
}

/** A score a member may give: 0–100 in steps of 0.5. */
export function validScore(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 100 && Number.isInteger(x * 2);
}

/** The mean of the scores given, to two decimals; null when none were. */
export function meanScore(scores: readonly number[] = []): number | null {
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;
}

/** Why a nominee does not qualify under the ballot, or null when it does. */
function disqualified(c: Candidate, ballot: Ballot, passMark: number): 'NO_MAJORITY' | 'BELOW_PASS' | null {
  if (ballot === 'VOTE') return hasMajority(c) ? null : 'NO_MAJORITY';
  const scores = c.scores ?? [];
  if (scores.length * 2 <= c.entitled) return 'NO_MAJORITY';
  return meanScore(scores)! >= passMark ? null : 'BELOW_PASS';
}

/** Those that qualify first, then by votes for (or mean score), then by the stated tie-break. */
function compare(tieBreak: TieBreak, ballot: Ballot, passMark: number) {
  const lead = (c: Candidate) => (ballot === 'SCORE' ? (meanScore(c.scores) ?? -1) : c.votesFor);
  const out = (c: Candidate) => (disqualified(c, ballot, passMark) ? 1 : 0);
  return (a: Candidate, b: Candidate) =>
    out(a) - out(b) ||
    lead(b) - lead(a) ||
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
  const ballot = input.ballot ?? 'VOTE';
  const passMark = input.passMark ?? DEFAULT_PASS_MARK;
  const ranked = [...input.candidates].sort(compare(input.tieBreak, ballot, passMark));
  const rows = new Map<string, SelectionRow>();
  ranked.forEach((c, i) => {
    const out = disqualified(c, ballot, passMark);
    rows.set(c.id, {
      id: c.id,
      category: c.category,
      rank: i + 1,
      votesFor: c.votesFor,
      votesAgainst: c.votesAgainst,
      entitled: c.entitled,
      meanScore: ballot === 'SCORE' ? meanScore(c.scores) : null,
      scored: c.scores?.length ?? 0,
      majority: out === null,
      outcome: out ?? 'OUTRANKED',
    });
  });
  const eligible = ranked.filter((c) => rows.get(c.id)!.majority);
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

/**
 * 递补: after published winners were withdrawn, the nominees that now win the freed places, selected again over
 * the candidates left (`input.candidates` without the withdrawn). None when that would unseat one still listed
 * (`kept`): a published winner never loses its place to the recount.
 */
export function refillFreedPlaces(input: SelectionInput, kept: readonly string[]): string[] {
  const { selected } = selectWinners(input);
  if (kept.some((id) => !selected.includes(id))) return [];
  return selected.filter((id) => !kept.includes(id));
}
