/**
 * Hostile input through the real stack (HTTP API and link forms, Temporal, PostgreSQL, SMTP): generated texts and
 * figures in every field a unit or a member fills. Each request is either accepted and read back exactly, or
 * refused with a 4xx; never a 5xx, never a hang; afterwards the unit's workflow still answers, accepts a valid
 * submission and can be cancelled. Malformed requests (bad cookies, encodings, too many fields, oversized bodies)
 * get their 4xx, as a page or JSON as the route speaks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import fc from 'fast-check';
import { parseFigure } from '../domain/input-rules';
import { artifact, launchBrowser } from './support/browser';
import { startLateCycle, YEAR } from './support/cycle-fixture';
import { hostileFigureText, hostileJsonNumber, hostileText } from './support/hostile';
import { openLink } from './support/link-client';
import { linkIn, mailTo, SmtpPeer } from './support/smtp-peer';
import { startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;
let f: TestStack['fixture'];
let connection: Connection;
const ids: Record<string, string> = {};
let cycleId = '';
/** A text as a form carries it: UTF-8 turns a lone surrogate into U+FFFD on the way; the form trims. */
const sent = (text: string) => Buffer.from(text, 'utf8').toString('utf8').trim();

/** Accepted and refused cases per property: each must have seen both, or it proved little. */
const tally: Record<string, { accepted: number; refused: number }> = {};
const record = (name: string, accepted: boolean) => {
  tally[name] ??= { accepted: 0, refused: 0 };
  tally[name][accepted ? 'accepted' : 'refused']++;
};
const sawBoth = (...names: string[]) => {
  for (const name of names)
    expect({ name, ...tally[name] }).toMatchObject({
      accepted: expect.any(Number),
      refused: expect.any(Number),
    });
  for (const name of names)
    expect([name, tally[name]!.accepted > 0, tally[name]!.refused > 0]).toEqual([name, true, true]);
};
/** Each request must answer within this, whatever it carries. */
const ANSWER_WITHIN_MS = 15_000;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({
    taskQueue: 'hostile-input-test',
    worker: true,
    env: mailTo(peer),
  });
  f = stack.fixture;
  connection = await Connection.connect({ address: stack.temporal.address });
  const started = await startLateCycle(stack.client);
  cycleId = started.cycleId;
  Object.assign(ids, started.ids);
}, 180_000);

afterAll(async () => {
  await connection?.close();
  await stack?.stop();
  await peer.stop();
});

/** A request that must answer, and with less than 500. */
async function send(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(`${stack.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminToken}`, ...headers },
    body,
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  const out = { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  expect(out.status).toBeLessThan(500);
  return out;
}
const json = (method: string, path: string, body: unknown) =>
  send(method, path, JSON.stringify(body), { 'content-type': 'application/json' });
const form = (url: string, fields: Record<string, string>, cookie?: string) =>
  send('POST', new URL(url).pathname, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie ? { cookie } : {}),
  });

const contact = (code: string) => ({ 'c.a': f.a, 'c.b': f.b, 'c.a.g': f.g })[code]!.contact;
const state = (code: string) => stack.client.unitState(code, YEAR);
const latest = async (code: string, step: string) =>
  (await state(code)).submissions.filter((s: { step: string }) => s.step === step).at(-1)?.payload;
const submitJson = (code: string, step: string, payload: unknown) =>
  json('POST', `/api/assessments/${ids[code]}/submissions`, { step, payload, submittedBy: contact(code) });
const voteJson = (code: string, step: string, outcome: string, comment: unknown) =>
  json('POST', `/api/assessments/${ids[code]}/votes`, { step, personId: f.m1, outcome, comment });

/** Sends the decision that reopens `step` for a new version, and waits until it is open. */
async function reopen(code: string, step: string, outcome = 'RETURN') {
  await stack.client.until(code, YEAR, step, 'WAITING_DECISION', ANSWER_WITHIN_MS);
  expect((await voteJson(code, step, outcome, '请修改')).status).toBe(201);
  await stack.client.until(code, YEAR, step, 'RETURNED', ANSWER_WITHIN_MS);
}

async function advance(code: string, step: string, payload: unknown, outcome = 'APPROVE') {
  expect((await submitJson(code, step, payload)).status).toBe(201);
  await stack.client.until(code, YEAR, step, 'WAITING_DECISION', ANSWER_WITHIN_MS);
  expect((await voteJson(code, step, outcome, '同意')).status).toBe(201);
}

