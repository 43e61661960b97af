/**
 * What the cycle's notices say, from the same snapshot and roll-up the bulletins use (domain/bulletin.ts), so a
 * notice, a bulletin and the console name the same units, targets, ranks and grades. Each kind gives its title,
 * its addressee, numbered sections (一、二、…), and its attachments (附件) as tables; the office's own paragraphs
 * (opening, closing, contact) replace the defaults.
 */
import type { BulletinData, BulletinInput } from '../bulletin';
import type { ResolvedCalendar } from '../calendar';
import { formatFigure } from '../figure-format';
import { measureOf } from '../input-rules';
import { wallClockAt } from '../time-zone';
import {
  ANNEX_SPLIT_ROWS,
  cycleNoticeTitle,
  lateBySupervisor,
  submissionSteps,
  type CycleNoticeKind,
} from './cycle-notices';

export interface NoticeTable {
  head: string[];
  rows: string[][];
}

export interface NoticeBody {
  title: string;
  addressee: string;
  opening: string;
  /** Level 2 headed 一、 (黑体), level 3 headed （一） (楷体), as GB/T 9704 orders them. */
  sections: Array<{ heading: string; level: 2 | 3; paragraphs: string[]; table?: NoticeTable }>;
  closing: string;
  contact: string;
  attachments: Array<{ title: string; parts: Array<{ heading?: string; table: NoticeTable }> }>;
  /** The units (codes) it is sent to: every participant, or the supervising unions of the late units. */
  concerns: string[];
}

export interface FreeText {
  opening?: string | null;
  closing?: string | null;
  contact?: string | null;
}

