/**
 * Bulletins on real PostgreSQL: a 50-unit, three-level federation with progress reports, every figure of the
 * issued bulletin checked against values computed here by plain arithmetic; the archive is a snapshot; the PDF
 * prints on A4 through Debian's Chromium; empty data gives a correct bulletin; bad requests change nothing.
 */
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { HtmlValidate } from 'html-validate';
import { pageText, pdfPages } from './support/pdf-layout';
import type { Db } from '../stores/db';
import type { BulletinData } from '../domain/bulletin';
import { artifact, launchBrowser } from './support/browser';
import { PLAN_CODE, YEAR } from './support/cycle-fixture';
import { startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

let stack: TestStack;
let db: Db;
let cycleId: string;

const GROUPS = [
  { code: 'r.k0', kind: 'COUNTY_DISTRICT' as const },
  { code: 'r.k1', kind: 'COUNTY_DISTRICT' as const },
  { code: 'r.k2', kind: 'COUNTY_DISTRICT' as const },
  { code: 'r.i0', kind: 'INDUSTRY_UNION' as const },
  { code: 'r.i1', kind: 'INDUSTRY_UNION' as const },
];
const PER_GROUP = 9;
/** Grassroots union j of group k reports j + 1 + k competitions and a coverage of j in 10 (r.i1's report nothing). */
const reports = (k: number) => k < 4;
const count = (k: number, j: number) => j + 1 + k;

async function seedFederation(year: number, withData: boolean): Promise<string> {
  const plan = await db.plan.findUniqueOrThrow({ where: { code: PLAN_CODE }, include: { indicators: true } });
  const ind = Object.fromEntries(plan.indicators.map((i) => [i.code, i.id]));
  let root = await db.organisation.findUnique({ where: { code: 'r' } });
  if (!root) {
    root = await db.organisation.create({ data: { code: 'r', nameZh: '示范市总工会', kind: 'FEDERATION' } });
    const contact = await db.person.create({
      data: { name: '市总办公室', email: 'office@r.example', organisationId: root.id },
    });
    await db.organisationContact.create({ data: { organisationId: root.id, personId: contact.id } });
    const committee = await db.committee.create({ data: { organisationId: root.id, nameZh: '竞赛委员会' } });
    const chair = await db.person.create({
      data: { name: '主任', email: 'chair@r.example', organisationId: root.id },
    });
    await db.committeeMember.create({
      data: { committeeId: committee.id, personId: chair.id, role: 'CHAIR' },
    });
    for (const g of GROUPS) {
      const group = await db.organisation.create({
        data: { code: g.code, nameZh: `单位${g.code}`, kind: g.kind, parentId: root.id },
      });
      for (let j = 0; j < PER_GROUP; j++)
        await db.organisation.create({
          data: {
            code: `${g.code}.g${j}`,
            nameZh: `单位${g.code}.g${j}`,
            kind: 'GRASSROOTS_UNION',
            parentId: group.id,
          },
        });
    }
  }
  const cycle = await db.cycle.create({
    data: {
      planId: plan.id,
      year,
      rootOrganisationId: root.id,
      calendar: { checks: [{ label: '第三季度' }] },
      decisionPolicy: { kind: 'ANY_ONE' },
      workflowId: `bulletin-test-cycle-${year}`,
      startedBy: 'test',
    },
  });
  for (const [k, g] of GROUPS.entries()) {
    const group = await db.organisation.findUniqueOrThrow({ where: { code: g.code } });
    const units = [
      { org: group, own: true, j: -1 },
      ...(await db.organisation.findMany({ where: { parentId: group.id }, orderBy: { code: 'asc' } })).map(
        (org, j) => ({
          org,
          own: false,
          j,
        }),
      ),
    ];
    for (const { org, own, j } of units) {
      const overdue = !own && j === 8;
      const a = await db.assessment.create({
        data: {
          cycleId: cycle.id,
          organisationId: org.id,
          workflowId: `bulletin-test-${year}-${org.code}`,
          stage: own ? 'EXECUTION_CHECK' : j < 3 ? 'TARGET_SETTING' : 'EXECUTION_CHECK',
          status: overdue ? 'WAITING_SUBMISSION' : 'WAITING_DECISION',
          step: 'check-1',
          dueAt: overdue ? new Date(Date.now() - 86_400_000) : new Date(Date.now() + 86_400_000),
        },
      });
      if (!withData) continue;
      await db.targetAllocation.createMany({
        data: [
          { indicatorId: ind['a.count']!, organisationId: org.id, year, value: own ? 5 : 10 },
          { indicatorId: ind['b.share']!, organisationId: org.id, year, value: 50 },
        ],
      });
      if (own || reports(k))
        await db.submission.create({
          data: {
            assessmentId: a.id,
            step: 'check-1',
            version: 1,
            payload: {
              figures: own
                ? { 'a.count': { value: 2 } }
                : {
                    'a.count': { value: count(k, j) },
                    'b.share': { value: j * 10, numerator: j, denominator: 10 },
                  },
            },
          },
        });
    }
  }
  return cycle.id;
}

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'bulletin-test', worker: false });
  db = stack.db;
  cycleId = await seedFederation(YEAR, true);
}, 120_000);

