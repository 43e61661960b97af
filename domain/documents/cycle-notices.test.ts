import { buildBulletin, type BulletinInput, type BulletinUnit } from '../bulletin';
import { resolveCalendar } from '../calendar';
import { cycleNoticeBody, lateUnits, type NoticeContext } from './cycle-notice-content';
import { ANNEX_SPLIT_ROWS, cycleNoticePlan, noticeLeadMs } from './cycle-notices';
import { documentNumber } from './numbering';
import { judgeSeal, splitCopyTo } from './issuers';

const calendar = (extra: Record<string, unknown> = {}) =>
  resolveCalendar({
    planSubmission: { due: '2026-03-31T17:00' },
    targetSetting: { due: '2026-04-30T17:00' },
    checks: [
      { label: '第一季度', asOf: '2026-03-31', due: '2026-05-10T17:00' },
      { label: '第二季度', asOf: '2026-06-30', due: '2026-07-10T17:00' },
    ],
    evaluation: { due: '2026-12-20T17:00' },
    ...extra,
  });
const started = Date.parse('2026-01-05T01:00:00Z');

const unit = (id: string, parentId: string | null, extra: Partial<BulletinUnit> = {}): BulletinUnit => ({
  id,
  code: id,
  name: `单位${id}`,
  kind: parentId ? 'GRASSROOTS_UNION' : 'FEDERATION',
  parentId,
  participating: parentId !== null,
  stage: 'PLAN_SUBMISSION',
  status: 'WAITING_SUBMISSION',
  step: 'plan',
  dueAt: calendar().planSubmission.dueAt,
  ...extra,
});

function context(units: BulletinUnit[], targets = new Map<string, Record<string, number>>()): NoticeContext {
  const snapshot: BulletinInput = {
    asOf: calendar().planSubmission.dueAt + 1000,
    elapsed: 0.25,
    units,
    indicators: [
      {
        code: 'a',
        name: '竞赛项目',
        unit: '个',
        kind: 'ANNUAL_COUNT',
        aggregation: 'SUM',
        weight: 1,
        annualRatePct: null,
        spanYears: 1,
      },
    ],
    targets,
    figures: new Map(),
    reportElapsed: new Map(),
  };
  return {
    year: 2026,
    planName: '测试规划',
    federation: '市总工会',
    calendar: calendar(),
    snapshot,
    data: buildBulletin(snapshot),
    office: '市总工会办公室',
    grades: { EXCELLENT: '优秀', GOOD: '良好', PASS: '合格', FAIL: '不合格' },
  };
}

