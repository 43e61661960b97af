/**
 * A unit's nomination page: its quota and what is left, how each rule stands, what the system knows of it (this
 * year's result and indicators, its honours in the register), its nominations with their files, and the form — new,
 * or one of its nominations to edit (`?edit=<id>`). It only shows.
 */
import {
  AWARD_CATEGORIES,
  IDENTITIES,
  OWNERSHIPS,
  POLITICAL_STATUSES,
  SEXES,
  type AwardCategory,
} from '../../domain/awards/categories';
import { ATTACHMENTS_PER_NOMINATION } from '../../domain/awards/attachments';
import type { EligibilityRule } from '../../domain/awards/eligibility';
import type { ProportionRule } from '../../domain/awards/proportions';
import { nominationCapacity, quotaState } from '../../domain/awards/quotas';
import { figuresTableRows } from '../../stores/assessment/progress';
import { loadUnitFigures } from '../../stores/assessment/timeline';
import { attachmentsOf } from '../../stores/awards/attachments';
import { nominationsOf, unitHonours, unitName, type UnitStanding } from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import type { FormState, LinkPageContext } from '../links/flow';
import { sendPage } from '../pages';
import { isUuid } from '../validate';
import { judgeNomination } from './eligibility';
import { honourView } from './honour-view';
import { DEEDS_MAX, SUMMARY_MAX, formValuesOf } from './nomination-form';
import { ATTACHMENT_FIELD } from './nomination-files';
import { basics, catName, fileLinks, options, ruleRow, type AwardSubject } from './page-parts';

/** What the system knows of the unit: this year's result (as the rules read it), latest figures, its register. */
async function unitRecord(db: Db, unitId: string, standing: UnitStanding, locale: Locale) {
  const honours = await unitHonours(db, unitId);
  const figures = standing.assessmentId ? await loadUnitFigures(db, standing.assessmentId) : null;
  const today = new Date();
  return {
    standing: {
      score: standing.score ?? '—',
      grade: standing.grade ? translate(locale, `grade.${standing.grade}`) : '—',
      rank: standing.rank ?? '—',
    },
    figures:
      figures && figures.rows.some((r) => r.actual !== null)
        ? figuresTableRows(figures.rows, locale, figures.notApplicable)
        : [],
    honours: honours.map((h) => honourView(locale, h, today)),
  };
}

export function nominationPage(db: Db) {
  return async function nominatePage(
    ctx: LinkPageContext,
    s: AwardSubject,
    unitId: string,
    status: number,
    form: FormState,
  ) {
    const { locale } = ctx;
    const [unit, mine] = await Promise.all([unitName(db, unitId), nominationsOf(db, s.programme.id, unitId)]);
    const files = await attachmentsOf(
      db,
      mine.map((n) => n.id),
    );
    const editId =
      typeof ctx.req.query.edit === 'string' ? ctx.req.query.edit : (form.values?.nomination ?? '');
    const editing = isUuid(editId) ? mine.find((n) => n.id === editId && n.status === 'ACTIVE') : undefined;
    const active = s.status.nominees.filter((n) => n.status === 'ACTIVE');
    const categories = [
      ...new Set(s.input.quotas.filter((q) => q.unitCode === unitId).map((q) => q.category)),
    ];
    const quotas = categories.map((c) => {
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
    const unitChecks = await judgeNomination(
      db,
      {
        year: s.programme.year,
        level: s.input.level,
        eligibilityRules: s.programme.eligibilityRules as unknown as EligibilityRule[],
      },
      unitId,
      (categories[0] ?? 'ADVANCED_COLLECTIVE') as AwardCategory,
      null,
      locale,
    );
    const values = form.values ?? (editing ? formValuesOf(editing) : {});
    sendPage(ctx.res, status, 'award-nominate', {
      ...basics(ctx, s),
      title: translate(locale, 'awards.page.nominate', { unit: unit?.nameZh ?? '' }),
      unit: unit?.nameZh,
      quotas,
      rules,
      ...(await unitRecord(db, unitId, unitChecks.standing, locale)),
      checks: unitChecks.verdicts
        .filter((v) => v.kind === 'MIN_UNIT_GRADE' || v.kind === 'NO_SERIOUS_ACCIDENT')
        .map((v) => ({ ok: v.ok, hard: v.hard, text: translate(locale, v.key, v.params) })),
      mine: mine.map((n) => ({
        id: n.id,
        name: n.nomineeName,
        category: catName(locale, n.category),
        status: translate(locale, `awards.status.${n.status}`),
        reason: n.statusReason,
        files: fileLinks(ctx, files.get(n.id)),
        withdrawable: n.status === 'ACTIVE',
        editUrl: `?edit=${n.id}`,
      })),
      editing: editing
        ? { id: editing.id, name: editing.nomineeName, files: fileLinks(ctx, files.get(editing.id)) }
        : null,
      categories: categories.map((c) => ({
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
      attachmentField: ATTACHMENT_FIELD,
      attachmentsMax: ATTACHMENTS_PER_NOMINATION,
      values,
      errors: form.errors ?? {},
      hasErrors: Object.keys(form.errors ?? {}).length > 0,
      formError: form.formError,
    });
  };
}
