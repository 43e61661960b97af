/**
 * The committee's ballots on an award programme: each member's votes (or scores, 差额 by score) on the nominees it
 * is entitled to, and ballots delegated (委托) to another member. A ballot belongs to its member whoever casts it;
 * a delegate casts it on the nominees both may decide on, and the member's ballot abstains on the others (the
 * delegate's own conflict of interest carries to what it casts).
 */
import { eligibleMembers } from '../../domain/decision';
import { validScore } from '../../domain/awards/selection';
import type {
  AwardProgrammeInput,
  CarriedAwardState,
  DelegateBallotRequest,
  NomineeEntry,
  VoteRequest,
} from './contract';
import { refuse } from './refuse';

export class CommitteeBallots {
  /** ballot owner → nominationId → vote. */
  readonly votes = new Map<string, Map<string, boolean | null>>();
  /** By score ballot: ballot owner → nominationId → score. */
  readonly scores = new Map<string, Map<string, number | null>>();
  /** member → the member who casts its ballot. */
  readonly delegations = new Map<string, string>();

  constructor(
    private readonly input: AwardProgrammeInput,
    carried?: CarriedAwardState,
  ) {
    for (const [person, ballot] of carried?.votes ?? []) this.votes.set(person, new Map(ballot));
    for (const [person, ballot] of carried?.scores ?? []) this.scores.set(person, new Map(ballot));
    for (const [from, to] of carried?.delegations ?? []) this.delegations.set(from, to);
  }

  snapshot(): Pick<CarriedAwardState, 'votes' | 'scores' | 'delegations'> {
    return {
      votes: [...this.votes].map(([person, ballot]) => [person, [...ballot]]),
      scores: [...this.scores].map(([person, ballot]) => [person, [...ballot]]),
      delegations: [...this.delegations],
    };
  }

  /** Members score rather than vote (差额 by score). */
  scoring(): boolean {
    return this.input.reviewMode === 'COMPETITIVE' && this.input.ballot === 'SCORE';
  }

  /** The members entitled to decide on a nominee: all but those of its unit or a unit under it (recusal). */
  entitledOn(n: NomineeEntry): string[] {
    return eligibleMembers(this.input.committee, [n.unitId]);
  }

  /** The nominees a ballot is cast on by `actor`: the owner's, less those the actor may not decide on. */
  ballotNominees(active: NomineeEntry[], owner: string, actor: string): string[] {
    return active
      .filter((n) => this.entitledOn(n).includes(owner) && this.entitledOn(n).includes(actor))
      .map((n) => n.id);
  }

  private isMember(personId: string): boolean {
    return this.input.committee.some((m) => m.personId === personId);
  }

  checkVote(active: NomineeEntry[], r: VoteRequest): void {
    if (!this.isMember(r.personId))
      refuse('NotAllowed', 'not a member of the awards committee', 'awards.refusal.notMember');
    const owner = r.onBehalfOf ?? r.personId;
    if (r.onBehalfOf !== undefined && this.delegations.get(r.onBehalfOf) !== r.personId)
      refuse('NotAllowed', 'that ballot was not delegated to this member', 'awards.refusal.notDelegate');
    if (r.onBehalfOf === undefined && this.delegations.has(r.personId))
      refuse('NotAllowed', 'this member has delegated the ballot', 'awards.refusal.delegated');
    if (this.votes.has(owner)) refuse('NoChange', 'this ballot has been cast', 'awards.refusal.voted');
    const mine = this.ballotNominees(active, owner, r.personId);
    const ids = r.votes.map((v) => v.nominationId);
    if (
      new Set(ids).size !== ids.length ||
      mine.some((id) => !ids.includes(id)) ||
      ids.some((id) => !mine.includes(id))
    )
      refuse('InvalidVote', 'vote on every nominee you are entitled to, once', 'awards.refusal.voteAll');
    if (this.scoring() && r.votes.some((v) => !validScore(v.score)))
      refuse('InvalidVote', 'score every nominee from 0 to 100', 'awards.refusal.scoreAll');
  }

  applyVote(r: VoteRequest): void {
    const owner = r.onBehalfOf ?? r.personId;
    this.votes.set(owner, new Map(r.votes.map((v) => [v.nominationId, v.inFavour])));
    if (this.scoring())
      this.scores.set(owner, new Map(r.votes.map((v) => [v.nominationId, v.score ?? null])));
  }

  undoVote(r: VoteRequest): void {
    const owner = r.onBehalfOf ?? r.personId;
    this.votes.delete(owner);
    this.scores.delete(owner);
  }

  checkDelegate(active: NomineeEntry[], r: DelegateBallotRequest): void {
    if (!this.isMember(r.from) || !this.isMember(r.to))
      refuse('NotAllowed', 'both must be members of the awards committee', 'awards.refusal.notMember');
    if (r.from === r.to)
      refuse('InvalidDelegation', 'a member cannot delegate to themself', 'awards.refusal.self');
    if (this.votes.has(r.from)) refuse('NoChange', 'this ballot has been cast', 'awards.refusal.voted');
    if (this.delegations.has(r.from))
      refuse('NoChange', 'this member has delegated the ballot', 'awards.refusal.delegated');
    if (this.delegations.has(r.to))
      refuse('InvalidDelegation', 'the delegate has delegated its own ballot', 'awards.refusal.delegateAway');
    if (!active.some((n) => this.entitledOn(n).includes(r.from)))
      refuse('InvalidDelegation', 'this member decides on no nominee', 'awards.refusal.nothingToDelegate');
  }

  /** The ballots not cast yet, by owner: members entitled on some nominee. */
  ballotsWaiting(active: NomineeEntry[]): string[] {
    return this.input.committee
      .map((m) => m.personId)
      .filter((p) => !this.votes.has(p) && active.some((n) => this.entitledOn(n).includes(p)));
  }

  /** Who has to act for those ballots: the owner, or its delegate. */
  membersWaiting(active: NomineeEntry[]): string[] {
    return [...new Set(this.ballotsWaiting(active).map((p) => this.delegations.get(p) ?? p))];
  }

  /** Each nominee's votes for and against, and the scores it was given. */
  tallies(n: NomineeEntry) {
    const count = (v: boolean) => [...this.votes.values()].filter((ballot) => ballot.get(n.id) === v).length;
    return {
      votesFor: count(true),
      votesAgainst: count(false),
      entitled: this.entitledOn(n).length,
      scores: [...this.scores.values()]
        .map((ballot) => ballot.get(n.id))
        .filter((x): x is number => typeof x === 'number'),
    };
  }
}