describe("a cycle's notices", () => {
  it('plans the start notice, one urging notice per submission step and the results, each with its lead', () => {
    const plan = cycleNoticePlan(calendar(), started);
    expect(plan.map((n) => [n.key, n.kind])).toEqual([
      ['start', 'CYCLE_NOTICE'],
      ['urge:plan', 'URGING_NOTICE'],
      ['urge:targets', 'URGING_NOTICE'],
      ['urge:check-1', 'URGING_NOTICE'],
      ['urge:check-2', 'URGING_NOTICE'],
      ['urge:evaluation', 'URGING_NOTICE'],
      ['results', 'RESULTS_NOTICE'],
    ]);
    expect(plan[0]!.readyAt).toBe(started);
    expect(plan[1]!.readyAt).toBe(calendar().planSubmission.dueAt);
    expect(plan[6]!.readyAt).toBeNull();
    // A day on a real calendar; a tenth of the plan window on a compressed one; the calendar's own when given.
    expect(noticeLeadMs(calendar(), started)).toBe(86_400_000);
    expect(noticeLeadMs(calendar(), calendar().planSubmission.dueAt - 60_000)).toBe(6_000);
    expect(noticeLeadMs(calendar({ noticeLead: '2h' }), started)).toBe(7_200_000);
  });

  it('urges the supervising unions of the units still owing a step past their due date, and nobody else', () => {
    const due = calendar().planSubmission.dueAt;
    const ctx = context([
      unit('c', null),
      unit('a', 'c'),
      unit('b', 'c', { status: 'WAITING_DECISION' }),
      unit('g', 'a'),
      unit('h', 'a', { dueAt: due + 86_400_000 }),
    ]);
    expect(lateUnits(ctx, 'plan', due + 1000).map((u) => u.code)).toEqual(['a', 'g']);
    const body = cycleNoticeBody('URGING_NOTICE', ctx, {}, due + 1000, 'plan')!;
    expect(body.title).toBe('关于督促报送2026年度劳动竞赛规划方案的通知');
    expect(body.addressee).toBe('单位c、单位a：');
    expect(body.sections.map((s) => [s.heading, s.table!.rows.map((r) => r[1])])).toEqual([
      ['（一）单位c（1个）', ['单位a']],
      ['（二）单位a（1个）', ['单位g']],
    ]);
    expect(body.concerns).toEqual(['c', 'a']);
    // Nobody late: nothing to issue.
    expect(cycleNoticeBody('URGING_NOTICE', ctx, {}, due - 1000, 'plan')).toBeNull();
  });

  it("starts the year with the stages' due dates, the city's targets and each unit's, split per branch when long", () => {
    const units = [unit('c', null), unit('a', 'c'), unit('b', 'c')];
    const many = Array.from({ length: ANNEX_SPLIT_ROWS }, (_, i) => unit(`a${i}`, 'a'));
    const targets = new Map([...units, ...many].filter((u) => u.parentId).map((u) => [u.id, { a: 3 }]));
    const small = cycleNoticeBody(
      'CYCLE_NOTICE',
      context(units, targets),
      { opening: '自定开头。' },
      started,
    )!;
    expect(small.title).toBe('关于开展2026年度劳动竞赛考核工作的通知');
    expect(small.opening).toBe('自定开头。');
    expect(small.closing).toContain('按时报送');
    const stages = small.sections.find((s) => s.heading === '三、工作安排（北京时间）')!;
    expect(stages.paragraphs[0]).toBe(
      '（一）规划方案提交：各单位于2026年3月31日17:00前报送年度劳动竞赛规划方案。',
    );
    expect(stages.paragraphs[2]).toBe(
      '（三）执行情况检查：第一季度于2026年5月10日17:00前报送工作进展；第二季度于2026年7月10日17:00前报送工作进展。',
    );
    expect(small.attachments.map((a) => a.title)).toEqual(['参加考核单位名单', '各单位目标任务分解表']);
    expect(small.attachments[1]!.parts).toEqual([
      {
        table: {
          head: ['单位', '指标', '目标值', '计量单位'],
          rows: [
            ['单位a', '竞赛项目', '3', '个'],
            ['单位b', '竞赛项目', '3', '个'],
          ],
        },
      },
    ]);
    const large = cycleNoticeBody('CYCLE_NOTICE', context([...units, ...many], targets), {}, started)!;
    expect(large.attachments[1]!.parts.map((p) => [p.heading, p.table.rows.length])).toEqual([
      ['单位a', ANNEX_SPLIT_ROWS + 1],
      ['单位b', 1],
    ]);
  });

  it('reports the results by group with the best and the failing, and has nothing to say before them', () => {
    const units = [
      unit('c', null),
      unit('a', 'c', { result: { score: 92, grade: 'EXCELLENT', rank: 1 }, status: 'COMPLETED' }),
      unit('b', 'c', { result: { score: 50, grade: 'FAIL', rank: 2 }, status: 'COMPLETED' }),
    ];
    const body = cycleNoticeBody('RESULTS_NOTICE', context(units), {}, started)!;
    expect(body.title).toBe('关于2026年度劳动竞赛考核结果的通报');
    expect(body.sections[0]!.paragraphs[0]).toBe(
      '本年度共2个单位完成考核，其中优秀1个，良好0个，合格0个，不合格1个。各单位得分和排名见附件。',
    );
    expect(body.sections[1]!.paragraphs[0]).toBe('单位a考核等次为优秀，予以通报表扬。');
    expect(body.sections[2]!.paragraphs[0]).toContain('单位b考核等次为不合格');
    expect(body.attachments[0]!.parts[0]!.table.rows).toEqual([
      ['1', '单位a', '92.00', '优秀'],
      ['2', '单位b', '50.00', '不合格'],
    ]);
    expect(
      cycleNoticeBody('RESULTS_NOTICE', context([unit('c', null), unit('a', 'c')]), {}, started),
    ).toBeNull();
  });

  it('cites numbers as GB/T 9704 does, takes seals that are PNG or JPEG only, and splits 抄送', () => {
    expect(documentNumber('平工文', 2026, 5)).toBe('平工文〔2026〕5号');
    expect(judgeSeal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({
      ok: true,
      mediaType: 'image/png',
    });
    expect(judgeSeal(Buffer.from('%PDF-1.7'))).toEqual({ ok: false, problem: 'type' });
    expect(judgeSeal(Buffer.alloc(1024 * 1024 + 1, 0xff))).toEqual({ ok: false, problem: 'tooLarge' });
    expect(splitCopyTo('河南省总工会\n市委办公室、 市政府办公室，')).toEqual([
      '河南省总工会',
      '市委办公室',
      '市政府办公室',
    ]);
  });
});
