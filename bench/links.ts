/**
 * `npm run bench -- links --concurrency 100 --seconds 60 [--units N]`: people acting from their email links at
 * once. A cycle of N units runs with the plan step open; C clients each take the next link that arrived by mail
 * (a unit's plan invitation, then the chair's decision request it leads to), open its page (GET, keeping its
 * cookie and CSRF field) and post its form (POST), as a browser does; one act in 25 is posted a second time, a
 * deliberate conflict. Measured against the raw round trip of a Temporal Update on a trivial workflow at the
 * same concurrency in the same run; afterwards every accepted act must be recorded exactly once.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../stack/config';
import { migrateAndSeed } from '../stack/migrate';
import { startCycle } from '../stores/cycle/store';
import { createDb } from '../stores/db';
import { echoUpdate, finishSignal } from '../workflows/health/echo';
import { openLink, postLink } from '../test/support/link-client';
import { ClusterProcess } from '../test/support/cluster';
import { freePort, quietLog, startServers } from '../test/support/servers';
import { linkIn, mailTo, SmtpPeer } from '../test/support/smtp-peer';
import { futureCalendar } from './cycle-start';
import { generateFederation } from './fixture-tree';
import { LatencyLog } from './latency';

const CHAIR = 'member0@bench.example';

/** C clients updating C trivial workflows (one each, as each link acts on its own unit) for `seconds`. */
export async function rawUpdates(client: Client, taskQueue: string, concurrency: number, seconds: number) {
  const handles = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      client.workflow.start('echoWorkflow', { taskQueue, workflowId: `echo-${i}-${Date.now()}`, args: [] }),
    ),
  );
  const latency = new LatencyLog();
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    handles.map(async (h, i) => {
      while (performance.now() < until) {
        const t = performance.now();
        await h.executeUpdate(echoUpdate, { args: [i] });
        latency.add(performance.now() - t);
      }
    }),
  );
  await Promise.all(handles.map((h) => h.signal(finishSignal)));
  return latency;
}

/** Links as they arrive by mail: each unit's plan invitation, and the chair's request to decide on it. */
class LinkFeed {
  private seen = 0;
  readonly queue: Array<{ url: string; kind: 'plan' | 'decision' }> = [];
  constructor(private readonly peer: SmtpPeer) {}
  take() {
    for (; this.seen < this.peer.received.length; this.seen++) {
      const mail = this.peer.received[this.seen]!;
      const to = [mail.to].flat()[0]?.text ?? '';
      if (/前提交年度劳动竞赛规划方案/.test(mail.subject ?? ''))
        this.queue.push({ url: linkIn(mail), kind: 'plan' });
      else if (to.includes(CHAIR) && /审核.*年度劳动竞赛规划方案/.test(mail.subject ?? ''))
        this.queue.push({ url: linkIn(mail), kind: 'decision' });
    }
    return this.queue.shift();
  }
}

const PLAN_FORM = {
  title: '年度劳动竞赛方案',
  summary: '全年开展技能竞赛和安康杯竞赛',
  measures: '季度比武\n岗位练兵',
  campaigns: ['SKILL_COMPETITION'],
};