export interface NoticeContext {
  year: number;
  planName: string;
  federation: string;
  calendar: ResolvedCalendar;
  snapshot: BulletinInput;
  data: BulletinData;
  /** The office's line at the end (联系人), when the admin has not written one. */
  office: string;
  grades: Record<string, string>;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const numbered = (
  sections: Array<Omit<NoticeBody['sections'][number], 'heading' | 'level'> & { title: string }>,
) =>
  sections.map(({ title, ...s }, i) => ({
    heading: `${NUMERALS[i] ?? i + 1}、${title}`,
    level: 2 as const,
    ...s,
  }));

export const chineseDateTime = (ms: number) => {
  const w = wallClockAt(new Date(ms));
  return `${w.year}年${w.month}月${w.day}日${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

const ADDRESSEE = '各县（市、区）总工会，各产业工会，各直属基层工会：';

function participants(ctx: NoticeContext) {
  const byId = new Map(ctx.snapshot.units.map((u) => [u.id, u]));
  return ctx.snapshot.units
    .filter((u) => u.participating)
    .map((u) => ({ ...u, parent: u.parentId ? (byId.get(u.parentId) ?? null) : null }));
}

/** The top branch (county/district or industry union) under the root a unit belongs to, for annexes per branch. */
function branchOf(ctx: NoticeContext) {
  const byId = new Map(ctx.snapshot.units.map((u) => [u.id, u]));
  return (id: string) => {
    let u = byId.get(id);
    while (u?.parentId && byId.get(u.parentId)?.parentId) u = byId.get(u.parentId);
    return u ?? null;
  };
}

function startNotice(ctx: NoticeContext, text: FreeText): NoticeBody {
  const units = participants(ctx);
  const steps = submissionSteps(ctx.calendar);
  // Counts whole, shares with one decimal, as every page shows them.
  const measures = new Map(ctx.snapshot.indicators.map((i) => [i.code, measureOf(i.aggregation)]));
  const targets = ctx.data.indicators.map((i) => [
    i.name,
    i.unit,
    formatFigure(i.target, measures.get(i.code)),
  ]);
  const allocation = units.flatMap((u) =>
    ctx.data.indicators.flatMap((i) => {
      const t = ctx.snapshot.targets.get(u.id)?.[i.code];
      return t === undefined
        ? []
        : [{ unit: u, row: [u.name, i.name, formatFigure(t, measures.get(i.code)), i.unit] }];
    }),
  );
  const branch = branchOf(ctx);
  const byBranch = new Map<string, string[][]>();
  for (const a of allocation) {
    const name = branch(a.unit.id)?.name ?? ctx.federation;
    const rows = byBranch.get(name) ?? [];
    rows.push(a.row);
    byBranch.set(name, rows);
  }
  const head = ['单位', '指标', '目标值', '计量单位'];
  const annexParts =
    allocation.length > ANNEX_SPLIT_ROWS
      ? [...byBranch].map(([heading, rows]) => ({ heading, table: { head, rows } }))
      : [{ table: { head, rows: allocation.map((r) => r.row) } }];
  return {
    title: cycleNoticeTitle('CYCLE_NOTICE', ctx.year),
    addressee: ADDRESSEE,
    opening:
      text.opening ??
      `为深入贯彻落实《${ctx.planName}》，推动劳动竞赛常态化、规范化开展，经研究，决定开展${ctx.year}年度劳动竞赛考核工作。现将有关事项通知如下：`,
    sections: numbered([
      {
        title: '考核目的',
        paragraphs: [
          '以考核促落实，检验各单位劳动竞赛规划的执行情况和实际效果，总结推广先进经验，推动年度目标任务全面完成。',
        ],
      },
      {
        title: '参加单位',
        paragraphs: [`本年度参加考核的单位共${units.length}个，名单见附件1。`],
      },
      {
        title: '工作安排（北京时间）',
        paragraphs: [
          `（一）规划方案提交：各单位于${chineseDateTime(ctx.calendar.planSubmission.dueAt)}前报送年度劳动竞赛规划方案。`,
          `（二）目标任务确定：各单位于${chineseDateTime(ctx.calendar.targetSetting.dueAt)}前报送年度目标任务，经考核委员会审定后执行。`,
          `（三）执行情况检查：${steps
            .filter((s) => s.step.startsWith('check-'))
            .map((s) => `${s.label.replace(/工作进展$/u, '')}于${chineseDateTime(s.dueAt)}前报送工作进展`)
            .join('；')}。`,
          `（四）效果评估：各单位于${chineseDateTime(ctx.calendar.evaluation.dueAt)}前报送年度自评，由考核委员会评分、审定。`,
          '（五）定期通报：考核期间定期编发劳动竞赛简报，通报各单位进展；考核结束后通报考核结果。',
        ],
      },
      {
        title: '报送要求',
        paragraphs: [
          '各单位通过系统发送的邮件链接报送规划方案、目标任务、工作进展和年度自评，数据须真实准确；逾期未报送的，将向其上级工会发出督办通知。',
        ],
      },
      {
        title: '年度目标',
        paragraphs: [`全市${ctx.year}年度主要指标目标如下，各单位分解目标见附件2。`],
        table: { head: ['指标', '计量单位', '全市目标'], rows: targets },
      },
    ]),
    closing: text.closing ?? '请各单位高度重视，精心组织，按时报送，确保考核工作顺利开展。',
    contact: text.contact ?? `联系人：${ctx.office}`,
    attachments: [
      {
        title: '参加考核单位名单',
        parts: [
          {
            table: {
              head: ['序号', '单位', '上级工会'],
              rows: units.map((u, i) => [String(i + 1), u.name, u.parent?.name ?? '—']),
            },
          },
        ],
      },
      { title: '各单位目标任务分解表', parts: annexParts },
    ],
    concerns: units.map((u) => u.code),
  };
}

/** The units still owing `step` at `at`: waiting on it past their own due date. */
export function lateUnits(ctx: Pick<NoticeContext, 'snapshot'>, step: string, at: number) {
  const byId = new Map(ctx.snapshot.units.map((u) => [u.id, u]));
  return ctx.snapshot.units
    .filter(
      (u) =>
        u.participating &&
        u.step === step &&
        (u.status === 'WAITING_SUBMISSION' || u.status === 'RETURNED') &&
        u.dueAt !== null &&
        u.dueAt <= at,
    )
    .map((u) => {
      const parent = u.parentId ? byId.get(u.parentId) : undefined;
      return {
        code: u.code,
        name: u.name,
        supervisorCode: parent?.code ?? null,
        supervisorName: parent?.name ?? null,
        dueAt: u.dueAt!,
      };
    });
}

function urgingNotice(ctx: NoticeContext, text: FreeText, step: string, at: number): NoticeBody | null {
  const info = submissionSteps(ctx.calendar).find((s) => s.step === step);
  const late = lateUnits(ctx, step, at);
  if (!info || late.length === 0) return null;
  const groups = lateBySupervisor(late);
  return {
    title: cycleNoticeTitle('URGING_NOTICE', ctx.year, info.label),
    addressee: `${groups.map((g) => g.name ?? ctx.federation).join('、')}：`,
    opening:
      text.opening ??
      `截至${chineseDateTime(at)}，下列${late.length}个单位尚未报送${ctx.year}年度${info.label}（截止时间为${chineseDateTime(info.dueAt)}）。请各上级工会督促所属单位抓紧补报，并将有关情况报市总工会。`,
    sections: groups.map((g, i) => ({
      heading: `（${NUMERALS[i] ?? i + 1}）${g.name ?? ctx.federation}（${g.units.length}个）`,
      level: 3 as const,
      paragraphs: [],
      table: {
        head: ['序号', '单位', '截止时间'],
        rows: g.units.map((u, n) => [String(n + 1), u.name, chineseDateTime(u.dueAt)]),
      },
    })),
    closing: text.closing ?? '逾期仍未报送的，将在劳动竞赛简报中通报，并影响年度考核结果。',
    contact: text.contact ?? `联系人：${ctx.office}`,
    attachments: [],
    concerns: groups.flatMap((g) => (g.code ? [g.code] : [])),
  };
}

function resultsNotice(ctx: NoticeContext, text: FreeText): NoticeBody | null {
  const r = ctx.data.results;
  if (!r) return null;
  const all = r.groups.flatMap((g) => g.rows);
  const praised = all.filter((u) => u.grade === 'EXCELLENT').sort((a, b) => b.score - a.score);
  const count = (grade: string) => all.filter((u) => u.grade === grade).length;
  const grades = Object.keys(ctx.grades)
    .map((g) => `${ctx.grades[g]}${count(g)}个`)
    .join('，');
  const resultRow = (u: (typeof all)[number]) => [
    u.rank === null ? '—' : String(u.rank),
    u.name,
    u.score.toFixed(2),
    ctx.grades[u.grade] ?? u.grade,
  ];
  return {
    title: cycleNoticeTitle('RESULTS_NOTICE', ctx.year),
    addressee: ADDRESSEE,
    opening:
      text.opening ??
      `根据《${ctx.planName}》，经各单位自评、考核委员会评分和审定，${ctx.year}年度劳动竞赛考核工作已经结束。现将考核结果通报如下：`,
    sections: numbered([
      {
        title: '总体情况',
        paragraphs: [`本年度共${all.length}个单位完成考核，其中${grades}。各单位得分和排名见附件。`],
      },
      {
        title: '表现突出的单位',
        // Praise goes to every unit graded 优秀 (highest score first), never to a merely passing one.
        paragraphs: [
          praised.length
            ? `${praised.map((u) => u.name).join('、')}考核等次为${ctx.grades.EXCELLENT ?? '优秀'}，予以通报表扬。`
            : `本年度无考核等次为${ctx.grades.EXCELLENT ?? '优秀'}的单位。`,
        ],
      },
      {
        title: '需要改进的单位',
        paragraphs: [
          r.failing.length
            ? `${r.failing.map((u) => u.name).join('、')}考核等次为${ctx.grades.FAIL ?? '不合格'}，请认真查找差距，限期整改。`
            : `本年度无考核等次为${ctx.grades.FAIL ?? '不合格'}的单位。`,
        ],
      },
    ]),
    closing: text.closing ?? '希望各单位以先进为榜样，总结经验，补齐短板，推动劳动竞赛工作再上新台阶。',
    contact: text.contact ?? `联系人：${ctx.office}`,
    attachments: [
      {
        title: `${ctx.year}年度劳动竞赛考核结果`,
        parts: r.groups.map((g) => ({
          heading: g.parentName ? `${g.parentName}所属单位` : ctx.federation,
          table: { head: ['排名', '单位', '得分', '等次'], rows: g.rows.map(resultRow) },
        })),
      },
    ],
    concerns: participants(ctx).map((u) => u.code),
  };
}

/** The notice's body at `at`; null when there is nothing to say (nobody late, no results). */
export function cycleNoticeBody(
  kind: CycleNoticeKind,
  ctx: NoticeContext,
  text: FreeText,
  at: number,
  step?: string,
): NoticeBody | null {
  if (kind === 'CYCLE_NOTICE') return startNotice(ctx, text);
  if (kind === 'URGING_NOTICE') return urgingNotice(ctx, text, step ?? '', at);
  return resultsNotice(ctx, text);
}
