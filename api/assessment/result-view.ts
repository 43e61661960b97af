/**
 * A year-end result sheet (stores/assessment/result-sheet.ts) as pages show it in the reader's language: the
 * indicator part with each indicator's completion and weight, every member's score sheet, how the total is made,
 * the grade and the rank among peers. The chair's confirmation page and the console's unit page both use it.
 */
import { figureMeaning } from '../../domain/indicator-rules';
import type { ResultSheet } from '../../stores/assessment/result-sheet';
import { formatLocal } from '../../domain/time-zone';
import { inLocale, translate, type Locale } from '../../templates/render';

export function criteriaView(sheet: Pick<ResultSheet, 'criteria'>, locale: Locale) {
  const total = sheet.criteria.reduce((s, c) => s + c.weight, 0);
  return sheet.criteria.map((c) => ({
    code: c.code,
    name: inLocale(locale, c.nameZh, c.nameEn),
    description: inLocale(locale, c.descriptionZh ?? '', c.descriptionEn) || null,
    weight: c.weight,
    share: total > 0 ? c.weight / total : null,
  }));
}

export function resultView(sheet: ResultSheet, locale: Locale) {
  const { rules, result, peers } = sheet;
  const kind = translate(locale, `org.kind.${peers.kind}`);
  return {
    indicators: sheet.indicators.map((i) => ({
      name: inLocale(locale, i.nameZh, i.nameEn),
      unit: inLocale(locale, i.unitZh, i.unitEn),
      meaning: translate(locale, figureMeaning(i.kind).key),
      target: i.target,
      actual: i.actual,
      completion: i.completion,
      capped: i.completion !== null && i.completion > 1,
      weight: i.weight,
      counted: i.completion !== null && i.weight > 0,
      notApplicable: i.notApplicable,
    })),
    criteria: criteriaView(sheet, locale),
    sheets: sheet.sheets.map((s) => ({
      name: s.name,
      at: formatLocal(s.scoredAt),
      scores: sheet.criteria.map((c) => s.scores[c.code] ?? null),
      total: s.total,
    })),
    round: sheet.round === null ? null : sheet.round + 1,
    indicatorPart: result.indicatorPart,
    committeePart: result.committeePart,
    score: result.score,
    grade: translate(locale, `grade.${result.grade}`),
    formula: translate(locale, 'result.formula', {
      ip: result.indicatorPart.toFixed(2),
      iw: rules.indicatorWeight,
      cp: result.committeePart.toFixed(2),
      cw: rules.committeeWeight,
      score: result.score.toFixed(2),
    }),
    thresholds: rules.gradeThresholds
      .map((t) =>
        translate(locale, 'result.threshold', { grade: translate(locale, `grade.${t.grade}`), min: t.min }),
      )
      .join(translate(locale, 'list.separator')),
    rank: translate(locale, sheet.confirmed ? 'result.rank' : 'result.rankProvisional', {
      parent: peers.parentNameZh ?? translate(locale, 'result.topLevel'),
      kind,
      of: peers.of,
      rank: peers.rank,
      withResult: peers.withResult,
    }),
    confirmed: sheet.confirmed,
  };
}
