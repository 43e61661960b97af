/**
 * A plan-period indicator in words and figures, as the console's period page and the bulletins' "plan to date"
 * section show it: each year's figure, target and completion, the period target, where it stands, the pace needed
 * in the years left and whether it is on track.
 */
import { formatFigure, formatPercent, paceShown } from '../domain/figure-format';
import type { PeriodIndicatorView } from '../domain/plan-period';
import { translate, type Locale } from './render';

export const trackKey = (onTrack: boolean | null) =>
  `period.track.${onTrack === null ? 'unknown' : onTrack ? 'yes' : 'no'}`;

function neededText(locale: Locale, i: PeriodIndicatorView): string {
  if (i.neededPerYear === null) return '—';
  if (i.kind === 'GROWTH' || i.kind === 'LOWER_IS_BETTER')
    return translate(locale, 'period.neededRate', { rate: i.neededPerYear.toFixed(1) });
  return translate(locale, 'period.neededAmount', {
    amount: formatFigure(paceShown(i.neededPerYear, i.measure), i.measure),
    unit: i.unit,
  });
}

export function periodIndicatorTexts(locale: Locale, i: PeriodIndicatorView) {
  return {
    ...i,
    kindLabel: translate(locale, `indicatorKind.${i.kind}`),
    rows: i.rows.map((r) => ({
      ...r,
      figureText: formatFigure(r.figure, i.measure),
      targetText: formatFigure(r.target, i.measure),
      completionText: formatPercent(r.completion),
    })),
    periodTargetText: formatFigure(i.periodTarget, i.measure),
    toDateText: formatFigure(i.toDate, i.measure),
    completionText: formatPercent(i.completion),
    neededText: neededText(locale, i),
    track: translate(locale, trackKey(i.onTrack)),
  };
}
