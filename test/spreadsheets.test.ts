/**
 * The office's spreadsheets on the real stack: the organisation tree with its committees, a plan's target
 * allocations, the outbox and an issued bulletin's tables, each downloaded as the console links them and read back
 * by an independent reader (Debian's python3-openpyxl), then compared cell by cell with the API's JSON (headers
 * bold and frozen, number formats on the figures); and units imported from an Excel workbook in the console.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import ExcelJS from 'exceljs';
import { artifact, launchBrowser } from './support/browser';
import { PLAN_CODE, startLateCycle, YEAR } from './support/cycle-fixture';
import { eventually } from './support/eventually';
import { mailTo, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;
let dir: string;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: 'spreadsheets-test', worker: true, env: mailTo(peer) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exports-'));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Sheet {
  freeze: string | null;
  rows: unknown[][];
  formats: string[];
  headerBold: boolean;
}

/** Downloads a workbook from the API and reads it with openpyxl. */
async function workbook(apiPath: string): Promise<Record<string, Sheet>> {
  const got = await stack.client.download(apiPath);
  expect([apiPath, got.status, got.headers.get('content-type')]).toEqual([
    apiPath,
    200,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ]);
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, got.body);
  const json = execFileSync('/usr/bin/python3', [path.join(__dirname, 'support', 'read-xlsx.py'), file], {
    encoding: 'utf8',
  });
  return JSON.parse(json) as Record<string, Sheet>;
}

/** The sheet's rows as objects by header. */
const records = (sheet: Sheet) => {
  const [header, ...rows] = sheet.rows;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [String(h), r[i] ?? null])));
};

