/**
 * Email through a real SMTP peer on a compressed-calendar cycle: the right people get the right emails at the
 * right steps, with both parts and working links; people act from the links (GET shows, POST acts); every attack
 * and accident is refused and changes nothing; mail held while the SMTP peer is down arrives when it is back; a
 * permanent refusal is marked with its reason.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { ParsedMail } from 'mailparser';
import type { Db } from '../stores/db';
import { writeNotifications } from '../activities/mail/outbox';
import { formatLocal } from '../domain/time-zone';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { eventually } from './support/eventually';
import { openLink, postLink } from './support/link-client';
import { linkIn, SmtpPeer } from './support/smtp-peer';
import { startTestStack, type TestStack } from './support/test-stack';
import { requestAuditCount } from './support/audit';

Runtime.install({ logger: new DefaultLogger('WARN') });

const DUE_IN_MS = 22_000;
const REMINDER_BEFORE_MS = 8_000;
const ESCALATE_AFTER_MS = 3_000;

const arrived = new Map<ParsedMail, number>();
const peer = new SmtpPeer({
  refuse: (address) => address.startsWith('refused@'),
  beforeReply: (mail) => {
    arrived.set(mail, Date.now());
    return true;
  },
});
let stack: TestStack;
let db: Db;
let f: TestStack['fixture'];

const mailTo = (who: string, subject: RegExp) =>
  peer.to(`${who}@test.example`).filter((m) => subject.test(m.subject ?? ''));
const waitMail = async (who: string, subject: RegExp, count = 1) => {
  await peer.waitFor(() => mailTo(who, subject).length >= count, 40_000, `${who}: ${subject}`);
  return mailTo(who, subject)[count - 1]!;
};

async function counts() {
  return Promise.all([
    db.decision.count(),
    db.submission.count(),
    requestAuditCount(db),
    db.evaluationScore.count(),
  ]);
}

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({
    taskQueue: 'mail-test',
    worker: true,
    env: {
      SMTP_URL: peer.url,
      MAIL_POLL_MS: '100',
      MAIL_RETRY_BASE_MS: '200',
      MAIL_RETRY_MAX_MS: '1000',
      APP_SECRET: 'test-secret-test-secret-test-secret-0123',
    },
  });
  ({ db, fixture: f } = stack);
  // The grassroots union's contact reads English.
  await db.person.update({ where: { email: 'c.a.g@test.example' }, data: { locale: 'en' } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

let startedAt = 0;
let dueAt = 0;

it('invites every unit contact, in their language, with a subject that says what and by when', async () => {
  startedAt = Date.now();
  const due = shanghaiIn(DUE_IN_MS, startedAt);
  dueAt = Date.parse(`${due}+08:00`);
  const r = await stack.client.call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { codes: ['c.a', 'c.a.g'] },
    calendar: {
      planSubmission: {
        due,
        reminders: [`${REMINDER_BEFORE_MS / 1000}s`],
        escalateAfter: `${ESCALATE_AFTER_MS / 1000}s`,
        escalateEvery: '600s',
      },
      planDecision: { within: '600s' },
      targetSetting: { due: shanghaiIn(DUE_IN_MS + 600_000, startedAt) },
      checks: [
        {
          label: '第一季度',
          asOf: shanghaiIn(DUE_IN_MS + 601_000, startedAt),
          due: shanghaiIn(DUE_IN_MS + 900_000, startedAt),
        },
      ],
      evaluation: { due: shanghaiIn(DUE_IN_MS + 1_200_000, startedAt) },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(r.status).toBe(201);

  const zh = await waitMail('c.a', /请于 .* 前提交年度劳动竞赛规划方案/);
  expect(zh.subject).toContain(formatLocal(new Date(dueAt)));
  expect(zh.subject).toContain('单位c.a');
  expect(zh.html).toContain('<html lang="zh-CN">');
  expect(zh.text).toContain('c.a联络员：');
  expect(zh.text).toContain('北京时间');
  expect(linkIn(zh)).toMatch(new RegExp(`^${stack.config.publicUrl}/a/`));
  expect(zh.html).toContain(linkIn(zh));
  expect(zh.messageId).toMatch(/^<[0-9a-f]{40}@jingsai\.localhost>$/);

  const en = await waitMail('c.a.g', /Submit the yearly competition plan by/);
  expect(en.subject).toContain(formatLocal(new Date(dueAt)));
  expect(en.html).toContain('<html lang="en">');
  expect(en.text).toContain('Dear c.a.g联络员,');

  // The stored copy is for admins: it carries no working link.
  const stored = (await eventually(
    () => db.outboxMessage.findFirst({ where: { toEmail: 'c.a@test.example', status: 'SENT' } }),
    (row) => row !== null,
    'the invitation recorded as sent',
  ))!;
  expect(stored.text).toContain('/a/[link]');
  expect(stored.text).not.toContain(linkIn(zh).split('/a/')[1]);
  const token = await db.actionToken.findFirstOrThrow({ where: { outboxMessageId: stored.id } });
  expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  expect(token.actions).toEqual(['SUBMIT']);
});

it('lets a unit submit its plan from the link, and the committee (minus the conflicted member) decide', async () => {
  const invite = mailTo('c.a', /前提交年度劳动竞赛规划方案/)[0]!;
  const url = linkIn(invite);
  const before = await counts();
  const page = await openLink(url);
  expect(page.status).toBe(200);
  expect(page.html).toContain('提交：单位c.a — 年度劳动竞赛规划方案');
  expect(await counts()).toEqual(before);

  // A form with errors is shown again with the messages next to the fields, and changes nothing.
  const bad = await postLink(url, page, { title: '', summary: '总结', measures: '' });
  expect(bad.status).toBe(422);
  expect(bad.html).toMatch(/id="title-error">不能为空</);
  expect(await counts()).toEqual(before);

  const ok = await postLink(url, page, {
    title: '2026 年劳动竞赛方案',
    summary: '全年开展技能竞赛',
    measures: '季度比武\n岗位练兵',
    campaigns: ['SKILL_COMPETITION'],
  });
  expect(ok.status).toBe(200);
  expect(ok.html).toContain('已提交年度劳动竞赛规划方案（第 1 版）');
  const again = await postLink(url, page, { title: 'x', summary: 'y', measures: '' });
  expect(again.status).toBe(409);

  for (const who of ['chair', 'm1', 'm2']) await waitMail(who, /请于 .* 前审核单位c.a的年度劳动竞赛规划方案/);
  expect(mailTo('m3', /审核单位c.a/)).toHaveLength(0);
});

it('returns the plan with an escaped comment, and the unit resubmits from a form prefilled with its last version', async () => {
  const request = mailTo('m1', /审核单位c.a的年度劳动竞赛规划方案/)[0]!;
  const url = linkIn(request);
  // m2 opens the same decision but acts only after the step has moved on.
  const m2Url = linkIn(mailTo('m2', /审核单位c.a的年度劳动竞赛规划方案/)[0]!);
  const m2Page = await openLink(m2Url);
  expect(m2Page.status).toBe(200);
  const before = await counts();
  const page = await openLink(url);
  expect(page.status).toBe(200);
  expect(page.html).toContain('2026 年劳动竞赛方案');
  expect(page.html).toContain('value="RETURN"');

  expect((await postLink(url, { cookie: page.cookie }, { outcome: 'RETURN', comment: 'x' })).status).toBe(
    403,
  );
  expect((await postLink(url, { csrf: page.csrf }, { outcome: 'RETURN', comment: 'x' })).status).toBe(403);
  expect(
    (await postLink(url, { cookie: page.cookie, csrf: `${page.csrf}x` }, { outcome: 'RETURN', comment: 'x' }))
      .status,
  ).toBe(403);
  const noComment = await postLink(url, page, { outcome: 'RETURN', comment: '' });
  expect(noComment.status).toBe(422);
  expect(noComment.html).toContain('退回、不同意或要求整改时请填写意见');
  expect((await postLink(url, page, { outcome: 'DELETE', comment: 'x' })).status).toBe(422);
  expect(await counts()).toEqual(before);

  const script = '<script>alert("x")</script>请补充安全生产措施';
  const [first, second] = await Promise.all([
    postLink(url, page, { outcome: 'RETURN', comment: script }),
    postLink(url, page, { outcome: 'RETURN', comment: script }),
  ]);
  expect([first.status, second.status].sort()).toEqual([200, 409]);
  expect(await db.decision.count({ where: { outcome: 'RETURN' } })).toBe(1);
  const reopened = await openLink(url);
  expect(reopened.status).toBe(409);
  expect(reopened.html).toContain('此链接已经使用过');

  // One mail tells the return: the re-invitation carries the comments (escaped) and the link.
  const invite = await waitMail('c.a', /已退回，请于 .* 前修改后重新提交/);
  expect(invite.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;请补充安全生产措施');
  expect(invite.html).not.toContain('<script>');
  expect(invite.text).toContain(script);
  expect(
    await db.outboxMessage.count({
      where: { kind: 'DECISION_RESULT', data: { path: ['result'], equals: 'RETURN' } },
    }),
  ).toBe(0);
  const form = await openLink(linkIn(invite));
  expect(form.status).toBe(200);
  expect(form.html).toContain('已从上一版（第 1 版）预填');
  expect(form.html).toContain('value="2026 年劳动竞赛方案"');
  expect(form.html).toContain('&lt;script&gt;');
  expect(form.html).not.toContain('<script>');
  const resubmitted = await postLink(linkIn(invite), form, {
    title: '2026 年劳动竞赛方案（修订）',
    summary: '补充了安全生产措施',
    measures: '季度比武\n安康杯',
  });
  expect(resubmitted.status).toBe(200);
  expect(resubmitted.html).toContain('第 2 版');

  // The first round's links no longer apply: the step moved on to version 2.
  const stale = await openLink(m2Url);
  expect(stale.status).toBe(409);
  expect(stale.html).toContain('不再有效');
  const beforeStale = await counts();
  const stalePost = await postLink(m2Url, m2Page, { outcome: 'APPROVE', comment: '' });
  expect(stalePost.status).toBe(409);
  expect(await counts()).toEqual(beforeStale);

  const round2 = await waitMail('chair', /审核单位c.a的年度劳动竞赛规划方案/, 2);
  const chairPage = await openLink(linkIn(round2));
  expect(chairPage.html).toContain('（修订）');
  expect((await postLink(linkIn(round2), chairPage, { outcome: 'APPROVE', comment: '同意' })).status).toBe(
    200,
  );
  const approved = await waitMail('c.a', /审核结果：已通过/);
  expect(approved.text).toContain('已通过');

  const targets = await waitMail('c.a', /前提交年度目标任务/);
  const targetsPage = await openLink(linkIn(targets));
  expect(targetsPage.html).toContain('name="target_a.count" value="40"');
  await stack.client.until('c.a', YEAR, 'targets', 'WAITING_SUBMISSION');
});

it('reminds before the due date, sends the overdue notice, then escalates to the supervising union', async () => {
  const reminder = await waitMail('c.a.g', /Reminder: the yearly competition plan is due/);
  const overdue = await waitMail('c.a.g', /Overdue: the yearly competition plan was due/);
  // The supervising union of c.a.g is c.a: its contact and the committee's chair are told.
  const escalation = await waitMail('c.a', /督办：单位c.a.g的年度劳动竞赛规划方案已于 .* 逾期未办/);
  await waitMail('chair', /督办：单位c.a.g/);
  expect(escalation.text).toContain('待办理人：c.a.g联络员');
  expect(reminder.text).toContain(`${stack.config.publicUrl}/a/`);
  const slack = 2_500;
  expect(arrived.get(reminder)!).toBeGreaterThanOrEqual(dueAt - REMINDER_BEFORE_MS);
  expect(arrived.get(reminder)!).toBeLessThan(dueAt - REMINDER_BEFORE_MS + slack);
  expect(arrived.get(overdue)!).toBeGreaterThanOrEqual(dueAt);
  expect(arrived.get(overdue)!).toBeLessThan(dueAt + slack);
  expect(arrived.get(escalation)!).toBeGreaterThanOrEqual(dueAt + ESCALATE_AFTER_MS);
  expect(arrived.get(escalation)!).toBeLessThan(dueAt + ESCALATE_AFTER_MS + slack);
  // Exactly one of each: nothing was sent twice.
  const keys = peer.received.map((m) => m.messageId);
  expect(new Set(keys).size).toBe(keys.length);
});

it('refuses forged, tampered, expired and unknown links, and a GET on every link changes nothing', async () => {
  const before = await counts();
  const links = [
    ...new Set(
      peer.received.flatMap((m) => (/\/a\/[A-Za-z0-9_-]{43}/.test(m.text ?? '') ? [linkIn(m)] : [])),
    ),
  ];
  expect(links.length).toBeGreaterThan(8);
  for (const url of links) expect([200, 409]).toContain((await openLink(url)).status);
  expect(await counts()).toEqual(before);

  const apiBase = stack.api.url;
  expect((await openLink(`${apiBase}/a/${'A'.repeat(43)}`)).status).toBe(404);
  expect((await openLink(`${apiBase}/a/short`)).status).toBe(404);
  const live = linkIn(mailTo('c.a', /前提交年度目标任务/)[0]!).replace(stack.config.publicUrl, apiBase);
  const token = live.split('/a/')[1]!;
  const tampered = `${apiBase}/a/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
  const tamperedPage = await openLink(tampered);
  expect(tamperedPage.status).toBe(404);
  expect(tamperedPage.html).toContain('链接无效');
  expect((await postLink(tampered, null, { title: 'x' })).status).toBe(404);

  const reminder = mailTo('c.a.g', /Reminder/)[0]!;
  const expiring = linkIn(reminder);
  const page = await openLink(expiring);
  expect(page.status).toBe(200);
  await db.$executeRaw`UPDATE "ActionToken" SET "expiresAt" = now() - interval '1 minute' WHERE "outboxMessageId" IN (SELECT id FROM "OutboxMessage" WHERE "messageId" = ${reminder.messageId})`;
  const expired = await openLink(expiring);
  expect(expired.status).toBe(410);
  expect(expired.html).toContain('This link expired');
  expect((await postLink(expiring, page, { title: 'x', summary: 'y' })).status).toBe(410);
  expect(await counts()).toEqual(before);
});

it('holds mail while the SMTP server is down and delivers it when it is back', async () => {
  const assessment = await db.assessment.findFirstOrThrow({ where: { organisation: { code: 'c.a' } } });
  await peer.stop();
  await writeNotifications(db, [
    {
      assessmentId: assessment.id,
      kind: 'EVALUATION_RESULT',
      recipients: [f.a.contact],
      key: 'down-test',
      data: { score: 88.5, grade: 'GOOD', indicatorPart: 90, committeePart: 85 },
    },
  ]);
  const row = () =>
    db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `down-test:${f.a.contact}` } });
  const deadline = Date.now() + 20_000;
  while ((await row()).attempts < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const held = await row();
  expect(held.status).toBe('PENDING');
  expect(held.attempts).toBeGreaterThanOrEqual(3);
  expect(held.lastError).toMatch(/ECONNREFUSED|connect/i);
  await peer.start();
  const mail = await waitMail('c.a', /年度考核结果：单位c.a 88.50 分，良好/);
  expect(mail.text).toContain('指标完成得分：90.00');
  await eventually(row, (r) => r.status === 'SENT', 'the held email recorded as sent');
});

it('marks a permanently refused email as failed, with the reason, and does not retry it', async () => {
  const assessment = await db.assessment.findFirstOrThrow({ where: { organisation: { code: 'c.a' } } });
  const refused = await db.person.create({ data: { name: 'refused', email: 'refused@test.example' } });
  await writeNotifications(db, [
    {
      assessmentId: assessment.id,
      kind: 'RANK_RESULT',
      recipients: [refused.id],
      key: 'refused-test',
      data: { score: 70, grade: 'PASS', rank: 2 },
    },
  ]);
  const row = () =>
    db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `refused-test:${refused.id}` } });
  const deadline = Date.now() + 20_000;
  while ((await row()).status === 'PENDING' && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  const failed = await row();
  expect(failed.status).toBe('FAILED');
  expect(failed.lastError).toMatch(/550/);
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await row()).attempts).toBe(failed.attempts);
  expect(await db.actionToken.count({ where: { outboxMessageId: failed.id } })).toBe(0);

  const listed = await stack.client.call('GET', '/api/outbox?status=FAILED');
  expect(listed.status).toBe(200);
  expect(listed.json.messages).toEqual([
    expect.objectContaining({
      id: failed.id,
      toEmail: 'refused@test.example',
      lastError: expect.stringMatching(/550/),
    }),
  ]);
  expect((await stack.client.call('GET', '/api/outbox?status=LOST')).status).toBe(422);
  const sent = await db.outboxMessage.findFirstOrThrow({ where: { status: 'SENT' } });
  expect((await stack.client.call('POST', `/api/outbox/${sent.id}/resend`, { by: 'admin' })).status).toBe(
    409,
  );
  expect((await stack.client.call('POST', `/api/outbox/${failed.id}/resend`, {})).status).toBe(422);
  // Once the address is fixed, a resend goes out.
  await db.outboxMessage.update({ where: { id: failed.id }, data: { toEmail: 'fixed@test.example' } });
  expect((await stack.client.call('POST', `/api/outbox/${failed.id}/resend`, { by: 'admin' })).status).toBe(
    202,
  );
  await peer.waitFor((m) => m.some((x) => /第 2 名/.test(x.subject ?? '')), 20_000, 'the resent email');
});

it('warns of lagging indicators with their figures against targets and expected pace', async () => {
  const assessment = await db.assessment.findFirstOrThrow({ where: { organisation: { code: 'c.a' } } });
  await writeNotifications(db, [
    {
      assessmentId: assessment.id,
      kind: 'LAGGING_WARNING',
      recipients: [f.a.contact],
      key: 'lagging-test',
      data: {
        step: 'check-1',
        label: '第一季度',
        lagging: [
          {
            code: 'a.count',
            nameZh: '竞赛项目',
            target: 40,
            actual: 5,
            expected: 10,
            completion: 0.125,
            status: 'LAGGING',
          },
        ],
      },
    },
  ]);
  const mail = await waitMail('c.a', /进度滞后预警：单位c.a执行情况检查（第一季度）有 1 项指标滞后/);
  expect(mail.html).toMatch(/<tr class="lagging"[^>]*>\s*<td[^>]*>竞赛项目<\/td>/);
  expect(mail.text).toContain('- 竞赛项目：完成 5 / 目标 40 个，应完成 10，完成率 12.5%');
});
