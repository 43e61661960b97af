/**
 * Who reaches the admin console and what bad input does: every console page and form refuses an anonymous request
 * and a unit's email-link token; a signed-in form without its CSRF field changes nothing; a unit's link never shows
 * another unit's data; a CSV with missing columns, duplicate codes, unknown parents or a bad email is refused row by
 * row with nothing written; a calendar with dates out of order names the field; moves into a unit's own branch and
 * allocations that do not add up to the parent's target are refused.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { HtmlValidate } from 'html-validate';
import type { Db } from '../stores/db';
import { openLink } from './support/link-client';
import { planPayload } from './support/api-client';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { linkIn, SmtpPeer } from './support/smtp-peer';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';
import { requestAuditCount } from './support/audit';

Runtime.install({ logger: new DefaultLogger('WARN') });

const ID = '00000000-0000-4000-8000-000000000000';
const peer = new SmtpPeer();
let stack: TestStack;
let db: Db;
let base: string;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({
    taskQueue: 'console-access-test',
    worker: true,
    env: { SMTP_URL: peer.url, MAIL_POLL_MS: '100' },
  });
  db = stack.db;
  base = stack.api.url;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

const PAGES = [
  '/admin',
  '/admin/organisations',
  '/admin/organisations?under=c',
  '/admin/organisations/import',
  '/admin/plans',
  `/admin/plans/${PLAN_CODE}`,
  `/admin/plans/${PLAN_CODE}/allocation?indicator=a.count&year=2026&under=c`,
  '/admin/cycles/new',
  `/admin/cycles/${ID}`,
  `/admin/cycles/${ID}/units/c.a`,
  '/admin/outbox',
];
const FORMS = [
  '/admin/sign-out',
  '/admin/organisations/add',
  '/admin/organisations/move',
  '/admin/organisations/retire',
  '/admin/organisations/contacts',
  '/admin/organisations/committee',
  '/admin/organisations/committee/remove',
  '/admin/organisations/import',
  `/admin/plans/${PLAN_CODE}/copy`,
  `/admin/plans/${PLAN_CODE}/allocation?indicator=a.count&year=2026&under=c`,
  '/admin/cycles/new',
  `/admin/cycles/${ID}/units/c.a/due-date`,
  `/admin/cycles/${ID}/units/c.a/approver`,
  `/admin/cycles/${ID}/units/c.a/cancel`,
  '/admin/outbox/resend',
];

const snapshot = () =>
  Promise.all([
    db.organisation.count(),
    db.person.count(),
    db.committeeMember.count(),
    db.plan.count(),
    db.targetAllocation.findMany({ orderBy: [{ organisationId: 'asc' }, { indicatorId: 'asc' }] }),
    db.cycle.count(),
    requestAuditCount(db),
  ]);

async function session(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@test.example', password: ADMIN_PASSWORD }),
  });
  const json = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: json.csrfToken };
}

async function post(path: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function upload(csv: string, action: 'preview' | 'import', s: { cookie: string; csrf: string }) {
  const form = new FormData();
  form.append('_csrf', s.csrf);
  form.append('action', action);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'units.csv');
  const res = await fetch(`${base}/admin/organisations/import`, {
    method: 'POST',
    headers: { cookie: s.cookie },
    body: form,
  });
  return { status: res.status, html: await res.text() };
}

const issueRows = (html: string) =>
  [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="bad">([^<]*)<\/td><\/tr>/g)].map(
    (m) => [m[1], m[2], m[3]],
  );

describe('access', () => {
  let unitLink: string;
  let unitToken: string;

  beforeAll(async () => {
    const r = await stack.client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year: YEAR,
      units: { codes: ['c.a', 'c.b'] },
      calendar: {
        planSubmission: { due: shanghaiIn(3_600_000) },
        targetSetting: { due: shanghaiIn(7_200_000) },
        checks: [{ label: 'Q4', asOf: shanghaiIn(7_300_000), due: shanghaiIn(10_800_000) }],
        evaluation: { due: shanghaiIn(14_400_000) },
      },
      decisionPolicy: { kind: 'ANY_ONE' },
    });
    expect(r.status).toBe(201);
    await peer.waitFor(
      (mails) => mails.some((m) => /c\.a@/.test([m.to].flat()[0]?.text ?? '')),
      40_000,
      'c.a invitation',
    );
    unitLink = linkIn(peer.to('c.a@test.example')[0]!);
    unitToken = unitLink.split('/a/')[1]!;
  });

  it('refuses every console page and form to an anonymous request and to a unit link token', async () => {
    const before = await snapshot();
    for (const path of PAGES) {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: `Bearer ${unitToken}` },
        { cookie: `jingsai_session=${unitToken}` },
      ]) {
        const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
        expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/admin/sign-in']);
      }
    }
    for (const path of FORMS) {
      for (const cookie of [undefined, `jingsai_session=${unitToken}`]) {
        const res = await post(path, { _csrf: 'x', code: 'c.a', reason: 'r' }, cookie);
        expect([path, res.status]).toEqual([path, 401]);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a signed-in form without its CSRF field, changing nothing', async () => {
    const s = await session();
    const before = await snapshot();
    const add = await post(
      '/admin/organisations/add',
      { parent: 'c', code: 'c.z', name: '某单位', kind: 'ENTERPRISE' },
      s.cookie,
    );
    expect(add.status).toBe(403);
    expect(add.html).toContain('未作任何更改');
    const forged = await post(
      '/admin/organisations/add',
      { _csrf: 'forged', parent: 'c', code: 'c.z', name: '某单位', kind: 'ENTERPRISE' },
      s.cookie,
    );
    expect(forged.status).toBe(403);
    const importForm = new FormData();
    importForm.append('action', 'import');
    importForm.append('csv', 'code,name,kind,parent\nc.z,某单位,企业,c\n');
    const imported = await fetch(`${base}/admin/organisations/import`, {
      method: 'POST',
      headers: { cookie: s.cookie },
      body: importForm,
    });
    expect(imported.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    // The same form with the field goes through.
    const ok = await post(
      '/admin/organisations/add',
      { _csrf: s.csrf, parent: 'c', code: 'c.z', name: '某单位', kind: 'ENTERPRISE' },
      s.cookie,
    );
    expect([ok.status, ok.location]).toEqual([303, '/admin/organisations?under=c&done=added']);
    expect(await db.organisation.count({ where: { code: 'c.z' } })).toBe(1);
  });

  it("shows a unit's link nothing of another unit", async () => {
    const b = await db.assessment.findFirstOrThrow({ where: { organisation: { code: 'c.b' } } });
    const f = stack.fixture;
    expect((await stack.client.submit(b.id, 'plan', planPayload('机密方案-B'), f.b.contact)).status).toBe(
      201,
    );
    const page = await openLink(unitLink);
    expect(page.status).toBe(200);
    expect(page.html).toContain('单位c.a');
    for (const other of ['单位c.b', 'c.b@test.example', '机密方案-B', b.id])
      expect(page.html).not.toContain(other);
    // A committee member's decision link for c.b shows c.b's plan and nothing of c.a.
    await peer.waitFor(
      (mails) => mails.some((m) => /审核单位c\.b/.test(m.subject ?? '')),
      40_000,
      'decision request',
    );
    const request = peer.received.find((m) => /审核单位c\.b/.test(m.subject ?? ''))!;
    const decide = await openLink(linkIn(request));
    expect(decide.html).toContain('机密方案-B');
    for (const other of ['单位c.a', 'c.a@test.example']) expect(decide.html).not.toContain(other);
  });
});

describe('markup', () => {
  it('serves every console page as valid HTML in both languages', async () => {
    const s = await session();
    const cycle = await db.cycle.findFirstOrThrow({ where: { year: YEAR } });
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const pages = [
      ...PAGES.filter((p) => !p.includes(ID)),
      `/admin/cycles/${cycle.id}`,
      `/admin/cycles/${cycle.id}/units/c.a`,
      '/admin/sign-in',
    ];
    for (const lang of ['zh-CN', 'en']) {
      for (const path of pages) {
        const res = await fetch(`${base}${path}`, {
          headers: { cookie: `${s.cookie}; jingsai_lang=${lang}` },
        });
        expect([path, res.status]).toEqual([path, 200]);
        const report = await validator.validateString(await res.text());
        expect([
          lang,
          path,
          report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)),
        ]).toEqual([lang, path, []]);
      }
    }
  });
});

describe('bad input', () => {
  let s: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await session();
  });

  it('refuses a CSV with missing columns, naming them, and writes nothing', async () => {
    const before = await snapshot();
    const r = await upload('code,name\nx,某单位\n', 'import', s);
    expect(r.status).toBe(422);
    expect(issueRows(r.html)).toEqual([
      ['1', '单位类型（必填）', '缺少这一列'],
      ['1', '上级编码（必填）', '缺少这一列'],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses duplicate codes, unknown parents and bad emails row by row, writing none of the good rows', async () => {
    const before = await snapshot();
    const csv = [
      'code,name,kind,parent,contact_name,contact_email',
      'n.1,新单位一,企业,c,甲,jia@test.example',
      'n.1,新单位一重复,企业,c,,',
      'n.2,新单位二,企业,no.such,,',
      'n.3,新单位三,企业,c,丙,bing(at)test',
      'c.a,已有单位,企业,c,,',
    ].join('\r\n');
    for (const action of ['preview', 'import'] as const) {
      const r = await upload(csv, action, s);
      expect(r.status).toBe(422);
      expect(issueRows(r.html)).toEqual([
        ['3', '单位编码（必填）', '编码与第 2 行重复'],
        ['4', '上级编码（必填）', '上级编码“no.such”既不在系统中也不在文件中'],
        ['5', '联系人邮箱', '“bing(at)test”不是有效的邮箱地址'],
        ['6', '单位编码（必填）', '编码“c.a”已存在'],
      ]);
    }
    expect(await snapshot()).toEqual(before);
    expect(await db.organisation.count({ where: { code: 'n.1' } })).toBe(0);
  });

  it('imports through the API for scripts: a dry run, problems as 422 with nothing written, then the import', async () => {
    const before = await snapshot();
    const bad = await stack.client.call('POST', '/api/organisations/import', {
      csv: 'code,name,kind,parent\napi.1,接口单位,企业,nowhere\n',
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual([
      { line: 2, column: 'parent', problem: 'unknownParent', value: 'nowhere' },
    ]);
    const csv = 'code,name,kind,parent\napi.1,接口单位,企业,c\n';
    const dry = await stack.client.call('POST', '/api/organisations/import', { csv, dryRun: true });
    expect([dry.status, dry.json]).toEqual([200, { units: 1, imported: false }]);
    expect(await snapshot()).toEqual(before);
    const done = await stack.client.call('POST', '/api/organisations/import', { csv });
    expect([done.status, done.json]).toEqual([201, { units: 1, imported: true }]);
    const listed = await stack.client.call('GET', '/api/organisations?under=c&limit=500');
    expect(listed.json.units.map((u: { code: string }) => u.code)).toContain('api.1');
  });

  it('refuses a calendar whose dates are out of order, naming the field, and starts nothing', async () => {
    const before = await snapshot();
    const form = {
      _csrf: s.csrf,
      action: 'start',
      plan: PLAN_CODE,
      year: '2027',
      under: 'c',
      codes: '',
      policy: 'MAJORITY',
      quorum: '',
      bulletins: '',
      planDue: '2027-03-31T18:00',
      targetDue: '2027-03-01T18:00',
      checks: 'Q4, 2027-12-31, 2028-01-10T18:00',
      evaluationDue: '2027-12-20T18:00',
      reminders: '3d, 1d',
      escalateAfter: '1d',
      escalateEvery: '3d',
      onMissed: 'ESCALATE_AND_WAIT',
      decisionWithin: '7d',
    };
    const r = await post('/admin/cycles/new', form, s.cookie);
    expect(r.status).toBe(422);
    expect(r.html).toMatch(/id="targetDue-error">应晚于“规划方案报送截止”（2027-03-31 18:00）</);
    expect(r.html).toMatch(/id="evaluationDue-error">应晚于“执行情况检查”/);
    expect(r.html).toContain('目标任务报送截止');
    expect(await snapshot()).toEqual(before);
    const badReminder = await post(
      '/admin/cycles/new',
      { ...form, targetDue: '2027-04-30T18:00', evaluationDue: '2028-01-20T18:00', reminders: 'three days' },
      s.cookie,
    );
    expect(badReminder.status).toBe(422);
    expect(badReminder.html).toMatch(/id="reminders-error">时长格式应为 3d、12h、30m、45s 或 1d12h/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses moving a unit into its own branch and retiring a unit in a running cycle', async () => {
    const before = await snapshot();
    const move = await post(
      '/admin/organisations/move',
      { _csrf: s.csrf, code: 'c.a', to: 'c.a.g', reason: '调整' },
      s.cookie,
    );
    expect(move.status).toBe(409);
    expect(move.html).toContain('不能把单位调到它自己的下级');
    const retire = await post(
      '/admin/organisations/retire',
      { _csrf: s.csrf, code: 'c.b', reason: '撤并' },
      s.cookie,
    );
    expect(retire.status).toBe(409);
    const noReason = await post(
      '/admin/organisations/retire',
      { _csrf: s.csrf, code: 'c.b', reason: ' ' },
      s.cookie,
    );
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('reason');
    expect(await snapshot()).toEqual(before);
  });

  it('pauses and resumes a cycle from the dashboard, only with a reason', async () => {
    const cycle = await db.cycle.findFirstOrThrow({ where: { year: YEAR } });
    const url = `/admin/cycles/${cycle.id}/pause`;
    const before = await snapshot();
    const noReason = await post(url, { _csrf: s.csrf, paused: 'true', reason: '' }, s.cookie);
    expect(noReason.status).toBe(422);
    expect(await snapshot()).toEqual(before);
    expect((await post(url, { _csrf: s.csrf, paused: 'true', reason: '防汛' }, s.cookie)).status).toBe(303);
    expect((await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } })).status).toBe('PAUSED');
    const page = await fetch(`${base}/admin/cycles/${cycle.id}`, { headers: { cookie: s.cookie } }).then(
      (r) => r.text(),
    );
    expect(page).toContain('恢复考核');
    expect((await post(url, { _csrf: s.csrf, paused: 'false', reason: '汛期结束' }, s.cookie)).status).toBe(
      303,
    );
    expect((await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } })).status).toBe('RUNNING');
    expect(
      await db.auditLog.count({
        where: { action: { in: ['cycle.paused', 'cycle.resumed'] }, actor: 'admin@test.example' },
      }),
    ).toBe(2);
  });

  it('allocates a city target to the counties only when the sums match', async () => {
    const url = `/admin/plans/${PLAN_CODE}/allocation?indicator=a.count&year=2026&under=c`;
    const page = await fetch(`${base}${url}`, { headers: { cookie: s.cookie } }).then((r) => r.text());
    expect(page).toMatch(/id="parent-target">110</);
    const before = await snapshot();
    const short = await post(url, { _csrf: s.csrf, 'v_c.a': '40', 'v_c.b': '60', 'v_c.z': '0' }, s.cookie);
    expect(short.status).toBe(422);
    expect(short.html).toContain('下级目标合计 100，上级目标 110，相差 10');
    const notNumber = await post(
      url,
      { _csrf: s.csrf, 'v_c.a': 'forty', 'v_c.b': '60', 'v_c.z': '10' },
      s.cookie,
    );
    expect(notNumber.status).toBe(422);
    expect(await snapshot()).toEqual(before);
    const ok = await post(url, { _csrf: s.csrf, 'v_c.a': '45', 'v_c.b': '60', 'v_c.z': '5' }, s.cookie);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('已保存');
    const saved = await db.targetAllocation.findMany({
      where: {
        year: 2026,
        indicator: { code: 'a.count' },
        organisation: { code: { in: ['c.a', 'c.b', 'c.z'] } },
      },
      include: { organisation: { select: { code: true } } },
    });
    expect(Object.fromEntries(saved.map((a) => [a.organisation.code, a.value.toNumber()]))).toEqual({
      'c.a': 45,
      'c.b': 60,
      'c.z': 5,
    });
    // A parent with more children than one form holds is refused with the reason, not cut short.
    const big = await db.organisation.create({
      data: {
        code: 'big',
        nameZh: '大单位',
        kind: 'COUNTY_DISTRICT',
        parentId: (await db.organisation.findUniqueOrThrow({ where: { code: 'c' } })).id,
      },
    });
    await db.organisation.createMany({
      data: Array.from({ length: 501 }, (_, k) => ({
        code: `big.${k}`,
        nameZh: `小单位${k}`,
        kind: 'GRASSROOTS_UNION' as const,
        parentId: big.id,
      })),
    });
    const tooMany = await fetch(
      `${base}/admin/plans/${PLAN_CODE}/allocation?indicator=a.count&year=2026&under=big`,
      { headers: { cookie: s.cookie } },
    );
    expect(tooMany.status).toBe(409);
    expect(await tooMany.text()).toContain('该单位有 501 个下级单位');
  });
});
