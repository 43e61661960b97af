/**
 * The committee's review of an award programme on the real stack (embedded mailbox, Chromium): 差额 by score with a
 * recused member and a ballot delegated (委托) from the member's own page, the means checked against plain
 * arithmetic on the chair's confirmation page; and 递补, where a place freed by an upheld objection goes to the next
 * nominee through a supplementary 公示 of its own before the decision.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { HtmlValidate } from 'html-validate';
import type { Page } from 'playwright-core';
import { artifact } from './support/browser';
import { eventually } from './support/eventually';
import { shanghaiIn } from './support/cycle-fixture';
import { openLink, postLink } from './support/link-client';
import { startMailboxBrowser, type MailboxBrowser } from './support/mailbox-browser';
import { awardPages, team } from './support/award-pages';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: MailboxBrowser;
let page: Page;
let linkOf: ReturnType<typeof awardPages>['linkOf'];
let fitsPhone: ReturnType<typeof awardPages>['fitsPhone'];

beforeAll(async () => {
  env = await startMailboxBrowser('award-review-test', { width: 1100, height: 900 });
  page = env.page;
  ({ linkOf, fitsPhone } = awardPages(env));
}, 180_000);

afterAll(() => env?.stop());

it('runs a 差额 review by score: members score in the browser, the mean decides within the places', async () => {
  const { db, client, fixture } = env.stack;
  const committee = await db.committee.findFirstOrThrow({ where: { organisationId: fixture.city.id } });
  const created = await client.call('POST', '/api/award-programmes', {
    year: 2026,
    title: '2026年度工人先锋号差额评选',
    level: 'CITY',
    federation: 'c',
    numberPrefix: '平工文',
    committee: committee.id,
    reviewMode: 'COMPETITIVE',
    ballot: 'SCORE',
    passMark: 80,
    places: { WORKER_PIONEER: 1 },
    quotas: [
      { unit: 'c.b', category: 'WORKER_PIONEER', quota: 1 },
      { unit: 'c.a', category: 'WORKER_PIONEER', quota: 1 },
    ],
    calendar: {
      nomination: { due: shanghaiIn(3_600_000), reminders: [] },
      vetting: { due: shanghaiIn(7_200_000), reminders: [] },
      review: { due: shanghaiIn(10_800_000), reminders: [] },
      publicity: { workingDays: 5 },
      decisionDate: shanghaiIn(30 * 86_400_000).slice(0, 10),
    },
  });
  expect(created.status).toBe(201);
  const programmeId = created.json.id as string;
  // Scoring ranks nominees: refused for 等额 review, with the field named.
  const equal = await client.call('POST', '/api/award-programmes', {
    year: 2026,
    title: 'x',
    federation: 'c',
    numberPrefix: '平工文',
    committee: committee.id,
    reviewMode: 'EQUAL',
    ballot: 'SCORE',
    places: { WORKER_PIONEER: 2 },
    quotas: [{ unit: 'c.b', category: 'WORKER_PIONEER', quota: 2 }],
    calendar: {
      nomination: { due: shanghaiIn(3_600_000) },
      vetting: { due: shanghaiIn(7_200_000) },
      review: { due: shanghaiIn(10_800_000) },
      publicity: { workingDays: 5 },
      decisionDate: shanghaiIn(30 * 86_400_000).slice(0, 10),
    },
  });
  expect(equal.status).toBe(422);
  expect(JSON.stringify(equal.json)).toContain('ballot');
  expect((await client.call('POST', `/api/award-programmes/${programmeId}/open`)).status).toBe(202);

  // Both units use their quota: nominations close, no department to vet, the committee is asked.
  for (const [who, name] of [
    ['c.b', '先锋班组B'],
    ['c.a', '先锋班组G'],
  ] as const) {
    const url = await linkOf(`${who}@test.example`, '2026年度工人先锋号差额评选');
    const opened = await openLink(url);
    const r = await postLink(url, opened, { action: 'nominate', ...team, nomineeName: name });
    expect(r.status).toBe(200);
  }
  const ids = Object.fromEntries(
    (await db.nomination.findMany({ where: { programmeId } })).map((n) => [n.nomineeName, n.id]),
  ) as Record<string, string>;
  const [B, G] = [ids['先锋班组B']!, ids['先锋班组G']!];

  // The chair scores in the browser: a score above 100 is refused and nothing is recorded.
  await env.openFromMailbox('chair@test.example', '评审投票：2026年度工人先锋号差额评选');
  expect(await page.locator('#score-rule').innerText()).toContain('平均分不低于 80 分');
  await page.getByLabel('评分（0–100）').nth(0).fill('101');
  await page.getByLabel('评分（0–100）').nth(1).fill('88');
  await page.getByRole('button', { name: '提交' }).click();
  await page
    .locator('p.problem', { hasText: '还有 1 名（个）推荐对象未打分或分数不在 0–100 之间' })
    .waitFor();
  expect(await db.nominationVote.count({ where: { nomination: { programmeId } } })).toBe(0);
  const sheet: Record<string, Record<string, number>> = {
    chair: { [B]: 92, [G]: 88 },
    m1: { [B]: 80, [G]: 90 },
    m2: { [B]: 84, [G]: 95.5 },
    m3: { [B]: 70 }, // of county a: recused from c.a's nominee
  };
  const order = await page.locator('fieldset legend').allInnerTexts();
  const first = order[0]!.startsWith('先锋班组B') ? B : G;
  await page.getByLabel('评分（0–100）').nth(0).fill(String(sheet.chair![first]));
  await page
    .getByLabel('评分（0–100）')
    .nth(1)
    .fill(String(sheet.chair![first === B ? G : B]));
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('p.ok').waitFor();
  const subject = '评审投票：2026年度工人先锋号差额评选';
  const cast = async (url: string, member: string) => {
    const opened = await openLink(url);
    const fields = Object.fromEntries(
      Object.entries(sheet[member]!).map(([n, v]) => [`score-${n}`, String(v)]),
    );
    const sent = await postLink(url, opened, fields);
    expect([member, sent.status, sent.status === 200 ? '' : sent.html.replace(/<[^>]+>/g, ' ')]).toEqual([
      member,
      200,
      '',
    ]);
  };
  // m2 cannot take part: from its own ballot page it delegates to m1 (委托); a delegation to oneself is refused.
  const m2 = (await db.person.findFirstOrThrow({ where: { email: 'm2@test.example' } })).id;
  const self = await client.call('POST', `/api/award-programmes/${programmeId}/delegations`, {
    from: m2,
    to: m2,
  });
  expect(self.status).toBe(422);
  expect(JSON.stringify(self.json)).toContain('themself');
  const m2Link = await linkOf('m2@test.example', subject);
  await page.goto(m2Link);
  await page.locator('#delegate summary').click();
  await page.getByLabel('受托委员').selectOption({ label: 'm1' });
  await page.getByRole('button', { name: '委托', exact: true }).click();
  await page.locator('p.ok', { hasText: '已委托 m1 代您投票' }).waitFor();
  expect((await openLink(m2Link)).html).toContain('已委托 m1 代您投票');
  await cast(await linkOf('m1@test.example', subject), 'm1');
  const m3Link = await linkOf('m3@test.example', subject);
  await fitsPhone(m3Link, 'award-ballot');
  expect((await openLink(m3Link)).html).toContain('该推荐对象来自您所在单位或下属单位，您须回避');
  await cast(m3Link, 'm3');
  // m1 gets a second link to cast m2's ballot, which says whose it is.
  const forM2 = await linkOf('m1@test.example', subject, 2);
  expect((await openLink(forM2)).html).toContain('您受 m2 委托');
  await cast(forM2, 'm2');
  const onBehalf = await db.auditLog.findFirstOrThrow({
    where: { action: 'nomination.voted', subjectId: m2 },
  });
  expect([onBehalf.actor, (onBehalf.detail as { onBehalfOf?: string }).onBehalfOf]).toEqual([
    (await db.person.findFirstOrThrow({ where: { email: 'm1@test.example' } })).id,
    m2,
  ]);
  const stored = await db.nominationVote.findMany({ where: { nomination: { programmeId } } });
  expect(stored.map((v) => v.score?.toNumber()).sort()).toEqual([70, 80, 84, 88, 90, 92, 95.5].sort());

  // Plain arithmetic: G's mean over the 3 entitled, B's over 4; one place, G wins.
  const mean = (n: string) => {
    const xs = Object.values(sheet).flatMap((s) => (n in s ? [s[n]!] : []));
    return (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
  };
  expect([mean(G), mean(B)]).toEqual(['91.17', '81.50']);
  await env.openFromMailbox('chair@test.example', '确认评审结果：2026年度工人先锋号差额评选');
  const rows = page.locator('#result tbody tr');
  await rows.first().waitFor();
  expect(await page.locator('#result thead').innerText()).toContain('评分');
  expect(await rows.nth(0).innerText()).toMatch(
    new RegExp(`1\\s+先锋班组G[\\s\\S]*平均 ${mean(G)} 分（3 人打分，应评 3 人）[\\s\\S]*当选`),
  );
  expect(await rows.nth(1).innerText()).toMatch(
    new RegExp(`2\\s+先锋班组B[\\s\\S]*平均 ${mean(B)} 分（4 人打分，应评 4 人）[\\s\\S]*名额已满`),
  );
  await page.screenshot({ path: artifact('award-confirm-scores.png'), fullPage: true });
}, 240_000);

it('gives a place freed by an upheld objection to the next nominee when the programme allows it, published on its own', async () => {
  const { db, client, fixture, config } = env.stack;
  const committee = await db.committee.findFirstOrThrow({ where: { organisationId: fixture.city.id } });
  const title = '2026年度工人先锋号递补评选';
  const created = await client.call('POST', '/api/award-programmes', {
    year: 2026,
    title,
    level: 'CITY',
    federation: 'c',
    numberPrefix: '平工递',
    committee: committee.id,
    reviewMode: 'COMPETITIVE',
    tieBreak: 'NOMINATION_ORDER',
    refillOnWithdrawal: true,
    places: { WORKER_PIONEER: 1 },
    quotas: [
      { unit: 'c.b', category: 'WORKER_PIONEER', quota: 1 },
      { unit: 'c.a.g', category: 'WORKER_PIONEER', quota: 1 },
    ],
    calendar: {
      nomination: { due: shanghaiIn(3_600_000), reminders: [] },
      vetting: { due: shanghaiIn(7_200_000), reminders: [] },
      review: { due: shanghaiIn(10_800_000), reminders: [] },
      publicity: { duration: '8s' },
      decisionDate: shanghaiIn(30 * 86_400_000).slice(0, 10),
    },
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  expect((await client.call('POST', `/api/award-programmes/${id}/open`)).status).toBe(202);
  // B nominated first, then G: both win every vote, the nomination order puts B first for the one place.
  for (const [who, name] of [
    ['c.b', '先锋班组B2'],
    ['c.a.g', '先锋班组G2'],
  ] as const) {
    const url = await linkOf(`${who}@test.example`, title);
    const r = await postLink(url, await openLink(url), { action: 'nominate', ...team, nomineeName: name });
    expect(r.status).toBe(200);
  }
  const ids = Object.fromEntries(
    (await db.nomination.findMany({ where: { programmeId: id } })).map((n) => [n.nomineeName, n.id]),
  ) as Record<string, string>;
  const [B, G] = [ids['先锋班组B2']!, ids['先锋班组G2']!];
  for (const member of ['chair', 'm1', 'm2', 'm3']) {
    const url = await linkOf(`${member}@test.example`, `评审投票：${title}`);
    const opened = await openLink(url);
    const fields = { [`vote-${B}`]: 'for', [`vote-${G}`]: 'for' };
    expect((await postLink(url, opened, fields)).status).toBe(200);
  }
  const confirm = await linkOf('chair@test.example', `确认评审结果：${title}`);
  expect((await postLink(confirm, await openLink(confirm), {})).status).toBe(200);

  // 公示 of B; an objection the office enters and upholds withdraws B, and G takes the place.
  await eventually(
    async () => (await db.awardProgramme.findUniqueOrThrow({ where: { id } })).status,
    (s) => s === 'PUBLICITY',
    'the 公示',
    30_000,
  );
  const objection = await client.call('POST', `/api/award-programmes/${id}/objections`, {
    nomination: B,
    name: '来信人',
    contact: '13800000000',
    reasons: '反映该班组负责人存在弄虚作假问题，附有相关材料。',
    by: 'admin@test.example',
  });
  expect(objection.status).toBe(201);
  const finding = await client.call(
    'POST',
    `/api/award-programmes/${id}/objections/${objection.json.id}/finding`,
    {
      upheld: true,
      note: '经核查反映属实，撤销推荐。',
      by: 'admin@test.example',
    },
  );
  expect(finding.json).toEqual({ finding: 'UPHELD', withdrawn: true, refilled: [G] });
  expect((await db.nomination.findUniqueOrThrow({ where: { id: G } })).status).toBe('SELECTED');

  // G is published in a supplement of its own, with its own window, before the decision.
  await eventually(
    () => fetch(`${config.publicUrl}/awards/${id}/publicity`).then((r) => r.text()),
    (html) => html.includes('递补对象：先锋班组G2'),
    'the supplementary 公示',
    30_000,
  );
  await fitsPhone(`${config.publicUrl}/awards/${id}/publicity`, 'award-publicity');
  const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(
    await fetch(`${config.publicUrl}/awards/${id}/publicity`).then((r) => r.text()),
  );
  expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
  const supplement = await fetch(`${config.publicUrl}/awards/${id}/publicity/document?supplement=1`).then(
    (r) => r.text(),
  );
  expect(supplement).toContain(`关于${title}递补拟表彰对象的公示`);
  expect(supplement).toContain('现将递补的1名（个）拟表彰对象予以公示');
  expect(supplement).not.toContain('先锋班组B2');
  expect((await fetch(`${config.publicUrl}/awards/${id}/publicity/document?supplement=2`)).status).toBe(404);
  const decidedBefore = await db.awardProgramme.findUniqueOrThrow({ where: { id } });
  expect(decidedBefore.status).toBe('PUBLICITY');

  // After the supplement's window, the decision awards G.
  await eventually(
    async () => (await db.awardProgramme.findUniqueOrThrow({ where: { id } })).status,
    (s) => s === 'DECIDED',
    'the decision',
    60_000,
  );
  const decision = await fetch(`${config.publicUrl}/awards/${id}/decision`).then((r) => r.text());
  expect(decision).toContain('授予先锋班组G2等1个集体“工人先锋号”称号');
  expect(decision).not.toContain('先锋班组B2');
  expect((await db.honour.findMany({ where: { programmeId: id } })).map((h) => h.holderName)).toEqual([
    '先锋班组G2',
  ]);
}, 240_000);
