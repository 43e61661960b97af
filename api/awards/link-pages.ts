/**
 * The pages an award link opens besides the nomination page: a department's vetting list, a committee member's
 * ballot (recused nominees shown as such) and the chair's confirmation (the result with votes and how each
 * proportion rule stands), each nominee with its files. They only show.
 */
import type { AwardCategory } from '../../domain/awards/categories';
import type { ProportionRule } from '../../domain/awards/proportions';
import { DEFAULT_PASS_MARK } from '../../domain/awards/selection';
import { eligibleMembers } from '../../domain/decision';
import { attachmentsOf } from '../../stores/awards/attachments';
import { activeNominees, peopleNamed } from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import type { FormState, LinkPageContext } from '../links/flow';
import { sendPage } from '../pages';
import { ballotOwner, basics, catName, fileLinks, ruleRow, type AwardSubject } from './page-parts';

/** Members score rather than vote (差额 by score). */
const scoringOf = (s: AwardSubject) => s.input.reviewMode === 'COMPETITIVE' && s.input.ballot === 'SCORE';

export function awardLinkPages(db: Db) {
  async function nomineeRows(ctx: LinkPageContext, s: AwardSubject, ids: string[], locale: Locale) {
    const [rows, files] = await Promise.all([
      activeNominees(db, s.programme.id, ids),
      attachmentsOf(db, ids),
    ]);
    return rows.map((n) => ({
      files: fileLinks(ctx, files.get(n.id)),
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
    const rows = (await nomineeRows(ctx, s, ids, ctx.locale)).map((r) => ({
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

  /** A ballot page: the member's own (with the choice to delegate it), or one delegated to this member. */
  async function reviewPage(ctx: LinkPageContext, s: AwardSubject, status: number, form: FormState) {
    const { locale } = ctx;
    const actor = ctx.link.personId;
    const owner = ballotOwner(ctx.link.step, actor);
    const others = s.input.committee.map((m) => m.personId).filter((p) => p !== actor);
    const people = await peopleNamed(db, [owner, ...others]);
    const active = s.status.nominees.filter((n) => n.status === 'ACTIVE');
    const values = form.values ?? {};
    const rows = (
      await nomineeRows(
        ctx,
        s,
        active.map((n) => n.id),
        locale,
      )
    ).map((r) => {
      const entry = active.find((n) => n.id === r.id)!;
      const entitled = eligibleMembers(s.input.committee, [entry.unitId]);
      // A delegate's own conflict of interest carries to the ballot it casts.
      const recused = !entitled.includes(owner) || !entitled.includes(actor);
      const v = values[`vote-${r.id}`];
      const score = values[`score-${r.id}`] ?? '';
      return { ...r, recused, yes: v === 'for', no: v === 'against', abstain: v === 'abstain', score };
    });
    sendPage(ctx.res, status, 'award-review', {
      ...basics(ctx, s),
      title: translate(locale, 'awards.page.review', { programme: s.programme.titleZh }),
      onBehalfOf: owner === actor ? null : (people.get(owner) ?? ''),
      delegates:
        owner === actor
          ? others.map((p) => ({ value: p, label: people.get(p) ?? p, selected: values.to === p }))
          : [],
      mode: translate(locale, `awards.mode.${scoringOf(s) ? 'COMPETITIVE_SCORE' : s.input.reviewMode}`),
      scoring: scoringOf(s),
      passMark: s.input.passMark ?? DEFAULT_PASS_MARK,
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
          ctx,
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
      scoring: scoringOf(s),
      mode: translate(locale, `awards.mode.${scoringOf(s) ? 'COMPETITIVE_SCORE' : s.input.reviewMode}`),
      rows: result.map((r) => ({
        rank: r.rank,
        name: names.get(r.id)?.name ?? r.id,
        unit: names.get(r.id)?.unit ?? '',
        category: catName(locale, r.category),
        votes: scoringOf(s)
          ? translate(locale, 'awards.scores', {
              mean: r.meanScore?.toFixed(2) ?? '—',
              scored: r.scored,
              entitled: r.entitled,
            })
          : translate(locale, 'awards.votes', {
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

  return { vetPage, reviewPage, confirmPage };
}
