/**
 * The worker process is SIGKILLed during the 公示 window and started again: the window still ends on time (the
 * timer is the server's), the decision is issued once, and no notification is mailed twice. The server suggests
 * continuing as new after a few events, so the programme is carried over to new runs on the way.
 */
import { Client, Connection } from '@temporalio/client';
import { shanghaiIn } from './support/cycle-fixture';
import { mailTo, SmtpPeer } from './support/smtp-peer';
import { eventually } from './support/eventually';
import { startTestStack, type TestStack } from './support/test-stack';
import { WorkerProcess } from './support/worker-process';
import {
  awardStatusQuery,
  awardWorkflowId,
  confirmResultUpdate,
  nominateUpdate,
  vetUpdate,
  voteUpdate,
} from '../workflows/awards/contract';

const TASK_QUEUE = 'awards-crash-test';
const peer = new SmtpPeer();
let stack: TestStack;
let worker: WorkerProcess;
let connection: Connection;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({
    taskQueue: TASK_QUEUE,
    worker: false,
    env: mailTo(peer),
    temporalConfig: { 'limit.historyCount.suggestContinueAsNew': 40 },
  });
  worker = new WorkerProcess(stack.db, TASK_QUEUE, {
    DATABASE_URL: stack.database.url,
    TEMPORAL_ADDRESS: stack.temporal.address,
    ...mailTo(peer),
  });
  connection = await Connection.connect({ address: stack.temporal.address });
}, 120_000);

afterAll(async () => {
  await worker?.kill();
  await connection?.close();
  await stack?.stop();
  await peer.stop();
});

it('ends the 公示 on time and sends nothing twice when the worker is killed during the window', async () => {
  const { db, client: api, fixture: f } = stack;
  await worker.start();
  const committee = await db.committee.findFirstOrThrow({ where: { organisationId: f.city.id } });
  const created = await api.call('POST', '/api/award-programmes', {
    year: 2026,
    title: '2026年度工人先锋号',
    federation: 'c',
    numberPrefix: '平工文',
    committee: committee.id,
    reviewMode: 'EQUAL',
    places: { WORKER_PIONEER: 1 },
    quotas: [{ unit: 'c.a', category: 'WORKER_PIONEER', quota: 1 }],
    calendar: {
      nomination: { due: shanghaiIn(60_000), reminders: [] },
      vetting: { due: shanghaiIn(120_000), reminders: [] },
      review: { due: shanghaiIn(130_000), reminders: [] },
      publicity: { duration: '20s' },
      decisionDate: shanghaiIn(140_000),
    },
    departments: [{ name: '纪检', contact: '纪检联络员', email: 'jijian@test.example' }],
  });
  expect(created.status).toBe(201);
  const id = created.json.id;
  expect((await api.call('POST', `/api/award-programmes/${id}/open`)).status).toBe(202);

  const handle = new Client({ connection }).workflow.getHandle(awardWorkflowId(id));
  const nominationId = crypto.randomUUID();
  await handle.executeUpdate(nominateUpdate, {
    args: [
      {
        nominationId,
        unitId: f.a.id,
        personId: f.a.contact,
        category: 'WORKER_PIONEER',
        unitScore: null,
        eligibility: [],
        record: {
          nomineeKind: 'COLLECTIVE',
          nomineeName: '先锋班组',
          fields: { isTeam: true, ownership: 'PUBLIC', industry: '煤炭', size: 12 },
          deeds: '全年安全生产无事故。',
          summary: '主要事迹。',
          earlierHonours: [],
          newAchievements: null,
        },
      },
    ],
  });
  const stage = async (wanted: string) => {
    for (let i = 0; i < 300; i++) {
      const s = await handle.query(awardStatusQuery);
      // In 公示 once its window is open.
      if (s.stage === wanted && (wanted !== 'PUBLICITY' || s.publicity)) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`never reached ${wanted}`);
  };
  await stage('VETTING');
  const dept = await db.vettingDepartment.findFirstOrThrow({ where: { programmeId: id } });
  await handle.executeUpdate(vetUpdate, {
    args: [
      {
        departmentId: dept.id,
        personId: dept.personId,
        answers: [{ nominationId, objects: false, reason: null }],
      },
    ],
  });
  await stage('REVIEWING');
  // m3 belongs to c.a and is recused; the others vote for.
  for (const personId of [f.chair, f.m1, f.m2])
    await handle.executeUpdate(voteUpdate, {
      args: [{ personId, votes: [{ nominationId, inFavour: true }] }],
    });
  await stage('CONFIRMING');
  await handle.executeUpdate(confirmResultUpdate, { args: [{ personId: f.chair }] });
  const publicity = (await stage('PUBLICITY')).publicity!;
  const endsAt = Date.parse(publicity.endsAt);

  // Killed five seconds into the window and down for eight.
  await new Promise((r) => setTimeout(r, 5_000));
  await worker.kill();
  await new Promise((r) => setTimeout(r, 8_000));
  await worker.start();

  const decided = await stage('DECIDED');
  const decision = await db.document.findUniqueOrThrow({ where: { id: decided.decision!.documentId } });
  // On time: not before the window's end, and within the moment it takes a worker to pick the timer up.
  expect(decision.issuedAt.getTime()).toBeGreaterThanOrEqual(endsAt);
  expect(decision.issuedAt.getTime() - endsAt).toBeLessThan(15_000);
  expect(await db.document.count({ where: { kind: 'AWARD_DECISION' } })).toBe(1);
  expect(await db.honour.count({ where: { programmeId: id } })).toBe(1);
  // It was carried over to new runs on the way, and still decided once. DECIDED is entered before the decision's
  // mail is written, so the last run is listed once it has completed (and visibility has caught up).
  await handle.result();
  const runs = await eventually(
    async () => {
      const listed = [];
      for await (const run of new Client({ connection }).workflow.list({
        query: `WorkflowId = '${awardWorkflowId(id)}'`,
      }))
        listed.push(run.status.name);
      return listed;
    },
    (listed) => listed.includes('COMPLETED'),
    'the last run listed as completed',
    10_000,
  );
  expect(runs.filter((r) => r === 'CONTINUED_AS_NEW').length).toBeGreaterThan(0);
  expect(runs.filter((r) => r === 'COMPLETED')).toHaveLength(1);

  const keys = (await db.outboxMessage.findMany({ select: { idempotencyKey: true } })).map(
    (r) => r.idempotencyKey,
  );
  expect(new Set(keys).size).toBe(keys.length);
  await peer.waitFor(
    (m) => m.filter((x) => x.subject?.includes('表彰决定')).length >= 2,
    60_000,
    'the decision to the participating unit and the office',
  );
  // Each person got each announcement once (by recipient and subject).
  const seen = peer.received
    .filter((m) => /公示|表彰决定/.test(m.subject ?? ''))
    .map((m) => `${[m.to].flat()[0]?.text} ${m.subject}`);
  expect(seen.length).toBe(new Set(seen).size);
}, 240_000);
