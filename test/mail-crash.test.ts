/**
 * The worker is killed (SIGKILL) while it is sending: the SMTP peer has the message but has not answered. A new
 * worker takes over once the lease runs out, and every email arrives exactly once, with one live link each.
 */
import type { Db } from '../stores/db';
import { writeNotifications } from '../activities/mail/outbox';
import { PLAN_CODE, YEAR } from './support/cycle-fixture';
import { eventually } from './support/eventually';
import { linkIn, SmtpPeer } from './support/smtp-peer';
import { hashToken } from '../stores/links/action-tokens';
import { startTestStack, type TestStack } from './support/test-stack';
import { WorkerProcess } from './support/worker-process';

const TASK_QUEUE = 'mail-crash-test';
const MAILS = 30;
const KILL_AT = 7;

let stack: TestStack;
let db: Db;
let worker: WorkerProcess;
let killed = false;

const peer = new SmtpPeer({
  beforeReply: async (_mail, count) => {
    if (killed || count !== KILL_AT) return true;
    killed = true;
    await worker.kill();
    return false;
  },
});

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({ taskQueue: TASK_QUEUE, worker: false });
  db = stack.db;
  worker = new WorkerProcess(db, TASK_QUEUE, {
    DATABASE_URL: stack.database.url,
    TEMPORAL_ADDRESS: stack.temporal.address,
    SMTP_URL: peer.url,
    MAIL_POLL_MS: '100',
    MAIL_LEASE_MS: '3000',
  });
}, 120_000);

afterAll(async () => {
  await worker?.kill();
  await stack?.stop();
  await peer.stop();
});

it('sends every email exactly once when the worker is killed mid-send', async () => {
  const f = stack.fixture;
  const plan = await db.plan.findUniqueOrThrow({ where: { code: PLAN_CODE } });
  const cycle = await db.cycle.create({
    data: {
      planId: plan.id,
      year: YEAR,
      rootOrganisationId: f.city.id,
      calendar: { checks: [] },
      decisionPolicy: { kind: 'ANY_ONE' },
      workflowId: 'mail-crash-cycle',
      startedBy: 'test',
    },
  });
  const assessment = await db.assessment.create({
    data: {
      cycleId: cycle.id,
      organisationId: f.a.id,
      workflowId: 'mail-crash-unit',
      stage: 'PLAN_SUBMISSION',
      status: 'WAITING_DECISION',
      step: 'plan',
    },
  });
  const people = [];
  for (let i = 0; i < MAILS; i++)
    people.push(await db.person.create({ data: { name: `member ${i}`, email: `p${i}@test.example` } }));
  await writeNotifications(
    db,
    people.map((p, i) => ({
      assessmentId: assessment.id,
      kind: 'DECISION_REQUEST',
      recipients: [p.id],
      key: `crash:${i}`,
      data: {
        step: 'plan',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        version: 1,
        allowed: ['APPROVE', 'RETURN'],
      },
    })),
  );

  await worker.start();
  await peer.waitFor(() => killed, 60_000, 'the kill');
  expect(peer.received.length).toBe(KILL_AT - 1);
  await worker.start();
  await peer.waitFor((m) => m.length >= MAILS, 60_000, `${MAILS} emails`);
  await eventually(
    () => db.outboxMessage.count({ where: { status: 'SENT', idempotencyKey: { startsWith: 'crash:' } } }),
    (n) => n === MAILS,
    'every email recorded as sent',
  );
  // A little longer, for any duplicate that would still be on its way.
  await new Promise((r) => setTimeout(r, 1_000));

  expect(peer.received).toHaveLength(MAILS);
  const ids = peer.received.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(MAILS);
  const recipients = peer.received.map((m) => [m.to].flat()[0]!.text).sort();
  expect(recipients).toEqual(people.map((p) => p.email).sort());
  expect(
    await db.outboxMessage.count({ where: { status: 'SENT', idempotencyKey: { startsWith: 'crash:' } } }),
  ).toBe(MAILS);
  // One live link per email: those minted for the killed sender's batch were withdrawn, and every link that
  // arrived is one of the live ones.
  const live = await db.actionToken.findMany({ where: { assessmentId: assessment.id, usedAt: null } });
  expect(live).toHaveLength(MAILS);
  const arrivedHashes = peer.received.map((m) => hashToken(linkIn(m).split('/a/')[1]!)).sort();
  expect(arrivedHashes).toEqual(live.map((t) => t.tokenHash).sort());
});
