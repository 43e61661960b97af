/**
 * Report: units submitting through `POST /api/assessments/:id/submissions` (an admin's API token, as a script
 * reporting for units would), 50 at a time, against the raw round trip of a Temporal Update on trivial workflows
 * at the same concurrency in the same run. The units wait on their plan, so each report is the plan submission:
 * the same route, checks and workflow Update as a progress report later in the year.
 */
import { LatencyLog } from '../latency';
import { rawUpdates } from '../links';
import { inPool } from '../pool';
import { ProvinceStack } from './stack';

export const REPORT_CONCURRENCY = 50;

export interface ReportResult {
  reports: number;
  ms: number;
  rawRate: number;
  errors: string[];
  latency: LatencyLog;
}

export async function reportPhase(
  stack: ProvinceStack,
  token: string,
  cycleId: string,
  limit: number,
  log: (m: string) => void,
): Promise<ReportResult> {
  const rawSeconds = 20;
  await rawUpdates(stack.client, ProvinceStack.taskQueue, REPORT_CONCURRENCY, 3);
  const raw = await rawUpdates(stack.client, ProvinceStack.taskQueue, REPORT_CONCURRENCY, rawSeconds);
  const rawRate = raw.count / rawSeconds;
  log(`raw updates: ${raw.summary()} (${rawRate.toFixed(0)}/s)`);

  const units = await stack.db.assessment.findMany({
    where: { cycleId, step: 'plan', status: 'WAITING_SUBMISSION' },
    select: { id: true, organisation: { select: { contacts: { select: { personId: true }, take: 1 } } } },
    take: limit,
  });
  const latency = new LatencyLog();
  const errors: string[] = [];
  const t0 = performance.now();
  await inPool(units.length, REPORT_CONCURRENCY, async (i) => {
    const u = units[i]!;
    const t = performance.now();
    const res = await fetch(`${stack.apiUrl}/api/assessments/${u.id}/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        step: 'plan',
        submittedBy: u.organisation.contacts[0]!.personId,
        payload: {
          title: '年度劳动竞赛方案',
          summary: '全年开展技能竞赛',
          measures: ['季度比武', '岗位练兵'],
        },
      }),
    }).catch((err: Error) => ({ status: 0, text: async () => String(err.cause ?? err.message) }));
    latency.add(performance.now() - t);
    if (res.status !== 201) errors.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
  });
  const ms = performance.now() - t0;
  log(
    `reports: ${units.length} in ${(ms / 1000).toFixed(1)} s (${((units.length / ms) * 1000).toFixed(0)}/s), ${latency.summary()}, ${errors.length} errors${errors.length ? ` (first: ${errors[0]})` : ''}`,
  );
  return { reports: units.length, ms, rawRate, errors, latency };
}