it('exports the tables of the console, read back by openpyxl equal to the API', async () => {
  const { client } = stack;
  const { cycleId } = await startLateCycle(client);
  await eventually(
    async () => (await client.call('GET', '/api/outbox?status=SENT')).json.total as number,
    (n) => n >= 3,
    'the invitations sent',
    30_000,
  );

  // ── The organisation tree, every unit with its parent and contacts, and the committees ──
  const orgs = await workbook('/api/organisations?format=xlsx');
  expect(Object.keys(orgs)).toEqual(['单位', '委员会成员']);
  for (const sheet of Object.values(orgs)) {
    expect(sheet.freeze).toBe('A2');
    expect(sheet.headerBold).toBe(true);
  }
  const walk = async (under?: string): Promise<Array<{ code: string; nameZh: string; parent: string }>> => {
    const r = await client.call('GET', `/api/organisations?limit=500${under ? `&under=${under}` : ''}`);
    const here = (r.json.units as Array<{ code: string; nameZh: string; children: number }>).map((u) => ({
      ...u,
      parent: under ?? '',
    }));
    const below = await Promise.all(here.filter((u) => u.children > 0).map((u) => walk(u.code)));
    return [...here, ...below.flat()];
  };
  const tree = (await walk()).map((u) => [u.code, u.nameZh, u.parent]).sort();
  const units = records(orgs['单位']!);
  expect(units.map((u) => [u['单位编码'], u['单位名称'], u['上级编码'] ?? '']).sort()).toEqual(tree);
  expect(units.find((u) => u['单位编码'] === 'c.a')!['联系人']).toBe('c.a联络员 c.a@test.example');
  expect(units.find((u) => u['单位编码'] === 'c.a')!['单位类型']).toBe('县（市、区）总工会');
  const members = records(orgs['委员会成员']!);
  expect(members.map((m) => [m['单位编码'], m['姓名'], m['职务']]).sort()).toEqual(
    [
      ['c', 'chair', '主任'],
      ['c', 'm1', '委员'],
      ['c', 'm2', '委员'],
      ['c', 'm3', '委员'],
    ].sort(),
  );

  // ── A plan's allocations for the year: every unit and indicator, values as numbers ──
  const alloc = await workbook(`/api/plans/${PLAN_CODE}/allocations?format=xlsx&year=${YEAR}`);
  const api = (await client.call('GET', `/api/plans/${PLAN_CODE}/allocations?year=${YEAR}`)).json
    .allocations as Array<{
    year: number;
    indicator: string;
    unit: string;
    parent: string | null;
    value: number | null;
  }>;
  expect(api.length).toBeGreaterThan(0);
  const allocRows = records(alloc['目标分解']!);
  expect(
    allocRows.map((r) => [r['年度'], r['指标编码'], r['单位编码'], r['上级编码'] ?? null, r['目标']]),
  ).toEqual(api.map((a) => [a.year, a.indicator, a.unit, a.parent, a.value]));
  expect(alloc['目标分解']!.formats[6]).toBe('#,##0.####');

  // ── The outbox: the same emails in the same order as the API lists them ──
  const outbox = await workbook('/api/outbox?format=xlsx&status=SENT');
  const sent = (await client.call('GET', '/api/outbox?status=SENT&limit=500')).json.messages as Array<{
    toEmail: string;
    subject: string;
    attempts: number;
  }>;
  expect(
    records(outbox['邮件发件箱']!).map((m) => [m['电子邮箱'], m['主题'], m['状态'], m['尝试次数']]),
  ).toEqual(sent.map((m) => [m.toEmail, m.subject, '已发送', m.attempts]));

  // ── An issued bulletin's tables: the indicators as the bulletin's JSON has them, shares as percentages ──
  const issued = await client.call('POST', `/api/cycles/${cycleId}/bulletins`, { by: 'admin@test.example' });
  expect(issued.status).toBe(201);
  const bulletin = (await client.call('GET', `/api/bulletins/${issued.json.id}`)).json;
  const tables = await workbook(`/api/bulletins/${issued.json.id}?format=xlsx`);
  expect(Object.keys(tables)).toEqual(['全市指标', '分组完成情况', '排名', '滞后单位', '规划期进展']);
  expect(
    records(tables['规划期进展']!).map((r) => [r['指标编码'], r['规划期目标'], r['截至本期'], r['余下年数']]),
  ).toEqual(
    bulletin.data.planToDate.indicators.map((i: Record<string, unknown>) => [
      i.code,
      i.periodTarget,
      i.toDate,
      i.yearsLeft,
    ]),
  );
  const indicators = records(tables['全市指标']!);
  expect(indicators.map((r) => [r['指标编码'], r['指标'], r['目标'], r['完成'], r['完成率']])).toEqual(
    bulletin.data.indicators.map((i: Record<string, unknown>) => [
      i.code,
      i.name,
      i.target,
      i.actual,
      i.completion,
    ]),
  );
  expect(tables['全市指标']!.formats[6]).toBe('0.0%');
  const groups = records(tables['分组完成情况']!);
  expect(groups.map((g) => g['单位编码'])).toEqual(bulletin.data.groups.map((g: { code: string }) => g.code));
  // The same workbook through the Accept header, as an integration would ask.
  const accepted = await stack.client.download(`/api/bulletins/${issued.json.id}`, {
    accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  expect(accepted.body.subarray(0, 2).toString()).toBe('PK');
  // English headers on request.
  expect(Object.keys(await workbook(`/api/bulletins/${issued.json.id}?format=xlsx&lang=en`))).toEqual([
    'Indicators',
    'Groups',
    'Rankings',
    'Lagging units',
    'Plan to date',
  ]);
  // Without an admin, nothing.
  expect((await fetch(`${stack.api.url}/api/organisations?format=xlsx`)).status).toBe(401);
}, 180_000);

/** A workbook as an office makes one: a merged title above the header, a formula, a phone stored as a number. */
async function unitsWorkbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('新区单位');
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = '新区基层工会名单（2026年）';
  ws.getRow(2).values = ['单位编码', '单位名称', '单位类型', '上级编码', '联系人', '联系人邮箱'];
  rows.forEach((r, i) => (ws.getRow(3 + i).values = r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

it('imports units and target allocations from Excel workbooks in the console: bad rows named by sheet, row and column, nothing written', async () => {
  const { db } = stack;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${stack.api.url}/admin/organisations/import`);
    await page.getByLabel('电子邮箱').fill('admin@test.example');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${stack.api.url}/admin/organisations/import`);
    // Playwright hands files over 50 MB to the page only from disk.
    const upload = async (name: string, buffer: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, buffer);
      await page.setInputFiles('#csv-file', file);
      await page.getByRole('button', { name: '预览' }).click();
      await page.waitForLoadState();
    };
    const before = await db.organisation.count();

    // Bad rows: each named by its row on the sheet and its column's letter.
    await upload(
      'bad.xlsx',
      await unitsWorkbook([
        ['c.x', '新区', '县区', 'c', '新区联络员', 'x@test.example'],
        ['c.x', '新区重复', '县区', 'c', null, null],
        ['c.x.1', '某厂', '企业', 'c.x', '王五', 'not-an-email'],
      ]),
    );
    await page.locator('#sheet').waitFor();
    expect(await page.locator('#sheet').innerText()).toContain('工作表“新区单位”');
    expect(await page.locator('table.issues tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^4\s+A 单位编码（必填）\s+编码与第 3 行重复$/),
      expect.stringMatching(/^5\s+F 联系人邮箱\s+“not-an-email”不是有效的邮箱地址$/),
    ]);
    expect(await db.organisation.count()).toBe(before);

    // A text file renamed .xlsx, and a file over the size limit: clear errors, nothing written.
    await upload('units.xlsx', Buffer.from('code,name\nc.x,新区\n'));
    expect(await page.locator('p.problem').innerText()).toContain('所选文件不是 Excel 工作簿（.xlsx）');
    await upload('big.xlsx', Buffer.alloc(50 * 1024 * 1024, 1));
    expect(await page.locator('p.problem').innerText()).toContain('文件超过 8 MB，未收下');
    expect(await db.organisation.count()).toBe(before);

    // A good workbook: the preview, then the import; the formula's result is the name.
    await upload(
      'good.xlsx',
      await unitsWorkbook([
        ['c.x', { formula: '"新"&"区"', result: '新区' }, '县区', 'c', '新区联络员', 'x@test.example'],
        ['c.x.1', '新区一厂', '企业', 'c.x', '一厂联络员', 'x1@test.example'],
      ]),
    );
    await page.locator('p.ok', { hasText: '共 2 个单位，检查无误' }).waitFor();
    expect(await page.locator('table.preview tbody tr').first().innerText()).toMatch(/^3\s+c\.x\s+新区\s/);
    await page.getByRole('button', { name: '导入这 2 个单位' }).click();
    await page.locator('p.ok', { hasText: '已导入 2 个单位' }).waitFor();
    const imported = await db.organisation.findUniqueOrThrow({
      where: { code: 'c.x' },
      include: { parent: true },
    });
    expect([imported.nameZh, imported.kind, imported.parent?.code]).toEqual(['新区', 'COUNTY_DISTRICT', 'c']);
    expect(await db.organisation.count()).toBe(before + 2);

    // The API takes a workbook too (base64), through the same checks.
    const one = await unitsWorkbook([['c.x.2', '新区二厂', '企业', 'c.x', null, null]]);
    const dry = await stack.client.call('POST', '/api/organisations/import', {
      xlsx: one.toString('base64'),
      dryRun: true,
    });
    expect([dry.status, dry.json]).toEqual([200, { units: 1, imported: false }]);
    const text = await stack.client.call('POST', '/api/organisations/import', {
      xlsx: Buffer.from('code,name\n').toString('base64'),
    });
    expect([text.status, text.json.error?.code ?? text.json.code]).toEqual([422, 'invalid_workbook']);
    expect(await db.organisation.count()).toBe(before + 2);

    // ── Target allocations for the new county and its enterprise, from a workbook, through the same sums ──
    const allocations = async (rows: ExcelJS.CellValue[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('目标分解');
      ws.addRow(['年度', '指标编码', '单位编码', '目标']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const allocationUpload = async (name: string, buffer: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, buffer);
      await page.setInputFiles('#plan-file', file);
      await page.getByRole('button', { name: '预览' }).click();
      await page.waitForLoadState();
    };
    await page.goto(`${stack.api.url}/admin/plans/${PLAN_CODE}`);
    await page.locator('#allocation-import').click();
    const stored = await db.targetAllocation.count();
    // The city's 110 competitions: c.a 40 and c.b 60 are stored, so c.x must take 10, not 5.
    await allocationUpload(
      'short.xlsx',
      await allocations([
        [YEAR, 'a.count', 'c.x', 5],
        [YEAR, 'b.share', 'c.x', 'abc'],
      ]),
    );
    expect(await page.locator('table.issues tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^3\s+D 目标（或“不适用”）\s+“abc”不是有效的目标/),
    ]);
    await allocationUpload(
      'short.xlsx',
      await allocations([
        [YEAR, 'a.count', 'c.x', 5],
        [YEAR, 'b.share', 'c.x', '不适用'],
      ]),
    );
    expect(await page.locator('table.issues tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(
        /^2\s+D 目标（或“不适用”）\s+2026 年“a\.count”：“c”的下级单位目标之和为 105，与其目标 110 不符$/,
      ),
    ]);
    expect(await db.targetAllocation.count()).toBe(stored);
    await page.screenshot({ path: artifact('allocation-import-refused.png'), fullPage: true });
    await allocationUpload(
      'good.xlsx',
      await allocations([
        [YEAR, 'a.count', 'c.x', 10],
        [YEAR, 'b.share', 'c.x', '不适用'],
        [YEAR, 'a.count', 'c.x.1', 10],
      ]),
    );
    await page.locator('p.ok', { hasText: '共 3 行，检查无误' }).waitFor();
    await page.screenshot({ path: artifact('allocation-import-preview.png'), fullPage: true });
    await page.getByRole('button', { name: '导入这 3 行' }).click();
    await page.locator('p.ok', { hasText: '已导入 3 行目标分解' }).waitFor();
    const cx = await db.targetAllocation.findMany({
      where: { organisation: { code: 'c.x' }, year: YEAR },
      include: { indicator: true },
      orderBy: { indicator: { code: 'asc' } },
    });
    expect(cx.map((a) => [a.indicator.code, a.value.toNumber(), a.notApplicable])).toEqual([
      ['a.count', 10, false],
      ['b.share', 0, true],
    ]);
    // The API takes the same file; a year outside the plan is named.
    const late = await stack.client.call('POST', `/api/plans/${PLAN_CODE}/allocations/import`, {
      csv: '年度,指标编码,单位编码,目标\n2031,a.count,c.x,1',
      dryRun: true,
    });
    expect([late.status, JSON.stringify(late.json)]).toEqual([
      422,
      expect.stringContaining('yearOutsidePlan'),
    ]);
    // A file that is not valid CSV is named as such.
    const broken = await stack.client.call('POST', `/api/plans/${PLAN_CODE}/allocations/import`, {
      csv: '年度,指标编码,单位编码,目标\n2026,"a.count,c.x,1',
      dryRun: true,
    });
    expect([broken.status, JSON.stringify(broken.json)]).toEqual([422, expect.stringContaining('badCsv')]);
  } finally {
    await browser.close();
  }
}, 120_000);
