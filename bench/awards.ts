/**
 * An award programme with N nominees from N/5 units, through its workflow on real servers: N nominations (the
 * workflow's validator judging quota and a proportion rule each time), both departments' vetting, three members'
 * votes, the chair's confirmation, a one-second 公示, then the decision document (HTML + PDF) and a certificate per
 * awardee (N/2). Baseline in the same process: the bulletin of the same N/5 units (figures, HTML and PDF).
 * Last line: `awards nominations=N total_ms=T ratio=R peak_rss_mb=M`.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { findChromium, renderPdf } from '../activities/documents/pdf';
import { withUpdateRetry } from '../api/workflow-calls';
import { renderBulletinHtml } from '../activities/bulletin/document';
import { buildBulletin } from '../domain/bulletin';
import { programmeSchema } from '../domain/awards/programme';
import { createProgramme, markProgrammeOpened, workflowInputOf } from '../stores/awards/programmes';
import { createDb } from '../stores/db';
import { loadConfig } from '../stack/config';
import { MailCatcher } from '../stack/mail-catcher';
import { migrateAndSeed } from '../stack/migrate';
import { startWorker } from '../stack/worker';
import { shanghaiIn } from '../test/support/cycle-fixture';
import { freePort, quietLog, startServers, tempDir } from '../test/support/servers';
import {
  AWARDS_WORKFLOW,
  awardStatusQuery,
  awardWorkflowId,
  confirmResultUpdate,
  nominateUpdate,
  vetUpdate,
  voteUpdate,
} from '../workflows/awards/contract';
import { generateSnapshot } from './bulletin';
import { generateFederation } from './fixture-tree';
import { inPool } from './pool';

/** Below Temporal's default limit of 10 updates in flight on one workflow (the API retries past it). */
const CONCURRENCY = 8;
const PER_UNIT = 5;

/** The bulletin of `units` units, built and printed as the bulletin activity does. */
async function bulletinMs(units: number, chromiumPath: string | undefined): Promise<number> {
  const started = performance.now();
  const snapshot = generateSnapshot(units);
  const html = renderBulletinHtml(buildBulletin(snapshot), {
    year: 2026,
    number: 1,
    federation: '生成的市总工会',
    issuedAt: new Date(snapshot.asOf),
    calendar: { checks: [{ label: 'Q2' }] },
  });
  if (chromiumPath) await renderPdf(html, chromiumPath);
  return performance.now() - started;
}