export async function runLinksBench(args: Map<string, string>): Promise<void> {
  const concurrency = Number(args.get('concurrency') ?? 100);
  const seconds = Number(args.get('seconds') ?? 60);
  const units = Number(args.get('units') ?? 3000);
  for (const [name, v] of Object.entries({ concurrency, seconds, units }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const [database, temporal] = await startServers();
  const peer = new SmtpPeer();
  await peer.start();
  const taskQueue = 'bench';
  try {
    await migrateAndSeed(database.url, false, quietLog);
    const db = createDb(database.url, 8);
    const { rootCode } = await generateFederation(db, units);
    const port = await freePort();
    // The worker and the API as their own processes, as installed (`npm run worker`, `npm run api`): in this
    // process they would share one event loop with the clients and the mail peer and measure that instead.
    const env = {
      ...process.env,
      ...mailTo(peer),
      MAIL_POLL_MS: '200',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
    };
    const worker = new ClusterProcess('worker', 'worker', env);
    const api = new ClusterProcess('api', 'api', {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Every client comes from this machine's one address; the limit per address is not what is measured.
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    worker.start();
    api.start();
    while ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status !== 200)
      await new Promise((r) => setTimeout(r, 500));
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    try {
      await rawUpdates(client, taskQueue, concurrency, 3);
      const raw = await rawUpdates(client, taskQueue, concurrency, Math.min(20, seconds));
      log(`raw updates: ${raw.summary()}`);

      const plan = await db.plan.findFirstOrThrow({ where: { isBuiltIn: true } });
      const cycle = await startCycle(
        db,
        client,
        { taskQueue, batchSize: loadConfig({ DATABASE_URL: database.url }).cycleBatchSize },
        {
          plan: plan.code,
          year: 2013,
          units: { under: rootCode },
          calendar: futureCalendar(),
          decisionPolicy: { kind: 'ANY_ONE' },
          startedBy: 'bench',
        },
      );
      const feed = new LinkFeed(peer);
      // Begin once every invitation is in, so the clients do not compete with the cycle's own start.
      while (peer.received.length < cycle.units) await new Promise((r) => setTimeout(r, 200));
      log(`${cycle.units} units started, ${peer.received.length} invitations in; clients begin`);

      const latency = new LatencyLog();
      const posts = new LatencyLog();
      let accepted = 0;
      let conflicts = 0;
      let acts = 0;
      const errors: string[] = [];
      const t0 = performance.now();
      const until = t0 + seconds * 1000;
      // A request that got no answer at all (refused, reset) counts as an error with its cause, as a status would.
      const timed = async <T extends { status: number }>(
        into: LatencyLog[],
        send: () => Promise<T>,
      ): Promise<T> => {
        const t = performance.now();
        try {
          return await send();
        } catch (err) {
          const e = err as Error;
          errors.push(`no answer (${String((e.cause as Error | undefined)?.message ?? e.message)})`);
          return { status: 0 } as T;
        } finally {
          for (const l of into) l.add(performance.now() - t);
        }
      };
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < until) {
            const link = feed.take();
            if (!link) {
              if (accepted >= cycle.units * 2) return;
              await new Promise((r) => setTimeout(r, 50));
              continue;
            }
            const n = ++acts;
            const page = await timed([latency], () => openLink(link.url));
            if (page.status !== 200) {
              if (page.status) errors.push(`GET ${page.status}`);
              continue;
            }
            const fields = link.kind === 'plan' ? PLAN_FORM : { outcome: 'APPROVE', comment: '同意' };
            const res = await timed([latency, posts], () => postLink(link.url, page, fields));
            if (res.status === 200) accepted++;
            else if (res.status) errors.push(`POST ${res.status}`);
            if (n % 25 === 0) {
              const again = await timed([latency, posts], () => postLink(link.url, page, fields));
              if (again.status === 409 || again.status === 410) conflicts++;
              else if (again.status) errors.push(`second POST ${again.status}`);
            }
          }
        }),
      );
      const elapsedS = (performance.now() - t0) / 1000;
      const rps = latency.count / elapsedS;

      // Every accepted act recorded once: a submission or a decision per step of a unit, none twice.
      const submissions = await db.submission.groupBy({
        by: ['assessmentId', 'step'],
        _count: { _all: true },
      });
      const decisions = await db.decision.groupBy({ by: ['assessmentId', 'step'], _count: { _all: true } });
      const twice = [...submissions, ...decisions].filter((g) => g._count._all !== 1).length;
      const recorded = submissions.length + decisions.length;
      if (twice || recorded !== accepted)
        errors.push(`${accepted} accepted, ${recorded} recorded, ${twice} twice`);

      log(
        `links: ${latency.count} requests in ${elapsedS.toFixed(1)} s (${rps.toFixed(0)}/s), ${accepted} acts accepted, ${conflicts} deliberate conflicts answered 409; all requests ${latency.summary()}; POSTs ${posts.summary()}`,
      );
      if (errors.length) {
        log(`errors: ${[...new Set(errors)].join(', ')}`);
        log(`the API's last lines:\n${api.output.split('\n').slice(-15).join('\n')}`);
      }
      const p99 = latency.percentile(99);
      const rawP99 = raw.percentile(99);
      process.stdout.write(
        `links concurrency=${concurrency} rps=${rps.toFixed(0)} p99_ms=${p99.toFixed(0)} raw_p99_ms=${rawP99.toFixed(0)} ratio=${(p99 / rawP99).toFixed(2)} errors=${errors.length}\n`,
      );
    } finally {
      await connection.close();
      await api.stop();
      await worker.stop();
      await db.$disconnect();
    }
  } finally {
    await peer.stop();
    await temporal.stop();
    await database.stop();
  }
}
