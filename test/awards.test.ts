/**
 * A whole award programme on a compressed calendar, acted only through mailed links and the public page, on real
 * Temporal, PostgreSQL, an SMTP peer and Chromium: nominations (one over its quota, one breaking a proportion, one
 * ineligible by an accident its unit reported in an earlier cycle — each refused with its reason), a department's
 * veto, a 差额 vote with a recused member, the chair's confirmation, the 公示 with objections (one upheld, the
 * others unfounded, a flood refused), the numbered decision, the certificate and the honours register.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import ExcelJS from 'exceljs';
import { HtmlValidate } from 'html-validate';
import type { ParsedMail } from 'mailparser';
import { artifact, launchBrowser } from './support/browser';
import { createPlan } from '../stores/plan/store';
import { honoursCounted } from '../stores/assessment/honours-counted';
import { shanghaiIn } from './support/cycle-fixture';
import { openLink, postLink } from './support/link-client';
import { linkIn, mailTo, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: 'awards-test', worker: true, env: mailTo(peer) });
  await seedEarlierAccident(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

/** What c.b reported in its 2025 cycle: one fatal or serious accident (so it may not nominate in 2026). */
async function seedEarlierAccident({ db, fixture }: TestStack) {
  await createPlan(
    db,
    {
      code: 'safety-2021-2025',
      nameZh: '安全规划',
      nameEn: 'Safety plan',
      periodStart: 2021,
      periodEnd: 2025,
      indicatorWeight: 100,
      committeeWeight: 0,
      indicators: [
        {
          code: 'safety.fatal_serious_accidents',
          nameZh: '死亡及重大事故',
          nameEn: 'Fatal or serious accidents',
          unitZh: '起',
          unitEn: 'cases',
          kind: 'ANNUAL_COUNT',
          weight: 1,
          targets: [{ year: 2025, value: 0 }],
        },
      ],
      criteria: [],
    },
    'test',
  );
  const plan = await db.plan.findUniqueOrThrow({
    where: { code: 'safety-2021-2025' },
    include: { indicators: true },
  });
  const cycle = await db.cycle.create({
    data: {
      planId: plan.id,
      year: 2025,
      rootOrganisationId: fixture.city.id,
      calendar: {},
      decisionPolicy: { kind: 'ANY_ONE' },
      workflowId: 'cycle-2025-seeded',
      startedBy: 'test',
      status: 'COMPLETED',
    },
  });
  const a = await db.assessment.create({
    data: { cycleId: cycle.id, organisationId: fixture.b.id, workflowId: 'unit-2025-c.b' },
  });
  const s = await db.submission.create({
    data: { assessmentId: a.id, step: 'check-1', version: 1, payload: {}, submittedById: fixture.b.contact },
  });
  await db.progressReport.create({
    data: {
      assessmentId: a.id,
      submissionId: s.id,
      checkIndex: 1,
      asOf: new Date('2025-09-30T00:00:00Z'),
      figures: { create: [{ indicatorId: plan.indicators[0]!.id, value: 1 }] },
    },
  });
}

const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
/** The page is valid HTML: each problem listed with the page it was found on. */
async function expectValid(what: string, html: string) {
  const report = await validator.validateString(html);
  expect([what, report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))]).toEqual([
    what,
    [],
  ]);
}

const awardMails = (who: string) =>
  peer.to(`${who}@test.example`).filter((m) => m.subject?.startsWith('【评先评优】'));
const newest = (who: string, subject: RegExp) => {
  const found = awardMails(who).filter((m) => subject.test(m.subject ?? ''));
  return found[found.length - 1];
};
async function waitMail(who: string, subject: RegExp, after = 0): Promise<ParsedMail> {
  await peer.waitFor(
    () => awardMails(who).filter((m) => subject.test(m.subject ?? '')).length > after,
    60_000,
    `${subject} to ${who}`,
  );
  return newest(who, subject)!;
}
const count = (who: string, subject: RegExp) =>
  awardMails(who).filter((m) => subject.test(m.subject ?? '')).length;

const team = (name: string, isTeam = true) => ({
  category: 'WORKER_PIONEER',
  nomineeName: name,
  isTeam: String(isTeam),
  ownership: 'PUBLIC',
  industry: '煤炭',
  size: '12',
  deeds: `${name}全年安全生产无事故，完成技术革新三项。`,
  summary: `${name}的主要事迹。`,
});
const worker = (name: string) => ({
  category: 'MODEL_WORKER',
  nomineeName: name,
  sex: 'M',
  ethnicity: '汉族',
  birthYear: '1980',
  political: 'CPC_MEMBER',
  identity: 'FRONT_LINE',
  position: '班组长',
  deeds: `${name}扎根一线二十年。`,
  summary: `${name}的主要事迹。`,
});