afterAll(() => stack?.stop());

/** The share of the year 2026 passed at `at`, in Beijing time, as the plan's annual indicators are paced. */
function elapsedAt(at: Date): number {
  const start = Date.parse('2026-01-01T00:00:00+08:00');
  const end = Date.parse('2027-01-01T00:00:00+08:00');
  return Math.min(1, Math.max(0, (at.getTime() - start) / (end - start)));
}

it('issues a bulletin whose every figure matches the hand computation', async () => {
  const r = await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, {
    by: 'admin',
    period: '2026-10',
  });
  expect(r.status).toBe(201);
  expect(r.json).toMatchObject({ number: 1, periodKey: '2026-10', created: true });
  const doc = await db.document.findUniqueOrThrow({ where: { id: r.json.id } });
  const data = doc.data as unknown as BulletinData;
  const e = elapsedAt(doc.issuedAt);

  // Competitions: groups report 2 each; grassroots j of group k report j+1+k (groups 0–3).
  let actual = 5 * 2;
  for (let k = 0; k < 4; k++) for (let j = 0; j < PER_GROUP; j++) actual += count(k, j);
  const target = 5 * 5 + 5 * PER_GROUP * 10;
  expect(actual).toBe(10 + 4 * 45 + 9 * (0 + 1 + 2 + 3));
  const counts = data.indicators.find((i) => i.code === 'a.count')!;
  expect(counts.actual).toBe(actual);
  expect(counts.target).toBe(target);
  expect(counts.expected).toBeCloseTo(target * e, 3);
  expect(counts.completion).toBeCloseTo(actual / target, 4);
  expect(counts.status).toBe(
    actual < target * e * 0.95 ? 'LAGGING' : actual >= target * e * 1.05 ? 'AHEAD' : 'ON_PACE',
  );
  expect(counts.reporting).toBe(5 + 4 * PER_GROUP);
  // Coverage: (0+1+…+8) of 90 in each of four groups = 40 %, against a 50 % target: lagging.
  const share = data.indicators.find((i) => i.code === 'b.share')!;
  expect(share).toMatchObject({
    actual: 40,
    target: 50,
    expected: 50,
    completion: 0.8,
    status: 'LAGGING',
    reporting: 36,
  });

  // Rankings: group k's index = (2 × min(1, (2 + Σ(j+1+k)) / 95) + 1 × 0.8) / 3 × 100; r.i1 has counts only.
  const index = (k: number) => {
    const c = Math.min(1, (2 + (45 + 9 * k)) / 95);
    return Math.round(((2 * c + 0.8) / 3) * 100 * 100) / 100;
  };
  expect(data.rankings.counties.map((x) => [x.rank, x.code, x.index])).toEqual([
    [1, 'r.k2', index(2)],
    [2, 'r.k1', index(1)],
    [3, 'r.k0', index(0)],
  ]);
  expect(data.rankings.industries.map((x) => [x.rank, x.code, x.index])).toEqual([
    [1, 'r.i0', index(3)],
    [2, 'r.i1', Math.round(((2 * (2 / 95)) / 2) * 100 * 100) / 100],
  ]);

  // Per group and indicator: r.k0 has (2 + 45) of 95 competitions and 36 of 90 covered against 50 %.
  const k0 = data.groups.find((g) => g.code === 'r.k0')!;
  expect(k0.completion).toEqual([Math.round((47 / 95) * 1e4) / 1e4, 0.8]);
  expect(data.groups.map((g) => g.code)).toEqual(['r.k0', 'r.k1', 'r.k2', 'r.i0', 'r.i1']);

  // Lagging: a unit's own count below 95 % of its pace, or its coverage below 47.5 %.
  const expectedLagging: string[] = [];
  for (const [k, g] of GROUPS.entries()) {
    if (2 < 5 * e * 0.95) expectedLagging.push(g.code);
    if (!reports(k)) continue;
    for (let j = 0; j < PER_GROUP; j++)
      if (count(k, j) < 10 * e * 0.95 || j * 10 < 50 * 0.95) expectedLagging.push(`${g.code}.g${j}`);
  }
  expect(data.lagging.count).toBe(expectedLagging.length);
  expect(data.lagging.shown.map((l) => l.code).sort()).toEqual(expectedLagging.sort());
  expect(data.rankings.counties.find((x) => x.code === 'r.k0')!.laggingUnits).toBe(
    expectedLagging.filter((c) => c.startsWith('r.k0.')).length,
  );

  // Stages: groups and grassroots 3–8 are checking, grassroots 0–2 still setting targets; each g8 is overdue.
  expect(data.units).toBe(50);
  expect(Object.fromEntries(data.stages.map((s) => [s.stage, s.count]))).toMatchObject({
    TARGET_SETTING: 15,
    EXECUTION_CHECK: 35,
  });
  expect(data.overdue.count).toBe(5);
  expect(data.overdue.shown.map((o) => o.code).sort()).toEqual(GROUPS.map((g) => `${g.code}.g8`).sort());
  expect(data.highlights).toEqual([]);

  // The document shows the same figures, with its charts drawn as SVG, and went to the distribution list.
  expect(doc.number).toBe(1);
  expect(doc.html).toContain('2026年第 1 期');
  expect(doc.html).toContain('<svg');
  expect(doc.html).toContain('单位r.k2');
  const mail = await db.outboxMessage.findMany({ where: { kind: 'BULLETIN' }, orderBy: { toEmail: 'asc' } });
  expect(mail.map((m) => m.toEmail)).toEqual(['chair@r.example', 'office@r.example']);
});