/** The newest emailed link for `code` whose subject matches and that can be used now (waits for it to arrive). */
async function usableLink(code: string, subject: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mail = peer
      .to(`${code}@test.example`)
      .filter((m) => subject.test(m.subject ?? '') && /\/a\//.test(m.text ?? ''))
      .at(-1);
    const opened = mail ? await openLink(linkIn(mail)) : null;
    if (opened?.status === 200) return linkIn(mail!);
    if (Date.now() > deadline)
      throw new Error(
        `no usable link for ${code} about ${subject}: newest "${mail?.subject}" answers ${opened?.status} ${/role="alert">([^<]*)/.exec(opened?.html ?? '')?.[1]}; unit ${JSON.stringify(await state(code).then((s) => [s.step, s.status]))}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('free text through the JSON API: stored exactly or refused with a 4xx', async () => {
  await fc.assert(
    fc.asyncProperty(hostileText(), hostileText(), hostileText(), async (title, summary, comment) => {
      const s = await state('c.a');
      if (s.status === 'WAITING_DECISION') {
        const vote = await voteJson('c.a', 'plan', 'RETURN', comment);
        record('vote comment', vote.status === 201);
        if (vote.status !== 201) return;
        await stack.client.until('c.a', YEAR, 'plan', 'RETURNED', ANSWER_WITHIN_MS);
        const decisions = (await state('c.a')).decisions;
        expect(decisions.at(-1).comment).toBe(comment);
        return;
      }
      const payload = { title, summary, measures: [comment], campaigns: [] };
      const res = await submitJson('c.a', 'plan', payload);
      record('plan (JSON)', res.status === 201);
      if (res.status !== 201) return void expect(res.status).toBe(422);
      expect(await latest('c.a', 'plan')).toEqual(payload);
      await stack.client.until('c.a', YEAR, 'plan', 'WAITING_DECISION', ANSWER_WITHIN_MS);
    }),
    {
      numRuns: 40,
      endOnFailure: true,
      // Known cases first, so that both outcomes are always seen; generated ones follow.
      examples: [
        ['方案', '概要', '措施'],
        ['', '', '请补充安全生产措施'],
        ['a\u0000', '概要', '措施'],
        ['方案', '概要', '措施'],
        ['', '', 'x\u202e'],
      ],
    },
  );
  sawBoth('plan (JSON)', 'vote comment');
});

it('free text through the plan form: stored as typed (trimmed) or refused next to the field, the link unused', async () => {
  const s = await state('c.a');
  if (s.status === 'WAITING_DECISION') await reopen('c.a', 'plan');
  const subject = /年度劳动竞赛规划方案/;
  await fc.assert(
    fc.asyncProperty(hostileText(), hostileText(), async (title, summary) => {
      const url = await usableLink('c.a', subject);
      const page = await openLink(url);
      expect(page.status).toBe(200);
      const res = await form(url, { _csrf: page.csrf!, title, summary, measures: '措施' }, page.cookie);
      record('plan (form)', res.status === 200);
      if (res.status !== 200) {
        expect(res.status).toBe(422);
        expect(res.text).toMatch(/class="error"|role="alert"/);
        expect((await openLink(url)).status).toBe(200);
        return;
      }
      expect(await latest('c.a', 'plan')).toEqual({
        title: sent(title),
        summary: sent(summary),
        measures: ['措施'],
        campaigns: [],
      });
      await reopen('c.a', 'plan');
    }),
    {
      numRuns: 20,
      endOnFailure: true,
      examples: [
        ['方案', '概要'],
        ['a\u0000b', '概要'],
      ],
    },
  );
  sawBoth('plan (form)');
});

it('figures through the JSON API and the targets form: stored exactly or refused with a 4xx', async () => {
  await advance('c.b', 'plan', { title: '方案', summary: '概要', measures: [], campaigns: [] });
  await stack.client.until('c.b', YEAR, 'targets', 'WAITING_SUBMISSION', ANSWER_WITHIN_MS);
  await fc.assert(
    fc.asyncProperty(hostileJsonNumber(), hostileJsonNumber(), async (count, share) => {
      const payload = { targets: { 'a.count': count, 'b.share': share } };
      const res = await submitJson('c.b', 'targets', payload);
      record('targets (JSON)', res.status === 201);
      if (res.status !== 201) return void expect(res.status).toBe(422);
      expect(await latest('c.b', 'targets')).toEqual(JSON.parse(JSON.stringify(payload)));
      await reopen('c.b', 'targets');
    }),
    {
      numRuns: 40,
      endOnFailure: true,
      examples: [
        [40, 50],
        [1e23, 50],
      ],
    },
  );
  sawBoth('targets (JSON)');
  const subject = /年度目标任务/;
  await fc.assert(
    fc.asyncProperty(hostileFigureText(), hostileFigureText(), async (count, share) => {
      const url = await usableLink('c.b', subject);
      const page = await openLink(url);
      const res = await form(
        url,
        { _csrf: page.csrf!, 'target_a.count': count, 'target_b.share': share },
        page.cookie,
      );
      record('targets (form)', res.status === 200);
      if (res.status !== 200) return void expect(res.status).toBe(422);
      expect(await latest('c.b', 'targets')).toEqual({
        targets: {
          'a.count': parseFigure(count, { measure: 'COUNT' }).value,
          'b.share': parseFigure(share, { measure: 'SHARE' }).value,
        },
      });
      await reopen('c.b', 'targets');
    }),
    {
      numRuns: 25,
      endOnFailure: true,
      examples: [
        ['40', '50'],
        ['1,2,3', '50'],
      ],
    },
  );
  sawBoth('targets (form)');
});

const RECTIFICATION = { measures: '加强调度，补开技能比武', by: '2026-12-31' };

it('figures of an execution check: accepted ones are judged and go to the committee, never wedging the unit', async () => {
  await advance('c.b', 'targets', { targets: { 'a.count': 60, 'b.share': 50 } });
  await stack.client.until('c.b', YEAR, 'check-1', 'WAITING_SUBMISSION', ANSWER_WITHIN_MS);
  await fc.assert(
    fc.asyncProperty(
      hostileJsonNumber(),
      hostileJsonNumber(),
      hostileText(),
      async (value, previous, note) => {
        // Each round is sent back for rectification (要求整改), so each resubmission states its measures.
        const payload = { figures: { 'a.count': { value, previous } }, note, rectification: RECTIFICATION };
        const res = await submitJson('c.b', 'check-1', payload);
        record('check figures (JSON)', res.status === 201);
        if (res.status !== 201) return void expect(res.status).toBe(422);
        expect(await latest('c.b', 'check-1')).toEqual(JSON.parse(JSON.stringify(payload)));
        await reopen('c.b', 'check-1', 'RECTIFY');
      },
    ),
    {
      numRuns: 30,
      endOnFailure: true,
      examples: [
        [10, 5, '说明'],
        [-1, 5, '说明'],
      ],
    },
  );
  sawBoth('check figures (JSON)');
});

it('answers malformed requests with a 4xx, as a page or JSON as the route speaks', async () => {
  const url = await usableLink('c.a.g', /年度劳动竞赛规划方案/);
  const path = new URL(url).pathname;
  const badCookie = await send('GET', path, undefined, { cookie: 'jingsai_csrf=%E0%A4%A' });
  expect(badCookie.status).toBe(200);
  // A page whose CSRF cookie is gone is shown again with what was typed, and nothing is recorded.
  const page = await openLink(url);
  const stale = await form(url, { _csrf: page.csrf!, title: '我填写的方案名称', summary: '概要' });
  expect(stale.status).toBe(403);
  expect(stale.text).toContain('页面已过期');
  expect(stale.text).toContain('value="我填写的方案名称"');
  const traversal = await send('GET', '/bulletins/%c0%ae%c0%ae%2fetc%2fpasswd');
  expect([400, 404]).toContain(traversal.status);
  expect(traversal.type).toContain('text/html');
  expect((await send('GET', '/api/units/%00/assessments/2026')).type).toContain('application/json');
  expect((await send('GET', '/api/units/c.a/assessments/%E0%A4%A')).status).toBe(400);
  expect((await send('GET', '/admin/organisations?q=%00')).status).toBe(400);
  const manyFields = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, 'x']));
  const tooMany = await form(url, manyFields);
  expect(tooMany.status).toBe(413);
  expect(tooMany.text).toContain('500');
  const huge = await form(url, { title: 'x'.repeat(300_000) });
  expect(huge.status).toBe(413);
  expect(huge.text).toContain('256 KB');
  const bigJson = await json('POST', '/api/cycles', { pad: 'x'.repeat(1_100_000) });
  expect(bigJson.status).toBe(413);
  expect(JSON.parse(bigJson.text).error.message).toContain('1024 KB');
  const badJson = await send('POST', `/api/assessments/${ids['c.a.g']}/votes`, '{"step":', {
    'content-type': 'application/json',
  });
  expect(badJson.status).toBe(400);
  const nulJson = await json('POST', `/api/assessments/${ids['c.a.g']}/cancel`, {
    by: 'a\u0000',
    reason: 'x',
  });
  expect(nulJson.status).toBe(422);
  expect((await state('c.a.g')).submissions).toEqual([]);
  expect((await state('c.a.g')).status).toBe('WAITING_SUBMISSION');
});

it('two links of one person opened from another site in two tabs: both forms submit', async () => {
  if ((await state('c.a')).status !== 'WAITING_DECISION') {
    expect(
      (await submitJson('c.a', 'plan', { title: '方案', summary: '概要', measures: [], campaigns: [] }))
        .status,
    ).toBe(201);
  }
  expect(
    (await submitJson('c.a.g', 'plan', { title: '方案', summary: '概要', measures: [], campaigns: [] }))
      .status,
  ).toBe(201);
  await stack.client.until('c.a', YEAR, 'plan', 'WAITING_DECISION', ANSWER_WITHIN_MS);
  await stack.client.until('c.a.g', YEAR, 'plan', 'WAITING_DECISION', ANSWER_WITHIN_MS);
  // m1's newest decision requests whose links can be used (mail of earlier rounds may still be arriving).
  const links = [await usableLink('m1', /审核单位c\.a的/), await usableLink('m1', /审核单位c\.a\.g的/)];
  // A "webmail" page on another site (127.0.0.1 against the links' localhost) with both links.
  const webmail = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><title>webmail</title>${links.map((l, i) => `<a id="l${i}" href="${l}" target="_blank">link ${i}</a>`).join(' ')}`,
    );
  });
  await new Promise<void>((resolve) => webmail.listen(0, '127.0.0.1', resolve));
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const inbox = await context.newPage();
    await inbox.goto(`http://127.0.0.1:${(webmail.address() as AddressInfo).port}/`);
    const tabs = [];
    for (const i of [0, 1]) {
      const [tab] = await Promise.all([context.waitForEvent('page'), inbox.click(`#l${i}`)]);
      await tab.waitForLoadState();
      tabs.push(tab);
    }
    for (const [i, tab] of tabs.entries()) {
      await tab.getByLabel('审核意见（退回或不同意时必填）').fill(`同意（第 ${i + 1} 个标签页）`);
      await tab.getByRole('button', { name: '同意', exact: true }).click();
      await tab.locator('p.ok').filter({ hasText: '已记录您的意见：同意' }).waitFor({ timeout: 15_000 });
    }
    await tabs[1]!.screenshot({ path: artifact('link-second-tab.png'), fullPage: true });
  } finally {
    await browser.close();
    await new Promise((resolve) => webmail.close(resolve));
  }
  for (const code of ['c.a', 'c.a.g'])
    await stack.client.until(code, YEAR, 'targets', 'WAITING_SUBMISSION', ANSWER_WITHIN_MS);
});

