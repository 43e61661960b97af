/**
 * A plan whose first year was never run in jingsai: its 2011 figures imported (bad rows refused row by row, nothing
 * written; a workbook and a CSV through the console in Chromium, the same file through the API), then a 2012
 * cycle on the real stack that carries them: the growth base and the running total on the unit's form naming the
 * import, a unit without history stating its base once (flagged for the committee and recorded as stated), and
 * the year-end reports judged against those bases. A year assessed here cannot be overwritten by an import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { requestAuditCount } from './support/audit';
import { artifact, launchBrowser } from './support/browser';
import { eventually } from './support/eventually';
import { openLink } from './support/link-client';
import { createShortPlan, runPlanYear } from './support/plan-year';
import { linkIn, mailTo, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;
const PLAN = 'hist-2011-2012';
const HEADER = ['年度', '指标编码', '单位编码', '年终完成数'];
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: 'plan-history-test', worker: true, env: mailTo(peer) });
  await createShortPlan(
    stack,
    { code: PLAN, nameZh: '历史数据规划', periodStart: 2011, periodEnd: 2012 },
    {
      count: [
        { year: 2011, value: 80 },
        { year: 2012, value: 100 },
      ],
      cumulative: [{ year: 2012, value: 40 }],
      level: [{ year: 2012, value: 120 }],
    },
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史数据');
  ws.addRow(['2011年度各单位完成情况']);
  ws.mergeCells('A1:D1');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

it('imports a year before the first cycle, refusing bad rows, and the next year carries it', async () => {
  const { client, db } = stack;
  const audits = await requestAuditCount(db);

  // ── The API: every bad row named, nothing written ──
  const bad = await client.call('POST', `/api/plans/${PLAN}/history/import`, {
    csv: [
      HEADER.join(','),
      '2011,a.count,c.a,40',
      '2010,a.count,c.a,40',
      '2011,x.y,c.a,1',
      '2011,a.count,c.zz,1',
      '2011,a.count,c,85',
      '2011,a.count,c.b,4.5',
      '2011,k.cum,c.b,-6',
      '2011,a.count,c.a,41',
    ].join('\n'),
  });
  expect(bad.status).toBe(422);
  expect(bad.json.error.details.map((d: any) => [d.line, d.column, d.problem])).toEqual([
    [3, 'year', 'yearOutsidePlan'],
    [4, 'indicator', 'unknownIndicator'],
    [5, 'unit', 'unknownUnit'],
    [6, 'unit', 'rootUnit'],
    [7, 'value', 'notWhole'],
    [8, 'value', 'badValue'],
    [9, 'unit', 'duplicate'],
  ]);
  expect(await db.historicalFigure.count()).toBe(0);
  expect(await requestAuditCount(db)).toBe(audits);

  // ── The console: a workbook with a bad row refused in Chinese by sheet row and column; then a clean CSV ──
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-import-'));
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.api.url}/admin/plans/${PLAN}`);
    await page.getByLabel('电子邮箱').fill('admin@test.example');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${stack.api.url}/admin/plans/${PLAN}`);
    await page.locator('#history-import').click();
    expect(await page.locator('h1').innerText()).toBe(`导入历史数据：${PLAN}`);
    const upload = async (name: string, content: Buffer | string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      await page.setInputFiles('#plan-file', file);
      await page.getByRole('button', { name: '预览' }).click();
      await page.waitForLoadState();
    };
    await upload(
      'bad.xlsx',
      await workbook([
        [2011, 'a.count', 'c.a', 40],
        [2011, 'a.count', 'c', 85],
        [2013, 'k.cum', 'c.b', 6],
      ]),
    );
    expect(await page.locator('#sheet').innerText()).toContain('历史数据');
    expect(await page.locator('table.issues tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^4\s+C 单位编码\s+“c”是最上级单位，其数据由下级单位汇总，不能在此导入$/),
      expect.stringMatching(/^5\s+A 年度\s+2013 年不在规划期（2011–2012 年）内$/),
    ]);
    expect(await db.historicalFigure.count()).toBe(0);
    await page.screenshot({ path: artifact('history-import-refused.png'), fullPage: true });
    const clean = [
      HEADER.join(','),
      '2011,a.count,c.a,40',
      '2011,k.cum,c.a,7',
      '2011,g.growth,c.a,100',
      '2011,a.count,c.b,45',
      '2011,k.cum,c.b,6',
      '2011,l.level,c.a,60',
      '2011,l.level,c.b,40',
    ].join('\n');
    await upload('good.csv', clean);
    await page.locator('p.ok', { hasText: '共 7 行，检查无误' }).waitFor();
    expect(await page.locator('table.preview tbody tr').first().innerText()).toMatch(
      /^2\s+2011\s+a\.count\s+c\.a\s+40$/,
    );
    await page.getByRole('button', { name: '导入这 7 行' }).click();
    await page.locator('p.ok', { hasText: '已导入 7 行历史数据' }).waitFor();
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const imported = await client.call('GET', `/api/plans/${PLAN}/history`);
  expect(imported.json.total).toBe(7);
  expect(imported.json.figures[0]).toMatchObject({
    year: 2011,
    unit: 'c.a',
    indicator: 'a.count',
    value: 40,
    origin: 'IMPORTED',
    recordedBy: 'admin@test.example',
  });
  // Before 2012 runs, the period view has 2011 from the imports: a level's pace starts from its 60 + 40 = 100,
  // 20 more to reach 120 in the year left; competitions need 180 − 85 = 95.
  const early = await client.call('GET', `/api/plans/${PLAN}/period`);
  const earlyOf = (code: string) => early.json.indicators.find((i: any) => i.code === code);
  expect(
    ['l.level', 'a.count'].map((c) => [
      earlyOf(c).toDate,
      earlyOf(c).periodTarget,
      earlyOf(c).yearsLeft,
      earlyOf(c).neededPerYear,
    ]),
  ).toEqual([
    [100, 120, 1, 20],
    [85, 180, 1, 95],
  ]);

  // ── 2012 carries 2011: c.a's form names the import; c.b has no growth figure and states its base once ──
  await runPlanYear(stack, {
    plan: PLAN,
    year: 2012,
    units: {
      'c.a': {
        targets: { 'a.count': 50, 'k.cum': 20, 'g.growth': 110, 'l.level': 66 },
        final: { 'a.count': 55, 'k.cum': 8, 'g.growth': 115, 'l.level': 70 },
      },
      'c.b': {
        targets: { 'a.count': 50, 'k.cum': 20, 'g.growth': 198, 'l.level': 54 },
        final: { 'a.count': 50, 'k.cum': 9, 'g.growth': 200, 'l.level': 45 },
      },
    },
    stated: { 'c.b': 180 },
    beforeCheck: async (code, id) => {
      if (code === 'c.a') {
        const invitation = /2012 年度：请于.*前提交.*全年/;
        await peer.waitFor(
          () => peer.to('c.a@test.example').some((m) => invitation.test(m.subject ?? '')),
          30_000,
          "c.a's check invitation",
        );
        const html = (
          await openLink(linkIn(peer.to('c.a@test.example').find((m) => invitation.test(m.subject ?? ''))!))
        ).html;
        expect(html).toMatch(/id="carried_g\.growth">100</);
        expect(html).toMatch(/id="carried_l\.level">60</);
        expect(text(html)).toContain('上年数 100（2011年度历史数据，由admin@test.example导入）');
        expect(text(html)).toContain('累计至2011年末 7（2011年度数相加，其中2011年度为历史数据）');
        // In Chromium: the base is read-only; a correction without a reason is refused on the page, with one sent.
        const browser = await launchBrowser();
        try {
          const page = await (await browser.newContext()).newPage();
          await page.goto(linkIn(peer.to('c.a@test.example').find((m) => invitation.test(m.subject ?? ''))!));
          expect(await page.locator('#carried_g\\.growth').innerText()).toBe('100');
          for (const [code, value] of Object.entries({
            'a.count': '55',
            'k.cum': '8',
            'g.growth': '115',
            'l.level': '70',
          }))
            await page.locator(`#value_${code.replace('.', '\\.')}`).fill(value);
          await page.locator('tr[data-indicator="g.growth"] summary').click();
          await page.locator('#previous_g\\.growth').fill('95');
          await page.getByRole('button', { name: '提交' }).click();
          await page.waitForLoadState();
          expect(await page.locator('tr[data-indicator="g.growth"] p.error').innerText()).toBe(
            '上年数已带入为 100（2011年度），填写不同的上年数须说明理由',
          );
          expect(
            (await client.unitState('c.a', 2012)).submissions.filter((s: any) => s.step === 'check-1'),
          ).toEqual([]);
          await page.screenshot({ path: artifact('carried-correction-refused.png'), fullPage: true });
          await page.locator('#previousReason_g\\.growth').fill('按统计年鉴更正');
          await page.getByRole('button', { name: '提交' }).click();
          await page.waitForLoadState();
        } finally {
          await browser.close();
        }
        const check = await eventually(
          async () =>
            (await client.unitState('c.a', 2012)).submissions.filter((s: any) => s.step === 'check-1'),
          (list) => list.length === 1,
          "c.a's corrected check",
        );
        expect(check[0].payload.figures['g.growth']).toEqual({
          value: 115,
          previous: 95,
          previousReason: '按统计年鉴更正',
        });
        return true;
      }
      const figures = {
        'a.count': { value: 50 },
        'k.cum': { value: 9 },
        'g.growth': { value: 200, previous: 180 },
        'l.level': { value: 45 },
      };
      const request = /审核单位c\.b的.*全年/;
      const requests = () => peer.to('chair@test.example').filter((m) => request.test(m.subject ?? ''));
      expect((await client.submit(id, 'check-1', { figures }, stack.fixture.b.contact)).status).toBe(201);
      await peer.waitFor(() => requests().length > 0, 30_000, "the chair's request for c.b's check");
      const page = text((await openLink(linkIn(requests().pop()!))).html);
      expect(page).toContain(
        '以下上年数为本单位自报，无审定数据可核： 增长指标：上年数 180（2011年度，经办人c.b联络员）',
      );
      return true;
    },
  });
  const yearEnd = async (code: string) =>
    (await client.unitState(code, 2012)).submissions
      .filter((s: any) => s.step === 'evaluation')
      .map((s: any) => s.payload.figures['g.growth']);
  expect(await yearEnd('c.a')).toEqual([{ value: 115, previous: 100 }]);
  expect(await yearEnd('c.b')).toEqual([{ value: 200, previous: 180 }]);
  const stated = await client.call('GET', `/api/plans/${PLAN}/history?unit=c.b&year=2011`);
  expect(stated.json.figures.map((f: any) => [f.indicator, f.value, f.origin, f.recordedBy])).toEqual([
    ['a.count', 45, 'IMPORTED', 'admin@test.example'],
    ['k.cum', 6, 'IMPORTED', 'admin@test.example'],
    ['g.growth', 180, 'STATED', 'c.b联络员'],
    ['l.level', 40, 'IMPORTED', 'admin@test.example'],
  ]);

  // The period view rolls 2011 up from its imports: competitions 40 + 45 = 85 of 80, then 55 + 50 = 105 of 100;
  // training 7 + 6 + 8 + 9 = 30 of the 40 stated for 2012.
  const period = await client.call('GET', `/api/plans/${PLAN}/period`);
  const rows = (code: string) => period.json.indicators.find((i: any) => i.code === code);
  expect(rows('a.count').rows.map((r: any) => [r.year, r.figure, r.target, r.final])).toEqual([
    [2011, 85, 80, true],
    [2012, 105, 100, true],
  ]);
  expect([rows('a.count').toDate, rows('a.count').periodTarget]).toEqual([190, 180]);
  expect([rows('k.cum').toDate, rows('k.cum').periodTarget]).toEqual([30, 40]);
  // The level stands where 2012 ends: 70 + 45 = 115 of 120.
  expect(rows('l.level').rows.map((r: any) => [r.year, r.figure])).toEqual([
    [2011, 100],
    [2012, 115],
  ]);
  expect([rows('l.level').toDate, rows('l.level').completion]).toEqual([115, 0.9583]);

  // A year assessed here keeps its approved figures.
  const over = await client.call('POST', `/api/plans/${PLAN}/history/import`, {
    csv: `${HEADER.join(',')}\n2012,a.count,c.a,1`,
    dryRun: true,
  });
  expect([over.status, over.json.error.details[0].problem]).toEqual([422, 'yearAssessed']);
}, 600_000);