export async function runAwardsBench(args: Map<string, string>): Promise<void> {
  const nominations = Number(args.get('nominations') ?? 200);
  if (!Number.isInteger(nominations) || nominations < 25 || nominations % PER_UNIT !== 0)
    throw new Error(`--nominations must be a whole multiple of ${PER_UNIT}, at least 25`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const units = nominations / PER_UNIT;
  const [database, temporal] = await startServers();
  const mailDir = tempDir('bench-mail');
  const mailPort = await freePort();
  const catcher = new MailCatcher({ port: mailPort, dir: mailDir, log: quietLog });
  await catcher.start();
  try {
    await migrateAndSeed(database.url, false, quietLog);
    const db = createDb(database.url, 8);
    // One county and grassroots unions under it: the N/5 nominating units are all of them but the city.
    await generateFederation(db, units, 1);
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(await freePort()),
      TEMPORAL_TASK_QUEUE: 'bench',
      MAILBOX_SMTP_PORT: String(mailPort),
      DATA_DIR: mailDir,
    });
    const chromiumPath = findChromium(config.chromiumPath);
    const worker = await startWorker(config, quietLog);
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    try {
      const baseline = await bulletinMs(units, chromiumPath);
      log(
        `baseline: the bulletin of ${units} units (figures, HTML${chromiumPath ? ', PDF' : ''}) in ${baseline.toFixed(0)} ms`,
      );

      const orgs = await db.organisation.findMany({
        where: { parentId: { not: null } },
        select: { id: true, code: true, contacts: { select: { personId: true } } },
      });
      const committee = await db.committee.findFirstOrThrow({ include: { members: true } });
      const programme = programmeSchema.parse({
        year: 2026,
        title: '2026年度劳动竞赛先进',
        federation: 'gen',
        numberPrefix: '平工文',
        committee: committee.id,
        reviewMode: 'COMPETITIVE',
        tieBreak: 'NOMINATION_ORDER',
        places: { WORKER_PIONEER: nominations / 2 },
        quotas: orgs.map((o) => ({ unit: o.code, category: 'WORKER_PIONEER', quota: PER_UNIT })),
        proportionRules: [
          {
            key: 'teams',
            label: '班组不少于70%',
            categories: ['WORKER_PIONEER'],
            field: 'isTeam',
            values: ['true'],
            comparison: 'AT_LEAST',
            percent: 70,
          },
        ],
        calendar: {
          nomination: { due: shanghaiIn(3_600_000) },
          vetting: { due: shanghaiIn(7_200_000) },
          review: { due: shanghaiIn(10_800_000) },
          publicity: { duration: '1s' },
          decisionDate: shanghaiIn(86_400_000),
        },
        departments: [
          { name: '纪检', contact: '纪检', email: 'jj@bench.example' },
          { name: '安监', contact: '安监', email: 'aj@bench.example' },
        ],
      });
      const { id } = await createProgramme(db, programme, 'bench');
      const input = (await workflowInputOf(db, id))!;
      const workflowId = awardWorkflowId(id);
      const t0 = performance.now();
      await client.workflow.start(AWARDS_WORKFLOW, { taskQueue: 'bench', workflowId, args: [input] });
      await markProgrammeOpened(db, id, workflowId, 'bench');
      const handle = client.workflow.getHandle(workflowId);
      const nominated = performance.now();
      const explain = (what: string) => (err: unknown) => {
        const cause = (err as { cause?: unknown }).cause;
        log(
          `${what} failed: ${err instanceof Error ? `${err.name}: ${err.message} ${String(cause ?? '')}` : String(err)}`,
        );
        throw err;
      };
      await inPool(nominations, CONCURRENCY, async (i) => {
        const unit = orgs[i % orgs.length]!;
        await nominate(i, unit);
      }).catch(explain('a nomination'));
      async function nominate(i: number, unit: (typeof orgs)[number]) {
        await withUpdateRetry(() =>
          handle.executeUpdate(nominateUpdate, {
            args: [
              {
                nominationId: crypto.randomUUID(),
                unitId: unit.id,
                personId: unit.contacts[0]!.personId,
                category: 'WORKER_PIONEER',
                unitScore: null,
                eligibility: [],
                record: {
                  nomineeKind: 'COLLECTIVE',
                  nomineeName: `先锋班组${i}`,
                  fields: { isTeam: i % 10 < 8, ownership: 'PUBLIC', industry: '制造', size: 12 },
                  deeds: '全年安全生产无事故，完成技术革新三项。'.repeat(20),
                  summary: '主要事迹。',
                  earlierHonours: [],
                  newAchievements: null,
                },
              },
            ],
          }),
        );
      }
      log(`${nominations} nominations in ${((performance.now() - nominated) / 1000).toFixed(1)} s`);
      const waitStage = async (stage: string) => {
        for (;;) {
          if ((await handle.query(awardStatusQuery)).stage === stage) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      await waitStage('VETTING');
      const status = await handle.query(awardStatusQuery);
      const ids = status.nominees.filter((n) => n.status === 'ACTIVE').map((n) => n.id);
      for (const d of input.departments)
        await withUpdateRetry(() =>
          handle.executeUpdate(vetUpdate, {
            args: [
              {
                departmentId: d.id,
                personId: d.personId,
                answers: ids.map((nominationId) => ({ nominationId, objects: false, reason: null })),
              },
            ],
          }),
        ).catch(explain('vetting'));
      await waitStage('REVIEWING');
      for (const [i, m] of committee.members.entries())
        await handle.executeUpdate(voteUpdate, {
          args: [
            {
              personId: m.personId,
              votes: ids.map((nominationId, k) => ({ nominationId, inFavour: (k + i) % 3 !== 0 })),
            },
          ],
        });
      await waitStage('CONFIRMING');
      const chair = committee.members.find((m) => m.role === 'CHAIR')!;
      await handle.executeUpdate(confirmResultUpdate, { args: [{ personId: chair.personId }] });
      const decidedAt = performance.now();
      await waitStage('DECIDED');
      const totalMs = performance.now() - t0;
      const certificates = await db.document.count({ where: { kind: 'CERTIFICATE' } });
      log(
        `decision and ${certificates} certificates in ${((performance.now() - decidedAt) / 1000).toFixed(1)} s after the confirmation; whole programme ${(totalMs / 1000).toFixed(1)} s`,
      );
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      process.stdout.write(
        `awards nominations=${nominations} total_ms=${totalMs.toFixed(0)} ratio=${(totalMs / baseline).toFixed(1)} peak_rss_mb=${peakRssMb.toFixed(0)}\n`,
      );
    } finally {
      await connection.close();
      await worker.shutdown();
      await db.$disconnect();
    }
  } finally {
    await catcher.stop();
    fs.rmSync(mailDir, { recursive: true, force: true });
    await temporal.stop();
    await database.stop();
  }
}
