/**
 * What each person sees when they decide, score and confirm (issue "Results people can trust", items 1–4 and 9),
 * in a real browser on the whole stack: a decision page states its rule, the votes cast so far, what changed since
 * the returned version and the comments by step and version; a targets decision shows no completion columns; the
 * scoring page shows the self-evaluation, the plan and each criterion's meaning, range and weight; the console and
 * the API name only the members still to score; the chair's confirmation page shows the whole result sheet, whose
 * figures are checked against plain arithmetic here and equal what is recorded once confirmed.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { artifact } from './support/browser';
import { eventually } from './support/eventually';
import { elapsedFraction } from '../domain/period';
import { formatLocal } from '../domain/time-zone';
import { buildBulletin } from '../domain/bulletin';
import { loadBulletinSnapshot } from '../stores/bulletin/snapshot';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { startMailboxBrowser, type MailboxBrowser } from './support/mailbox-browser';
import { ADMIN_PASSWORD, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: MailboxBrowser;
let stack: TestStack;
let page: Page;

beforeAll(async () => {
  env = await startMailboxBrowser('result-pages-test');
  ({ stack, page } = env);
}, 120_000);

afterAll(() => env?.stop());

const main = () => page.locator('main').innerText();
const api = (method: string, path: string, body?: unknown) => stack.client.call(method, path, body);

async function voteAll(id: string, step: string, voters: string[], outcome = 'APPROVE') {
  for (const personId of voters)
    expect((await stack.client.vote(id, step, personId, outcome)).status).toBe(201);
}

it('shows the rule, the votes, the changes, the score sheets and the result to the people who act', async () => {
  const { db } = stack;
  const f = stack.fixture;
  await db.qualitativeCriterion.updateMany({
    where: { code: 'x' },
    data: { descriptionZh: '竞赛组织领导是否健全、责任是否落实' },
  });
  const started = await api('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { codes: ['c.b'] },
    calendar: {
      planSubmission: { due: shanghaiIn(3_600_000) },
      targetSetting: { due: shanghaiIn(7_200_000) },
      checks: [{ label: '第一季度', asOf: shanghaiIn(7_300_000), due: shanghaiIn(10_800_000) }],
      evaluation: { due: shanghaiIn(14_400_000) },
    },
    decisionPolicy: { kind: 'MAJORITY' },
  });
  expect(started.status).toBe(201);
  const id = (await stack.client.until('c.b', YEAR, 'plan', 'WAITING_SUBMISSION')).assessmentId as string;
  const submit = (step: string, payload: unknown) => stack.client.submit(id, step, payload, f.b.contact);

  // Plan: m1 and m3 return version 1 (3 of 4 can no longer approve), the unit revises, the chair approves v2.
  await submit('plan', { title: '宝丰方案', summary: '围绕重点工程', measures: ['技能比武'] });
  await stack.client.until('c.b', YEAR, 'plan', 'WAITING_DECISION');
  expect((await stack.client.vote(id, 'plan', f.m1, 'RETURN', '请补充安全生产措施')).status).toBe(201);
  expect((await stack.client.vote(id, 'plan', f.m3, 'RETURN', '措施偏少')).status).toBe(201);
  await stack.client.until('c.b', YEAR, 'plan', 'RETURNED');
  await submit('plan', {
    title: '宝丰方案',
    summary: '围绕重点工程和安全生产',
    measures: ['技能比武', '安康杯'],
  });
  await stack.client.until('c.b', YEAR, 'plan', 'WAITING_DECISION');
  expect((await stack.client.vote(id, 'plan', f.chair, 'APPROVE', '同意第二版')).status).toBe(201);

  // m2's decision page for version 2: the rule (majority of the 4 eligible), the chair's vote, the changes.
  await env.openFromMailbox('m2@test.example', '审核单位c.b的年度劳动竞赛规划方案', 2);
  const decide = await main();
  expect(decide).toContain('过半数同意（4 人中至少 3 人同意）');
  expect(decide).toContain('已投票 1 人（共 4 人）');
  expect(await page.locator('table.votes tbody tr').count()).toBe(1);
  expect(await page.locator('table.votes tbody tr').innerText()).toMatch(/chair\s+同意\s+同意第二版/);
  expect(decide).toContain('与上一版（第 1 版，已退回）相比的修改');
  const changes = await page.locator('table.changes tbody tr').allInnerTexts();
  expect(changes).toEqual([
    expect.stringMatching(/方案概要\s+围绕重点工程\s+围绕重点工程和安全生产/),
    expect.stringMatching(/主要措施\s+技能比武\s+技能比武\s*安康杯/),
  ]);
  expect(await page.locator('h3.comment-group').allInnerTexts()).toEqual([
    '年度劳动竞赛规划方案 · 第 1 版',
    '年度劳动竞赛规划方案 · 第 2 版',
  ]);
  await page.screenshot({ path: artifact('decide-rule-votes-changes.png'), fullPage: true });
  await voteAll(id, 'plan', [f.m1, f.m2]);

  // Targets: the decision page shows proposed and allocated targets, not completion columns.
  await stack.client.until('c.b', YEAR, 'targets', 'WAITING_SUBMISSION');
  await submit('targets', { targets: { 'a.count': 60, 'b.share': 50 } });
  await stack.client.until('c.b', YEAR, 'targets', 'WAITING_DECISION');
  await env.openFromMailbox('m1@test.example', '审核单位c.b的年度目标任务');
  const header = await page.locator('table.targets thead').innerText();
  expect(header).toMatch(/指标\s+申报目标\s+上级分解目标/);
  expect(await main()).not.toContain('应完成');
  expect(await main()).not.toContain('完成率');
  await voteAll(id, 'targets', [f.m1, f.m2, f.chair]);

  await stack.client.until('c.b', YEAR, 'check-1', 'WAITING_SUBMISSION');
  await submit('check-1', { figures: { 'a.count': { value: 20 } } });
  await stack.client.until('c.b', YEAR, 'check-1', 'WAITING_DECISION');
  await voteAll(id, 'check-1', [f.m1, f.m2, f.chair], 'ACKNOWLEDGE');

  // The self-evaluation: a.count 45 of 60 (75 %), b.share 60 % against 50 % (counted as 100 %).
  await stack.client.until('c.b', YEAR, 'evaluation', 'WAITING_SUBMISSION');
  await submit('evaluation', {
    figures: { 'a.count': { value: 45 }, 'b.share': { value: 60, numerator: 6, denominator: 10 } },
    selfAssessment: '全年开展技能比武12场，安康杯覆盖全部班组。',
  });
  await stack.client.until('c.b', YEAR, 'scoring', 'WAITING_DECISION');

  // m1 scores from the mailed link: the page shows what is judged and how it counts.
  await env.openFromMailbox('m1@test.example', '为单位c.b评分');
  const score = await main();
  expect(score).toContain('全年开展技能比武12场，安康杯覆盖全部班组。');
  expect(score).toContain('围绕重点工程和安全生产');
  expect(score).toContain('竞赛组织领导是否健全、责任是否落实');
  expect(score).toContain('占总分的 30%（指标完成得分占 70%）');
  // (2 × 0.75 + 1 × 1) / 3 × 100 = 83.33
  expect(score).toContain('指标完成得分为 83.33');
  const criteriaRows = await page.locator('table.criteria tbody tr').allInnerTexts();
  expect(criteriaRows).toEqual([
    expect.stringMatching(/组织\s+竞赛组织领导是否健全、责任是否落实\s+0–100\s+1（50\.0%）/),
    expect.stringMatching(/宣传\s+—\s+0–100\s+1（50\.0%）/),
  ]);
  await page.screenshot({ path: artifact('score-page.png'), fullPage: true });
  await page.getByLabel('组织（0–100）').fill('80');
  await page.getByLabel('宣传（0–100）').fill('90');
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('p.ok').waitFor();

  // Only the three still to score are waited on.
  const waiting = (await stack.client.unitState('c.b', YEAR)).waitingOn.map((p: { name: string }) => p.name);
  expect(waiting.sort()).toEqual(['chair', 'm2', 'm3']);
  const scores: Array<[string, Record<string, number>]> = [
    [f.m2, { x: 70, y: 70 }],
    [f.m3, { x: 90, y: 100 }],
    [f.chair, { x: 60, y: 80 }],
  ];
  for (const [personId, s] of scores)
    expect((await api('POST', `/api/assessments/${id}/scores`, { personId, scores: s })).status).toBe(201);
  await stack.client.until('c.b', YEAR, 'confirmation', 'WAITING_DECISION');

  // The chair's confirmation page: every part of what is confirmed.
  await env.openFromMailbox('chair@test.example', '审核单位c.b的考核结果确认');
  const confirm = await main();
  const indicatorRows = await page.locator('table.result-indicators tbody tr').allInnerTexts();
  expect(indicatorRows).toEqual([
    expect.stringMatching(/竞赛项目\s+本年度1月1日起至今的累计数\s+60 个\s+45\s+75\.0%\s+2\s+计入/),
    expect.stringMatching(/覆盖率\s+截至填报时的比例（%）\s+50 %\s+60\s+120\.0% （按 100% 计）\s+1\s+计入/),
  ]);
  expect(confirm).toContain('指标完成得分：83.33');
  const sheetRows = await page.locator('table.score-sheets tbody tr').allInnerTexts();
  // Sheet totals: m1 (80+90)/2 = 85, m2 70, m3 95, chair 70; the committee part is their mean, 80.
  expect(sheetRows.map((r) => r.split('\t').slice(0, 4))).toEqual([
    ['m1', '80', '90', '85.00'],
    ['m2', '70', '70', '70.00'],
    ['m3', '90', '100', '95.00'],
    ['chair', '60', '80', '70.00'],
  ]);
  expect(confirm).toContain('委员会评分表（第 1 轮）：80.00');
  // 83.333 × 70 % + 80 × 30 % = 82.333
  expect(confirm).toContain('指标完成得分 83.33 × 70% + 委员会评议得分 80.00 × 30% = 82.33');
  expect(confirm).toMatch(/等级\s+良好（优秀 ≥ 90 分；良好 ≥ 80 分；合格 ≥ 60 分）/);
  expect(confirm).toContain('单位c所属县（市、区）总工会共 1 家，按已有结果的 1 家暂列第 1 名');
  expect(confirm).toContain('确认后，上述得分和等级记为该单位本年度考核结果');
  await page.screenshot({ path: artifact('confirmation-result-sheet.png'), fullPage: true });
  await page.getByLabel('审核意见（退回或不同意时必填）').fill('确认');
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await page.locator('p.ok').waitFor();

  // What was confirmed is what is recorded, and every sheet is in the API.
  const done = await stack.client.until('c.b', YEAR, null, 'COMPLETED');
  expect(done.result).toMatchObject({
    indicatorPart: 83.333,
    committeePart: 80,
    score: 82.333,
    grade: 'GOOD',
  });
  expect(
    done.scoreSheets.map((s: { name: string; total: number; round: number }) => [s.name, s.total, s.round]),
  ).toEqual([
    ['m1', 85, 0],
    ['m2', 70, 0],
    ['m3', 95, 0],
    ['chair', 70, 0],
  ]);

  // The console's unit page: the result in words, every score sheet, each scoring in the timeline.
  const cycleId = started.json.cycle.id as string;
  await page.goto(`${stack.api.url}/admin/cycles/${cycleId}/units/c.b`);
  await page.getByLabel('电子邮箱').fill('admin@test.example');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto(`${stack.api.url}/admin/cycles/${cycleId}/units/c.b`);
  const unit = await main();
  expect(unit).toContain('得分 82.33 · 良好');
  expect(unit).not.toContain('GOOD');
  expect(await page.locator('table.score-sheets tbody tr').count()).toBe(4);
  expect(unit).toContain('委员会评分（第 1 轮）：加权得分 95.00');
  await page.screenshot({ path: artifact('unit-page-result.png'), fullPage: true });

  // The year closes with its bulletin, which reports the result under year-end titles, as a reader sees it.
  await eventually(
    () => stack.db.document.count({ where: { cycleId, periodKey: 'year-end' } }),
    (n) => n === 1,
    'the year-end bulletin',
    30_000,
  );
  const yearEnd = await stack.db.document.findFirstOrThrow({ where: { cycleId, periodKey: 'year-end' } });
  await page.goto(`${stack.api.url}/bulletins/${yearEnd.id}`);
  const results = await page.locator('#results').innerText();
  expect(results).toContain('六、年度考核结果');
  expect(results).toContain('单位c.b（单位c）：82.33 分，良好');
  expect(await page.locator('#lagging h2').innerText()).toBe('四、未完成年度目标的单位');
  await page.locator('#results').screenshot({ path: artifact('year-end-results.png') });
});

it('lets a unit mark an indicator not applicable with its targets, and shows targets of 0', async () => {
  const f = stack.fixture;
  const year = YEAR + 1;
  const started = await api('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year,
    units: { codes: ['c.a.g'] },
    calendar: {
      planSubmission: { due: shanghaiIn(3_600_000) },
      targetSetting: { due: shanghaiIn(7_200_000) },
      checks: [{ label: '第一季度', asOf: shanghaiIn(7_300_000), due: shanghaiIn(10_800_000) }],
      evaluation: { due: shanghaiIn(14_400_000) },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(started.status).toBe(201);
  const id = (await stack.client.until('c.a.g', year, 'plan', 'WAITING_SUBMISSION')).assessmentId as string;
  await stack.client.submit(id, 'plan', { title: '方案', summary: '概要', measures: ['措施'] }, f.g.contact);
  await stack.client.until('c.a.g', year, 'plan', 'WAITING_DECISION');
  await voteAll(id, 'plan', [f.m1]);

  // Nothing is allocated for this year: the form does not claim a prefill; the unit marks coverage 不适用.
  await stack.client.until('c.a.g', year, 'targets', 'WAITING_SUBMISSION');
  await env.openFromMailbox('c.a.g@test.example', '前提交年度目标任务');
  await page.locator('input[name="target_a.count"]').waitFor();
  expect(await main()).not.toContain('已按上级分解的目标预填');
  await page.locator('input[name="target_a.count"]').fill('0');
  await page.getByLabel('覆盖率：不适用').check();
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('p.ok').waitFor();
  const state = await stack.client.until('c.a.g', year, 'targets', 'WAITING_DECISION');
  const targets = state.submissions.find((s: { step: string }) => s.step === 'targets');
  expect(targets.payload).toEqual({ targets: { 'a.count': 0 }, notApplicable: ['b.share'] });
  await voteAll(id, 'targets', [f.m1]);

  // The progress form shows the target of 0 and no fields for the indicator that does not apply.
  await stack.client.until('c.a.g', year, 'check-1', 'WAITING_SUBMISSION');
  await env.openFromMailbox('c.a.g@test.example', '执行情况检查');
  const rows = await page.locator('form table tbody tr').allInnerTexts();
  expect(rows[0]).toContain('目标：0 个');
  expect(rows[1]).toMatch(/覆盖率（%）\s+不适用/);
  expect(await page.locator('input[name="value_b.share"]').count()).toBe(0);
  await page.screenshot({ path: artifact('check-form-not-applicable.png'), fullPage: true });
});

it('asks a unit told to rectify for its measures, warns once per check, and shows the effect at the next check', async () => {
  const f = stack.fixture;
  const { db } = stack;
  const year = YEAR + 2;
  const started = await api('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year,
    units: { codes: ['c.b'] },
    // The checks are judged at their as-of dates in the year (three quarters, then the whole year has passed).
    calendar: {
      planSubmission: { due: `${year}-03-31T18:00` },
      targetSetting: { due: `${year}-04-30T18:00` },
      checks: [
        { label: '第三季度', asOf: `${year}-09-30`, due: `${year}-10-10T18:00` },
        { label: '第四季度', asOf: `${year}-12-31`, due: `${year + 1}-01-10T18:00` },
      ],
      evaluation: { due: `${year + 1}-01-20T18:00` },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(started.status).toBe(201);
  const id = (await stack.client.until('c.b', year, 'plan', 'WAITING_SUBMISSION')).assessmentId as string;
  const submit = (step: string, payload: unknown) => stack.client.submit(id, step, payload, f.b.contact);
  await submit('plan', { title: '方案', summary: '概要', measures: ['措施'] });
  await stack.client.until('c.b', year, 'plan', 'WAITING_DECISION');
  await voteAll(id, 'plan', [f.m1]);
  await stack.client.until('c.b', year, 'targets', 'WAITING_SUBMISSION');
  await submit('targets', { targets: { 'a.count': 100, 'b.share': 50 } });
  await stack.client.until('c.b', year, 'targets', 'WAITING_DECISION');
  await voteAll(id, 'targets', [f.m1]);

  // Far behind the pace at the first check: warned, and the committee asks for rectification.
  await stack.client.until('c.b', year, 'check-1', 'WAITING_SUBMISSION');
  const lagging = { 'a.count': { value: 10 }, 'b.share': { value: 50, numerator: 5, denominator: 10 } };
  await submit('check-1', { figures: lagging });
  await stack.client.until('c.b', year, 'check-1', 'WAITING_DECISION');
  expect((await stack.client.vote(id, 'check-1', f.m1, 'RECTIFY', '竞赛项目严重滞后，请整改')).status).toBe(
    201,
  );
  await stack.client.until('c.b', year, 'check-1', 'RETURNED');

  // The dashboard judges the report at its own date (30 September), as the check page and the warning did.
  const dashboard = buildBulletin(await loadBulletinSnapshot(db, started.json.cycle.id, new Date()));
  expect(dashboard.lagging.shown.map((l) => [l.code, l.indicators.map((i) => i.code)])).toEqual([
    ['c.b', ['a.count']],
  ]);
  // The console's dashboard shows the same from the roll-up the worker keeps — refreshed after the report, not
  // recomputed on each request — and says when its figures were taken.
  const cycleId = started.json.cycle.id as string;
  const rollup = () => db.cycleRollup.findUnique({ where: { cycleId_branch: { cycleId, branch: '' } } });
  const refreshed = await eventually(
    rollup,
    (r) => JSON.stringify(r?.data ?? null).includes('"code":"c.b"'),
    'the roll-up naming c.b as lagging',
    20_000,
  );
  await page.goto(`${stack.api.url}/admin/cycles/${cycleId}`);
  expect(await page.locator('ul.lagging li').allInnerTexts()).toEqual([
    expect.stringMatching(/^单位c\.b \S+ \d+\.\d%$/),
  ]);
  expect(await page.locator('#figures-as-of').innerText()).toBe(
    `进度与滞后单位统计截至 ${formatLocal(refreshed!.computedAt)}，随各单位报送自动更新。`,
  );
  expect((await rollup())!.computedAt).toEqual(refreshed!.computedAt);
  await page.screenshot({ path: artifact('console-dashboard-rollup.png'), fullPage: true });

  // The warning says how each expected figure was computed: 100 × the share of the year passed at 30 September.
  const asOf = (await db.progressReport.findFirstOrThrow({ where: { assessmentId: id } })).asOf;
  const passed = `${(elapsedFraction({ year, asOf }) * 100).toFixed(1)}%`;
  await env.openMail('c.b@test.example', '进度滞后预警：单位c.b执行情况检查（第三季度）');
  expect(await page.locator('body').innerText()).toContain(
    `应完成 = 全年目标 100 × 本年已过 ${passed} ≈ ${Math.ceil(100 * elapsedFraction({ year, asOf }))}`,
  );

  // The form asks for the measures: refused without them, accepted with them and a deadline.
  await env.openFromMailbox('c.b@test.example', '执行情况检查（第三季度）已退回');
  expect(await main()).toContain('委员会要求整改');
  // Each figure says what it is and what its target means; last year's figure is asked only where it is used.
  const countRow = await page.locator('tr[data-indicator="a.count"]').innerText();
  expect(countRow).toContain('填报：本年度1月1日起至今的累计数');
  expect(countRow).toContain('目标：100 个（本年度目标）');
  expect(countRow).toContain('本指标不需要');
  expect(await page.locator('input[name="previous_a.count"]').count()).toBe(0);
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('#rect_measures-error').waitFor();
  expect(await page.locator('#rect_measures-error').innerText()).toBe('不能为空');
  await page.getByLabel('整改措施（必填）').fill('每周组织一次岗位练兵，月底前补开技能竞赛');
  await page.getByLabel('整改完成时限（如 2026-07-15）').fill('2028-13-01');
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('#rect_by-error').waitFor();
  await page.getByLabel('整改完成时限（如 2026-07-15）').fill(`${year}-12-20`);
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('p.ok').waitFor();
  const resubmitted = await stack.client.until('c.b', year, 'check-1', 'WAITING_DECISION');
  const v2 = resubmitted.submissions.filter((s: { step: string }) => s.step === 'check-1').at(-1);
  expect(v2.payload.rectification).toEqual({
    measures: '每周组织一次岗位练兵，月底前补开技能竞赛',
    by: `${year}-12-20`,
  });
  // The committee sees the measures on the resubmission; the lagging warning was sent once for this check.
  await env.openFromMailbox('m1@test.example', '审核单位c.b的执行情况检查（第三季度）', 2);
  expect(await main()).toContain('每周组织一次岗位练兵，月底前补开技能竞赛');
  const warnings = await db.outboxMessage.count({
    where: { kind: 'LAGGING_WARNING', personId: f.b.contact, data: { path: ['assessmentId'], equals: id } },
  });
  expect(warnings).toBe(1);
  await voteAll(id, 'check-1', [f.m1], 'ACKNOWLEDGE');

  // At the next check the committee sees last check's measures and whether the lagging indicator caught up.
  await stack.client.until('c.b', year, 'check-2', 'WAITING_SUBMISSION');
  await submit('check-2', {
    figures: { 'a.count': { value: 99 }, 'b.share': { value: 50, numerator: 5, denominator: 10 } },
  });
  await stack.client.until('c.b', year, 'check-2', 'WAITING_DECISION');
  await env.openFromMailbox('m1@test.example', '审核单位c.b的执行情况检查（第四季度）');
  const next = await main();
  expect(next).toContain('上次要求整改后报送的整改措施（执行情况检查（第三季度），限');
  expect(await page.locator('ul.effect li').allInnerTexts()).toEqual(['竞赛项目：本次：已达进度']);
  await page.screenshot({ path: artifact('check-rectification-effect.png'), fullPage: true });
});
