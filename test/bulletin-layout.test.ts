/**
 * A bulletin of the built-in plan (18 indicators, long names) for many groups, rendered as the worker renders it and
 * printed by the same Chromium: every column is there, header cells stay readable, a table split across A4 pages
 * repeats its header, and chart labels are not clipped and the colours are explained.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { GROUP_TABLE_COLUMNS, renderBulletinHtml } from '../activities/bulletin/document';
import { renderPdf } from '../activities/documents/pdf';
import { buildBulletin, type BulletinInput, type BulletinUnit } from '../domain/bulletin';
import { parsePlanDefinition } from '../domain/plan';
import { builtInPlan } from '../prisma/seed/plan-pingdingshan-2011-2015';
import { artifact, launchBrowser } from './support/browser';

const plan = parsePlanDefinition(builtInPlan);
const GROUPS = 60;
const group = (k: number) => `测试县${String(k + 1).padStart(2, '0')}`;

function input(): BulletinInput {
  const units: BulletinUnit[] = [
    {
      id: 'R',
      code: 'R',
      name: '市总工会',
      kind: 'FEDERATION',
      parentId: null,
      participating: false,
      stage: null,
      status: null,
      step: null,
      dueAt: null,
    },
  ];
  const targets = new Map<string, Record<string, number>>();
  const figures = new Map<string, Record<string, { value: number; previous?: number }>>();
  for (let k = 0; k < GROUPS; k++) {
    const id = `G${k}`;
    units.push({
      id,
      code: id,
      name: group(k),
      kind: 'COUNTY_DISTRICT',
      parentId: 'R',
      participating: true,
      stage: 'EXECUTION_CHECK',
      status: 'WAITING_SUBMISSION',
      step: 'check-1',
      dueAt: null,
    });
    targets.set(id, Object.fromEntries(plan.indicators.map((i) => [i.code, 100])));
    figures.set(
      id,
      Object.fromEntries(
        plan.indicators.map((i, n) => [i.code, { value: 20 + ((k * 7 + n * 3) % 70), previous: 50 }]),
      ),
    );
  }
  return {
    asOf: Date.parse('2013-07-01T00:00:00+08:00'),
    elapsed: 0.5,
    units,
    indicators: plan.indicators.map((i) => ({
      code: i.code,
      name: i.nameZh,
      unit: i.unitZh,
      kind: i.kind,
      aggregation: i.aggregation,
      weight: i.weight,
      annualRatePct: i.annualRatePct,
      spanYears: 1,
    })),
    targets,
    figures,
    reportElapsed: new Map(),
  };
}

let browser: Browser;
let html: string;

beforeAll(async () => {
  browser = await launchBrowser();
  html = renderBulletinHtml(buildBulletin(input()), {
    year: 2013,
    number: 3,
    federation: '平顶山市总工会',
    issuedAt: new Date('2013-07-05T02:00:00Z'),
    calendar: {},
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

it('shows every indicator of the table by group, in parts whose header cells stay readable', async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
  await page.setContent(html);
  const parts = page.locator('table.by-group');
  expect(await parts.count()).toBe(Math.ceil(18 / GROUP_TABLE_COLUMNS));
  const headers = await page.locator('table.by-group thead th[scope="col"]').allInnerTexts();
  expect(headers.map((h) => h.replace(/\s+/g, ''))).toEqual(
    plan.indicators.map((i, n) => `${n + 1}.${i.nameZh}`),
  );
  for (let p = 0; p < (await parts.count()); p++) {
    const box = await parts.nth(p).evaluate((t) => {
      const e = t as unknown as { scrollWidth: number; parentElement: { clientWidth: number } };
      return { table: e.scrollWidth, room: e.parentElement.clientWidth };
    });
    expect(box.table).toBeLessThanOrEqual(box.room);
  }
  // No header wraps a character a line: every cell is at least four characters wide.
  const widths = await page
    .locator('table.by-group thead th')
    .evaluateAll((cells) =>
      cells.map(
        (c) => (c as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width,
      ),
    );
  expect(Math.min(...widths)).toBeGreaterThanOrEqual(4 * 12);
  await page.screenshot({ path: artifact('bulletin-by-group.png'), fullPage: true });
  await page.close();
});

it('draws chart labels inside the chart and explains the colours', async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
  await page.setContent(html);
  const chart = page.locator('section#progress svg.chart');
  const clipped = await chart.evaluate((svg) => {
    const texts = [
      ...(
        svg as unknown as { querySelectorAll(s: string): Iterable<{ getBBox(): { x: number } }> }
      ).querySelectorAll('text'),
    ];
    return texts.filter((t) => t.getBBox().x < 0).length;
  });
  expect(clipped).toBe(0);
  const legend = await chart.locator('g.legend').allTextContents();
  expect(legend).toEqual(expect.arrayContaining(['滞后', '虚线：完成全年目标（100%）']));
  // The longest name is wrapped, not cut off: both lines are in the chart.
  const longest = '开展技术培训、岗位练兵、技能比赛的企业比例';
  const lines = await chart.locator('tspan').allTextContents();
  expect(lines.join('')).toContain(longest);
  await page.close();
});

it('prints on A4 with the header of a table that spans pages repeated on each page', async () => {
  const file = artifact('bulletin-wide.pdf');
  fs.writeFileSync(file, await renderPdf(html, process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'));
  const info = execFileSync('pdfinfo', [file]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(info).toMatch(/Page size:.*\(A4\)/);
  const text = (n: number) =>
    execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-']).toString();
  // A line of the table by group: a group and its completion shares (other tables show one share at most).
  const groupRow = /测试县\d\d(\s+\d+\.\d%){3,}/;
  let pagesWithRows = 0;
  for (let n = 1; n <= pages; n++) {
    const t = text(n);
    if (!groupRow.test(t)) continue;
    pagesWithRows++;
    expect(t).toContain('县区／产业工会');
  }
  expect(pagesWithRows).toBeGreaterThan(Math.ceil(18 / GROUP_TABLE_COLUMNS));
  // The last column of every part is in the PDF: indicator 18's share of the last group.
  const all = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  expect(all.replace(/\s+/g, '')).toContain('18.涉及节能减排的建议比例');
}, 60_000);
