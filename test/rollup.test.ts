/**
 * The dashboard's roll-up on real PostgreSQL: the triggers record a change when a unit's row, the tree or the
 * allocated targets change; one claimer of several takes a due refresh; a change made by a transaction still open
 * when a refresh is claimed is kept for the next; refreshes are spaced by their cost; the stored figures are the
 * live roll-up's, for the whole tree and each branch.
 */
import { randomUUID } from 'node:crypto';
import { defaultCalendar } from '../domain/calendar';
import { buildBulletin } from '../domain/bulletin';
import { loadBulletinSnapshot } from '../stores/bulletin/snapshot';
import {
  claimDueRollup,
  dashboardRollup,
  recordRefresh,
  refreshRollup,
  storedRollup,
} from '../stores/cycle/rollup';
import { createDb, type Db } from '../stores/db';
import { migrateAndSeed } from '../stack/migrate';
import { quietLog, startEmbeddedPostgres, type TestDatabase } from './support/servers';

let database: TestDatabase;
let db: Db;
let cycleId: string;
const pacing = { minIntervalMs: 60_000, costFactor: 10, maxAgeMs: 600_000 };
const changes = () => db.cycleRollupChange.count({ where: { cycleId } });

beforeAll(async () => {
  database = await startEmbeddedPostgres();
  await migrateAndSeed(database.url, false, quietLog);
  db = createDb(database.url, 6);
  const org = (
    code: string,
    kind: 'FEDERATION' | 'COUNTY_DISTRICT' | 'GRASSROOTS_UNION',
    parentId?: string,
  ) => db.organisation.create({ data: { code, nameZh: `单位${code}`, kind, parentId } });
  const root = await org('r', 'FEDERATION');
  const county = await org('r.c', 'COUNTY_DISTRICT', root.id);
  const unit = await org('r.c.u', 'GRASSROOTS_UNION', county.id);
  const plan = await db.plan.findFirstOrThrow({ where: { isBuiltIn: true } });
  const cycle = await db.cycle.create({
    data: {
      planId: plan.id,
      year: plan.periodStart,
      rootOrganisationId: root.id,
      calendar: defaultCalendar(plan.periodStart) as object,
      decisionPolicy: { kind: 'MAJORITY' },
      workflowId: `rollup-${randomUUID()}`,
      startedBy: 'test',
    },
  });
  cycleId = cycle.id;
  await db.assessment.createMany({
    data: [county, unit].map((o) => ({
      cycleId,
      organisationId: o.id,
      workflowId: `rollup-unit-${o.code}`,
      stage: 'PLAN_SUBMISSION' as const,
      status: 'WAITING_SUBMISSION' as const,
      step: 'plan',
    })),
  });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.stop();
});

it('records changes, lets one claimer take a refresh, and keeps a change still being written for the next', async () => {
  // The fan-out's insert is one statement: one change for the cycle.
  expect(await changes()).toBe(1);

  // Never refreshed: due. Of two claimers at once, one takes it, and the changes it takes in are gone.
  const claims = await Promise.all([claimDueRollup(db, pacing), claimDueRollup(db, pacing)]);
  expect(claims.filter((c) => c === cycleId)).toHaveLength(1);
  expect(claims.filter((c) => c === null)).toHaveLength(1);
  expect(await changes()).toBe(0);
  await refreshRollup(db, cycleId);
  await recordRefresh(db, cycleId, 50);
  // Refreshed just now and unchanged: not due.
  expect(await claimDueRollup(db, { ...pacing, minIntervalMs: 0 })).toBeNull();

  // A unit's write still open while a refresh is claimed: its change is not taken, and is there for the next.
  let commit!: () => void;
  const gate = new Promise<void>((r) => (commit = r));
  let written!: () => void;
  const wrote = new Promise<void>((r) => (written = r));
  const writer = db.$transaction(async (tx) => {
    await tx.assessment.updateMany({
      where: { cycleId, step: 'plan' },
      data: { status: 'WAITING_DECISION' },
    });
    written();
    await gate;
  });
  await wrote;
  expect(await claimDueRollup(db, { ...pacing, minIntervalMs: 0, costFactor: 0 })).toBeNull();
  commit();
  await writer;
  expect(await changes()).toBe(1);
  // Spaced by its cost: a change does not make it due within the minimum interval, nor within ten times the
  // last refresh's time; past both, it is.
  expect(await claimDueRollup(db, pacing)).toBeNull();
  await recordRefresh(db, cycleId, 3_600_000);
  expect(await claimDueRollup(db, { ...pacing, minIntervalMs: 0 })).toBeNull();
  await recordRefresh(db, cycleId, 0);
  expect(await claimDueRollup(db, { ...pacing, minIntervalMs: 0 })).toBe(cycleId);
  expect(await changes()).toBe(0);

  // The tree changing (a unit renamed) records a change for every running cycle.
  await db.organisation.update({ where: { code: 'r.c.u' }, data: { nameZh: '改名的单位' } });
  expect(await changes()).toBe(1);
}, 60_000);

it('stores the live roll-up of the whole tree and each branch, and rolls up another unit on demand', async () => {
  await refreshRollup(db, cycleId);
  const live = buildBulletin(await loadBulletinSnapshot(db, cycleId, new Date()));
  const whole = await storedRollup(db, cycleId);
  expect(whole!.figures!.indicators.map((i) => [i.code, i.target])).toEqual(
    live.indicators.map((i) => [i.code, i.target]),
  );
  expect((await storedRollup(db, cycleId, 'r.c'))!.figures).not.toBeNull();
  const shown = await dashboardRollup(db, cycleId);
  expect(shown.branches).toEqual([{ code: 'r.c', name: '单位r.c' }]);
  expect(shown.computedAt).toEqual(whole!.computedAt);
  // A unit that is no branch of the roll-up is rolled up now.
  const unit = await dashboardRollup(db, cycleId, 'r.c.u');
  expect(unit.computedAt.getTime()).toBeGreaterThan(whole!.computedAt.getTime());
  expect(unit.figures!.indicators).toHaveLength(live.indicators.length);
}, 60_000);
