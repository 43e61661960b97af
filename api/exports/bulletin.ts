/**
 * An issued bulletin's tables as a workbook, from the data archived with it (so it says what the bulletin said):
 * the city's indicators, each group's completion per indicator, the rankings, the lagging units, the plan period so
 * far and, at the year end, the results.
 */
import type { Response } from 'express';
import type { BulletinData } from '../../domain/bulletin';
import { trackKey } from '../../templates/period-format';
import { translate, type Locale } from '../../templates/render';
import { listed, SCORE_FORMAT, SHARE_FORMAT, streamWorkbook, type ColumnSpec } from './workbook';

export function bulletinWorkbook(
  res: Response,
  b: { data: BulletinData; year: number; number: number | null },
  locale: Locale,
) {
  const t = (key: string) => translate(locale, key);
  const d = b.data;
  const unit: ColumnSpec[] = [
    { header: t('export.col.code'), key: 'code', width: 16 },
    { header: t('export.col.unit'), key: 'name', width: 28 },
  ];
  const figures: ColumnSpec[] = [
    { header: t('field.target'), key: 'target', width: 12, numFmt: '#,##0.##' },
    { header: t('field.actual'), key: 'actual', width: 12, numFmt: '#,##0.##' },
    { header: t('field.expected'), key: 'expected', width: 12, numFmt: '#,##0.##' },
    { header: t('field.completion'), key: 'completion', width: 10, numFmt: SHARE_FORMAT },
  ];
  const sheets = [
    {
      name: t('export.bulletin.indicators'),
      columns: [
        { header: t('export.col.indicatorCode'), key: 'code', width: 26 },
        { header: t('field.indicator'), key: 'name', width: 36 },
        { header: t('export.col.unitOfMeasure'), key: 'unit', width: 10 },
        ...figures,
        { header: t('export.col.pace'), key: 'status', width: 8 },
        { header: t('export.col.reporting'), key: 'reporting', width: 10 },
      ],
      rows: listed(d.indicators.map((i) => ({ ...i, status: t(`pace.${i.status}`) }))),
    },
    {
      name: t('export.bulletin.groups'),
      columns: [
        ...unit,
        { header: t('export.col.kind'), key: 'kind', width: 18 },
        ...d.indicators.map((i, n) => ({ header: i.name, key: `i${n}`, width: 14, numFmt: SHARE_FORMAT })),
      ],
      rows: listed(
        d.groups.map((g) => ({
          code: g.code,
          name: g.name,
          kind: t(`org.kind.${g.kind}`),
          ...Object.fromEntries(g.completion.map((c, n) => [`i${n}`, c])),
        })),
      ),
    },
    {
      name: t('export.bulletin.rankings'),
      columns: [
        { header: t('export.col.rankingOf'), key: 'of', width: 14 },
        { header: t('field.rank'), key: 'rank', width: 8 },
        ...unit,
        { header: t('export.col.index'), key: 'index', width: 12, numFmt: SHARE_FORMAT },
        { header: t('export.col.laggingUnits'), key: 'laggingUnits', width: 12 },
      ],
      rows: listed([
        ...d.rankings.counties.map((r) => ({ ...r, of: t('org.kind.COUNTY_DISTRICT') })),
        ...d.rankings.industries.map((r) => ({ ...r, of: t('org.kind.INDUSTRY_UNION') })),
      ]),
    },
    {
      name: t('export.bulletin.lagging'),
      columns: [
        ...unit,
        { header: t('export.col.parent'), key: 'parent', width: 24 },
        { header: t('field.indicator'), key: 'indicator', width: 36 },
        ...figures,
      ],
      rows: listed(
        d.lagging.shown.flatMap((u) =>
          u.indicators.map((i) => ({
            ...i,
            code: u.code,
            name: u.name,
            parent: u.parent ?? '',
            indicator: i.name,
          })),
        ),
      ),
    },
    ...(d.planToDate
      ? [
          {
            name: t('export.bulletin.planToDate'),
            columns: [
              { header: t('export.col.indicatorCode'), key: 'code', width: 26 },
              { header: t('field.indicator'), key: 'name', width: 36 },
              { header: t('export.col.unitOfMeasure'), key: 'unit', width: 10 },
              {
                header: t('bulletin.planToDate.periodTarget'),
                key: 'periodTarget',
                width: 12,
                numFmt: '#,##0.##',
              },
              { header: t('bulletin.planToDate.toDate'), key: 'toDate', width: 12, numFmt: '#,##0.##' },
              { header: t('field.completion'), key: 'completion', width: 10, numFmt: SHARE_FORMAT },
              { header: t('bulletin.planToDate.yearsLeft'), key: 'yearsLeft', width: 10 },
              {
                header: t('bulletin.planToDate.needed'),
                key: 'neededPerYear',
                width: 12,
                numFmt: '#,##0.####',
              },
              { header: t('bulletin.planToDate.track'), key: 'track', width: 14 },
            ],
            rows: listed(d.planToDate.indicators.map((i) => ({ ...i, track: t(trackKey(i.onTrack)) }))),
          },
        ]
      : []),
    ...(d.results
      ? [
          {
            name: t('export.results.sheet'),
            columns: [
              { header: t('export.col.parent'), key: 'parent', width: 24 },
              { header: t('export.col.kind'), key: 'kind', width: 18 },
              ...unit,
              { header: t('field.score'), key: 'score', width: 10, numFmt: SCORE_FORMAT },
              { header: t('field.grade'), key: 'grade', width: 10 },
              { header: t('field.rank'), key: 'rank', width: 8 },
            ],
            rows: listed(
              d.results.groups.flatMap((g) =>
                g.rows.map((r) => ({
                  ...r,
                  parent: g.parentName ?? '',
                  kind: t(`org.kind.${g.kind}`),
                  grade: t(`grade.${r.grade}`),
                })),
              ),
            ),
          },
        ]
      : []),
  ];
  const name = t('export.bulletin.file')
    .replace('{year}', String(b.year))
    .replace('{number}', String(b.number ?? ''));
  return streamWorkbook(res, { ascii: `bulletin-${b.year}-${b.number ?? ''}.xlsx`, name }, sheets);
}
