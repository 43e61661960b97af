/**
 * `npm run bench -- province [--units N] [--workers K] [--mailers M] [--reports R] [--profile DIR]`: a province's
 * year at N units (default 100,000; R of them report, default all) on the embedded stack, each phase against a
 * baseline measured in the same run (import, start, invite, report, read, bulletin), the peak memory of every
 * process and the data each server keeps; with `--profile`, a CPU profile of every worker thread, read in Chrome's
 * DevTools (where a worker's CPU goes: docs/scaling.md). The ratios: import and start as time against the
 * baseline's time (lower is better; start's goal ≤ 2), invite and report as rate against the baseline's rate
 * (higher is better; goals ≥ 0.8 and ≥ 0.5).
 * Last line: `province units=N import_ratio=… start_ratio=… invite_ratio=… report_ratio=… dashboard_ms=… bulletin_ms=…`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createAdmin, createApiToken, signIn } from '../../stores/admins/admins';
import { importPhase } from './import-phase';
import { invitePhase } from './invite-phase';
import { bulletinPhase, readPhase } from './read-phase';
import { REPORT_CONCURRENCY, reportPhase } from './report-phase';
import { ProvinceStack } from './stack';
import { startPhase } from './start-phase';
import { PROVINCE, provinceTree } from './tree';

const whole = (args: Map<string, string>, name: string, fallback: number) => {
  const v = Number(args.get(name) ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
  return v;
};

async function setUp(stack: ProvinceStack) {
  const { db } = stack;
  const root = await db.organisation.create({
    data: { code: PROVINCE, nameZh: '省总工会', kind: 'FEDERATION', parentId: null },
  });
  const committee = await db.committee.create({
    data: { organisationId: root.id, nameZh: '劳动竞赛委员会' },
  });
  for (const [i, role] of (['CHAIR', 'MEMBER', 'MEMBER'] as const).entries()) {
    const p = await db.person.create({
      data: { name: `委员${i}`, email: `member${i}@prov.example`, organisationId: root.id },
    });
    await db.committeeMember.create({ data: { committeeId: committee.id, personId: p.id, role } });
  }
  const admin = await createAdmin(db, {
    email: 'bench@prov.example',
    name: 'Bench',
    password: 'bench password 1',
  });
  const { token } = await createApiToken(db, admin.id, 'province bench');
  const session = await signIn(db, 'bench@prov.example', 'bench password 1', '127.0.0.1');
  if (!session.ok) throw new Error('the bench admin could not sign in');
  return { token, cookie: `jingsai_session=${session.token}` };
}

const s = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);
const perUnit = (ms: number, n: number) => `${((ms / n) * 1000).toFixed(0)} µs/unit`;

export async function runProvinceBench(args: Map<string, string>): Promise<void> {
  const units = whole(args, 'units', 100_000);
  const workers = whole(args, 'workers', 1);
  const reports = Math.min(units, whole(args, 'reports', units));
  const mailers = whole(args, 'mailers', 1);
  if (units < 500) throw new Error('--units must be at least 500 (a province of at least one city)');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const rows = provinceTree(units);
  const profile = args.get('profile');
  if (profile === '') throw new Error("--profile needs a folder to write the workers' CPU profiles to");
  const profileDir = profile === undefined ? undefined : path.resolve(profile);
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const stack = await ProvinceStack.start(workers, profileDir);
  try {
    const auth = await setUp(stack);
    log(`stack up: ${workers} worker(s), API, mailbox; ${units} units to import; ${mailers} mailer(s) later`);
    // Where each phase's CPU went, process by process: what limits a phase on this machine.
    const timed = async <T>(phase: string, run: () => Promise<T>): Promise<T> => {
      const before = stack.cpu();
      const t0 = performance.now();
      const result = await run();
      const wall = (performance.now() - t0) / 1000;
      const used = [...stack.cpu()].map(
        ([name, cpu]) => `${name} ${(cpu - (before.get(name) ?? 0)).toFixed(0)}`,
      );
      log(
        `CPU seconds during ${phase} (${wall.toFixed(0)} s on ${os.cpus().length} cores): ${used.join(', ')}`,
      );
      return result;
    };
    const imp = await timed('import', () => importPhase(stack, auth.token, rows));
    log(`import: ${s(imp.ms)}; COPY of the same rows ${s(imp.copyMs)}`);
    const start = await timed('start', () => startPhase(stack, PROVINCE, log));
    const invite = await timed('invite', () => invitePhase(stack, mailers, log));
    const report = await timed('report', () => reportPhase(stack, auth.token, start.cycleId, reports, log));
    const city = `${PROVINCE}.c${Math.min(3, rows.filter((r) => r.parent === PROVINCE).length - 1)}`;
    const unit = rows[rows.length - 1]!.code;
    const read = await readPhase(stack, auth, start.cycleId, city, unit);
    const bulletin = await timed('bulletin', () => bulletinPhase(stack, auth.token, start.cycleId));
    const memory = stack.memory();
    const sizes = await stack.dataSizes();

    const inviteRate = (invite.invitations / invite.ms) * 1000;
    const bareRate = (invite.bare / invite.bareMs) * 1000;
    const reportRate = (report.reports / report.ms) * 1000;
    const ratios = {
      import: imp.ms / imp.copyMs,
      start: start.waitingMs / start.trivialMs,
      invite: inviteRate / bareRate,
      report: reportRate / report.rawRate,
    };
    const table = [
      `| phase | measured | baseline in the same run | ratio | cost per unit |`,
      `|---|---|---|---|---|`,
      `| import | ${s(imp.ms)} (${units} units, one CSV) | COPY ${s(imp.copyMs)} | ${ratios.import.toFixed(1)} | ${perUnit(imp.ms, units)} |`,
      `| start | all waiting after ${s(start.waitingMs)} (fan-out ${s(start.fanOutMs)}, ${((start.units / start.fanOutMs) * 1000).toFixed(0)}/s) | ${start.units} trivial workflows ${s(start.trivialMs)} | ${ratios.start.toFixed(2)} | ${perUnit(start.waitingMs, start.units)} |`,
      `| invite | ${invite.invitations} in ${s(invite.ms)} (${inviteRate.toFixed(0)}/s) | bare loop ${bareRate.toFixed(0)}/s (${invite.bare}) | ${ratios.invite.toFixed(2)} | ${perUnit(invite.ms, invite.invitations)} |`,
      `| report | ${report.reports} in ${s(report.ms)} (${reportRate.toFixed(0)}/s, p99 ${report.latency.percentile(99).toFixed(0)} ms, ${report.errors.length} errors) | raw Update ${report.rawRate.toFixed(0)}/s at ${REPORT_CONCURRENCY} | ${ratios.report.toFixed(2)} | ${perUnit(report.ms, report.reports)} |`,
      ...read.pages.map(
        ([name, ms]) =>
          `| read: ${name} | ${ms.toFixed(0)} ms | console home ${read.baselineMs.toFixed(0)} ms | ${(ms / read.baselineMs).toFixed(1)} | |`,
      ),
      `| bulletin | ${s(bulletin.ms)}, peak RSS of a fresh API process ${bulletin.peakRssMb.toFixed(0)} MB | one SQL query ${s(bulletin.sqlMs)} | ${(bulletin.ms / bulletin.sqlMs).toFixed(1)} | |`,
    ];
    process.stdout.write(`${table.join('\n')}\n\n`);
    process.stdout.write(
      `peak RSS: ${memory.map(([n, mb]) => `${n} ${mb.toFixed(0)} MB`).join(', ')}; data: PostgreSQL ${sizes.postgresMb.toFixed(0)} MB, Temporal ${sizes.temporalMb.toFixed(0)} MB\n`,
    );
    process.stdout.write(
      `province units=${units} import_ratio=${ratios.import.toFixed(2)} start_ratio=${ratios.start.toFixed(2)} invite_ratio=${ratios.invite.toFixed(2)} report_ratio=${ratios.report.toFixed(2)} dashboard_ms=${read.dashboardMs.toFixed(0)} bulletin_ms=${bulletin.ms.toFixed(0)}\n`,
    );
  } finally {
    await stack.stop();
  }
}
