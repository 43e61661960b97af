/**
 * A unit's nomination page in Chromium on the real stack (embedded mailbox): what the system knows of the unit
 * (this year's indicators from its cycle, its honours in the register) shown before it nominates; attachments
 * judged by their content (a lying extension refused, nothing stored), kept with the nomination and downloaded
 * back byte for byte; a nomination edited from its page with one more file; and hostile uploads (over 10 MB, too
 * many, to a forged link, to a link that takes no files, with a NUL in a field, another unit's file) refused with
 * nothing changed. The committee's review is in award-review.test.ts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { attachmentStore } from '../stores/awards/attachments';
import { artifact } from './support/browser';
import { shanghaiIn, startLateCycle } from './support/cycle-fixture';
import { openLink } from './support/link-client';
import { startMailboxBrowser, type MailboxBrowser } from './support/mailbox-browser';
import { ADMIN_PASSWORD } from './support/test-stack';
import { awardPages, team } from './support/award-pages';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: MailboxBrowser;
let page: Page;
let linkOf: ReturnType<typeof awardPages>['linkOf'];
let fitsPhone: ReturnType<typeof awardPages>['fitsPhone'];

beforeAll(async () => {
  env = await startMailboxBrowser('award-nomination-test', { width: 1100, height: 900 });
  page = env.page;
  ({ linkOf, fitsPhone } = awardPages(env));
}, 180_000);

afterAll(() => env?.stop());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 3)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Posts a multipart form the way a browser does, with the page's cookie and CSRF field. */
async function postFiles(
  url: string,
  fields: Record<string, string>,
  files: Array<{ name: string; data: Buffer; type?: string }>,
) {
  const opened = await openLink(url);
  const form = new FormData();
  if (opened.csrf) form.append('_csrf', opened.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append(
      'attachments',
      new Blob([new Uint8Array(f.data)], { type: f.type ?? 'application/pdf' }),
      f.name,
    );
  const res = await fetch(url, {
    method: 'POST',
    body: form,
    headers: opened.cookie ? { cookie: opened.cookie } : {},
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text() };
}

/** c.a's honour of 2024 in the register, from an earlier programme. */
async function seedRegister() {
  const { db, fixture } = env.stack;
  const committee = await db.committee.findFirstOrThrow({ where: { organisationId: fixture.city.id } });
  const earlier = await db.awardProgramme.create({
    data: {
      year: 2024,
      titleZh: '2024年度工人先锋号',
      level: 'CITY',
      rootOrganisationId: fixture.city.id,
      committeeId: committee.id,
      numberPrefix: '平工文',
      reviewMode: 'EQUAL',
      tieBreak: 'NOMINATION_ORDER',
      places: { WORKER_PIONEER: 1 },
      proportionRules: [],
      eligibilityRules: [],
      calendar: {},
      status: 'DECIDED',
      createdBy: 'test',
    },
  });
  const n = await db.nomination.create({
    data: {
      programmeId: earlier.id,
      category: 'WORKER_PIONEER',
      organisationId: fixture.a.id,
      nomineeKind: 'COLLECTIVE',
      nomineeName: '先锋班组甲',
      fields: {},
      deeds: '事迹',
      summary: '摘要',
      sequence: 1,
      createdBy: fixture.a.contact,
      status: 'AWARDED',
    },
  });
  await db.honour.create({
    data: {
      programmeId: earlier.id,
      nominationId: n.id,
      category: 'WORKER_PIONEER',
      level: 'CITY',
      holderName: '先锋班组甲',
      organisationId: fixture.a.id,
      decisionNumber: '平工文〔2024〕3号',
      awardedOn: new Date('2024-04-28'),
    },
  });
}

it('shows a unit what the system knows, takes checked attachments, edits a nomination and refuses hostile uploads', async () => {
  const { db, client, fixture, config } = env.stack;
  await seedRegister();
  // c.a's cycle this year, with a check reported: 30 of its allocated 40.
  const cycle = await startLateCycle(client);
  await db.submission.create({
    data: {
      assessmentId: cycle.ids['c.a']!,
      step: 'check-1',
      version: 1,
      payload: { figures: { 'a.count': { value: 30 } } },
      submittedById: fixture.a.contact,
    },
  });
  const committee = await db.committee.findFirstOrThrow({ where: { organisationId: fixture.city.id } });
  const created = await client.call('POST', '/api/award-programmes', {
    year: 2026,
    title: '2026年度工人先锋号评选',
    level: 'CITY',
    federation: 'c',
    numberPrefix: '平工文',
    committee: committee.id,
    reviewMode: 'EQUAL',
    places: { WORKER_PIONEER: 2 },
    quotas: [
      { unit: 'c.a', category: 'WORKER_PIONEER', quota: 1 },
      { unit: 'c.b', category: 'WORKER_PIONEER', quota: 1 },
    ],
    calendar: {
      nomination: { due: shanghaiIn(3_600_000), reminders: [] },
      vetting: { due: shanghaiIn(7_200_000), reminders: [] },
      review: { due: shanghaiIn(10_800_000), reminders: [] },
      publicity: { workingDays: 5 },
      decisionDate: shanghaiIn(30 * 86_400_000).slice(0, 10),
    },
    departments: [{ name: '纪检', contact: '纪检联络员', email: 'jijian@test.example' }],
  });
  expect(created.status).toBe(201);
  const programmeId = created.json.id as string;
  expect((await client.call('POST', `/api/award-programmes/${programmeId}/open`)).status).toBe(202);

  // ── What the page knows of c.a before it nominates ──
  await env.openFromMailbox('c.a@test.example', '前推荐');
  await page.locator('#register').waitFor();
  expect(await page.locator('#register tbody tr').first().innerText()).toMatch(
    /先锋班组甲\s+工人先锋号\s+市级\s+平工文〔2024〕3号\s+2024-04-28\s+有效/,
  );
  await page.locator('#unit-figures summary').click();
  const figureRow = await page.locator('#unit-figures tbody tr').first().innerText();
  expect(figureRow).toMatch(/40[\s\S]*30[\s\S]*75(\.0)?%/);

  // ── A lying extension: refused next to the field, what was typed kept, nothing stored ──
  for (const [k, v] of Object.entries(team)) {
    if (k === 'category') await page.getByLabel('推荐类别').selectOption(v);
    else if (k === 'isTeam') await page.getByLabel('是', { exact: true }).check();
    else if (k === 'ownership') await page.getByLabel('所有制').selectOption(v);
    else await page.locator(`[name="${k}"]`).fill(v);
  }
  const input = page.locator('input[type="file"][name="attachments"]');
  await input.setInputFiles([
    {
      name: '事迹材料.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script>'),
    },
  ]);
  await page.getByRole('button', { name: '提交推荐' }).click();
  await page.locator('#attachments-error').waitFor();
  expect(await page.locator('#attachments-error').innerText()).toContain(
    '“事迹材料.pdf”不是 PDF、JPG 或 PNG 文件（按文件内容判断）',
  );
  expect(await page.locator('[name="nomineeName"]').inputValue()).toBe('先锋班组乙');
  expect(await db.nominationAttachment.count()).toBe(0);
  expect(await db.nomination.count({ where: { programmeId } })).toBe(0);

  // ── A PDF and a PNG: taken with the nomination ──
  await input.setInputFiles([
    { name: '事迹材料.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: '<img src=x onerror=alert(1)>现场.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await page.getByRole('button', { name: '提交推荐' }).click();
  await page.locator('p.ok').waitFor();
  const nomination = await db.nomination.findFirstOrThrow({ where: { programmeId } });
  const stored = await db.nominationAttachment.findMany({ orderBy: { fileName: 'asc' } });
  expect(stored.map((f) => [f.fileName, f.mediaType, f.size, f.nominationId, f.sha256])).toEqual([
    ['<img src=x onerror=alert(1)>现场.png', 'image/png', PNG.length, nomination.id, sha(PNG)],
    ['事迹材料.pdf', 'application/pdf', PDF.length, nomination.id, sha(PDF)],
  ]);

  // The receipt's link lists them (the name escaped) and gives back the same bytes, as a download.
  const receipt = await linkOf('c.a@test.example', '已收到推荐');
  await page.goto(receipt);
  const row = page.locator(`tr[data-nomination="${nomination.id}"]`);
  expect(await row.innerText()).toMatch(
    /先锋班组乙[\s\S]*事迹材料\.pdf[\s\S]*<img src=x onerror=alert\(1\)>现场\.png/,
  );
  expect(await page.content()).not.toContain('<img src=x');
  const download = page.waitForEvent('download');
  await row.getByRole('link', { name: '事迹材料.pdf' }).click();
  const saved = await (await download).path();
  expect(sha(fs.readFileSync(saved))).toBe(sha(PDF));
  const href = await row.getByRole('link', { name: '事迹材料.pdf' }).getAttribute('href');
  const served = await fetch(new URL(href!, config.publicUrl));
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('application/pdf');
  expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
  expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  await page.screenshot({ path: artifact('award-nomination-files.png'), fullPage: true });

  await fitsPhone(receipt, 'award-nomination');
  await page.goto(receipt);

  // ── Edited from its page: the form comes back filled, one more file added ──
  await row.getByRole('link', { name: '修改' }).click();
  await page.locator('#form-title', { hasText: '修改推荐：先锋班组乙' }).waitFor();
  expect(await page.locator('[name="industry"]').inputValue()).toBe('电力');
  expect(await page.locator('[name="summary"]').inputValue()).toBe('先锋班组乙的事迹。');
  await page.locator('[name="summary"]').fill('先锋班组乙连续三年安全无事故。');
  await page
    .locator('input[type="file"][name="attachments"]')
    .setInputFiles([{ name: '证书.JPG', mimeType: 'image/jpeg', buffer: JPEG }]);
  await page.getByRole('button', { name: '提交推荐' }).click();
  await page.locator('p.ok').waitFor();
  const edited = await db.nomination.findUniqueOrThrow({ where: { id: nomination.id } });
  expect(edited.summary).toBe('先锋班组乙连续三年安全无事故。');
  expect(await db.nomination.count({ where: { programmeId } })).toBe(1);
  expect(await db.nominationAttachment.count({ where: { nominationId: nomination.id } })).toBe(3);
  expect(await db.auditLog.count({ where: { action: 'nomination.edited', subjectId: nomination.id } })).toBe(
    1,
  );

  // ── Hostile uploads: each refused, nothing stored ──
  const fresh = await linkOf('c.a@test.example', '已收到推荐', 2);
  const edit = { action: 'nominate', nomination: nomination.id, ...team };
  const before = await db.nominationAttachment.count();
  const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1 - PDF.length)]);
  const tooBig = await postFiles(fresh, edit, [{ name: 'big.pdf', data: big }]);
  expect(tooBig.status).toBe(422);
  expect(tooBig.html).toContain('“big.pdf”超过 10 MB');
  const tooMany = await postFiles(fresh, edit, [
    { name: 'a.pdf', data: PDF },
    { name: 'b.pdf', data: PDF },
    { name: 'c.pdf', data: PDF },
  ]);
  expect(tooMany.status).toBe(422);
  expect(tooMany.html).toContain('每项推荐最多 5 个附件（已有 3 个）');
  const nul = await postFiles(fresh, { ...edit, summary: 'a\u0000b' }, [{ name: 'a.pdf', data: PDF }]);
  expect(nul.status).toBe(422);
  const forged = await postFiles(`${config.publicUrl}/a/forged-token`, edit, [{ name: 'a.pdf', data: PDF }]);
  expect(forged.status).toBe(404);
  const planLink = await linkOf('c.a@test.example', '前提交年度劳动竞赛规划方案');
  const noFiles = await postFiles(planLink, { title: 'x' }, [{ name: 'a.pdf', data: PDF }]);
  expect(noFiles.status).toBe(415);
  expect(noFiles.html).toContain('此页面不接收文件上传');
  expect(await db.nominationAttachment.count()).toBe(before);
  expect((await db.nomination.findUniqueOrThrow({ where: { id: nomination.id } })).summary).toBe(
    '先锋班组乙连续三年安全无事故。',
  );
  // The link still works after the refusals.
  expect((await openLink(fresh)).status).toBe(200);

  // Another unit's link, a guessed id and a malformed one find no file.
  const other = await linkOf('c.b@test.example', '前推荐');
  const file = stored[1]!.id;
  for (const url of [`${other}/files/${file}`, `${fresh}/files/${crypto.randomUUID()}`, `${fresh}/files/x`])
    expect((await fetch(url)).status).toBe(404);
  expect((await fetch(`${fresh}/files/${file}`)).status).toBe(200);

  // ── The console lists them for the office ──
  await page.goto(`${config.publicUrl}/admin/awards/${programmeId}`);
  await page.getByLabel('电子邮箱').fill('admin@test.example');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto(`${config.publicUrl}/admin/awards/${programmeId}`);
  const listed = await page.locator('#nominations tbody tr').first().innerText();
  expect(listed).toMatch(/先锋班组乙[\s\S]*证书\.JPG/);
  const adminHref = await page
    .locator('#nominations')
    .getByRole('link', { name: '证书.JPG' })
    .getAttribute('href');
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const adminFile = await fetch(new URL(adminHref!, config.publicUrl), { headers: { cookie } });
  expect(adminFile.headers.get('content-type')).toBe('image/jpeg');
  expect(sha(Buffer.from(await adminFile.arrayBuffer()))).toBe(sha(JPEG));
  expect((await fetch(new URL(adminHref!, config.publicUrl), { redirect: 'manual' })).status).not.toBe(200);
}, 240_000);

it('keeps files in ATTACHMENTS_DIR when one is configured, and deletes the files of a refused nomination', async () => {
  const { db, fixture } = env.stack;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attachments-'));
  try {
    const store = attachmentStore(db, dir);
    const programme = await db.awardProgramme.findFirstOrThrow({ where: { year: 2026 } });
    const owner = { programmeId: programme.id, organisationId: fixture.b.id, uploadedBy: fixture.b.contact };
    const [kept, refused] = await store.save(
      [
        { fileName: '证明.pdf', mediaType: 'application/pdf', data: PDF },
        { fileName: '照片.png', mediaType: 'image/png', data: PNG },
      ],
      owner,
    );
    expect(fs.readFileSync(path.join(dir, kept!)).equals(PDF)).toBe(true);
    expect((await db.nominationAttachment.findUniqueOrThrow({ where: { id: kept! } })).content).toBeNull();
    // Not yet taken by a nomination: not served.
    expect(await store.read(programme.id, kept!)).toBeNull();
    const nomination = await db.nomination.findFirstOrThrow({ where: { programmeId: programme.id } });
    await db.nominationAttachment.update({ where: { id: kept! }, data: { nominationId: nomination.id } });
    expect((await store.read(programme.id, kept!))!.content.equals(PDF)).toBe(true);
    // The workflow refused: the file no nomination took goes, the one taken stays.
    await store.discard([kept!, refused!]);
    expect(fs.readdirSync(dir)).toEqual([kept]);
    expect(await db.nominationAttachment.count({ where: { id: refused! } })).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
