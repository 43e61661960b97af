/**
 * A bulletin's figures (domain/bulletin.ts) as a document: an HTML page from templates/bulletins/bulletin.hbs with
 * its charts drawn as inline SVG, readable on a phone and printable on A4.
 */
import type { BulletinData, IndicatorRow } from '../../domain/bulletin';
import { barChart } from '../../domain/chart-geometry';
import { formatLocal } from '../../domain/time-zone';
import { formatPercent } from '../../domain/figure-format';
import { elapsedFraction } from '../../domain/period';
import { render, translate, type Locale } from '../../templates/render';
import { checkLabelsOf, stepLabel } from '../../templates/labels';
import { periodIndicatorTexts } from '../../templates/period-format';
import type { OfficialParts } from '../documents/official';

export interface BulletinHeader {
  year: number;
  number: number;
  federation: string;
  issuedAt: Date;
  calendar: unknown;
  /** The official parts (the federation's issuer: its name in the masthead, 抄送 and 印发 in the 版记). */
  doc?: OfficialParts;
}

export function bulletinTitle(locale: Locale, h: Pick<BulletinHeader, 'year' | 'number'>) {
  return {
    title: translate(locale, 'bulletin.title', { year: h.year }),
    numberText: translate(locale, 'bulletin.number', { year: h.year, number: h.number }),
  };
}

const percent = (locale: Locale, x: number | null) =>
  x === null ? translate(locale, 'bulletin.noData') : `${(x * 100).toFixed(1)}%`;
const toneOf = (status: string) =>
  status === 'LAGGING' ? 'bad' : status === 'AHEAD' ? 'good' : status === 'ON_PACE' ? 'warn' : 'plain';

/** Completion per indicator against a 100 % line, coloured by pace; the bulletin's and the dashboard's chart. */
export function completionChart(locale: Locale, indicators: IndicatorRow[]) {
  return barChart(
    translate(locale, 'bulletin.chart.completion'),
    indicators.map((i) => ({
      label: i.name,
      value: Math.min(i.completion ?? 0, 1.5),
      display: percent(locale, i.completion),
      tone: toneOf(i.status),
    })),
    {
      max: 1,
      marker: { value: 1, label: translate(locale, 'bulletin.chart.marker') },
      labelWidth: 220,
      legend: {
        bad: translate(locale, 'pace.LAGGING'),
        warn: translate(locale, 'pace.ON_PACE'),
        good: translate(locale, 'pace.AHEAD'),
        plain: translate(locale, 'pace.NO_DATA'),
      },
    },
  );
}

/** Indicators per part of the table by group: more columns than this do not fit an A4 page legibly. */
export const GROUP_TABLE_COLUMNS = 6;

/** The completion by group, split into parts of at most GROUP_TABLE_COLUMNS indicators, each its own table. */
function groupTables(locale: Locale, data: BulletinData) {
  const parts = Math.ceil(data.indicators.length / GROUP_TABLE_COLUMNS);
  return Array.from({ length: parts }, (_, p) => {
    const from = p * GROUP_TABLE_COLUMNS;
    const to = Math.min(from + GROUP_TABLE_COLUMNS, data.indicators.length);
    return {
      caption:
        parts > 1
          ? translate(locale, 'bulletin.byGroupPart', { part: p + 1, of: parts, from: from + 1, to })
          : null,
      indicators: data.indicators.slice(from, to).map((i, k) => ({ number: from + k + 1, name: i.name })),
      rows: data.groups.map((g) => ({
        name: g.name,
        cells: g.completion
          .slice(from, to)
          .map((completion, k) => ({ completion, status: g.status[from + k] })),
      })),
    };
  });
}

export function renderBulletinHtml(
  data: BulletinData,
  header: BulletinHeader,
  locale: Locale = 'zh-CN',
): string {
  const stages = data.stages.map((s) => ({ label: translate(locale, `stage.${s.stage}`), count: s.count }));
  const checkLabels = checkLabelsOf(header.calendar);
  const charts = {
    stages: barChart(
      translate(locale, 'bulletin.chart.stages'),
      stages.map((s) => ({ label: s.label, value: s.count, display: String(s.count) })),
      { centred: true },
    ),
    completion: completionChart(locale, data.indicators),
    rankings: barChart(
      translate(locale, 'bulletin.chart.rankings'),
      data.rankings.counties.map((r) => ({ label: r.name, value: r.index, display: r.index.toFixed(2) })),
      { max: 100 },
    ),
  };
  const { title, numberText } = bulletinTitle(locale, header);
  return render('bulletins/bulletin.hbs', {
    locale,
    title,
    numberText,
    year: header.year,
    issuer: translate(locale, 'bulletin.issuer', {
      federation: header.doc ? header.doc.issuers.map((i) => i.name).join('、') : header.federation,
    }),
    doc: header.doc,
    issuedAt: formatLocal(header.issuedAt).slice(0, 10),
    asOf: formatLocal(new Date(data.asOf)),
    data,
    finished: data.stages.find((s) => s.stage === 'FINISHED')?.count ?? 0,
    stages,
    overdue: data.overdue.shown.map((o) => ({
      name: o.name,
      step: o.step ? stepLabel(locale, o.step, checkLabels) : '',
      dueAt: formatLocal(new Date(o.dueAt)),
    })),
    indicators: data.indicators.map((i) => ({ ...i, statusLabel: translate(locale, `pace.${i.status}`) })),
    groupTables: data.groups.length > 0 ? groupTables(locale, data) : [],
    rankingTables: [
      { heading: translate(locale, 'bulletin.counties'), rows: data.rankings.counties },
      { heading: translate(locale, 'bulletin.industries'), rows: data.rankings.industries },
    ],
    laggingMore: Math.max(0, data.lagging.count - data.lagging.shown.length),
    paceNote: translate(locale, 'bulletin.paceNote', {
      elapsed: formatPercent(elapsedFraction({ year: header.year, asOf: new Date(data.asOf) })),
    }),
    charts,
    planToDate: data.planToDate && {
      plan: data.planToDate.plan,
      indicators: data.planToDate.indicators.map((i) => periodIndicatorTexts(locale, i)),
    },
  });
}
