/**
 * The pages an award link opens: a unit's nomination page (its quota and what is left, how each rule stands, its
 * nominations, the form), a department's vetting list, a committee member's ballot (recused nominees shown as such)
 * and the chair's confirmation (the result with votes and how each proportion rule stands). They only show.
 */
import {
  AWARD_CATEGORIES,
  IDENTITIES,
  OWNERSHIPS,
  POLITICAL_STATUSES,
  SEXES,
  type AwardCategory,
} from '../../domain/awards/categories';
import type { EligibilityRule } from '../../domain/awards/eligibility';
import { proportionStanding, type ListedNominee, type ProportionRule } from '../../domain/awards/proportions';
import { nominationCapacity, quotaState } from '../../domain/awards/quotas';
import { eligibleMembers } from '../../domain/decision';
import {
  activeNominees,
  nominationsOf,
  unitName,
  unitStanding,
  type ProgrammeRow,
} from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { formatDue } from '../../templates/labels';
import { translate, type Locale } from '../../templates/render';
import type { AwardProgrammeInput, AwardStatus } from '../../workflows/awards/contract';
import type { FormState, LinkPageContext } from '../links/flow';
import { sendPage } from '../pages';
import { judgeNomination } from './eligibility';
import { DEEDS_MAX, SUMMARY_MAX } from './nomination-form';

export interface AwardSubject {
  programme: ProgrammeRow;
  status: AwardStatus;
  input: AwardProgrammeInput;
}

/** How a proportion rule stands over a list that may grow to `capacity`, as pages show it. */
function ruleRow(locale: Locale, rule: ProportionRule, list: ListedNominee[], capacity: number) {
  const st = proportionStanding(rule, list, capacity);
  return {
    label: rule.label,
    hard: rule.hard,
    met: st.met,
    reachable: st.reachable,
    standing: translate(locale, 'awards.rule.standing', {
      matching: st.matching,
      total: st.total,
      share: (st.share * 100).toFixed(0),
    }),
  };
}

const catName = (locale: Locale, c: string) => translate(locale, `awards.category.${c}`);
const options = (locale: Locale, prefix: string, list: readonly string[], selected?: string) =>
  list.map((v) => ({ value: v, label: translate(locale, `${prefix}.${v}`), selected: v === selected }));

function basics(ctx: LinkPageContext, s: AwardSubject) {
  return {
    locale: ctx.locale,
    programme: s.programme.titleZh,
    personName: ctx.link.person.name,
    due: formatDue(ctx.locale, s.status.dueAt ?? undefined),
    csrf: ctx.csrf(),
  };
}