it('keeps an issued bulletin as it was: the same period again gives the same document, later data does not change it', async () => {
  const first = await db.document.findFirstOrThrow({ where: { cycleId, periodKey: '2026-10' } });
  const a = await db.assessment.findFirstOrThrow({ where: { cycleId, organisation: { code: 'r.i1.g0' } } });
  await db.submission.create({
    data: {
      assessmentId: a.id,
      step: 'check-1',
      version: 1,
      payload: { figures: { 'a.count': { value: 30 } } },
    },
  });
  const again = await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, {
    by: 'admin',
    period: '2026-10',
  });
  expect(again.status).toBe(200);
  expect(again.json).toMatchObject({ id: first.id, number: 1, created: false });
  const unchanged = await db.document.findUniqueOrThrow({ where: { id: first.id } });
  expect(unchanged.data).toEqual(first.data);
  expect(unchanged.html).toBe(first.html);

  const next = await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, {
    by: 'admin',
    period: '2026-11',
  });
  expect(next.status).toBe(201);
  expect(next.json.number).toBe(2);
  const data = (await db.document.findUniqueOrThrow({ where: { id: next.json.id } }))
    .data as unknown as BulletinData;
  // r.i1.g0 went from no report to 30 competitions, which lifts r.i1 from (2 × 2/95)/2 to (2 × 32/95)/2.
  expect(data.highlights[0]).toEqual({ code: 'r.i1', name: '单位r.i1', from: 2.11, to: 33.68, gain: 31.57 });
  const listed = await stack.client.call('GET', `/api/bulletins?cycle=${cycleId}`);
  expect(listed.json.total).toBe(2);
  expect(listed.json.bulletins.map((b: { number: number }) => b.number)).toEqual([2, 1]);
});

