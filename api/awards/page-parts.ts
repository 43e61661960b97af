/** What every award link page shows alike: the programme, who is acting, the due date, rules, files. */
import { proportionStanding, type ListedNominee, type ProportionRule } from '../../domain/awards/proportions';
import type { ProgrammeRow } from '../../stores/awards/queries';
import { formatDue } from '../../templates/labels';
import { translate, type Locale } from '../../templates/render';
import type { AwardProgrammeInput, AwardStatus } from '../../workflows/awards/contract';
import type { LinkPageContext } from '../links/flow';

export interface AwardSubject {
  programme: ProgrammeRow;
  status: AwardStatus;
  input: AwardProgrammeInput;
}

/** How a proportion rule stands over a list that may grow to `capacity`, as pages show it. */
export function ruleRow(locale: Locale, rule: ProportionRule, list: ListedNominee[], capacity: number) {
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

export const catName = (locale: Locale, c: string) => translate(locale, `awards.category.${c}`);
export const options = (locale: Locale, prefix: string, list: readonly string[], selected?: string) =>
  list.map((v) => ({ value: v, label: translate(locale, `${prefix}.${v}`), selected: v === selected }));

export function basics(ctx: LinkPageContext, s: AwardSubject) {
  return {
    locale: ctx.locale,
    programme: s.programme.titleZh,
    personName: ctx.link.person.name,
    due: formatDue(ctx.locale, s.status.dueAt ?? undefined),
    csrf: ctx.csrf(),
  };
}

/** A stored file as a download link: its name, its size in KB, where it is served. */
export function fileRow(f: { id: string; fileName: string; size: number }, url: string) {
  return { name: f.fileName, size: `${Math.max(1, Math.round(f.size / 1024))} KB`, url };
}

/** Download links for a nomination's files, under this link (they open only while the link does). */
export function fileLinks(
  ctx: LinkPageContext,
  files: Array<{ id: string; fileName: string; size: number }> = [],
) {
  const token = encodeURIComponent(String(ctx.req.params.token));
  return files.map((f) => fileRow(f, `/a/${token}/files/${f.id}`));
}

/** Whose ballot a review link casts: its member's own, or (`review-for:<id>`) the member who delegated it. */
export const ballotOwner = (step: string, personId: string) =>
  step.startsWith('review-for:') ? step.slice('review-for:'.length) : personId;
