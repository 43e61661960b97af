/**
 * The notices a cycle issues by itself, on the real stack (Temporal, PostgreSQL, an SMTP peer, Chromium): the
 * office sets up its issuer with a seal; the start notice is previewed in the console as a 样稿 with the real
 * units and targets, its opening edited, and issued early by the admin; the urging notice issues itself once the
 * plan's due date and the lead have passed, to the supervising unions of the late units only. Each is numbered
 * consecutively in the issuer's series, archived once, valid HTML, an A4 PDF with its text where GB/T 9704 puts
 * it, and mailed with the PDF attached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { HtmlValidate } from 'html-validate';
import type { ParsedMail } from 'mailparser';
import { artifact, launchBrowser } from './support/browser';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { eventually } from './support/eventually';
import { firstPagePng, pdfPages, textBlockOf } from './support/pdf-layout';
import { sealPng } from './support/seal-png';
import { mailTo, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;
let dir: string;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: 'cycle-notices-test', worker: true, env: mailTo(peer) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notices-'));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const PLAN_DUE_MS = 70_000;
const LEAD_S = 40;

/** The mail to `who` whose subject has `title`, once it has come. */
async function mailOf(who: string, title: string): Promise<ParsedMail> {
  await peer.waitFor(
    () => peer.to(`${who}@test.example`).some((m) => m.subject?.includes(title)),
    150_000,
    `${title} to ${who}`,
  );
  return peer.to(`${who}@test.example`).find((m) => m.subject?.includes(title))!;
}

/** The mail's PDF attachment, written to disk, and the HTML its link serves, checked as valid HTML. */
async function documentOf(mail: ParsedMail, name: string) {
  const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
  expect(pdf).toBeDefined();
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf!.content);
  const url = /https?:\/\/\S+\/documents\/[0-9a-f-]{36}/.exec(mail.text ?? '')?.[0];
  expect(url).toBeDefined();
  const html = await (await fetch(url!)).text();
  const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  firstPagePng(file, artifact(`${name}.png`));
  return {
    file,
    filename: pdf!.filename ?? '',
    html,
    text: execFileSync('pdftotext', [file, '-']).toString(),
  };
}

