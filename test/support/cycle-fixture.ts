/** A small federation for cycle tests: city → two counties → one grassroots union, a committee, a test plan. */
import type { Db } from '../../stores/db';
import { createPlan } from '../../stores/plan/store';
import { wallClockAt } from '../../domain/time-zone';
import type { ApiClient } from './api-client';

export const PLAN_CODE = 'test-2026-2030';
export const YEAR = 2026;

export async function seedCycleFixture(db: Db) {
  await createPlan(
    db,
    {
      code: PLAN_CODE,
      nameZh: '测试规划',
      nameEn: 'Test plan',
      periodStart: 2026,
      periodEnd: 2030,
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
          weight: 2,
          targets: [{ year: 2026, value: 110 }],
        },
        {
          code: 'b.share',
          nameZh: '覆盖率',
          nameEn: 'Coverage',
          unitZh: '%',
          unitEn: '%',
          kind: 'RATIO',
          aggregation: 'SHARE',
          weight: 1,
          targets: [{ year: 2026, value: 50 }],
        },
      ],
      criteria: [
        { code: 'x', nameZh: '组织', nameEn: 'Organisation', weight: 1 },
        { code: 'y', nameZh: '宣传', nameEn: 'Publicity', weight: 1 },
      ],
    },
    'test',
  );
  const org = async (
    code: string,
    kind: 'FEDERATION' | 'COUNTY_DISTRICT' | 'GRASSROOTS_UNION',
    parentId: string | null,
  ) => {
    const o = await db.organisation.create({ data: { code, nameZh: `单位${code}`, kind, parentId } });
    const p = await db.person.create({
      data: { name: `${code}联络员`, email: `${code}@test.example`, organisationId: o.id },
    });
    await db.organisationContact.create({ data: { organisationId: o.id, personId: p.id } });
    return { id: o.id, contact: p.id };
  };
  const city = await org('c', 'FEDERATION', null);
  const a = await org('c.a', 'COUNTY_DISTRICT', city.id);
  const b = await org('c.b', 'COUNTY_DISTRICT', city.id);
  const g = await org('c.a.g', 'GRASSROOTS_UNION', a.id);
  const committee = await db.committee.create({ data: { organisationId: city.id, nameZh: '竞赛委员会' } });
  const member = async (name: string, role: 'CHAIR' | 'MEMBER', organisationId: string) => {
    const p = await db.person.create({ data: { name, email: `${name}@test.example`, organisationId } });
    await db.committeeMember.create({ data: { committeeId: committee.id, personId: p.id, role } });
    return p.id;
  };
  const chair = await member('chair', 'CHAIR', city.id);
  const m1 = await member('m1', 'MEMBER', city.id);
  const m2 = await member('m2', 'MEMBER', city.id);
  const m3 = await member('m3', 'MEMBER', a.id); // belongs to county a: may not decide for it
  const plan = await db.plan.findUniqueOrThrow({ where: { code: PLAN_CODE }, include: { indicators: true } });
  const allocations: Record<string, Record<string, number>> = {
    [a.id]: { 'a.count': 40, 'b.share': 50 },
    [b.id]: { 'a.count': 60, 'b.share': 50 },
    [g.id]: { 'a.count': 10, 'b.share': 50 },
  };
  for (const [organisationId, values] of Object.entries(allocations)) {
    for (const ind of plan.indicators) {
      await db.targetAllocation.create({
        data: { indicatorId: ind.id, organisationId, year: YEAR, value: values[ind.code]! },
      });
    }
  }
  return { city, a, b, g, chair, m1, m2, m3 };
}

/** "YYYY-MM-DDTHH:mm:ss" in Asia/Shanghai for an instant `offsetMs` from now. */
export function shanghaiIn(offsetMs: number, from = Date.now()): string {
  const w = wallClockAt(new Date(from + offsetMs));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

/** A cycle of every fixture unit with due dates late in the year, so nothing falls due while a test runs. */
export async function startLateCycle(
  client: ApiClient,
  decisionPolicy: { kind: string } = { kind: 'ANY_ONE' },
): Promise<{ cycleId: string; ids: Record<string, string> }> {
  const r = await client.call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { codes: ['c.a', 'c.b', 'c.a.g'] },
    calendar: {
      planSubmission: { due: `${YEAR}-12-20T18:00` },
      targetSetting: { due: `${YEAR}-12-21T18:00` },
      checks: [{ label: 'Q4', asOf: `${YEAR}-12-22`, due: `${YEAR}-12-23T18:00` }],
      evaluation: { due: `${YEAR}-12-24T18:00` },
    },
    decisionPolicy,
  });
  if (r.status !== 201) throw new Error(`cycle not started: ${r.status} ${JSON.stringify(r.json)}`);
  const ids: Record<string, string> = {};
  for (const code of ['c.a', 'c.b', 'c.a.g'])
    ids[code] = (await client.until(code, YEAR, 'plan', 'WAITING_SUBMISSION')).assessmentId;
  return { cycleId: r.json.cycle.id, ids };
}
