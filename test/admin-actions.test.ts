/**
 * What admins do to a running cycle (extend a due date, reassign an approver, cancel a unit, pause and resume),
 * delegation between members, and the missed-deadline policies, through the real API, Temporal and PostgreSQL.
 * Each action is audited with who did it; each refused request changes nothing.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Db } from '../stores/db';
import { approvedTargets } from '../stores/assessment/progress';
import { ApiClient, planPayload } from './support/api-client';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { startTestStack, type TestStack } from './support/test-stack';
import { requestAuditCount } from './support/audit';

Runtime.install({ logger: new DefaultLogger('WARN') });

let stack: TestStack;
let db: Db;
let client: ApiClient;
let f: TestStack['fixture'];

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'admin-test', worker: true });
  ({ db, client, fixture: f } = stack);
}, 120_000);

afterAll(() => stack?.stop());

async function unchanged<T>(action: () => Promise<T>): Promise<T> {
  const count = () =>
    Promise.all([
      db.decision.count(),
      db.submission.count(),
      requestAuditCount(db),
      db.cycle.findMany({ select: { status: true } }),
    ]);
  const before = await count();
  const result = await action();
  expect(await count()).toEqual(before);
  return result;
}

const farCalendar = (year: number) => ({
  planSubmission: { due: `${year}-12-20T18:00` },
  targetSetting: { due: `${year}-12-21T18:00` },
  checks: [{ label: 'Q4', asOf: `${year}-12-22`, due: `${year}-12-23T18:00` }],
  evaluation: { due: `${year}-12-24T18:00` },
});

describe('admin actions on a running cycle', () => {
  let cycleId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const r = await client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year: YEAR,
      units: { codes: ['c.a', 'c.b', 'c.a.g'] },
      calendar: farCalendar(YEAR),
      decisionPolicy: { kind: 'MAJORITY' },
    });
    expect(r.status).toBe(201);
    cycleId = r.json.cycle.id;
    for (const code of ['c.a', 'c.b', 'c.a.g'])
      ids[code] = (await client.until(code, YEAR, 'plan', 'WAITING_SUBMISSION')).assessmentId;
  });

  it('extends a due date, refusing earlier dates, other steps and missing reasons', async () => {
    const id = ids['c.a']!;
    const current = (await client.unitState('c.a', YEAR)).dueAt as string;
    await unchanged(async () => {
      expect(
        (
          await client.call('POST', `/api/assessments/${id}/due-date`, {
            step: 'plan',
            dueAt: '2026-01-01T00:00:00+08:00',
            by: 'admin',
            reason: 'x',
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await client.call('POST', `/api/assessments/${id}/due-date`, {
            step: 'targets',
            dueAt: '2026-12-31T00:00:00+08:00',
            by: 'admin',
            reason: 'x',
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await client.call('POST', `/api/assessments/${id}/due-date`, {
            step: 'plan',
            dueAt: '2026-12-31T00:00:00+08:00',
            by: 'admin',
            reason: ' ',
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await client.call('POST', `/api/assessments/${id}/due-date`, {
            step: 'plan',
            dueAt: 'next week',
            by: 'admin',
            reason: 'x',
          })
        ).status,
      ).toBe(422);
    });
    const r = await client.call('POST', `/api/assessments/${id}/due-date`, {
      step: 'plan',
      dueAt: '2026-12-31T18:00:00+08:00',
      by: 'admin@test',
      reason: '县里汛期',
    });
    expect(r.status).toBe(200);
    expect(r.json.dueAt).toBe('2026-12-31T10:00:00.000Z');
    expect(Date.parse((await client.unitState('c.a', YEAR)).dueAt)).toBeGreaterThan(Date.parse(current));
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'assessment.due_date_extended', subjectId: id },
    });
    expect(audit).toMatchObject({
      actor: 'admin@test',
      detail: { step: 'plan', to: '2026-12-31T18:00:00+08:00', reason: '县里汛期' },
    });
    // Whoever must act is told the new date, with a link to the open step, once.
    const told = await db.outboxMessage.findMany({ where: { kind: 'DUE_DATE_EXTENDED' } });
    expect(told.map((m) => m.personId)).toEqual([f.a.contact]);
    expect(told[0]!.data).toMatchObject({
      assessmentId: id,
      step: 'plan',
      dueAt: '2026-12-31T10:00:00.000Z',
      reason: '县里汛期',
      phase: 'submit',
    });
  });

  it('reassigns an approver, but never to someone from the unit under review', async () => {
    const id = ids['c.a']!;
    const newcomer = await db.person.create({
      data: { name: 'm4', email: 'm4@test.example', organisationId: f.city.id },
    });
    await unchanged(async () => {
      const conflict = await client.call('POST', `/api/assessments/${id}/approvers`, {
        from: f.m1,
        to: f.a.contact,
        by: 'admin',
        reason: 'x',
      });
      expect(conflict.status).toBe(422);
      expect(conflict.json.error.code).toBe('conflict_of_interest');
      expect(
        (
          await client.call('POST', `/api/assessments/${id}/approvers`, {
            from: f.m3,
            to: newcomer.id,
            by: 'admin',
            reason: 'x',
          })
        ).status,
      ).toBe(422); // m3 is not an approver of c.a
    });
    expect(
      (
        await client.call('POST', `/api/assessments/${id}/approvers`, {
          from: f.m1,
          to: newcomer.id,
          by: 'admin@test',
          reason: '出差',
        })
      ).status,
    ).toBe(204);
    expect((await client.submit(id, 'plan', planPayload('方案'), f.a.contact)).status).toBe(201);
    await client.until('c.a', YEAR, 'plan', 'WAITING_DECISION');
    expect((await client.vote(id, 'plan', f.m1)).status).toBe(422);
    expect((await client.vote(id, 'plan', newcomer.id)).json).toMatchObject({
      counted: newcomer.id,
      approvals: 1,
      needed: 2,
    });
    expect((await client.vote(id, 'plan', f.chair)).json.decided).toBe('APPROVE');
    const d = await db.decision.findFirstOrThrow({ where: { assessmentId: id, personId: newcomer.id } });
    expect(d.outcome).toBe('APPROVE');
    expect(
      await db.auditLog.count({ where: { action: 'assessment.approver_reassigned', actor: 'admin@test' } }),
    ).toBe(1);
  });

  it('counts a delegate’s vote for the member who delegated', async () => {
    const id = ids['c.b']!;
    expect((await client.submit(id, 'plan', planPayload('方案'), f.b.contact)).status).toBe(201);
    await client.until('c.b', YEAR, 'plan', 'WAITING_DECISION');
    expect(
      (
        await client.call('POST', `/api/assessments/${id}/delegations`, {
          step: 'plan',
          from: f.m1,
          to: f.m2,
        })
      ).status,
    ).toBe(204);
    await unchanged(async () => {
      expect(
        (
          await client.call('POST', `/api/assessments/${id}/delegations`, {
            step: 'plan',
            from: f.m1,
            to: f.chair,
          })
        ).status,
      ).toBe(422);
      expect((await client.vote(id, 'plan', f.m1)).status).toBe(422);
    });
    const onBehalf = await client.call('POST', `/api/assessments/${id}/votes`, {
      step: 'plan',
      personId: f.m2,
      outcome: 'APPROVE',
      onBehalfOf: f.m1,
    });
    expect(onBehalf.json).toMatchObject({ counted: f.m1, approvals: 1, needed: 3 });
    const d = await db.decision.findFirstOrThrow({ where: { assessmentId: id, onBehalfOfId: f.m1 } });
    expect(d.personId).toBe(f.m2);
  });

  it('pauses and resumes the cycle; nothing is accepted while paused', async () => {
    const pause = await client.call('POST', `/api/cycles/${cycleId}/pause`, {
      by: 'admin@test',
      reason: '春节',
    });
    expect(pause.status).toBe(200);
    expect(pause.json.progress.paused).toBe(true);
    expect((await db.cycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe('PAUSED');
    await unchanged(async () => {
      expect(
        (await client.call('POST', `/api/cycles/${cycleId}/pause`, { by: 'admin', reason: 'again' })).status,
      ).toBe(409);
    });
    // The pause reaches each unit through a signal; wait until the unit refuses.
    let refused: { status: number; json: any } | undefined;
    for (let i = 0; i < 50; i++) {
      refused = await client.submit(ids['c.a.g']!, 'plan', planPayload('方案'), f.g.contact);
      if (refused.status === 409) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused!.status).toBe(409);
    expect(refused!.json.error.code).toBe('cycle_paused');
    expect(
      (await client.call('POST', `/api/cycles/${cycleId}/resume`, { by: 'admin@test', reason: '节后' }))
        .status,
    ).toBe(200);
    expect((await db.cycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe('RUNNING');
    let accepted: { status: number } | undefined;
    for (let i = 0; i < 50; i++) {
      accepted = await client.submit(ids['c.a.g']!, 'plan', planPayload('方案'), f.g.contact);
      if (accepted.status === 201) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(accepted!.status).toBe(201);
    expect(
      await db.auditLog.count({
        where: { subjectId: cycleId, action: { in: ['cycle.paused', 'cycle.resumed'] } },
      }),
    ).toBe(2);
  });

  it('cancels a unit once; it then accepts nothing', async () => {
    const id = ids['c.a.g']!;
    await unchanged(async () =>
      expect((await client.call('POST', `/api/assessments/${id}/cancel`, { by: 'admin' })).status).toBe(422),
    );
    expect(
      (await client.call('POST', `/api/assessments/${id}/cancel`, { by: 'admin@test', reason: '单位撤并' }))
        .status,
    ).toBe(204);
    const state = await client.until('c.a.g', YEAR, null, 'CANCELLED');
    expect(state.stage).toBe('FINISHED');
    await unchanged(async () => {
      expect(
        (await client.call('POST', `/api/assessments/${id}/cancel`, { by: 'admin', reason: 'x' })).status,
      ).toBe(409);
      expect((await client.vote(id, 'plan', f.chair)).status).toBe(409);
    });
    expect(
      await db.auditLog.count({
        where: { action: 'assessment.cancelled', subjectId: id, actor: 'admin@test' },
      }),
    ).toBe(1);
    // The unit's contact and its supervising union (county c.a) are told, once each.
    const told = await db.outboxMessage.findMany({
      where: { kind: 'UNIT_CANCELLED', data: { path: ['assessmentId'], equals: id } },
    });
    expect(told.map((m) => m.personId).sort()).toEqual([f.g.contact, f.a.contact].sort());
    expect(told[0]!.data).toMatchObject({ reason: '单位撤并' });
  });

  it('answers 404 for unknown ids and units', async () => {
    expect((await client.call('GET', '/api/cycles/not-an-id')).status).toBe(404);
    expect((await client.call('GET', '/api/cycles/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect(
      (await client.call('POST', '/api/assessments/00000000-0000-0000-0000-000000000000/votes', {})).status,
    ).toBe(404);
    expect((await client.call('GET', `/api/units/nowhere/assessments/${YEAR}`)).status).toBe(404);
  });
});

describe('missed due dates under each policy', () => {
  it('auto-approves a decision nobody took and fails a unit that submitted nothing', async () => {
    const year = YEAR + 1;
    const now = Date.now();
    const r = await client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year,
      units: { codes: ['c.a', 'c.b'] },
      calendar: {
        planSubmission: { due: shanghaiIn(8_000, now), reminders: [], onMissed: 'FAIL_STAGE' },
        planDecision: { within: '3s', reminders: [], onMissed: 'AUTO_APPROVE' },
        targetSetting: { due: `${year}-12-21T18:00` },
        targetDecision: { within: '3s', reminders: [], onMissed: 'AUTO_APPROVE' },
        checks: [{ label: 'Q4', asOf: `${year}-12-22`, due: `${year}-12-23T18:00` }],
        evaluation: { due: `${year}-12-24T18:00` },
      },
    });
    expect(r.status).toBe(201);
    const a = await client.until('c.a', year, 'plan', 'WAITING_SUBMISSION');
    expect((await client.submit(a.assessmentId, 'plan', planPayload('方案'), f.a.contact)).status).toBe(201);
    await client.until('c.a', year, 'targets', 'WAITING_SUBMISSION', 20_000);
    const auto = await db.decision.findFirstOrThrow({
      where: { assessmentId: a.assessmentId, step: 'plan' },
    });
    expect(auto).toMatchObject({ outcome: 'AUTO_APPROVE', personId: null });
    // Targets approved by policy are the ones the unit is judged against, on every page as in the workflow.
    expect(await approvedTargets(db, a.assessmentId)).toBeNull();
    const targets = { 'a.count': 7, 'b.share': 40 };
    const submitted = await client.submit(a.assessmentId, 'targets', { targets }, f.a.contact);
    expect(submitted.status).toBe(201);
    await client.until('c.a', year, 'check-1', 'WAITING_SUBMISSION', 20_000);
    expect(
      await db.decision.count({
        where: { assessmentId: a.assessmentId, step: 'targets', outcome: 'AUTO_APPROVE' },
      }),
    ).toBe(1);
    expect(await approvedTargets(db, a.assessmentId)).toEqual(targets);
    const b = await client.until('c.b', year, null, 'FAILED', 20_000);
    expect(b.stage).toBe('FINISHED');
    const overdue = await db.outboxMessage.count({ where: { kind: 'OVERDUE', personId: f.b.contact } });
    expect(overdue).toBe(1);
  });

  it('sends one overdue notice and one escalation for a due date long past, not a backlog', async () => {
    const year = YEAR + 2;
    const r = await client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year,
      units: { codes: ['c.a.g'] },
      calendar: {
        planSubmission: {
          due: shanghaiIn(-2 * 86_400_000),
          reminders: ['1d'],
          escalateAfter: '1h',
          escalateEvery: '1h',
        },
        targetSetting: { due: shanghaiIn(86_400_000) },
        checks: [{ label: 'Q', asOf: shanghaiIn(2 * 86_400_000), due: shanghaiIn(3 * 86_400_000) }],
        evaluation: { due: shanghaiIn(4 * 86_400_000) },
      },
    });
    expect(r.status).toBe(201);
    const g = await client.until('c.a.g', year, 'plan', 'WAITING_SUBMISSION');
    const deadline = Date.now() + 15_000;
    const count = (kind: string) =>
      db.outboxMessage.count({ where: { kind, data: { path: ['assessmentId'], equals: g.assessmentId } } });
    while (Date.now() < deadline && (await count('ESCALATION')) === 0)
      await new Promise((res) => setTimeout(res, 200));
    await new Promise((res) => setTimeout(res, 1000));
    expect(await count('REMINDER')).toBe(0);
    expect(await count('OVERDUE')).toBe(1);
    // Two escalation recipients (the city's contact and the chair), one escalation each.
    expect(await count('ESCALATION')).toBe(2);
  });

  it('adds units to a running year, with a preview, never twice', async () => {
    const year = YEAR + 4;
    const started = await client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year,
      units: { codes: ['c.a'] },
      calendar: farCalendar(year),
      decisionPolicy: { kind: 'ANY_ONE', recusal: 'BRANCH' },
    });
    expect(started.status).toBe(201);
    const cycle = started.json.cycle.id as string;
    await client.until('c.a', year, 'plan', 'WAITING_SUBMISSION');
    // Starting the same plan and year again starts nobody new.
    const again = await client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year,
      units: { under: 'c' },
      calendar: farCalendar(year),
    });
    expect(again.status).toBe(200);
    expect(again.json.cycle).toMatchObject({ id: cycle, units: 1, created: false });

    const add = (preview: boolean) =>
      client.call('POST', `/api/cycles/${cycle}/units`, { units: { under: 'c' }, by: 'admin@test', preview });
    const preview = await unchanged(() => add(true));
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ added: false, already: 1 });
    expect(preview.json.adding.map((u: { code: string }) => u.code)).toEqual(['c.a.g', 'c.b']);
    let added = await add(false);
    // The cycle may still be finishing its first fan-out; it says so and nothing is written.
    for (let i = 0; added.status === 409 && i < 50; i++) {
      await new Promise((res) => setTimeout(res, 200));
      added = await add(false);
    }
    expect(added.status).toBe(201);
    expect(added.json.adding.map((u: { code: string }) => u.code)).toEqual(['c.a.g', 'c.b']);
    await client.until('c.b', year, 'plan', 'WAITING_SUBMISSION');
    await client.until('c.a.g', year, 'plan', 'WAITING_SUBMISSION');
    const b = (await client.unitState('c.b', year)).assessmentId;
    expect(
      await db.outboxMessage.count({
        where: { kind: 'INVITE_PLAN', personId: f.b.contact, data: { path: ['assessmentId'], equals: b } },
      }),
    ).toBe(1);
    expect(await db.auditLog.count({ where: { action: 'cycle.units_added', subjectId: cycle } })).toBe(1);
    const progress = await client.call('GET', `/api/cycles/${cycle}`);
    expect(progress.json.units).toHaveLength(3);
    // Nobody new: said so, nothing written.
    const nothing = await unchanged(() => add(false));
    expect(nothing.status).toBe(200);
    expect(nothing.json).toMatchObject({ added: false, adding: [], already: 3 });
    expect(nothing.json.message).toMatch(/nothing new would start/);
    const unknown = await unchanged(() =>
      client.call('POST', `/api/cycles/${cycle}/units`, { units: { codes: ['nope'] }, by: 'admin' }),
    );
    expect(unknown.status).toBe(422);

    // Under this year's branch recusal rule, county c.a's member m3 stands aside for its grassroots union c.a.g
    // (under the default rule m3 could decide for it).
    const g = await client.until('c.a.g', year, 'plan', 'WAITING_SUBMISSION');
    await client.submit(g.assessmentId, 'plan', planPayload('方案'), f.g.contact);
    const waiting = await client.until('c.a.g', year, 'plan', 'WAITING_DECISION');
    expect(waiting.waitingOn.map((p: { id: string }) => p.id).sort()).toEqual([f.chair, f.m1, f.m2].sort());
    expect((await unchanged(() => client.vote(g.assessmentId, 'plan', f.m3))).status).toBe(422);
    const reassign = await unchanged(() =>
      client.call('POST', `/api/assessments/${g.assessmentId}/approvers`, {
        from: f.m1,
        to: f.m3,
        by: 'admin',
        reason: '出差',
      }),
    );
    expect(reassign.status).toBe(422);
    expect(reassign.json.error.code).toBe('conflict_of_interest');

    // Every unit cancelled: the year ends as cancelled, with no year-end bulletin of empty figures.
    for (const code of ['c.a', 'c.b', 'c.a.g']) {
      const id = (await client.unitState(code, year)).assessmentId;
      const r = await client.call('POST', `/api/assessments/${id}/cancel`, {
        by: 'admin',
        reason: '并入下年度',
      });
      expect(r.status).toBe(204);
    }
    const ended = await client.waitForCycle(cycle, 'CANCELLED', 60_000);
    expect(ended.cycle.status).toBe('CANCELLED');
    expect(await db.document.count({ where: { cycleId: cycle, kind: 'BULLETIN' } })).toBe(0);
  });

  it('escalates an overdue committee decision to the committee chair, not to the supervising union', async () => {
    const year = YEAR + 3;
    const r = await client.call('POST', '/api/cycles', {
      plan: PLAN_CODE,
      year,
      units: { codes: ['c.a.g'] },
      calendar: {
        ...farCalendar(year),
        planDecision: { within: '1s', reminders: [], escalateAfter: '1s', escalateEvery: '1h' },
      },
    });
    expect(r.status).toBe(201);
    const g = await client.until('c.a.g', year, 'plan', 'WAITING_SUBMISSION');
    await client.submit(g.assessmentId, 'plan', planPayload('方案'), f.g.contact);
    const escalations = () =>
      db.outboxMessage.findMany({
        where: { kind: 'ESCALATION', data: { path: ['assessmentId'], equals: g.assessmentId } },
      });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await escalations()).length === 0)
      await new Promise((res) => setTimeout(res, 200));
    await new Promise((res) => setTimeout(res, 1000));
    const sent = await escalations();
    expect(sent.map((m) => m.personId)).toEqual([f.chair]);
    expect(sent[0]!.data).toMatchObject({ step: 'plan', committeeStep: true });
  });
});