it("issues the cycle's notices: previewed and edited, issued early or on their own, numbered once, mailed with the PDF", async () => {
  const { client, db } = stack;
  // ── The federation's issuer, with its seal; a seal that is not an image changes nothing ──
  const issuer = {
    name: '平顶山市总工会',
    shortName: '市总工会',
    copyTo: ['河南省总工会'],
    printedBy: '平顶山市总工会办公室',
    own: true,
  };
  const refused = await client.call('PUT', '/api/issuers/平工文', {
    ...issuer,
    seal: Buffer.from('GIF89a not a seal').toString('base64'),
  });
  expect(refused.status).toBe(422);
  expect(await db.issuer.count({ where: { numberPrefix: '平工文' } })).toBe(0);
  const saved = await client.call('PUT', '/api/issuers/平工文', {
    ...issuer,
    seal: sealPng().toString('base64'),
  });
  expect(saved.status).toBe(200);
  expect(saved.json.issuer).toMatchObject({ numberPrefix: '平工文', seal: true });

  const started = Date.now();
  const cycle = await client.call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { codes: ['c.a', 'c.b', 'c.a.g'] },
    calendar: {
      planSubmission: { due: shanghaiIn(PLAN_DUE_MS, started), reminders: [] },
      targetSetting: { due: shanghaiIn(PLAN_DUE_MS + 3_600_000, started) },
      checks: [
        {
          label: '第一季度',
          asOf: shanghaiIn(PLAN_DUE_MS + 3_700_000, started),
          due: shanghaiIn(PLAN_DUE_MS + 7_200_000, started),
        },
      ],
      evaluation: { due: shanghaiIn(PLAN_DUE_MS + 10_800_000, started) },
      noticeLead: `${LEAD_S}s`,
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(cycle.status).toBe(201);
  const cycleId = cycle.json.cycle.id as string;

  // ── In the console: the notices of the year, the start notice's 样稿 with the real data, its opening edited ──
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.api.url}/admin/cycles/${cycleId}`);
    await page.getByLabel('电子邮箱').fill('admin@test.example');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${stack.api.url}/admin/cycles/${cycleId}`);
    await page.locator('#cycle-notices').click();
    const rows = page.locator('table.notices tbody tr');
    await expect(rows.count()).resolves.toBe(6);
    const start = page.locator('#notice-start');
    await expect(start.textContent()).resolves.toMatch(
      /考核工作通知.*关于开展2026年度劳动竞赛考核工作的通知.*待签发/s,
    );
    await expect(page.locator('[id="notice-urge:plan"]').textContent()).resolves.toMatch(
      /督办通知.*关于督促报送2026年度劳动竞赛规划方案的通知.*尚未到可签发时间/s,
    );
    await expect(page.locator('#notice-results').textContent()).resolves.toMatch(/考核结果审定后/);

    await page
      .getByLabel('开头段落')
      .first()
      .fill('根据市总工会年度工作安排，决定开展2026年度劳动竞赛考核。');
    await page.getByRole('button', { name: '保存段落' }).first().click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('段落已保存');

    const preview = await context.newPage();
    await preview.goto(`${stack.api.url}${await start.locator('a.preview').getAttribute('href')}`);
    const draft = (await preview.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(draft).toContain('样稿');
    expect(draft).toContain('平工文〔2026〕样稿');
    expect(draft).toContain('根据市总工会年度工作安排，决定开展2026年度劳动竞赛考核。');
    expect(draft).toContain('本年度参加考核的单位共3个');
    // The city's target and each unit's allocated one, from the plan and the allocation.
    expect(draft).toMatch(/竞赛项目 个 110/);
    expect(draft).toMatch(/单位c\.a 竞赛项目 40 个/);
    expect(draft).toContain('抄送：河南省总工会。');
    await preview.screenshot({ path: artifact('cycle-notice-preview.png'), fullPage: false });
    expect(await db.document.count({ where: { cycleId } })).toBe(0);

    // Not ready yet: the urging notice cannot be issued before the plan's due date.
    const early = await client.call('POST', `/api/cycles/${cycleId}/notices/urge:plan/issue`, {});
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('not_ready');

    await page.getByRole('button', { name: '立即签发' }).first().click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('公文已签发');
    await expect(page.locator('#notice-start').textContent()).resolves.toContain('已签发：平工文〔2026〕1号');
  } finally {
    await browser.close();
  }

  // Issued once: a second issue and an edit are refused, and the archive holds one start notice.
  const again = await client.call('POST', `/api/cycles/${cycleId}/notices/start/issue`, {});
  expect([again.status, again.json.error.code]).toEqual([409, 'already_issued']);
  const edit = await client.call('PUT', `/api/cycles/${cycleId}/notices/start`, { opening: '改' });
  expect(edit.status).toBe(409);

  const startMail = await mailOf('c.a.g', '关于开展2026年度劳动竞赛考核工作的通知');
  expect(startMail.subject).toBe('【劳动竞赛】关于开展2026年度劳动竞赛考核工作的通知（平工文〔2026〕1号）');
  const startDoc = await documentOf(startMail, 'cycle-notice-start');
  expect(startDoc.filename).toBe('平工文〔2026〕1号 关于开展2026年度劳动竞赛考核工作的通知.pdf');
  expect(pdfPages(startDoc.file)).toMatchObject({ a4: true });
  expect(pdfPages(startDoc.file).pages).toBeGreaterThanOrEqual(3);
  const block = textBlockOf(startDoc.file);
  expect(block.left).toBeGreaterThanOrEqual(28 - 0.4);
  expect(block.top).toBeGreaterThanOrEqual(37 - 0.4);
  expect(block.right).toBeLessThanOrEqual(210 - 26 + 0.4);
  expect(startDoc.text).toContain('根据市总工会年度工作安排');
  expect(startDoc.text).toMatch(/附件：1\. 参加考核单位名单/);
  expect(startDoc.text).not.toContain('样稿');
  // The seal is printed (the one image of the document) over the signature.
  expect(
    execFileSync('pdfimages', ['-list', startDoc.file]).toString().trim().split('\n').length,
  ).toBeGreaterThan(2);
  // Every participant got it, and the city itself.
  for (const who of ['c', 'c.a', 'c.b']) await mailOf(who, '关于开展2026年度劳动竞赛考核工作的通知');

  // ── Nobody submits a plan: after the due date and the lead, the urging notice issues itself ──
  const urging = await eventually(
    async () =>
      (await client.call('GET', `/api/cycles/${cycleId}/notices`)).json.notices.find(
        (n: { key: string }) => n.key === 'urge:plan',
      ),
    (n) => Boolean(n?.outcome),
    'the urging notice issued by itself',
    PLAN_DUE_MS + LEAD_S * 1000 + 60_000,
  );
  expect(urging).toMatchObject({
    issuedBy: 'system:notices',
    outcome: { issued: true, number: '平工文〔2026〕2号' },
  });
  expect(Date.now() - started).toBeGreaterThanOrEqual(PLAN_DUE_MS + LEAD_S * 1000 - 2000);
  // To the supervising unions of the late units: the city (for c.a and c.b) and c.a (for c.a.g), not c.b.
  const urgeTitle = '关于督促报送2026年度劳动竞赛规划方案的通知';
  const urgeMail = await mailOf('c.a', urgeTitle);
  await mailOf('c', urgeTitle);
  const urgeDoc = await documentOf(urgeMail, 'cycle-notice-urging');
  // Each supervising union with its late units, in the document as issued.
  const sections = urgeDoc.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(sections).toMatch(/（一）单位c（2个） 序号 单位 截止时间 1 单位c\.a \S+ 2 单位c\.b /);
  expect(sections).toMatch(/（二）单位c\.a（1个） 序号 单位 截止时间 1 单位c\.a\.g /);
  expect(urgeDoc.text).toContain('单位c.a.g');
  expect(peer.to('c.b@test.example').some((m) => m.subject?.includes(urgeTitle))).toBe(false);

  // Numbered once each, consecutively, and audited once.
  const docs = await db.document.findMany({ where: { cycleId }, orderBy: { number: 'asc' } });
  expect(docs.map((d) => [d.kind, d.series, d.number])).toEqual([
    ['CYCLE_NOTICE', '平工文', 1],
    ['URGING_NOTICE', '平工文', 2],
  ]);
  expect(
    await db.auditLog.count({
      where: { action: 'document.issued', subjectId: { in: docs.map((d) => d.id) } },
    }),
  ).toBe(2);
  // The register lists both with their numbers as cited.
  const register = await client.call('GET', `/api/cycles/${cycleId}/notices`);
  expect(
    register.json.notices.map((n: { key: string; outcome: { number?: string } | null }) => [
      n.key,
      n.outcome?.number ?? null,
    ]),
  ).toEqual([
    ['start', '平工文〔2026〕1号'],
    ['urge:plan', '平工文〔2026〕2号'],
    ['urge:targets', null],
    ['urge:check-1', null],
    ['urge:evaluation', null],
    ['results', null],
  ]);
}, 360_000);
