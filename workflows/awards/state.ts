/**
 * The state of one award programme and the rules its acts are judged by: the nominee list, the vetting answers, the
 * committee's ballots (ballots.ts), the objections' findings and the places they free. Validators refuse with a
 * typed ApplicationFailure (refuse.ts) whose details carry a catalogue key and its values, so that the page says
 * exactly which quota, rule or reason refused.
 */
import { proportionsBrokenBy, type ListedNominee } from '../../domain/awards/proportions';
import { nominationCapacity, quotaState } from '../../domain/awards/quotas';
import {
  refillFreedPlaces,
  selectWinners,
  type SelectionInput,
  type SelectionRow,
} from '../../domain/awards/selection';
import { CommitteeBallots } from './ballots';
import { refuse } from './refuse';
import type { AwardCategory } from '../../domain/awards/categories';
import type {
  AwardProgrammeInput,
  CarriedAwardState,
  AwardStage,
  AwardStatus,
  NominateRequest,
  NomineeEntry,
  VetRequest,
  DelegateBallotRequest,
  VoteRequest,
  WithdrawRequest,
} from './contract';

export class AwardProgrammeState {
  stage: AwardStage = 'NOMINATING';
  readonly nominees = new Map<string, NomineeEntry>();
  readonly vetted = new Set<string>();
  readonly ballots: CommitteeBallots;
  result: SelectionRow[] | null = null;
  confirmed = false;
  cancelled = false;
  publicity: AwardStatus['publicity'] = null;
  decision: AwardStatus['decision'] = null;
  dueAt: number | null = null;
  /** Nominees given a freed place (递补) and not yet published. */
  unpublished: string[] = [];
  /** Bumped by each objection finding, so the wait for open objections looks again. */
  findings = 0;
  private sequence = 0;

  constructor(readonly input: AwardProgrammeInput) {
    const c = input.carried;
    this.ballots = new CommitteeBallots(input, c);
    if (!c) return;
    this.stage = c.stage;
    for (const n of c.nominees) this.nominees.set(n.id, n);
    for (const d of c.vetted) this.vetted.add(d);
    this.result = c.result;
    this.confirmed = c.confirmed;
    this.dueAt = c.dueAt;
    this.findings = c.findings;
    this.sequence = c.sequence;
    this.unpublished = c.unpublished ?? [];
  }

  /** What a new run needs to go on where this one stands (continue-as-new). */
  snapshot(): CarriedAwardState {
    return {
      stage: this.stage,
      nominees: [...this.nominees.values()],
      vetted: [...this.vetted],
      ...this.ballots.snapshot(),
      result: this.result,
      confirmed: this.confirmed,
      dueAt: this.dueAt,
      findings: this.findings,
      sequence: this.sequence,
      unpublished: this.unpublished,
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
    return this.ballots.entitledOn(n);
  }

  private checkReviewOpen(): void {
    if (this.cancelled || this.stage !== 'REVIEWING')
      refuse('StepNotOpen', 'the committee review is closed', 'refusal.awards.closed');
  }

  checkVote(r: VoteRequest): void {
    this.checkReviewOpen();
    this.ballots.checkVote(this.active, r);
  }

  checkDelegate(r: DelegateBallotRequest): void {
    this.checkReviewOpen();
    this.ballots.checkDelegate(this.active, r);
  }

  membersWaiting(): string[] {
    return this.ballots.membersWaiting(this.active);
  }

  private selection(candidates: NomineeEntry[]): SelectionInput {
    return {
      mode: this.input.reviewMode,
      places: this.input.places,
      rules: this.input.proportionRules,
      tieBreak: this.input.tieBreak,
      ballot: this.ballots.scoring() ? 'SCORE' : 'VOTE',
      passMark: this.input.passMark,
      candidates: candidates.map((n) => ({ ...n, ...this.ballots.tallies(n) })),
    };
  }

  computeResult(): SelectionRow[] {
    const { rows } = selectWinners(this.selection(this.active));
    this.result = rows;
    return rows;
  }

  /**
   * 递补, when the programme allows it (差额 only): after a published winner was withdrawn, the next qualified
   * nominees take the freed places; they are SELECTED and wait to be published. Returns them.
   */
  refill(): string[] {
    if (!this.input.refillOnWithdrawal || this.input.reviewMode !== 'COMPETITIVE' || !this.result) return [];
    const reviewed = new Set(this.result.map((r) => r.id));
    const left = [...this.nominees.values()].filter(
      (n) => reviewed.has(n.id) && (n.status === 'SELECTED' || n.status === 'NOT_SELECTED'),
    );
    const kept = left.filter((n) => n.status === 'SELECTED').map((n) => n.id);
    const added = refillFreedPlaces(this.selection(left), kept);
    for (const id of added) this.nominees.get(id)!.status = 'SELECTED';
    this.unpublished.push(...added);
    return added;
  }

  undoRefill(added: string[]): void {
    for (const id of added) this.nominees.get(id)!.status = 'NOT_SELECTED';
    this.unpublished = this.unpublished.filter((id) => !added.includes(id));
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
      voted: [...this.ballots.votes.keys()],
      delegations: [...this.ballots.delegations],
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