it('prints the bulletin as an A4 PDF and reads well at phone width', async () => {
  const doc = await db.document.findFirstOrThrow({ where: { cycleId, periodKey: '2026-10' } });
  expect(doc.pdf).not.toBeNull();
  const pdf = Buffer.from(doc.pdf!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(2);
  // A4: 595 × 842 points.
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
  const download = await fetch(`${stack.api.url}/bulletins/${doc.id}.pdf`);
  expect(download.status).toBe(200);
  // The same official parts as every document: page numbers, and the 版记 with the issuer's printing office.
  const printed = path.join(os.tmpdir(), `bulletin-${doc.id}.pdf`);
  fs.writeFileSync(printed, pdf);
  const { pages: count } = pdfPages(printed);
  expect(pageText(printed, 1)).toMatch(/—\s*1\s*—/);
  expect(pageText(printed, count)).toMatch(/总工会办公室\s+\d{4}年\d{1,2}月\d{1,2}日印发/);
  fs.rmSync(printed);
  expect(download.headers.get('content-type')).toBe('application/pdf');

  const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(doc.html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const res = await page.goto(`${stack.api.url}/bulletins/${doc.id}`);
    expect(res?.status()).toBe(200);
    // An issued bulletin runs no script and may not be framed by another site.
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // Nothing wider than the phone but the scrollable tables.
    const overflow = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(overflow).toBeLessThanOrEqual(390);
    expect(await page.locator('svg.chart').count()).toBe(3);
    await page.screenshot({ path: artifact('bulletin-phone.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});

it('gives a correct bulletin for a cycle with no reports and no targets', async () => {
  const empty = await seedFederation(2027, false);
  const r = await stack.client.call('POST', `/api/cycles/${empty}/bulletins`, { by: 'admin' });
  expect(r.status).toBe(201);
  const doc = await db.document.findUniqueOrThrow({ where: { id: r.json.id } });
  const data = doc.data as unknown as BulletinData;
  expect(doc.number).toBe(1);
  expect(data.units).toBe(50);
  expect(data.indicators.map((i) => [i.code, i.actual, i.status])).toEqual([
    ['a.count', null, 'NO_DATA'],
    ['b.share', null, 'NO_DATA'],
  ]);
  expect(data.rankings).toEqual({ counties: [], industries: [] });
  expect(doc.html).toContain('本期无进度滞后单位');
});

it('refuses bad requests and writes nothing', async () => {
  const before = await db.document.count();
  expect((await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, {})).status).toBe(422);
  expect(
    (await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, { by: 'a', period: '../x' })).status,
  ).toBe(422);
  expect(
    (await stack.client.call('POST', `/api/cycles/${cycleId}/bulletins`, { by: 'a', extra: 1 })).status,
  ).toBe(422);
  expect(
    (
      await stack.client.call('POST', `/api/cycles/00000000-0000-4000-8000-000000000000/bulletins`, {
        by: 'a',
      })
    ).status,
  ).toBe(404);
  expect((await stack.client.call('GET', `/api/bulletins?cycle=nope`)).status).toBe(422);
  expect((await fetch(`${stack.api.url}/bulletins/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  expect(await db.document.count()).toBe(before);
});