/** Nominates through the unit's newest link, with files as a browser sends them; returns the answer page. */
async function nominate(who: string, fields: Record<string, string>, files: Record<string, Buffer> = {}) {
  const mail = newest(who, /请于.*前推荐|已收到推荐/)!;
  const url = linkIn(mail);
  const page = await openLink(url);
  expect(page.status).toBe(200);
  if (Object.keys(files).length === 0) return postLink(url, page, { action: 'nominate', ...fields });
  const form = new FormData();
  form.append('_csrf', page.csrf!);
  for (const [k, v] of Object.entries({ action: 'nominate', ...fields })) form.append(k, v);
  for (const [name, data] of Object.entries(files))
    form.append('attachments', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(url, { method: 'POST', body: form, headers: { cookie: page.cookie! } });
  return { status: res.status, html: await res.text() };
}

const DEEDS_PDF = Buffer.from('%PDF-1.4\n% 先锋班组A1 事迹材料\n%%EOF\n');

it('runs a programme from nomination to the award decision through mailed links and the public page', async () => {
  const { db, client, fixture } = stack;
  const committee = await db.committee.findFirstOrThrow({ where: { organisationId: fixture.city.id } });
  const created = await client.call('POST', '/api/award-programmes', {
    year: 2026,
    title: '2026年度劳动竞赛先进',
    level: 'CITY',
    federation: 'c',
    numberPrefix: '平工文',
    committee: committee.id,
    reviewMode: 'COMPETITIVE',
    tieBreak: 'NOMINATION_ORDER',
    places: { WORKER_PIONEER: 2, MODEL_WORKER: 1 },
    quotas: [
      { unit: 'c.a', category: 'WORKER_PIONEER', quota: 2 },
      { unit: 'c.b', category: 'WORKER_PIONEER', quota: 1 },
      { unit: 'c.a.g', category: 'WORKER_PIONEER', quota: 1 },
      { unit: 'c.a', category: 'MODEL_WORKER', quota: 1 },
      { unit: 'c.b', category: 'MODEL_WORKER', quota: 1 },
    ],
    proportionRules: [
      {
        key: 'teams',
        label: '班组不少于工人先锋号的80%',
        categories: ['WORKER_PIONEER'],
        field: 'isTeam',
        values: ['true'],
        comparison: 'AT_LEAST',
        percent: 80,
      },
    ],
    eligibilityRules: [{ kind: 'NO_SERIOUS_ACCIDENT', years: 3 }],
    calendar: {
      nomination: { due: shanghaiIn(40_000), reminders: [] },
      vetting: { due: shanghaiIn(60_000), reminders: [] },
      review: { due: shanghaiIn(80_000), reminders: [] },
      publicity: { duration: '25s' },
      decisionDate: shanghaiIn(85_000),
    },
    departments: [
      { name: '纪检', contact: '纪检联络员', email: 'jijian@test.example' },
      { name: '安监', contact: '安监联络员', email: 'anjian@test.example' },
    ],
  });
  expect(created.status).toBe(201);
  const id = created.json.id;
  // Bad set-up is refused with the field named: 等额 quotas must add up to the places.
  const bad = await client.call('POST', '/api/award-programmes', {
    ...{ year: 2026, title: 'x', federation: 'c', numberPrefix: '平工文', committee: committee.id },
    reviewMode: 'EQUAL',
    places: { WORKER_PIONEER: 1 },
    quotas: [{ unit: 'c.a', category: 'WORKER_PIONEER', quota: 2 }],
    calendar: created.json && {
      nomination: { due: '2026-12-01T10:00' },
      vetting: { due: '2026-12-02T10:00' },
      review: { due: '2026-12-03T10:00' },
      publicity: { workingDays: 5 },
      decisionDate: '2026-12-20',
    },
  });
  expect(bad.status).toBe(422);
  expect(JSON.stringify(bad.json)).toContain('等额');

  expect((await client.call('POST', `/api/award-programmes/${id}/open`)).status).toBe(202);

  // ── Nominations ──
  await waitMail('c.a', /请于.*前推荐/);
  await waitMail('c.b', /请于.*前推荐/);
  await waitMail('c.a.g', /请于.*前推荐/);

  // c.a.g's first try, a collective that is not a team, would leave 工人先锋号 unable to be 80 % teams.
  const notTeam = await nominate('c.a.g', team('机关科室', false));
  expect(notTeam.status).toBe(422);
  expect(notTeam.html).toContain('班组不少于工人先锋号的80%');
  await expectValid('nomination page', notTeam.html);
  expect((await nominate('c.a.g', team('先锋班组G'))).status).toBe(200);

  // c.b reported an accident in 2025: its nomination is refused with that reason.
  const ineligible = await nominate('c.b', worker('李四'));
  expect(ineligible.status).toBe(422);
  expect(ineligible.html).toContain('2025年报告发生死亡或重大安全事故1起');

  // Bad input is refused next to its field and changes nothing.
  const tooLong = await nominate('c.a', { ...team('先锋班组A1'), deeds: '事'.repeat(2001) });
  expect(tooLong.status).toBe(422);
  expect(tooLong.html).toContain('最多 2000 个字');

  await waitMail('c.a.g', /已收到推荐/);
  expect((await nominate('c.a', team('先锋班组A1'), { '先锋班组A1事迹.pdf': DEEDS_PDF })).status).toBe(200);
  await waitMail('c.a', /已收到推荐/, 0);
  expect((await nominate('c.a', team('<script>alert(1)</script>A2'))).status).toBe(200);
  await waitMail('c.a', /已收到推荐/, 1);
  // Its 工人先锋号 quota (2) is used: a third is refused.
  const over = await nominate('c.a', team('先锋班组A3'));
  expect(over.status).toBe(422);
  expect(over.html).toContain('名额（2个）已用完');
  expect((await nominate('c.a', worker('张三'))).status).toBe(200);
  await waitMail('c.a', /已收到推荐/, 2);

  // ── Joint vetting: 安监 objects to 张三, 纪检 has none ──
  const jj = await waitMail('jijian', /联审意见/);
  const aj = await waitMail('anjian', /联审意见/);
  const list = await client.call('GET', `/api/award-programmes/${id}`);
  const byName = (n: string) =>
    list.json.nominations.find((x: { nominee: string }) => x.nominee === n).id as string;
  const [a1, a2, g, zhang] = [
    byName('先锋班组A1'),
    byName('<script>alert(1)</script>A2'),
    byName('先锋班组G'),
    byName('张三'),
  ];
  const vet = async (mail: ParsedMail, objections: Record<string, string>) => {
    const url = linkIn(mail);
    const page = await openLink(url);
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;A2');
    expect(page.html).not.toContain('<script>alert(1)');
    await expectValid('vetting page', page.html);
    // The department reads the nominee's files from its own link.
    const file = /href="([^"]+)" download>先锋班组A1事迹\.pdf</.exec(page.html)?.[1];
    const served = await fetch(new URL(file!, url));
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await served.arrayBuffer()).equals(DEEDS_PDF)).toBe(true);
    const fields: Record<string, string> = {};
    for (const n of [a1, a2, g, zhang]) {
      fields[`answer-${n}`] = n in objections ? 'object' : 'clear';
      if (objections[n]) fields[`reason-${n}`] = objections[n]!;
    }
    return postLink(url, page, fields);
  };
  // An objection without its reason is refused, and the link stays usable.
  const noReason = await vet(jj, { [zhang]: '' });
  expect(noReason.status).toBe(422);
  expect(noReason.html).toContain('提出异议时请写明理由');
  expect((await vet(jj, { [zhang]: '其所在企业2024年存在欠薪问题，经核实属实。' })).status).toBe(200);
  expect((await vet(aj, {})).status).toBe(200);
  // A link used once shows what was done and changes nothing.
  expect((await openLink(linkIn(aj))).status).toBe(409);
  const vetoMail = await waitMail('c.a', /未通过联审/);
  expect(vetoMail.text).toContain('张三');
  expect(vetoMail.text).toContain('纪检');

  // ── Committee: 差额 vote; m3 (of county a) is recused from c.a's nominees ──
  const ballots: Record<string, Record<string, 'for' | 'against' | 'abstain'>> = {
    chair: { [a1]: 'for', [a2]: 'for', [g]: 'for' },
    m1: { [a1]: 'for', [a2]: 'against', [g]: 'for' },
    m2: { [a1]: 'against', [a2]: 'against', [g]: 'for' },
    m3: { [g]: 'against' },
  };
  for (const [member, ballot] of Object.entries(ballots)) {
    const url = linkIn(await waitMail(member, /评审投票/));
    const page = await openLink(url);
    if (member === 'm3') expect(page.html).toContain('您须回避');
    await expectValid('ballot', page.html);
    const fields = Object.fromEntries(Object.entries(ballot).map(([n, v]) => [`vote-${n}`, v]));
    expect((await postLink(url, page, fields)).status).toBe(200);
  }
  // Plain arithmetic: more than half of those entitled; the top 2 by votes win.
  const tally = (n: string) => Object.values(ballots).filter((b) => b[n] === 'for').length;
  const entitled = (n: string) => Object.values(ballots).filter((b) => n in b).length;
  const majority = [a1, a2, g].filter((n) => tally(n) * 2 > entitled(n));
  expect(majority.sort()).toEqual([a1, g].sort());
  expect([tally(g), tally(a1), tally(a2)]).toEqual([4 - 1, 2, 1]);

  // ── The chair confirms in a browser, seeing the result ──
  const confirmUrl = linkIn(await waitMail('chair', /确认评审结果/));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(confirmUrl);
    const rows = page.locator('#result tbody tr');
    await rows.first().waitFor();
    expect(await rows.nth(0).innerText()).toMatch(
      /1\s+先锋班组G[\s\S]*赞成 3，反对 1（应表决 4 人）[\s\S]*当选/,
    );
    expect(await rows.nth(1).innerText()).toMatch(
      /2\s+先锋班组A1[\s\S]*赞成 2，反对 1（应表决 3 人）[\s\S]*当选/,
    );
    expect(await rows.nth(2).innerText()).toMatch(/未过半数/);
    await page.screenshot({ path: artifact('award-confirm.png'), fullPage: true });
    await expectValid('confirmation page', await page.content());
    await page.getByRole('button', { name: '确认并公示' }).click();
    await page.locator('p.ok').filter({ hasText: '2 名（个）拟表彰对象将进行公示' }).waitFor();

    // ── 公示: the public page lists both; objections through the form ──
    await waitMail('c.b', /公示/);
    await page.goto(`${stack.api.url}/awards/${id}/publicity`);
    await page.locator('#nominees').filter({ hasText: '先锋班组G' }).waitFor();
    expect(await page.locator('#nominees').innerText()).toContain('先锋班组A1');
    // The office that receives objections, by name and contact, on the page and in the notice.
    expect(await page.locator('#office').innerText()).toContain(
      '单位c劳动竞赛委员会办公室 c联络员，电子邮箱 c@test.example',
    );
    const notice = await stack.db.document.findFirstOrThrow({ where: { kind: 'AWARD_PUBLICITY' } });
    expect(notice.html).toContain('联系人：单位c劳动竞赛委员会办公室 c联络员，电子邮箱 c@test.example');
    await page.locator('#nomination').selectOption(a1);
    await page.locator('#name').fill('王五');
    await page.locator('#contact').fill('13800000000');
    await page.locator('#reasons').fill('该班组申报的技术革新成果系外单位完成，与事实不符。');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('#done').waitFor();
    await page.screenshot({ path: artifact('award-publicity.png'), fullPage: true });
    await expectValid('public page', await page.content());
    // Too short, no name: refused, nothing stored.
    await page.locator('#nomination').selectOption(g);
    await page.locator('#reasons').fill('不同意');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('#form-error').waitFor();
    expect(await page.locator('main').innerText()).toContain('理由不少于 20 个字');
    for (const reasons of [
      '该班组的事迹材料中有夸大成分，请核实。。',
      '再次反映：该班组的事迹材料中有夸大成分。',
    ]) {
      await page.locator('#nomination').selectOption(g);
      await page.locator('#name').fill('赵六');
      await page.locator('#contact').fill('zhao@example.com');
      await page.locator('#reasons').fill(reasons);
      await page.getByRole('button', { name: '提交' }).click();
      await page.locator('#done').waitFor();
    }
    // A fourth from the same address within the hour is refused.
    await page.locator('#nomination').selectOption(g);
    await page.locator('#name').fill('赵六');
    await page.locator('#contact').fill('zhao@example.com');
    await page.locator('#reasons').fill('第三次反映：该班组的事迹材料中有夸大成分。');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('#form-error').filter({ hasText: '每小时最多提交 3 次' }).waitFor();
  } finally {
    await browser.close();
  }

  // ── The office's findings: the first upheld (A1 withdrawn), the others unfounded ──
  const objections = (await client.call('GET', `/api/award-programmes/${id}`)).json.objections as Array<{
    id: string;
    nominationId: string;
  }>;
  expect(objections).toHaveLength(3);
  await waitMail('c', /收到公示异议/);
  for (const o of objections) {
    const upheld = o.nominationId === a1;
    const r = await client.call('POST', `/api/award-programmes/${id}/objections/${o.id}/finding`, {
      upheld,
      note: upheld ? '经核查反映属实，撤销推荐。' : '经核查，反映问题不属实。',
      by: 'admin@test.example',
    });
    expect(r.status).toBe(200);
    expect(r.json.withdrawn).toBe(upheld);
  }

  // ── The decision: numbered, archived, mailed; the register holds G only ──
  const decisionMail = await waitMail('c.b', /表彰决定/);
  expect(decisionMail.text).toContain(`/awards/${id}/decision`);
  // The decision arrives as its printed document too, named by its number.
  const decisionPdf = decisionMail.attachments.find((a) => a.contentType === 'application/pdf');
  expect(decisionPdf?.filename).toMatch(/^平工文〔2026〕1号 关于表彰.*的决定\.pdf$/);
  expect(decisionPdf!.content.subarray(0, 5).toString()).toBe('%PDF-');
  const decision = await fetch(`${stack.api.url}/awards/${id}/decision`).then((r) => r.text());
  expect(decision).toContain('平工文〔2026〕1号');
  expect(decision).toContain('授予先锋班组G等1个集体“工人先锋号”称号');
  expect(decision).not.toContain('先锋班组A1');
  const register = await client.call('GET', '/api/honours');
  expect(register.json.honours).toEqual([
    expect.objectContaining({
      holder: '先锋班组G',
      unit: 'c.a.g',
      category: 'WORKER_PIONEER',
      decisionNumber: '平工文〔2026〕1号',
      status: 'HELD',
    }),
  ]);
  // The honour counts toward a plan indicator that names its category, in the branch of the unit it went to.
  const counted = async (code: string) =>
    honoursCounted(db, (await db.organisation.findUniqueOrThrow({ where: { code } })).id, 2026, [
      { code: 'pioneers', awardCategories: ['WORKER_PIONEER'] },
      { code: 'chiefs', awardCategories: ['CHIEF_EMPLOYEE', 'CHIEF_TECHNICIAN'] },
    ]);
  expect(Object.fromEntries(await counted('c.a'))).toEqual({
    pioneers: { count: 1, numbers: ['平工文〔2026〕1号'] },
    chiefs: { count: 0, numbers: [] },
  });
  expect((await counted('c.b')).get('pioneers')).toEqual({ count: 0, numbers: [] });
  const final = (await client.call('GET', `/api/award-programmes/${id}`)).json;
  expect(final.status.stage).toBe('DECIDED');
  expect(final.certificates).toHaveLength(1);
  const certificate = await fetch(`${stack.api.url}${final.certificates[0].url}`).then((r) => r.text());
  expect(certificate).toContain('先锋班组G');
  expect(certificate).toContain('工人先锋号');
  const statusOf = (n: string) => final.nominations.find((x: { id: string }) => x.id === n).status;
  expect([a1, a2, g, zhang].map(statusOf)).toEqual([
    'WITHDRAWN_BY_OBJECTION',
    'NOT_SELECTED',
    'AWARDED',
    'VETOED',
  ]);
  // Each act once in the audit log.
  const votes = await db.auditLog.count({ where: { action: 'nomination.voted' } });
  expect(votes).toBe(4);
  // Nothing was mailed twice.
  const keys = (await db.outboxMessage.findMany({ select: { idempotencyKey: true } })).map(
    (r) => r.idempotencyKey,
  );
  expect(new Set(keys).size).toBe(keys.length);
  expect(count('c.a', /表彰决定/)).toBe(1);

  // The certificate's PDF, printed by Chromium.
  const pdf = await fetch(`${stack.api.url}${final.certificates[0].url}.pdf`);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect((await pdf.arrayBuffer()).byteLength).toBeGreaterThan(1000);

  // 责令摘牌: the honour is revoked by a notice that cites the decision; the unit is told.
  const honourId = register.json.honours[0].id;
  const revoked = await client.call('POST', `/api/honours/${honourId}/revoke`, {
    reason: '经查，该班组申报材料存在弄虚作假问题。',
    returnBy: '2027年1月31日',
    by: 'admin@test.example',
  });
  expect(revoked.status).toBe(200);
  expect(revoked.json).toMatchObject({ number: '平工文〔2026〕2号', revoked: 1 });
  const revokedMail = await waitMail('c.a.g', /撤销荣誉称号/);
  const notice = await fetch(
    /https?:\/\/\S+\/awards\/revocations\/[0-9a-f-]{36}/.exec(revokedMail.text ?? '')![0],
  ).then((r) => r.text());
  expect(notice).toContain('依据《平工文〔2026〕1号》');
  expect(notice).toContain('2027年1月31日前收回');
  expect((await client.call('GET', '/api/honours')).json.honours[0].status).toBe('REVOKED');
  expect((await counted('c.a')).get('pioneers')).toEqual({ count: 0, numbers: [] });
  expect(
    (await client.call('POST', `/api/honours/${honourId}/revoke`, { reason: '', returnBy: 'x', by: 'a' }))
      .status,
  ).toBe(422);
}, 300_000);

