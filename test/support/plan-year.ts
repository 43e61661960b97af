/**
 * One year of a plan run through the API on a compressed calendar for the fixture's two counties: plan, targets,
 * one check and the year-end report with the figures given, every member's scores and the chair's confirmation.
 */
import { createPlan } from '../../stores/plan/store';
import { planPayload } from './api-client';
import { shanghaiIn } from './cycle-fixture';
import type { TestStack } from './test-stack';

export type County = 'c.a' | 'c.b';

export interface CountyYear {
  targets: Record<string, number>;
  final: Record<string, number>;
}

/** A short plan: a yearly count, a cumulative count, a growth rate of 10 % and, if asked for, a level. */
export function createShortPlan(
  stack: TestStack,
  plan: { code: string; nameZh: string; periodStart: number; periodEnd: number },
  targets: {
    count: Array<{ year: number; value: number }>;
    cumulative: Array<{ year: number; value: number }>;
    /** A fourth indicator, a level, with these targets. */
    level?: Array<{ year: number; value: number }>;
  },
) {
  return createPlan(
    stack.db,
    {
      ...plan,
      nameEn: plan.code,
      indicatorWeight: 70,
      committeeWeight: 30,
      indicators: [
        {
          code: 'a.count',
          nameZh: '竞赛项目',
          nameEn: 'Competitions',
          unitZh: '个',
          unitEn: 'items',
          kind: 'ANNUAL_COUNT',
          weight: 1,
          targets: targets.count,
        },
        {
          code: 'k.cum',
          nameZh: '累计培训',
          nameEn: 'Training',
          unitZh: '人次',
          unitEn: 'people',
          kind: 'CUMULATIVE',
          weight: 1,
          targets: targets.cumulative,
        },
        {
          code: 'g.growth',
          nameZh: '增长指标',
          nameEn: 'Growth',
          unitZh: '万元',
          unitEn: '10k yuan',
          kind: 'GROWTH',
          weight: 1,
          annualRatePct: 10,
          targets: [],
        },
        ...(targets.level
          ? [
              {
                code: 'l.level',
                nameZh: '覆盖企业',
                nameEn: 'Enterprises covered',
                unitZh: '家',
                unitEn: 'enterprises',
                kind: 'LEVEL' as const,
                weight: 1,
                targets: targets.level,
              },
            ]
          : []),
      ],
      criteria: [{ code: 'x', nameZh: '组织', nameEn: 'Organisation', weight: 1 }],
    },
    'test',
  );
}

/**
 * Runs the year and waits for its cycle to complete. `stated` gives a county's growth base as the unit types it
 * (else it is left to what is carried); `beforeCheck` may act on the check itself and says whether it submitted.
 */
export async function runPlanYear(
  stack: TestStack,
  opts: {
    plan: string;
    year: number;
    units: Record<County, CountyYear>;
    stated?: Partial<Record<County, number>>;
    beforeCheck?: (code: County, id: string) => Promise<boolean>;
  },
): Promise<string> {
  const { client, fixture: f } = stack;
  const { year } = opts;
  const figures = (code: County, final: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(final).map(([k, value]) => [
        k,
        k === 'g.growth' && opts.stated?.[code] !== undefined
          ? { value, previous: opts.stated[code] }
          : { value },
      ]),
    );
  const started = Date.now();
  const cycle = await client.call('POST', '/api/cycles', {
    plan: opts.plan,
    year,
    units: { codes: ['c.a', 'c.b'] },
    calendar: {
      planSubmission: { due: shanghaiIn(60_000, started), reminders: [] },
      targetSetting: { due: shanghaiIn(70_000, started), reminders: [] },
      checks: [
        { label: '全年', asOf: shanghaiIn(2_000, started), due: shanghaiIn(80_000, started), reminders: [] },
      ],
      evaluation: { due: shanghaiIn(90_000, started), reminders: [] },
      noticeLead: '2s',
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  if (cycle.status !== 201) throw new Error(`cycle not started: ${JSON.stringify(cycle.json)}`);
  const contact = { 'c.a': f.a.contact, 'c.b': f.b.contact };
  const expectStatus = (r: { status: number; json: unknown }, what: string) => {
    if (r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  };
  for (const code of ['c.a', 'c.b'] as const) {
    const data = opts.units[code];
    const id = (await client.until(code, year, 'plan', 'WAITING_SUBMISSION')).assessmentId as string;
    const act = async (step: string, payload: unknown, outcome = 'APPROVE', submitted = false) => {
      if (!submitted) expectStatus(await client.submit(id, step, payload, contact[code]), `${code} ${step}`);
      await client.until(code, year, step, 'WAITING_DECISION');
      expectStatus(await client.vote(id, step, f.chair, outcome), `${code} ${step} vote`);
    };
    await act('plan', planPayload(`${code}${year}年方案`));
    await client.until(code, year, 'targets', 'WAITING_SUBMISSION');
    await act('targets', { targets: data.targets });
    await client.until(code, year, 'check-1', 'WAITING_SUBMISSION');
    const submitted = (await opts.beforeCheck?.(code, id)) ?? false;
    await act('check-1', { figures: figures(code, data.final) }, 'ACKNOWLEDGE', submitted);
    await client.until(code, year, 'evaluation', 'WAITING_SUBMISSION');
    const evaluation = { figures: figures(code, data.final), selfAssessment: '完成' };
    expectStatus(await client.submit(id, 'evaluation', evaluation, contact[code]), `${code} evaluation`);
    await client.until(code, year, 'scoring', 'WAITING_DECISION');
    // Every eligible member scores (m3 belongs to c.a, so not for it).
    const scorers = code === 'c.a' ? [f.chair, f.m1, f.m2] : [f.chair, f.m1, f.m2, f.m3];
    for (const personId of scorers)
      expectStatus(
        await client.call('POST', `/api/assessments/${id}/scores`, { personId, scores: { x: 80 } }),
        `${code} scores`,
      );
    await client.until(code, year, 'confirmation', 'WAITING_DECISION');
    expectStatus(await client.vote(id, 'confirmation', f.chair, 'APPROVE'), `${code} confirmation`);
  }
  await client.waitForCycle(cycle.json.cycle.id, 'COMPLETED', 60_000);
  return cycle.json.cycle.id as string;
}
