/**
 * A two-year plan run to its end on the real stack: both years' cycles acted through the API for two counties,
 * then the plan-period view and the period summary (规划期末总结) the last year's close issues by itself, every
 * figure checked against plain arithmetic: the city's against the plan's targets, each county's against its own
 * approved targets, the ranking over the period, the honours (none), numbered in the federation's series and
 * mailed with the PDF.
 */
import fs from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { firstPagePng } from './support/pdf-layout';
import { openLink } from './support/link-client';
import { linkIn } from './support/smtp-peer';
import { createShortPlan, runPlanYear, type County } from './support/plan-year';
import { eventually } from './support/eventually';
import { carriedFigures } from '../stores/assessment/carried';
import { mailTo, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';
import { artifact, launchBrowser } from './support/browser';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;
const PLAN = 'short-2026-2027';
const NEXT = 'short-2028-2029';

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: 'plan-period-test', worker: true, env: mailTo(peer) });
  await createShortPlan(
    stack,
    { code: PLAN, nameZh: '两年劳动竞赛规划', periodStart: 2026, periodEnd: 2027 },
    {
      count: [
        { year: 2026, value: 100 },
        { year: 2027, value: 120 },
      ],
      cumulative: [{ year: 2027, value: 50 }],
    },
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

/**
 * Each county's approved targets and year-end figures, by year. In 2026 the units state last year's growth base
 * themselves; in 2027 it is carried from 2026's approved figure (110 and 209).
 */
const YEARS = {
  2026: {
    'c.a': {
      targets: { 'a.count': 50, 'k.cum': 10, 'g.growth': 110 },
      final: { 'a.count': 50, 'k.cum': 10, 'g.growth': 110 },
    },
    'c.b': {
      targets: { 'a.count': 50, 'k.cum': 12, 'g.growth': 209 },
      final: { 'a.count': 60, 'k.cum': 12, 'g.growth': 209 },
    },
  },
  2027: {
    'c.a': {
      targets: { 'a.count': 60, 'k.cum': 15, 'g.growth': 121 },
      final: { 'a.count': 70, 'k.cum': 15, 'g.growth': 121 },
    },
    'c.b': {
      targets: { 'a.count': 60, 'k.cum': 12, 'g.growth': 230 },
      final: { 'a.count': 40, 'k.cum': 20, 'g.growth': 230 },
    },
  },
} as const;
const STATED_2026 = { 'c.a': 100, 'c.b': 190 };

const runYear = (year: 2026 | 2027, beforeCheck?: (code: County, id: string) => Promise<boolean>) =>
  runPlanYear(stack, {
    plan: PLAN,
    year,
    units: YEARS[year],
    ...(year === 2026 ? { stated: STATED_2026 } : {}),
    beforeCheck,
  });

/** The rows of the "plan to date" section of a bulletin issued now for the cycle. */
async function planToDateRows(cycleId: string): Promise<string[]> {
  const issued = await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, { by: 'admin' });
  expect(issued.status).toBe(201);
  const html = await (await fetch(`${stack.api.url}/bulletins/${issued.json.id}`)).text();
  const section = /<section id="plan-to-date">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return [...section.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

it('tracks a two-year plan across its years and summarises the period when its last year closes', async () => {
  const { client, db } = stack;
  const first = await runYear(2026);
  // After the first year: the period view has one final year, and the pace the second must keep.
  const mid = await client.call('GET', `/api/plans/${PLAN}/period`);
  const count = mid.json.indicators.find((i: { code: string }) => i.code === 'a.count');
  expect(count).toMatchObject({
    periodTarget: 220,
    toDate: 110,
    yearsLeft: 1,
    neededPerYear: 110,
    onTrack: true,
  });
  expect(await db.document.count({ where: { cycleId: first, kind: 'PERIOD_SUMMARY' } })).toBe(0);
  // A bulletin of the first year says where the period stands: 110 of 220, 110 more needed in the year left;
  // training's 50 by 2027 spread evenly asks 25 by 2026, so 22 is behind.
  expect(await planToDateRows(first)).toEqual([
    '1. 竞赛项目（个） 220 110 50.0% 1 110个 进度符合规划',
    '2. 累计培训（人次） 50 22 44.0% 1 28人次 进度落后于规划',
    '3. 增长指标（万元） — 319 — 1 — 尚无法判断',
  ]);

  // 2027 reads 2026: c.b's base differs from the approved 209 only with a reason (refused without, nothing kept);
  // c.a's form shows where its base and its running total come from, the base filled in.
  const last = await runYear(2027, async (code, id) => {
    if (code === 'c.b') {
      const stated = {
        ...Object.fromEntries(Object.entries(YEARS[2027]['c.b'].final).map(([k, value]) => [k, { value }])),
        'g.growth': { value: 230, previous: 200 },
      };
      const refused = await client.submit(id, 'check-1', { figures: stated }, stack.fixture.b.contact);
      expect(refused.status).toBe(422);
      expect(refused.json.error.details).toContainEqual(
        expect.objectContaining({ path: 'figures.g.growth.previousReason', code: 'carried.reasonNeeded' }),
      );
      const reason = '2026年统计口径调整，以统计局数为准';
      const explained = { ...stated, 'g.growth': { value: 230, previous: 200, previousReason: reason } };
      // The committee sees the correction and its reason on the decision page (this year's request: the last).
      const request = /审核单位c\.b的.*全年/;
      const requests = () => peer.to('chair@test.example').filter((m) => request.test(m.subject ?? ''));
      const earlier = requests().length;
      expect(
        (await client.submit(id, 'check-1', { figures: explained }, stack.fixture.b.contact)).status,
      ).toBe(201);
      await peer.waitFor(() => requests().length > earlier, 30_000, "the chair's request for c.b's check");
      const mail = requests().pop()!;
      const page = (await openLink(linkIn(mail))).html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(page).toContain(`增长指标：填报上年数 200，与2026年度审定数 209 不同。理由：${reason}`);
      return true;
    }
    const invitation = /2027 年度：请于.*前提交.*全年/;
    await peer.waitFor(
      () => peer.to('c.a@test.example').some((m) => invitation.test(m.subject ?? '')),
      30_000,
      "c.a's 2027 check invitation",
    );
    const invite = peer.to('c.a@test.example').find((m) => invitation.test(m.subject ?? ''))!;
    const html = (await openLink(linkIn(invite))).html;
    // The base is shown read-only; the correction field under 更正上年数 is empty.
    expect(html).toMatch(/id="carried_g\.growth">110</);
    expect(html).toMatch(/name="previous_g\.growth" value=""/);
    const form = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(form).toContain('上年审定数 110（2026年度考核年终自评第1版，经chair确认）');
    expect(form).toContain('累计至2026年末 10（2026年度审定数相加）');
    return false;
  });
  // The base carried where the unit left it out; c.b's corrected one kept with its reason.
  const checks = async (code: string) =>
    (await client.unitState(code, 2027)).submissions
      .filter((s: any) => s.step === 'check-1')
      .map((s: any) => s.payload.figures['g.growth']);
  expect(await checks('c.a')).toEqual([{ value: 121, previous: 110 }]);
  expect(await checks('c.b')).toEqual([
    { value: 230, previous: 200, previousReason: '2026年统计口径调整，以统计局数为准' },
  ]);
  // The last year's bulletin: the period met for counts and training, growth at 10.0 % a year against 10 %.
  expect(await planToDateRows(last)).toEqual([
    '1. 竞赛项目（个） 220 220 100.0% 0 — 进度符合规划',
    '2. 累计培训（人次） 50 57 114.0% 0 — 进度符合规划',
    '3. 增长指标（万元） — 351 — 0 — 进度符合规划',
  ]);
  const period = await client.call('GET', `/api/plans/${PLAN}/period`);
  expect(period.json.years).toEqual([
    { year: 2026, final: true },
    { year: 2027, final: true },
  ]);
  // The city: 50 + 60 + 70 + 40 = 220 of 100 + 120; training 10 + 12 + 15 + 20 = 57 of the 50 stated for 2027.
  expect(
    period.json.indicators.map((i: any) => [i.code, i.periodTarget, i.toDate, i.completion, i.yearsLeft]),
  ).toEqual([
    ['a.count', 220, 220, 1, 0],
    ['k.cum', 50, 57, 1.14, 0],
    // The plan states a rate, no amount: the city's growth has no period target to complete.
    ['g.growth', null, 351, null, 0],
  ]);
  // A county against its own approved targets: c.b made 100 of 110 and 32 of 24.
  const cb = await client.call('GET', `/api/plans/${PLAN}/period?unit=c.b`);
  expect(cb.json.indicators.map((i: any) => [i.code, i.periodTarget, i.toDate, i.completion])).toEqual([
    ['a.count', 110, 100, 0.9091],
    ['k.cum', 24, 32, 1.3333],
    ['g.growth', 230, 230, 1],
  ]);
  expect(cb.json.onTrack).toBe(false);

  // The console's period page shows the same: the city's years, each county on track or not, a chart per indicator.
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.api.url}/admin/plans/${PLAN}/period`);
    await page.getByLabel('电子邮箱').fill('admin@test.example');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${stack.api.url}/admin/plans/${PLAN}/period`);
    expect(await page.locator('h1').innerText()).toBe('两年劳动竞赛规划（2026–2027年）规划期进展');
    expect(await page.locator('#period-branches tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^单位c\.a\s+进度符合规划$/),
      expect.stringMatching(/^单位c\.b\s+进度落后于规划$/),
    ]);
    const counts = page.locator('#period-a\\.count');
    expect(await counts.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^2026\s+110\s+100\s+110\.0%$/),
      expect.stringMatching(/^2027\s+110\s+120\s+91\.7%$/),
    ]);
    expect(await counts.locator('p.summary').innerText()).toContain(
      '规划期目标 220，截至目前 220（100.0%），余下 0 年',
    );
    expect(await page.locator('svg.chart').count()).toBe(3);
    await page.screenshot({ path: artifact('plan-period.png'), fullPage: true });
    await page.locator('#period-branches').getByRole('link', { name: '单位c.b' }).click();
    expect(await page.locator('#period-unit').innerText()).toBe('单位c.b及所属单位 · 进度落后于规划');

    // The next period copied from this one, taking 2027's approved figures as its baselines.
    await page.goto(`${stack.api.url}/admin/plans/${PLAN}`);
    await page.locator('#copy-code').fill(NEXT);
    await page.locator('#copy-name').fill('下一期两年规划');
    await page.locator('#copy-baselines').check();
    await page.getByRole('button', { name: '复制为新一期规划' }).click();
    await page.waitForURL(`**/admin/plans/${NEXT}`);
  } finally {
    await browser.close();
  }

  // The period summary issues itself after the last year's close, numbered after that year's other notices.
  const summary = await eventually(
    () => db.document.findFirst({ where: { cycleId: last, kind: 'PERIOD_SUMMARY' } }),
    (d) => d !== null,
    'the period summary',
    60_000,
  );
  expect(summary!.title).toBe('关于《两年劳动竞赛规划》实施情况的总结通报');
  const before = await db.document.count({
    where: { series: summary!.series, year: summary!.year, number: { lt: summary!.number! } },
  });
  expect(before).toBe(summary!.number! - 1);
  const text = summary!.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(text).toContain(
    '规划期内共开展2个年度的考核。规划确定的3项指标中，2项完成规划期目标，0项未完成，1项无可比数据。',
  );
  expect(text).toMatch(
    /竞赛项目（个） 220 220 100\.0% 完成 累计培训（人次） 50 57 114\.0% 完成 增长指标（万元） — 351 — —/,
  );
  // c.a: 120 of 110, 25 of 25, 121 of 121 → 100 %; c.b: 90.9 %, 133 % (capped 100 %), 230 of 230 → 97.0 %.
  expect(text).toMatch(
    /排名 单位 完成规划期目标的指标 综合完成率 1 单位c\.a 3\/3 100\.0% 2 单位c\.b 2\/3 97\.0%/,
  );
  expect(text).toContain('规划期内未开展表彰。');
  await peer.waitFor(
    (mails) =>
      mails.some(
        (m) =>
          m.subject?.includes('实施情况的总结通报') &&
          m.attachments.some((a) => a.contentType === 'application/pdf'),
      ),
    60_000,
    'the period summary mailed with its PDF',
  );
  const summaryPdf = peer.received
    .find((m) => m.subject?.includes('实施情况的总结通报'))!
    .attachments.find((a) => a.contentType === 'application/pdf')!;
  const printed = artifact('period-summary.pdf');
  fs.writeFileSync(printed, summaryPdf.content);
  firstPagePng(printed, artifact('period-summary.png'));

  // The new period's baselines: each county's 2027 figures, and the city's growth compounded from 351.
  const baselines = await client.call('GET', `/api/plans/${NEXT}/history?year=2027`);
  expect(baselines.json.figures.map((f: any) => [f.unit, f.indicator, f.value, f.origin])).toEqual([
    ['c.a', 'a.count', 70, 'BASELINE'],
    ['c.a', 'k.cum', 15, 'BASELINE'],
    ['c.a', 'g.growth', 121, 'BASELINE'],
    ['c.b', 'a.count', 40, 'BASELINE'],
    ['c.b', 'k.cum', 20, 'BASELINE'],
    ['c.b', 'g.growth', 230, 'BASELINE'],
  ]);
  const next = await client.call('GET', `/api/plans/${NEXT}/period`);
  // 351 × 1.1² = 424.71.
  expect(next.json.indicators.find((i: any) => i.code === 'g.growth').periodTarget).toBe(424.71);
  // Its first year carries 2027 as last year's growth base; training's running total starts again.
  const started = await client.call('POST', '/api/cycles', {
    plan: NEXT,
    year: 2028,
    units: { codes: ['c.a'] },
    calendar: {
      planSubmission: { due: '2028-03-20T18:00' },
      targetSetting: { due: '2028-04-20T18:00' },
      checks: [{ label: '年中', asOf: '2028-06-30T18:00', due: '2028-07-20T18:00' }],
      evaluation: { due: '2028-12-20T18:00' },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(started.status).toBe(201);
  const id = (await client.until('c.a', 2028, 'plan', 'WAITING_SUBMISSION')).assessmentId as string;
  expect(await carriedFigures(db, id)).toEqual([
    {
      code: 'g.growth',
      role: 'PREVIOUS',
      value: 121,
      source: { year: 2027, origin: 'BASELINE', version: null, by: 'admin@test.example' },
    },
  ]);
  // Baselines need the year before the new period finalised: 2028 is not, so nothing is created.
  const plans = await db.plan.count();
  const refused = await client.call('POST', `/api/plans/${PLAN}/copy`, {
    code: 'short-2029-2030',
    nameZh: '再下一期',
    periodStart: 2029,
    periodEnd: 2030,
    baselines: true,
  });
  expect([refused.status, refused.json.error.code]).toEqual([422, 'no_baseline_year']);
  expect(await db.plan.count()).toBe(plans);
}, 600_000);
