/**
 * The plan period's summary (规划期末总结), issued with the last year's results: each indicator's result against
 * its period target for the city, each county/industry union's, their ranking over the period (by the mean of
 * their capped period completions, as the year's completion index is taken), and the honours given in it.
 */
import type { PeriodIndicatorView, PlanPeriodView } from '../plan-period';
import { formatFigure, formatPercent } from '../figure-format';
import type { FreeText, NoticeBody } from './cycle-notice-content';
import { cycleNoticeTitle } from './cycle-notices';

export interface PeriodHonours {
  label: string;
  count: number;
}

const met = (v: PeriodIndicatorView) => (v.completion === null ? null : v.completion >= 1);
const resultOf = (v: PeriodIndicatorView) => {
  const m = met(v);
  return m === null ? '—' : m ? '完成' : '未完成';
};

/** The mean of the indicators' period completions, each capped at 100 %; null without any. */
export function periodIndex(views: PeriodIndicatorView[]): number | null {
  const c = views.flatMap((v) => (v.completion === null ? [] : [Math.min(1, v.completion)]));
  return c.length ? c.reduce((s, x) => s + x, 0) / c.length : null;
}

export function periodSummaryBody(
  city: PlanPeriodView,
  branches: Array<{ code: string; name: string; view: PlanPeriodView }>,
  honours: PeriodHonours[],
  ctx: { federation: string; office: string; concerns: string[] },
  text: FreeText,
): NoticeBody {
  const { plan } = city;
  const judged = city.indicators.filter((v) => met(v) !== null);
  const metCount = judged.filter((v) => met(v)).length;
  const ranked = branches
    .map((b) => ({ ...b, index: periodIndex(b.view.indicators) }))
    .sort((a, b) => (b.index ?? -1) - (a.index ?? -1));
  const honoured = honours.reduce((s, h) => s + h.count, 0);
  return {
    title: cycleNoticeTitle('PERIOD_SUMMARY', plan.periodEnd, plan.name),
    addressee: '各县（市、区）总工会，各产业工会，各直属基层工会：',
    opening:
      text.opening ??
      `${plan.periodStart}—${plan.periodEnd}年，全市各级工会认真实施《${plan.name}》，规划期各年度劳动竞赛考核工作已全部完成。现将规划实施情况通报如下：`,
    sections: [
      {
        heading: '一、规划目标完成情况',
        level: 2,
        paragraphs: [
          `规划期内共开展${city.years.length}个年度的考核。规划确定的${city.indicators.length}项指标中，${metCount}项完成规划期目标，${judged.length - metCount}项未完成${judged.length < city.indicators.length ? `，${city.indicators.length - judged.length}项无可比数据` : ''}。`,
        ],
        table: {
          head: ['指标', '规划期目标', '完成', '完成率', '结果'],
          rows: city.indicators.map((v) => [
            `${v.name}（${v.unit}）`,
            formatFigure(v.periodTarget, v.measure),
            formatFigure(v.toDate, v.measure),
            formatPercent(v.completion),
            resultOf(v),
          ]),
        },
      },
      {
        heading: '二、各县（市、区）和产业工会完成情况',
        level: 2,
        paragraphs: [
          ranked.length
            ? `按规划期各项指标完成率（单项最高按100%计）的平均值排序，${ranked[0]!.name}位居第一。各单位分项完成情况见附件。`
            : '无。',
        ],
        table: {
          head: ['排名', '单位', '完成规划期目标的指标', '综合完成率'],
          rows: ranked.map((b, i) => [
            String(i + 1),
            b.name,
            `${b.view.indicators.filter((v) => met(v)).length}/${b.view.indicators.length}`,
            formatPercent(b.index),
          ]),
        },
      },
      {
        heading: '三、表彰情况',
        level: 2,
        paragraphs: [
          honoured
            ? `规划期内共表彰先进集体和个人${honoured}个（名），其中${honours.map((h) => `${h.label}${h.count}个（名）`).join('，')}。`
            : '规划期内未开展表彰。',
        ],
      },
    ],
    closing: text.closing ?? '希望各级工会总结经验，巩固成果，为新一轮规划的实施打好基础。',
    contact: text.contact ?? `联系人：${ctx.office}`,
    attachments: ranked.length
      ? [
          {
            title: '各县（市、区）和产业工会规划期指标完成情况',
            parts: ranked.map((b) => ({
              heading: b.name,
              table: {
                head: ['指标', '规划期目标', '完成', '完成率'],
                rows: b.view.indicators.map((v) => [
                  v.name,
                  formatFigure(v.periodTarget, v.measure),
                  formatFigure(v.toDate, v.measure),
                  formatPercent(v.completion),
                ]),
              },
            })),
          },
        ]
      : [],
    concerns: ctx.concerns,
  };
}