it('keeps the working-day calendar as data: the shipped 2026 arrangements, and the office’s changes', async () => {
  const days = (await stack.client.call('GET', '/api/working-calendar/2026')).json.days as Array<{
    date: string;
    working: boolean;
  }>;
  expect(days).toContainEqual(expect.objectContaining({ date: '2026-05-05', working: false }));
  expect(days).toContainEqual(expect.objectContaining({ date: '2026-05-09', working: true }));
  const set = await stack.client.call('PUT', '/api/working-calendar/2026-12-31', {
    working: false,
    note: '市里调整',
    by: 'admin@test.example',
  });
  expect(set.status).toBe(200);
  expect((await stack.client.call('GET', '/api/working-calendar/2026')).json.days).toContainEqual(
    expect.objectContaining({ date: '2026-12-31', working: false, note: '市里调整' }),
  );
  expect(
    (await stack.client.call('PUT', '/api/working-calendar/2026-02-30', { working: true, by: 'a' })).status,
  ).toBe(422);
  // Without an admin, no award route answers.
  expect((await fetch(`${stack.api.url}/api/award-programmes`)).status).toBe(401);
  expect((await fetch(`${stack.api.url}/api/honours`)).status).toBe(401);
});

it('shows the programmes, the objections and findings, and the honours register in the console', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${stack.api.url}/admin/awards`);
    await page.locator('#email').fill('admin@test.example');
    await page.locator('#password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${stack.api.url}/admin/awards`);
    await page.getByRole('link', { name: '2026年度劳动竞赛先进' }).click();
    await page.locator('#nominations').filter({ hasText: '联审否决' }).waitFor();
    await expectValid('console programme page', await page.content());
    const text = await page.locator('main').innerText();
    expect(text).toContain('经核查撤销');
    expect(text).toContain('反映属实，撤销推荐：经核查反映属实，撤销推荐。');
    expect(text).toContain('反映不属实');
    await page.goto(`${stack.api.url}/admin/honours`);
    await page.locator('#honours').filter({ hasText: '先锋班组G' }).waitFor();
    expect(await page.locator('#honours').innerText()).toMatch(
      /先锋班组G[\s\S]*平工文〔2026〕1号[\s\S]*已撤销/,
    );
    await page.screenshot({ path: artifact('award-honours.png'), fullPage: true });
    await expectValid('honours register', await page.content());
    // The register's export, as searched, read back by another reader: the same honours, row for row.
    await page.getByLabel('名称或姓名').fill('先锋班组');
    await page.getByRole('button', { name: '查询' }).click();
    const download = page.waitForEvent('download');
    await page.locator('#export-honours').click();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await (await download).path());
    const ws = book.worksheets[0]!;
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const shown = await page.locator('#honours tbody tr').allInnerTexts();
    expect(rows.length).toBe(shown.length);
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['荣誉获得者', '单位编码', '单位']);
    const g = rows.find((r) => r[1] === '先锋班组G')!;
    expect(g.slice(1, 11)).toEqual([
      '先锋班组G',
      'c.a.g',
      '单位c.a.g',
      '工人先锋号',
      '市级',
      '2026年度劳动竞赛先进',
      '平工文〔2026〕1号',
      expect.stringMatching(/^2026-\d\d-\d\d$/),
      '—',
      '已撤销',
    ]);
    await page.goto(`${stack.api.url}/admin/awards`);
    await expectValid('console programmes', await page.content());
  } finally {
    await browser.close();
  }
});