export function awardLinkPages(db: Db) {
  async function nominatePage(
    ctx: LinkPageContext,
    s: AwardSubject,
    unitId: string,
    status: number,
    form: FormState,
  ) {
    const { locale } = ctx;
    const unit = await unitName(db, unitId);
    const mine = await nominationsOf(db, s.programme.id, unitId);
    const active = s.status.nominees.filter((n) => n.status === 'ACTIVE');
    const categories = s.input.quotas.filter((q) => q.unitCode === unitId).map((q) => q.category);
    const quotas = [...new Set(categories)].map((c) => {
      const q = quotaState(
        s.input.quotas,
        active.map((n) => ({ category: n.category, unitCode: n.unitId })),
        unitId,
        c,
      );
      return { category: catName(locale, c), ...q };
    });
    const rules = (s.programme.proportionRules as unknown as ProportionRule[]).map((r) =>
      ruleRow(locale, r, active, nominationCapacity(s.input.quotas, r.categories)),
    );
    const standing = await unitStanding(db, unitId, s.programme.year);
    const unitChecks = await judgeNomination(
      db,
      {
        year: s.programme.year,
        level: s.input.level,
        eligibilityRules: s.programme.eligibilityRules as unknown as EligibilityRule[],
      },
      unitId,
      categories[0] ?? 'ADVANCED_COLLECTIVE',
      null,
      locale,
    );
    const values = form.values ?? {};
    sendPage(ctx.res, status, 'award-nominate', {
      ...basics(ctx, s),
      title: translate(locale, 'awards.page.nominate', { unit: unit?.nameZh ?? '' }),
      unit: unit?.nameZh,
      quotas,
      rules,
      standing: {
        score: standing.score ?? '—',
        grade: standing.grade ? translate(locale, `grade.${standing.grade}`) : '—',
        rank: standing.rank ?? '—',
      },
      checks: unitChecks.verdicts
        .filter((v) => v.kind === 'MIN_UNIT_GRADE' || v.kind === 'NO_SERIOUS_ACCIDENT')
        .map((v) => ({ ok: v.ok, hard: v.hard, text: translate(locale, v.key, v.params) })),
      mine: mine.map((n) => ({
        id: n.id,
        name: n.nomineeName,
        category: catName(locale, n.category),
        status: translate(locale, `awards.status.${n.status}`),
        reason: n.statusReason,
        withdrawable: n.status === 'ACTIVE',
      })),
      categories: [...new Set(categories)].map((c) => ({
        value: c,
        label: `${catName(locale, c)}（${translate(locale, `awards.kind.${AWARD_CATEGORIES[c].nominee}`)}）`,
        selected: c === values.category,
      })),
      sexes: options(locale, 'awards.sex', SEXES, values.sex),
      identities: options(locale, 'awards.identity', IDENTITIES, values.identity),
      politicals: options(locale, 'awards.political', POLITICAL_STATUSES, values.political),
      ownerships: options(locale, 'awards.ownership', OWNERSHIPS, values.ownership),
      teamYes: values.isTeam === 'true',
      teamNo: values.isTeam === 'false',
      deedsMax: DEEDS_MAX,
      summaryMax: SUMMARY_MAX,
      values,
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  }

  async function nomineeRows(s: AwardSubject, ids: string[], locale: Locale) {
    const rows = await activeNominees(db, s.programme.id, ids);
    return rows.map((n) => ({
      id: n.id,
      name: n.nomineeName,
      category: catName(locale, n.category),
      unit: n.organisation.nameZh,
      summary: n.summary,
      deeds: n.deeds,
    }));
  }

  async function vetPage(
    ctx: LinkPageContext,
    s: AwardSubject,
    departmentName: string,
    status: number,
    form: FormState,
  ) {
    const ids = s.status.nominees.filter((n) => n.status === 'ACTIVE').map((n) => n.id);
    const values = form.values ?? {};
    const rows = (await nomineeRows(s, ids, ctx.locale)).map((r) => ({
      ...r,
      objects: values[`answer-${r.id}`] === 'object',
      clear: values[`answer-${r.id}`] === 'clear',
      reason: values[`reason-${r.id}`] ?? '',
      error: form.errors?.[`answer-${r.id}`],
    }));
    sendPage(ctx.res, status, 'award-vet', {
      ...basics(ctx, s),
      title: translate(ctx.locale, 'awards.page.vet', { department: departmentName }),
      department: departmentName,
      rows,
      formError: form.formError,
    });
  }

  async function reviewPage(ctx: LinkPageContext, s: AwardSubject, status: number, form: FormState) {
    const { locale } = ctx;
    const active = s.status.nominees.filter((n) => n.status === 'ACTIVE');
    const values = form.values ?? {};
    const rows = (
      await nomineeRows(
        s,
        active.map((n) => n.id),
        locale,
      )
    ).map((r) => {
      const entry = active.find((n) => n.id === r.id)!;
      const recused = !eligibleMembers(s.input.committee, [entry.unitId]).includes(ctx.link.personId);
      const v = values[`vote-${r.id}`];
      return { ...r, recused, yes: v === 'for', no: v === 'against', abstain: v === 'abstain' };
    });
    sendPage(ctx.res, status, 'award-review', {
      ...basics(ctx, s),
      title: translate(locale, 'awards.page.review', { programme: s.programme.titleZh }),
      mode: translate(locale, `awards.mode.${s.input.reviewMode}`),
      places: Object.entries(s.input.places).map(([c, n]) => ({ category: catName(locale, c), n })),
      rows,
      formError: form.formError,
    });
  }

  async function confirmPage(ctx: LinkPageContext, s: AwardSubject, status: number, form: FormState) {
    const { locale } = ctx;
    const result = s.status.result ?? [];
    const names = new Map(
      (
        await nomineeRows(
          s,
          result.map((r) => r.id),
          locale,
        )
      ).map((r) => [r.id, r]),
    );
    const selected = s.status.nominees.filter((n) =>
      result.some((r) => r.id === n.id && r.outcome === 'SELECTED'),
    );
    const rules = (s.programme.proportionRules as unknown as ProportionRule[]).map((r) =>
      ruleRow(
        locale,
        r,
        selected,
        r.categories.reduce((n, c) => n + (s.input.places[c as AwardCategory] ?? 0), 0),
      ),
    );
    sendPage(ctx.res, status, 'award-confirm', {
      ...basics(ctx, s),
      title: translate(locale, 'awards.page.confirm', { programme: s.programme.titleZh }),
      mode: translate(locale, `awards.mode.${s.input.reviewMode}`),
      rows: result.map((r) => ({
        rank: r.rank,
        name: names.get(r.id)?.name ?? r.id,
        unit: names.get(r.id)?.unit ?? '',
        category: catName(locale, r.category),
        votes: translate(locale, 'awards.votes', {
          for: r.votesFor,
          against: r.votesAgainst,
          entitled: r.entitled,
        }),
        outcome: translate(locale, `awards.outcome.${r.outcome}`, { rule: r.rule ?? '' }),
        selected: r.outcome === 'SELECTED',
      })),
      selectedCount: selected.length,
      rules,
      formError: form.formError,
    });
  }

  return { nominatePage, vetPage, reviewPage, confirmPage };
}