it("a form the workflow refuses says why in the reader's language, and the link stays usable", async () => {
  const pause = (action: string) =>
    json('POST', `/api/cycles/${cycleId}/${action}`, { by: 'admin', reason: '核对数据' });
  expect((await pause('pause')).status).toBe(200);
  try {
    const url = await usableLink('c.a.g', /年度目标任务/);
    const page = await openLink(url);
    // The form says so before anyone fills it.
    expect(page.html).toContain('本年度考核已暂停：暂停期间不能提交或审批');
    const res = await form(
      url,
      { _csrf: page.csrf!, 'target_a.count': '10', 'target_b.share': '50' },
      page.cookie,
    );
    expect(res.status).toBe(409);
    expect(res.text).toContain('未能办理：本年度考核已暂停，恢复后才能办理');
    expect(res.text).not.toMatch(/the cycle is paused/);
    expect((await openLink(url)).status).toBe(200);
  } finally {
    expect((await pause('resume')).status).toBe(200);
  }
});

it('afterwards every workflow answers, takes a valid submission and can be cancelled', async () => {
  const temporal = new Client({ connection });
  for (const code of ['c.a', 'c.b']) {
    const { workflowId } = await stack.db.assessment.findUniqueOrThrow({ where: { id: ids[code] } });
    const status = await temporal.workflow
      .getHandle(workflowId)
      .query<{ stage: string; problem: unknown }>('status');
    expect(status).toMatchObject({ problem: null });
    expect(status.stage).not.toBe('FINISHED');
  }
  expect(
    (
      await submitJson('c.b', 'check-1', {
        figures: { 'a.count': { value: 12 } },
        rectification: RECTIFICATION,
      })
    ).status,
  ).toBe(201);
  await stack.client.until('c.b', YEAR, 'check-1', 'WAITING_DECISION', ANSWER_WITHIN_MS);
  for (const code of ['c.a', 'c.b', 'c.a.g']) {
    const cancel = await json('POST', `/api/assessments/${ids[code]}/cancel`, {
      by: 'admin',
      reason: '测试结束',
    });
    expect(cancel.status).toBe(204);
    await stack.client.until(code, YEAR, null, 'CANCELLED', ANSWER_WITHIN_MS);
  }
});
