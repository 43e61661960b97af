/**
 * The state of one award programme and the rules its acts are judged by: the nominee list, the vetting answers, the
 * committee's votes, the objections' findings. Validators refuse with a typed ApplicationFailure whose details
 * carry a catalogue key and its values, so that the page says exactly which quota, rule or reason refused.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { eligibleMembers } from '../../domain/decision';
import { proportionsBrokenBy, type ListedNominee } from '../../domain/awards/proportions';
import { nominationCapacity, quotaState } from '../../domain/awards/quotas';
import { selectWinners, validScore, type SelectionRow } from '../../domain/awards/selection';
import type { AwardCategory } from '../../domain/awards/categories';
import type {
  AwardProgrammeInput,
  CarriedAwardState,
  AwardStage,
  AwardStatus,
  NominateRequest,
  NomineeEntry,
  VetRequest,
  VoteRequest,
  WithdrawRequest,
} from './contract';

export function refuse(
  type: string,
  message: string,
  key?: string,
  params: Record<string, unknown> = {},
): never {
  throw ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: key ? [{ key, params }] : [],
  });
}

export class AwardProgrammeState {
  stage: AwardStage = 'NOMINATING';
  readonly nominees = new Map<string, NomineeEntry>();
  readonly vetted = new Set<string>();
  /** personId → nominationId → vote. */
  readonly votes = new Map<string, Map<string, boolean | null>>();
  /** By score ballot: personId → nominationId → score. */
  readonly scores = new Map<string, Map<string, number | null>>();
  result: SelectionRow[] | null = null;
  confirmed = false;
  cancelled = false;
  publicity: AwardStatus['publicity'] = null;
  decision: AwardStatus['decision'] = null;
  dueAt: number | null = null;
  /** Bumped by each objection finding, so the wait for open objections looks again. */
  findings = 0;
  private sequence = 0;

  constructor(readonly input: AwardProgrammeInput) {
    const c = input.carried;
    if (!c) return;
    this.stage = c.stage;
    for (const n of c.nominees) this.nominees.set(n.id, n);
    for (const d of c.vetted) this.vetted.add(d);
    for (const [person, ballot] of c.votes) this.votes.set(person, new Map(ballot));
    for (const [person, ballot] of c.scores ?? []) this.scores.set(person, new Map(ballot));
    this.result = c.result;
    this.confirmed = c.confirmed;
    this.dueAt = c.dueAt;
    this.findings = c.findings;
    this.sequence = c.sequence;
  }

  /** What a new run needs to go on where this one stands (continue-as-new). */
  snapshot(): CarriedAwardState {
    return {
      stage: this.stage,
      nominees: [...this.nominees.values()],
      vetted: [...this.vetted],
      votes: [...this.votes].map(([person, ballot]) => [person, [...ballot]]),
      scores: [...this.scores].map(([person, ballot]) => [person, [...ballot]]),
      result: this.result,
      confirmed: this.confirmed,
      dueAt: this.dueAt,
      findings: this.findings,
      sequence: this.sequence,
    };
  }

  get active(): NomineeEntry[] {
    return [...this.nominees.values()].filter((n) => n.status === 'ACTIVE' || n.status === 'SELECTED');
  }

  private listed(): ListedNominee[] {
    return this.active.map((n) => ({ id: n.id, category: n.category, fields: n.fields }));
  }

  // ── nominations ──

  checkNominate(r: NominateRequest): void {
    if (this.cancelled || this.stage !== 'NOMINATING')
      refuse('StepNotOpen', 'nominations are closed', 'refusal.awards.closed');
    this.checkUnitContact(r.unitId, r.personId);
    if (this.input.places[r.category] === undefined)
      refuse('InvalidPayload', `this programme awards no ${r.category}`, 'awards.refusal.noCategory', {
        category: r.category,
      });
    const existing = this.nominees.get(r.nominationId);
    if (existing && (existing.unitId !== r.unitId || existing.status !== 'ACTIVE'))
      refuse('NotAllowed', 'this nomination cannot be changed', 'awards.refusal.notEditable');
    const others = this.active.filter((n) => n.id !== r.nominationId);
    const quota = quotaState(
      this.input.quotas,
      others.map((n) => ({ category: n.category, unitCode: n.unitId })),
      r.unitId,
      r.category,
    );
    if (quota.left < 1)
      refuse(
        'QuotaExceeded',
        `the unit's quota for ${r.category} (${quota.allocated}) is used up`,
        'awards.refusal.quota',
        { category: r.category, allocated: quota.allocated },
      );
    const broken = proportionsBrokenBy(
      this.input.proportionRules.filter((p) => p.hard),
      others.map((n) => ({ id: n.id, category: n.category, fields: n.fields })),
      { id: r.nominationId, category: r.category, fields: r.record.fields },
      (cats) => nominationCapacity(this.input.quotas, cats),
    );
    if (broken.length > 0)
      refuse(
        'ProportionBroken',
        `the list could no longer meet: ${broken[0]!.rule.label}`,
        'awards.refusal.proportion',
        {
          rule: broken[0]!.rule.label,
        },
      );
    const ineligible = r.eligibility.find((e) => e.hard && !e.ok);
    if (ineligible)
      refuse('Ineligible', `not eligible: ${ineligible.key}`, ineligible.key, ineligible.params);
  }

  applyNominate(r: NominateRequest): { entry: NomineeEntry; previous: NomineeEntry | undefined } {
    const previous = this.nominees.get(r.nominationId);
    const entry: NomineeEntry = {
      id: r.nominationId,
      unitId: r.unitId,
      category: r.category,
      fields: r.record.fields,
      order: previous?.order ?? ++this.sequence,
      unitScore: r.unitScore,
      status: 'ACTIVE',
    };
    this.nominees.set(entry.id, entry);
    return { entry, previous };
  }

  undoNominate(id: string, previous: NomineeEntry | undefined): void {
    if (previous) this.nominees.set(id, previous);
    else this.nominees.delete(id);
  }

  quotaLeft(unitId: string, category: AwardCategory): number {
    return quotaState(
      this.input.quotas,
      this.active.map((n) => ({ category: n.category, unitCode: n.unitId })),
      unitId,
      category,
    ).left;
  }

  checkWithdraw(r: WithdrawRequest): void {
    if (this.cancelled || this.stage !== 'NOMINATING')
      refuse('StepNotOpen', 'nominations are closed', 'refusal.awards.closed');
    this.checkUnitContact(r.unitId, r.personId);
    const n = this.nominees.get(r.nominationId);
    if (!n || n.unitId !== r.unitId || n.status !== 'ACTIVE')
      refuse('NotAllowed', 'no such nomination of this unit', 'awards.refusal.notEditable');
  }

  private checkUnitContact(unitId: string, personId: string): void {
    const unit = this.input.units.find((u) => u.id === unitId);
    if (!unit || !unit.contacts.includes(personId))
      refuse('NotAllowed', `${personId} does not nominate for ${unitId}`, 'awards.refusal.notContact');
  }

  /** Units that may still nominate (a quota left), for reminders. */
  unitsWithQuotaLeft(): string[] {
    // Counted in one pass: this is asked after every event while nominations are open.
    const used = new Map<string, number>();
    for (const n of this.active)
      used.set(`${n.unitId}|${n.category}`, (used.get(`${n.unitId}|${n.category}`) ?? 0) + 1);
    const left = new Set(
      this.input.quotas
        .filter((q) => q.quota > (used.get(`${q.unitCode}|${q.category}`) ?? 0))
        .map((q) => q.unitCode),
    );
    return this.input.units.filter((u) => left.has(u.id)).map((u) => u.id);
  }

  // ── vetting ──

  checkVet(r: VetRequest): void {
    if (this.cancelled || this.stage !== 'VETTING')
      refuse('StepNotOpen', 'the vetting is closed', 'refusal.awards.closed');
    const dept = this.input.departments.find((d) => d.id === r.departmentId);
    if (!dept || dept.personId !== r.personId)
      refuse('NotAllowed', 'not this department’s contact', 'awards.refusal.notDepartment');
    if (this.vetted.has(r.departmentId))
      refuse('NoChange', 'this department has answered', 'awards.refusal.answered');
    const ids = new Set(r.answers.map((a) => a.nominationId));
    const open = this.active.map((n) => n.id);
    if (
      ids.size !== r.answers.length ||
      open.some((id) => !ids.has(id)) ||
      [...ids].some((id) => !open.includes(id))
    )
      refuse('InvalidPayload', 'answer every nominee on the list once', 'awards.refusal.answerAll');
    const unexplained = r.answers.find((a) => a.objects && !(a.reason ?? '').trim());
    if (unexplained) refuse('InvalidPayload', 'an objection needs its reason', 'awards.refusal.reasonNeeded');
  }

  /** One objection vetoes (一票否决): the nominees objected to leave the list. */
  applyVet(r: VetRequest): string[] {
    this.vetted.add(r.departmentId);
    const vetoed = r.answers.filter((a) => a.objects).map((a) => a.nominationId);
    for (const id of vetoed) this.nominees.get(id)!.status = 'VETOED';
    return vetoed;
  }

  undoVet(r: VetRequest, vetoed: string[]): void {
    this.vetted.delete(r.departmentId);
    for (const id of vetoed) this.nominees.get(id)!.status = 'ACTIVE';
  }

  departmentsWaiting(): string[] {
    return this.input.departments.filter((d) => !this.vetted.has(d.id)).map((d) => d.personId);
  }

  // ── committee ──

  /** The members entitled to vote on a nominee: all but those of its unit or a unit under it (recusal). */
  entitledOn(n: NomineeEntry): string[] {
    return eligibleMembers(this.input.committee, [n.unitId]);
  }

  checkVote(r: VoteRequest): void {
    if (this.cancelled || this.stage !== 'REVIEWING')
      refuse('StepNotOpen', 'the committee review is closed', 'refusal.awards.closed');
    if (!this.input.committee.some((m) => m.personId === r.personId))
      refuse('NotAllowed', 'not a member of the awards committee', 'awards.refusal.notMember');
    if (this.votes.has(r.personId)) refuse('NoChange', 'this member has voted', 'awards.refusal.voted');
    const mine = this.active.filter((n) => this.entitledOn(n).includes(r.personId)).map((n) => n.id);
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

  /** Members score rather than vote (差额 by score). */
  scoring(): boolean {
    return this.input.reviewMode === 'COMPETITIVE' && this.input.ballot === 'SCORE';
  }

  applyVote(r: VoteRequest): void {
    this.votes.set(r.personId, new Map(r.votes.map((v) => [v.nominationId, v.inFavour])));
    if (this.scoring())
      this.scores.set(r.personId, new Map(r.votes.map((v) => [v.nominationId, v.score ?? null])));
  }

  membersWaiting(): string[] {
    return this.input.committee
      .map((m) => m.personId)
      .filter((p) => !this.votes.has(p) && this.active.some((n) => this.entitledOn(n).includes(p)));
  }

  computeResult(): SelectionRow[] {
    const tally = (id: string, v: boolean) =>
      [...this.votes.values()].filter((ballot) => ballot.get(id) === v).length;
    const { rows } = selectWinners({
      mode: this.input.reviewMode,
      places: this.input.places,
      rules: this.input.proportionRules,
      tieBreak: this.input.tieBreak,
      ballot: this.scoring() ? 'SCORE' : 'VOTE',
      passMark: this.input.passMark,
      candidates: this.active.map((n) => ({
        ...n,
        votesFor: tally(n.id, true),
        votesAgainst: tally(n.id, false),
        entitled: this.entitledOn(n).length,
        scores: [...this.scores.values()]
          .map((ballot) => ballot.get(n.id))
          .filter((x): x is number => typeof x === 'number'),
      })),
    });
    this.result = rows;
    return rows;
  }

  chair(): string[] {
    const chairs = this.input.committee.filter((m) => m.role === 'CHAIR').map((m) => m.personId);
    return chairs.length > 0 ? chairs : this.input.committee.slice(0, 1).map((m) => m.personId);
  }

  checkConfirm(personId: string): void {
    if (this.cancelled || this.stage !== 'CONFIRMING')
      refuse('StepNotOpen', 'there is no result to confirm', 'refusal.awards.closed');
    if (!this.chair().includes(personId))
      refuse('NotAllowed', 'only the chair confirms the result', 'awards.refusal.notChair');
  }

  status(): AwardStatus {
    return {
      stage: this.stage,
      nominees: [...this.nominees.values()],
      waitingOn: this.waitingOn(),
      dueAt: this.dueAt === null ? null : new Date(this.dueAt).toISOString(),
      vetted: [...this.vetted],
      voted: [...this.votes.keys()],
      result: this.result,
      publicity: this.publicity,
      decision: this.decision,
    };
  }

  private waitingOn(): string[] {
    if (this.stage === 'VETTING') return this.departmentsWaiting();
    if (this.stage === 'REVIEWING') return this.membersWaiting();
    if (this.stage === 'CONFIRMING' && !this.confirmed) return this.chair();
    return [];
  }
}
