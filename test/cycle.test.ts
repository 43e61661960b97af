/**
 * A whole compressed-calendar year for three units in a two-level tree, through the real HTTP API, the real
 * Temporal dev server and real PostgreSQL: every stage, a return-and-revise loop, a quorum decision, a missed due
 * date with its reminder and escalation at the right times, a lagging warning, and final scores and ranks checked
 * against figures computed by hand. Every refused input is checked to have changed nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import ExcelJS from 'exceljs';
import { HtmlValidate } from 'html-validate';
import { artifact } from './support/browser';
import { firstPagePng, pdfPages, textBlockOf } from './support/pdf-layout';
import type { Db } from '../stores/db';
import { loadConfig } from '../stack/config';
import { resolveTemporalCli } from '../stack/temporal-cli';
import { ApiClient, planPayload } from './support/api-client';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { quietLog } from './support/servers';
import { eventually } from './support/eventually';
import { mailTo, SmtpPeer } from './support/smtp-peer';
import { consoleSession } from './support/console-session';
import { englishLeftIn, punctuationProblemsIn, visibleText } from './support/language-scan';
import { startTestStack, type TestStack } from './support/test-stack';
import { requestAuditCount } from './support/audit';

Runtime.install({ logger: new DefaultLogger('WARN') });

const HISTORIES = path.join(__dirname, 'histories');
const PLAN_DUE_IN_MS = 25_000;
const REMINDER_BEFORE_MS = 6_000;
const ESCALATE_AFTER_MS = 4_000;

let stack: TestStack;
const peer = new SmtpPeer();
let db: Db;
let f: TestStack['fixture'];
let temporal: TestStack['temporal'];
let client: ApiClient;
const call = (method: string, path: string, body?: unknown) => client.call(method, path, body);
const unitState = (code: string) => client.unitState(code, YEAR);
const until = (code: string, step: string | null, status: string) => client.until(code, YEAR, step, status);

async function changesNothing<T>(action: () => Promise<T>): Promise<T> {
  const count = async () =>
    Promise.all([
      db.decision.count(),
      db.submission.count(),
      requestAuditCount(db),
      db.evaluationScore.count(),
    ]);
  const before = await count();
  const result = await action();
  expect(await count()).toEqual(before);
  return result;
}

beforeAll(async () => {
  // Mail goes to a real SMTP peer, so every mail of the year is rendered, sent and can be read with its links.
  await peer.start();
  stack = await startTestStack({ taskQueue: 'cycle-test', worker: true, env: mailTo(peer) });
  ({ db, client, fixture: f, temporal } = stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

async function approveSubmission(assessmentId: string, step: string, voters: string[], outcome = 'APPROVE') {
  for (const personId of voters)
    expect((await client.vote(assessmentId, step, personId, outcome)).status).toBe(201);
}

it('refuses a cycle whose calendar is out of order, naming the field, and writes nothing', async () => {
  const r = await call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { under: 'c' },
    calendar: {
      planSubmission: { due: '2026-12-10' },
      targetSetting: { due: '2026-12-01' },
      checks: [{ label: 'Q', asOf: '2026-12-15', due: '2026-12-20' }],
      evaluation: { due: '2026-12-30' },
    },
  });
  expect(r.status).toBe(422);
  expect(r.json.error.details).toContainEqual({
    path: 'calendar.targetSetting.due',
    message: 'must be after planSubmission.due (2026-12-10)',
  });
  const bad = await call('POST', '/api/cycles', {
    plan: 'nope',
    year: 1900,
    units: { under: 'c' },
    calendar: {},
  });
  expect(bad.status).toBe(422);
  expect(await db.cycle.count()).toBe(0);
  expect(await db.assessment.count()).toBe(0);
});

it('runs a whole year for three units and ranks them', async () => {
  const started = Date.now();
  const calendar = {
    planSubmission: {
      due: shanghaiIn(PLAN_DUE_IN_MS, started),
      reminders: [`${REMINDER_BEFORE_MS / 1000}s`],
      escalateAfter: `${ESCALATE_AFTER_MS / 1000}s`,
      escalateEvery: '120s',
    },
    planDecision: { within: '120s' },
    targetSetting: { due: shanghaiIn(PLAN_DUE_IN_MS + 60_000, started) },
    checks: [
      {
        label: '第一季度',
        asOf: shanghaiIn(PLAN_DUE_IN_MS + 61_000, started),
        due: shanghaiIn(PLAN_DUE_IN_MS + 90_000, started),
      },
    ],
    evaluation: { due: shanghaiIn(PLAN_DUE_IN_MS + 120_000, started) },
  };
  const body = {
    plan: PLAN_CODE,
    year: YEAR,
    units: { under: 'c' },
    calendar,
    decisionPolicy: { kind: 'QUORUM', quorum: 2 },
    startedBy: 'admin@test',
  };
  const first = await call('POST', '/api/cycles', body);
  expect(first.status).toBe(201);
  expect(first.json.cycle).toMatchObject({ units: 3, created: true });
  const again = await call('POST', '/api/cycles', body);
  expect(again.status).toBe(200);
  expect(again.json.cycle).toMatchObject({ id: first.json.cycle.id, created: false });
  const cycleId = first.json.cycle.id as string;
  const planDueAt = Date.parse(new Date(Math.floor((started + PLAN_DUE_IN_MS) / 1000) * 1000).toISOString());

  const a = await until('c.a', 'plan', 'WAITING_SUBMISSION');
  const g = await until('c.a.g', 'plan', 'WAITING_SUBMISSION');
  await until('c.b', 'plan', 'WAITING_SUBMISSION');
  expect(Date.parse(a.dueAt)).toBe(planDueAt);

  // ── c.a: plan returned by a quorum of two, revised, approved on the second version ──
  await changesNothing(async () => {
    const malformed = await call('POST', `/api/assessments/${a.assessmentId}/submissions`, {
      step: 'plan',
      payload: { title: '' },
      submittedBy: f.a.contact,
    });
    expect(malformed.status).toBe(422);
    expect(malformed.json.error.details).toEqual(
      expect.arrayContaining([{ path: 'title', message: 'must not be empty' }]),
    );
    const stranger = await call('POST', `/api/assessments/${a.assessmentId}/submissions`, {
      step: 'plan',
      payload: planPayload('x'),
      submittedBy: f.b.contact,
    });
    expect(stranger.status).toBe(403);
    const early = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
      step: 'plan',
      personId: f.chair,
      outcome: 'APPROVE',
    });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toBe('step "plan" is not open for a decision');
  });
  expect(
    (
      await call('POST', `/api/assessments/${a.assessmentId}/submissions`, {
        step: 'plan',
        payload: planPayload('新华区方案'),
        submittedBy: f.a.contact,
      })
    ).json,
  ).toEqual({ step: 'plan', version: 1 });
  await until('c.a', 'plan', 'WAITING_DECISION');
  await changesNothing(async () => {
    const conflicted = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
      step: 'plan',
      personId: f.m3,
      outcome: 'APPROVE',
    });
    expect(conflicted.status).toBe(422);
    expect(conflicted.json.error.message).toMatch(/not an eligible member.*belongs to the unit under review/);
    const noComment = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
      step: 'plan',
      personId: f.m1,
      outcome: 'RETURN',
    });
    expect(noComment.status).toBe(422);
    const garbage = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
      step: 'plan',
      personId: 'not-a-uuid',
      outcome: 'MAYBE',
    });
    expect(garbage.status).toBe(422);
  });
  const r1 = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
    step: 'plan',
    personId: f.m1,
    outcome: 'RETURN',
    comment: '请补充<script>alert(1)</script>具体措施',
  });
  expect(r1.json).toMatchObject({ counted: f.m1, approvals: 0, needed: 2, decided: null });
  await changesNothing(async () => {
    const twice = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
      step: 'plan',
      personId: f.m1,
      outcome: 'APPROVE',
    });
    expect(twice.status).toBe(422);
    expect(twice.json.error.message).toBe(`a vote for ${f.m1} has already been counted`);
  });
  const r2 = await call('POST', `/api/assessments/${a.assessmentId}/votes`, {
    step: 'plan',
    personId: f.m2,
    outcome: 'RETURN',
    comment: '同上',
  });
  expect(r2.json.decided).toBe('RETURN'); // 0 approvals + 1 outstanding < quorum 2
  await until('c.a', 'plan', 'RETURNED');
  expect(
    (
      await call('POST', `/api/assessments/${a.assessmentId}/submissions`, {
        step: 'plan',
        payload: planPayload('新华区方案（修订）'),
        submittedBy: f.a.contact,
      })
    ).json.version,
  ).toBe(2);
  await until('c.a', 'plan', 'WAITING_DECISION');
  // Earlier votes were cleared: m1 may vote again on the new version.
  await approveSubmission(a.assessmentId, 'plan', [f.m1, f.chair]);

  // ── c.a.g: straight through the plan ──
  await call('POST', `/api/assessments/${g.assessmentId}/submissions`, {
    step: 'plan',
    payload: planPayload('基层方案'),
    submittedBy: f.g.contact,
  });
  await until('c.a.g', 'plan', 'WAITING_DECISION');
  await approveSubmission(g.assessmentId, 'plan', [f.m3, f.m2]); // m3 belongs to the county, not to this union

  // ── c.b: nobody submits; reminder before the due date, overdue at it, escalation after it ──
  await until('c.b', 'plan', 'WAITING_SUBMISSION');
  const waitUntil = planDueAt + ESCALATE_AFTER_MS + 1500;
  while (Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 500));
  const bAssessment = await db.assessment.findFirstOrThrow({ where: { organisation: { code: 'c.b' } } });
  const deadlineMail = await db.outboxMessage.findMany({
    where: {
      data: { path: ['assessmentId'], equals: bAssessment.id },
      kind: { in: ['REMINDER', 'OVERDUE', 'ESCALATION'] },
    },
    orderBy: { createdAt: 'asc' },
  });
  const byKind = (k: string) => deadlineMail.filter((m) => m.kind === k);
  expect(byKind('REMINDER').map((m) => m.personId)).toEqual([f.b.contact]);
  expect(byKind('OVERDUE').map((m) => m.personId)).toEqual([f.b.contact]);
  expect(new Set(byKind('ESCALATION').map((m) => m.personId))).toEqual(new Set([f.city.contact, f.chair]));
  const scheduled = (k: string) => (byKind(k)[0]!.data as { scheduledFor: number }).scheduledFor;
  expect(scheduled('REMINDER')).toBe(planDueAt - REMINDER_BEFORE_MS);
  expect(scheduled('OVERDUE')).toBe(planDueAt);
  expect(scheduled('ESCALATION')).toBe(planDueAt + ESCALATE_AFTER_MS);
  for (const k of ['REMINDER', 'OVERDUE', 'ESCALATION']) {
    const sentAt = byKind(k)[0]!.createdAt.getTime();
    expect(sentAt).toBeGreaterThanOrEqual(scheduled(k) - 50);
    expect(sentAt).toBeLessThan(scheduled(k) + 3000);
  }
  expect(byKind('REMINDER')[0]!.subject).toContain('提醒：年度劳动竞赛规划方案将于');
  await call('POST', `/api/assessments/${bAssessment.id}/submissions`, {
    step: 'plan',
    payload: planPayload('卫东区方案'),
    submittedBy: f.b.contact,
  });
  await until('c.b', 'plan', 'WAITING_DECISION');
  await approveSubmission(bAssessment.id, 'plan', [f.m3, f.m2]);

  // ── targets, one execution check, evaluation, scoring and confirmation for each unit ──
  const units = [
    {
      code: 'c.a',
      id: a.assessmentId,
      contact: f.a.contact,
      voters: [f.chair, f.m1],
      targets: { 'a.count': 40, 'b.share': 50 },
      progress: { 'a.count': { value: 5 } },
      final: { 'a.count': { value: 30 }, 'b.share': { value: 40, numerator: 40, denominator: 100 } },
      scores: { [f.chair]: { x: 80, y: 90 }, [f.m1]: { x: 70, y: 60 }, [f.m2]: { x: 90, y: 90 } },
    },
    {
      code: 'c.b',
      id: bAssessment.id,
      contact: f.b.contact,
      voters: [f.m2, f.m3],
      targets: { 'a.count': 60, 'b.share': 50 },
      progress: { 'a.count': { value: 59 } },
      final: { 'a.count': { value: 60 }, 'b.share': { value: 55, numerator: 55, denominator: 100 } },
      scores: {
        [f.chair]: { x: 90, y: 90 },
        [f.m1]: { x: 100, y: 80 },
        [f.m2]: { x: 80, y: 80 },
        [f.m3]: { x: 90, y: 100 },
      },
    },
    {
      code: 'c.a.g',
      id: g.assessmentId,
      contact: f.g.contact,
      voters: [f.chair, f.m2],
      targets: { 'a.count': 10, 'b.share': 50 },
      progress: { 'a.count': { value: 9 } },
      final: { 'a.count': { value: 10 }, 'b.share': { value: 50, numerator: 5, denominator: 10 } },
      scores: {
        [f.chair]: { x: 60, y: 60 },
        [f.m1]: { x: 70, y: 70 },
        [f.m2]: { x: 50, y: 50 },
        [f.m3]: { x: 60, y: 60 },
      },
    },
  ];
  for (const u of units) {
    await until(u.code, 'targets', 'WAITING_SUBMISSION');
    const missing = await call('POST', `/api/assessments/${u.id}/submissions`, {
      step: 'targets',
      payload: { targets: { 'a.count': 1 } },
      submittedBy: u.contact,
    });
    expect(missing.status).toBe(422);
    expect(missing.json.error.details).toContainEqual({
      path: 'targets.b.share',
      message: 'a target is required for every indicator',
    });
    await call('POST', `/api/assessments/${u.id}/submissions`, {
      step: 'targets',
      payload: { targets: u.targets },
      submittedBy: u.contact,
    });
    await until(u.code, 'targets', 'WAITING_DECISION');
    await approveSubmission(u.id, 'targets', u.voters);
    await until(u.code, 'check-1', 'WAITING_SUBMISSION');
    await call('POST', `/api/assessments/${u.id}/submissions`, {
      step: 'check-1',
      payload: { figures: u.progress },
      submittedBy: u.contact,
    });
    await until(u.code, 'check-1', 'WAITING_DECISION');
    await approveSubmission(u.id, 'check-1', u.voters, 'ACKNOWLEDGE');
    await until(u.code, 'evaluation', 'WAITING_SUBMISSION');
    await call('POST', `/api/assessments/${u.id}/submissions`, {
      step: 'evaluation',
      payload: { figures: u.final, selfAssessment: '全年完成情况良好' },
      submittedBy: u.contact,
    });
    await until(u.code, 'scoring', 'WAITING_DECISION');
    const badScore = await call('POST', `/api/assessments/${u.id}/scores`, {
      personId: f.chair,
      scores: { x: 101 },
    });
    expect(badScore.status).toBe(422);
    for (const [personId, scores] of Object.entries(u.scores)) {
      expect((await call('POST', `/api/assessments/${u.id}/scores`, { personId, scores })).status).toBe(201);
    }
    await until(u.code, 'confirmation', 'WAITING_DECISION');
    expect(
      (
        await call('POST', `/api/assessments/${u.id}/votes`, {
          step: 'confirmation',
          personId: f.m1,
          outcome: 'APPROVE',
        })
      ).status,
    ).toBe(422);
    await approveSubmission(u.id, 'confirmation', [f.chair]);
  }

  // Lagging: c.a reported 5 of 40 with most of the year gone; c.b 59 of 60 is on pace.
  const lagging = await db.outboxMessage.findMany({ where: { kind: 'LAGGING_WARNING' } });
  expect(lagging.some((m) => (m.data as { unit: string }).unit === '单位c.a')).toBe(true);
  expect(lagging.some((m) => (m.data as { unit: string }).unit === '单位c.b')).toBe(false);

  // ── results, by hand ──
  // c.a: indicators (2×30/40 + 1×40/50)/3 = 76.667; committee mean(85, 65, 90) = 80; 0.7×76.667 + 0.3×80 = 77.667 → PASS
  // c.b: indicators (2×1 + 1×min(55/50, 1))/3 = 100; committee mean(90, 90, 80, 95) = 88.75; 70 + 26.625 = 96.625 → EXCELLENT
  // c.a.g: indicators 100; committee mean(60, 70, 50, 60) = 60; 70 + 18 = 88 → GOOD
  // Ranks among peers: c.b 1, c.a 2 (counties under the city); c.a.g 1 (alone under its county).
  const cycle = await client.waitForCycle(cycleId, 'COMPLETED');
  const result = (code: string) => cycle.units.find((u: any) => u.unit.code === code);
  expect(result('c.a')).toMatchObject({
    stage: 'FINISHED',
    status: 'COMPLETED',
    score: 77.667,
    grade: 'PASS',
    rank: 2,
  });
  expect(result('c.b')).toMatchObject({ score: 96.625, grade: 'EXCELLENT', rank: 1 });
  expect(result('c.a.g')).toMatchObject({ score: 88, grade: 'GOOD', rank: 1 });
  expect(cycle.counts).toEqual([{ stage: 'FINISHED', status: 'COMPLETED', units: 3 }]);
  // The year closes with its own bulletin.
  const deadline = Date.now() + 30_000;
  let yearEnd = await db.document.findFirst({ where: { cycleId, periodKey: 'year-end' } });
  while (!yearEnd && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    yearEnd = await db.document.findFirst({ where: { cycleId, periodKey: 'year-end' } });
  }
  expect(yearEnd).toMatchObject({ kind: 'BULLETIN', number: 1 });
  expect(yearEnd!.data).toMatchObject({
    units: 3,
    stages: expect.arrayContaining([{ stage: 'FINISHED', count: 3 }]),
  });
  // It reports the year's results: each group in rank order with the scores and grades above.
  const results = (yearEnd!.data as { results: any }).results;
  expect(results.best.map((u: any) => [u.code, u.score, u.grade])).toEqual([
    ['c.b', 96.625, 'EXCELLENT'],
    ['c.a.g', 88, 'GOOD'],
    ['c.a', 77.667, 'PASS'],
  ]);
  expect(results.groups.map((g: any) => g.rows.map((u: any) => [u.code, u.rank]))).toEqual(
    expect.arrayContaining([
      [
        ['c.b', 1],
        ['c.a', 2],
      ],
      [['c.a.g', 1]],
    ]),
  );
  expect(yearEnd!.html).toContain('六、年度考核结果');
  expect(yearEnd!.html).toContain('96.63 分，优秀');
  expect(yearEnd!.html).toContain('四、未完成年度目标的单位');
  expect(yearEnd!.html).not.toContain('进度滞后单位');

  // The plan period: 2026 is the first of 2026–2030, its figures the year-end bulletin's (the same roll-up), the
  // period's arithmetic plain: an annual count's period target is the sum of its years (110 stated for 2026 only),
  // and each of the four years left must add what remains of it.
  const period = await call('GET', `/api/plans/${PLAN_CODE}/period`);
  expect(period.status).toBe(200);
  expect(period.json.years).toEqual([{ year: 2026, final: true }]);
  const bulletinRows = (yearEnd!.data as { indicators: Array<{ code: string; actual: number | null }> })
    .indicators;
  for (const ind of period.json.indicators) {
    const row = ind.rows.find((r: { year: number }) => r.year === 2026);
    expect([ind.code, row.figure, row.final]).toEqual([
      ind.code,
      bulletinRows.find((b) => b.code === ind.code)!.actual,
      true,
    ]);
  }
  const count = period.json.indicators.find((i: { code: string }) => i.code === 'a.count');
  expect(count).toMatchObject({ periodTarget: 110, yearsLeft: 4 });
  expect(count.toDate).toBe(count.rows[0].figure);
  expect(count.neededPerYear).toBe(Math.round((Math.max(0, 110 - count.toDate) / 4) * 10_000) / 10_000);
  expect(count.onTrack).toBe(count.toDate >= 110);
  expect(period.json.branches.map((b: { code: string }) => b.code).sort()).toEqual(['c.a', 'c.b']);
  const county = await call('GET', `/api/plans/${PLAN_CODE}/period?unit=c.a`);
  expect(county.json.unit).toEqual({ code: 'c.a', name: '单位c.a' });
  expect((await call('GET', `/api/plans/${PLAN_CODE}/period?unit=nobody`)).status).toBe(404);
  expect((await call('GET', `/api/plans/${PLAN_CODE}/period?bad=1`)).status).toBe(422);

  const history = await unitState('c.a');
  expect(history.submissions.filter((s: any) => s.step === 'plan').map((s: any) => s.version)).toEqual([
    1, 2,
  ]);
  const planVotes = history.decisions.filter((d: any) => d.step === 'plan');
  expect(planVotes.map((d: any) => [d.person.name, d.outcome, d.submissionVersion])).toEqual([
    ['m1', 'RETURN', 1],
    ['m2', 'RETURN', 1],
    ['m1', 'APPROVE', 2],
    ['chair', 'APPROVE', 2],
  ]);
  expect(planVotes[0].comment).toBe('请补充<script>alert(1)</script>具体措施');
  expect(history.decisions.find((d: any) => d.step === 'confirmation')).toMatchObject({
    outcome: 'CONFIRM',
    person: { name: 'chair' },
  });
  const rankMail = await db.outboxMessage.findMany({ where: { kind: 'RANK_RESULT' } });
  expect(rankMail).toHaveLength(3);

  // The results 通报 issues itself once the year is finalised: numbered after the start and urging notices, with
  // each group's ranks, mailed to every unit with its PDF.
  const resultsNotice = await eventually(
    () => db.document.findFirst({ where: { cycleId, kind: 'RESULTS_NOTICE' } }),
    (d) => d !== null,
    'the results notice',
    30_000,
  );
  expect(resultsNotice!.title).toBe('关于2026年度劳动竞赛考核结果的通报');
  const earlier = await db.document.count({
    where: { cycleId, kind: { in: ['CYCLE_NOTICE', 'URGING_NOTICE'] } },
  });
  expect(earlier).toBeGreaterThanOrEqual(1);
  expect(resultsNotice!.number).toBe(earlier + 1);
  const notice = resultsNotice!.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(notice).toContain('本年度共3个单位完成考核，其中优秀1个，良好1个，合格1个，不合格0个。');
  // Only the unit graded 优秀 is praised.
  expect(notice).toContain('单位c.b考核等次为优秀，予以通报表扬。');
  expect(notice).toMatch(/排名 单位 得分 等次 1 单位c\.b 96\.63 优秀 2 单位c\.a 77\.67 合格/);
  await peer.waitFor(
    (mails) =>
      mails.some(
        (m) =>
          m.subject?.includes('考核结果的通报') &&
          m.attachments.some((a) => a.contentType === 'application/pdf'),
      ),
    30_000,
    'the results notice with its PDF',
  );
  const resultsPdf = peer.received
    .find((m) => m.subject?.includes('考核结果的通报'))!
    .attachments.find((a) => a.contentType === 'application/pdf')!;
  const printed = artifact('cycle-notice-results.pdf');
  fs.writeFileSync(printed, resultsPdf.content);
  firstPagePng(printed, artifact('cycle-notice-results.png'));
  expect(pdfPages(printed).a4).toBe(true);
  const block = textBlockOf(printed);
  expect([block.left >= 27.6, block.top >= 36.6, block.right <= 184.4]).toEqual([true, true, true]);
  const validation = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(
    resultsNotice!.html,
  );
  expect(validation.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);

  if (process.env.RECORD_HISTORIES === '1')
    await recordHistories([first.json.cycle.workflowId, a.assessmentId, bAssessment.id]);
}, 300_000);

it('speaks Chinese on every page and mail of the year: no English sentences, enum names or ASCII punctuation', async () => {
  const cycle = await db.cycle.findFirstOrThrow({ where: { year: YEAR }, orderBy: { createdAt: 'desc' } });
  const found: string[] = [];
  const scan = (where: string, text: string) => {
    for (const p of [...englishLeftIn(text), ...punctuationProblemsIn(text)]) found.push(`${where}: ${p}`);
  };
  const publicUrl = stack.config.publicUrl;
  await eventually(
    () => db.outboxMessage.count({ where: { status: { not: 'SENT' } } }),
    (n) => n === 0,
    'every mail of the year sent',
    30_000,
  );
  const mails = await db.outboxMessage.findMany({
    where: { locale: 'zh_CN' },
    orderBy: { createdAt: 'asc' },
  });
  expect(mails.length).toBeGreaterThan(20);
  // Each mail is headed with the federation's own name.
  expect(mails.filter((m) => !m.html.includes('单位c劳动竞赛委员会')).map((m) => m.kind)).toEqual([]);
  const links = new Set<string>();
  for (const m of mails) {
    const where = `mail ${m.kind} “${m.subject}”`;
    scan(where, m.subject);
    scan(where, m.text);
    scan(where, visibleText(m.html));
  }
  // The stored copies carry no working link; the delivered mails do.
  for (const m of peer.received)
    for (const url of m.text?.match(/https?:\/\/\S+/g) ?? []) if (url.startsWith(publicUrl)) links.add(url);
  // Every link mailed in the year, as it reads now (most were acted on: their pages say so).
  expect(links.size).toBeGreaterThan(10);
  for (const url of links) {
    const res = await fetch(url);
    scan(`page ${url.slice(publicUrl.length)} (${res.status})`, visibleText(await res.text()));
  }
  for (const doc of await db.document.findMany({ where: { cycleId: cycle.id } }))
    scan(`document ${doc.kind} ${doc.periodKey}`, visibleText(doc.html));
  const console = await consoleSession(stack.api.url);
  const units = await db.assessment.findMany({
    where: { cycleId: cycle.id },
    select: { organisation: { select: { code: true } } },
  });
  const plan = await db.plan.findUniqueOrThrow({ where: { id: cycle.planId } });
  const pages = [
    '/admin',
    `/admin/cycles/${cycle.id}`,
    `/admin/cycles/${cycle.id}/bulletins`,
    `/admin/cycles/${cycle.id}/notices`,
    '/admin/issuers',
    '/admin/documents',
    `/admin/cycles/${cycle.id}/units`,
    ...units.map((u) => `/admin/cycles/${cycle.id}/units/${encodeURIComponent(u.organisation.code)}`),
    '/admin/cycles/new',
    '/admin/plans',
    `/admin/plans/${plan.code}`,
    `/admin/plans/${plan.code}/period`,
    `/admin/plans/${plan.code}/period?unit=c.a`,
    '/admin/organisations',
    '/admin/outbox',
    '/admin/awards',
    '/admin/honours',
  ];
  for (const path of pages) {
    const res = await console.get(path);
    expect([path, res.status]).toEqual([path, 200]);
    scan(`console ${path}`, visibleText(await res.text()));
  }
  expect(found).toEqual([]);
}, 120_000);

it("exports the year's results, indicators and every score sheet as a spreadsheet that matches the API", async () => {
  const cycle = await db.cycle.findFirstOrThrow({ where: { year: YEAR }, orderBy: { createdAt: 'desc' } });
  const res = await fetch(`${stack.api.url}/api/cycles/${cycle.id}/results.xlsx`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['考核结果', '指标完成情况', '委员评分表']);
  const rows = (name: string) => {
    const ws = book.getWorksheet(name)!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const out: Array<Record<string, unknown>> = [];
    ws.eachRow((row, n) => {
      if (n > 1) out.push(Object.fromEntries(header.map((h, i) => [String(h), row.getCell(i + 1).value])));
    });
    return out;
  };
  expect(book.getWorksheet('考核结果')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const results = rows('考核结果');
  for (const code of ['c.a', 'c.b', 'c.a.g']) {
    const api = (await unitState(code)) as { result: { score: number; grade: string; rank: number } };
    const row = results.find((r) => r['单位编码'] === code)!;
    expect([row['得分'], row['同类单位排名'], row['阶段']]).toEqual([
      api.result.score,
      api.result.rank,
      '已结束',
    ]);
  }
  expect(results.find((r) => r['单位编码'] === 'c.b')!['等级']).toBe('优秀');
  // Every member's sheet of every round, as the API lists them.
  const sheets = rows('委员评分表');
  for (const code of ['c.a', 'c.b', 'c.a.g']) {
    const api = (await unitState(code)).scoreSheets as Array<{ name: string; round: number; total: number }>;
    const mine = sheets.filter((r) => r['单位编码'] === code);
    expect(
      mine.map((r) => [r['评分委员'], r['轮次'], Math.round(Number(r['加权得分']) * 1000) / 1000]),
    ).toEqual(api.map((s) => [s.name, s.round + 1, s.total]));
  }
  // One row per unit and indicator.
  expect(rows('指标完成情况')).toHaveLength(3 * 2);
});

/**
 * `RECORD_HISTORIES=1 RECORD_HISTORIES_AS=<release> npx jest test/cycle` records the histories that
 * test/replay.test.ts replays, beside those of earlier releases.
 */
async function recordHistories(ids: string[]) {
  const cli = await resolveTemporalCli({
    cliPath: process.env.TEMPORAL_CLI_PATH,
    cacheDir: loadConfig({}).temporal.cacheDir,
    log: quietLog,
  });
  fs.mkdirSync(HISTORIES, { recursive: true });
  for (const id of ids) {
    const workflowId = id.startsWith('cycle-')
      ? id
      : (await db.assessment.findUniqueOrThrow({ where: { id } })).workflowId;
    const json = execFileSync(
      cli.path!,
      ['workflow', 'show', '--workflow-id', workflowId, '--address', temporal.address, '--output', 'json'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // Named by release, so the histories of every released version stay and keep being replayed.
    const release = process.env.RECORD_HISTORIES_AS ?? new Date().toISOString().slice(0, 10);
    fs.writeFileSync(path.join(HISTORIES, `${workflowId}.${release}.json`), json);
  }
}
