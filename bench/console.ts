/**
 * The admin console with N units in a running cycle: how long the dashboard (first page, a deep page, one county,
 * a status filter), the organisation tree's biggest branch, a unit page and the outbox take to render, against the
 * console home page in the same process; then one refresh of the dashboard's roll-up and one bulletin issued
 * through the API. Only PostgreSQL is needed: pages read the database, not Temporal.
 * Last line: `console units=N dashboard=Xms ratio=R`.
 */
import { STAGES } from '../domain/stages';
import { randomUUID } from 'node:crypto';
import { createAdmin, createApiToken, signIn } from '../stores/admins/admins';
import { refreshRollup } from '../stores/cycle/rollup';
import { peakRssMb, resetPeak } from './province/memory';
import { createDb } from '../stores/db';
import { defaultCalendar } from '../domain/calendar';
import { startApi } from '../stack/api';
import { loadConfig } from '../stack/config';
import { migrateAndSeed } from '../stack/migrate';
import { freePort, quietLog, startEmbeddedPostgres } from '../test/support/servers';
import { generateFederation } from './fixture-tree';

const STATUSES = ['WAITING_SUBMISSION', 'WAITING_DECISION', 'RETURNED'] as const;

async function timeGet(url: string, cookie: string, runs = 5): Promise<number> {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
    return performance.now() - t0;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function runConsoleBench(args: Map<string, string>): Promise<void> {
  const units = Number(args.get('units') ?? 10_000);
  if (!Number.isInteger(units) || units < 21) throw new Error('--units must be a whole number above 20');
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const database = await startEmbeddedPostgres();
  try {
    await migrateAndSeed(database.url, false, quietLog);
    const db = createDb(database.url, 8);
    const { rootCode } = await generateFederation(db, units);
    const root = await db.organisation.findUniqueOrThrow({ where: { code: rootCode } });
    const chair = await db.person.create({
      data: { name: '主任', email: 'bench-chair@test.example', organisationId: root.id },
    });
    await db.committee.create({
      data: {
        organisationId: root.id,
        nameZh: '竞赛委员会',
        members: { create: { personId: chair.id, role: 'CHAIR' } },
      },
    });
    const plan = await db.plan.findFirstOrThrow({ where: { isBuiltIn: true } });
    const cycle = await db.cycle.create({
      data: {
        planId: plan.id,
        year: plan.periodStart,
        rootOrganisationId: root.id,
        calendar: defaultCalendar(plan.periodStart) as object,
        decisionPolicy: { kind: 'MAJORITY' },
        workflowId: `bench-${randomUUID()}`,
        startedBy: 'bench',
      },
    });
    const leaves = await db.organisation.findMany({
      where: { kind: 'GRASSROOTS_UNION' },
      select: { id: true },
      orderBy: { code: 'asc' },
    });
    const now = Date.now();
    const assessments = leaves.map((o, i) => ({
      id: randomUUID(),
      cycleId: cycle.id,
      organisationId: o.id,
      workflowId: `bench-unit-${i}`,
      stage: STAGES[i % STAGES.length]!,
      status: STATUSES[i % STATUSES.length]!,
      step: 'plan',
      dueAt: new Date(now + ((i % 7) - 2) * 86_400_000),
    }));
    for (let i = 0; i < assessments.length; i += 5000)
      await db.assessment.createMany({ data: assessments.slice(i, i + 5000) });
    const outbox = assessments.flatMap((a, i) =>
      [0, 1].map((k) => ({
        idempotencyKey: `${a.workflowId}:${k}`,
        kind: 'ACTION_REQUEST',
        toEmail: `u${i}@test.example`,
        subject: `请报送 ${i}`,
        html: '<p>…</p>',
        text: '…',
        data: { assessmentId: a.id, step: 'plan' },
        status: (i + k) % 10 === 0 ? ('FAILED' as const) : ('SENT' as const),
      })),
    );
    for (let i = 0; i < outbox.length; i += 5000)
      await db.outboxMessage.createMany({ data: outbox.slice(i, i + 5000) });
    await db.$executeRawUnsafe('ANALYZE');
    await createAdmin(db, { email: 'bench@test.example', name: 'Bench', password: 'bench password 1' });
    const session = await signIn(db, 'bench@test.example', 'bench password 1', '127.0.0.1');
    if (!session.ok) throw new Error('bench admin could not sign in');
    const cookie = `jingsai_session=${session.token}`;
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: String(await freePort()),
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    const api = await startApi(config, quietLog);
    try {
      const unitCode = (
        await db.organisation.findUniqueOrThrow({ where: { id: leaves[leaves.length - 1]!.id } })
      ).code;
      const deepPage = Math.max(1, Math.floor(assessments.length / 50) - 1);
      const baseline = await timeGet(`${api.url}/admin`, cookie);
      const pages: Array<[string, string]> = [
        ['dashboard', `/admin/cycles/${cycle.id}`],
        ['dashboard-deep-page', `/admin/cycles/${cycle.id}?page=${deepPage}`],
        ['dashboard-county', `/admin/cycles/${cycle.id}?under=gen.c3`],
        ['dashboard-overdue', `/admin/cycles/${cycle.id}?overdue=1&page=20`],
        ['organisations-county', `/admin/organisations?under=gen.c3&page=5`],
        ['unit-page', `/admin/cycles/${cycle.id}/units/${unitCode}`],
        ['outbox-failed', `/admin/outbox?status=FAILED&page=10`],
      ];
      log(
        `${assessments.length} assessments, ${outbox.length} emails; baseline /admin ${baseline.toFixed(1)} ms`,
      );
      let dashboard = 0;
      for (const [name, path] of pages) {
        const ms = await timeGet(`${api.url}${path}`, cookie);
        if (name === 'dashboard') dashboard = ms;
        process.stdout.write(
          `${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms  ratio ${(ms / baseline).toFixed(1)}\n`,
        );
      }
      // What keeps the dashboard this cheap: one refresh of the roll-up (the snapshot read and every branch's
      // figures), which the workers run at most once per ten times its cost; and one bulletin issued end to end.
      const r0 = performance.now();
      const branches = await refreshRollup(db, cycle.id);
      process.stdout.write(
        `roll-up refresh (snapshot and ${branches} rows) ${(performance.now() - r0).toFixed(0)} ms\n`,
      );
      const admin = await db.admin.findUniqueOrThrow({ where: { email: 'bench@test.example' } });
      const { token } = await createApiToken(db, admin.id, 'bench');
      resetPeak(process.pid);
      const b0 = performance.now();
      const issued = await fetch(`${api.url}/api/cycles/${cycle.id}/bulletins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ by: 'bench' }),
      });
      if (issued.status !== 201)
        throw new Error(`the bulletin answered ${issued.status}: ${await issued.text()}`);
      process.stdout.write(
        `bulletin issued end to end ${(performance.now() - b0).toFixed(0)} ms, peak RSS of this process (API and bench) ${peakRssMb(process.pid).toFixed(0)} MB\n`,
      );
      process.stdout.write(
        `console units=${units} dashboard=${dashboard.toFixed(0)}ms ratio=${(dashboard / baseline).toFixed(1)}\n`,
      );
    } finally {
      await api.close();
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}
