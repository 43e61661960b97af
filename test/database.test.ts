/**
 * The schema, migrations and seed against real PostgreSQL: a fresh embedded cluster always, and the external
 * PostgreSQL given by TEST_EXTERNAL_DATABASE_URL (CI installs Debian's postgresql and sets it).
 */
import { createDb, type Db } from '../stores/db';
import { createPlan, PlanConflictError } from '../stores/plan/store';
import { PlanValidationError } from '../domain/plan';
import { seedDatabase } from '../prisma/seed';
import { builtInPlan } from '../prisma/seed/plan-pingdingshan-2011-2015';
import { migrateAndSeed } from '../stack/migrate';
import {
  createExternalDatabase,
  quietLog,
  startEmbeddedPostgres,
  type TestDatabase,
} from './support/servers';
import { requestAuditCount } from './support/audit';

async function counts(db: Db) {
  const [plans, indicators, targets, criteria, organisations, people, contacts, committeeMembers, audit] =
    await Promise.all([
      db.plan.count(),
      db.indicatorDefinition.count(),
      db.indicatorTarget.count(),
      db.qualitativeCriterion.count(),
      db.organisation.count(),
      db.person.count(),
      db.organisationContact.count(),
      db.committeeMember.count(),
      requestAuditCount(db),
    ]);
  return { plans, indicators, targets, criteria, organisations, people, contacts, committeeMembers, audit };
}

// Stated targets in the built-in plan: 7 indicators × 5 years, 10 with one 2015 target; the accident rate has none.
const EXPECTED_TARGETS = 7 * 5 + 10;

function schemaSuite(name: string, start: () => Promise<TestDatabase>) {
  describe(name, () => {
    let database: TestDatabase;
    let db: Db;

    beforeAll(async () => {
      database = await start();
      await migrateAndSeed(database.url, true, quietLog);
      db = createDb(database.url, 4);
    });
    afterAll(async () => {
      await db?.$disconnect();
      await database?.stop();
    });

    it('migrates and seeds the built-in plan and the demo tree', async () => {
      expect(await counts(db)).toMatchObject({
        plans: 1,
        indicators: 18,
        targets: EXPECTED_TARGETS,
        criteria: 5,
        organisations: 19,
        contacts: 19,
        committeeMembers: 5,
      });
      const plan = await db.plan.findUniqueOrThrow({
        where: { code: builtInPlan.code },
        include: { indicators: { include: { targets: true }, orderBy: { sortOrder: 'asc' } } },
      });
      expect(plan).toMatchObject({ isBuiltIn: true, periodStart: 2011, periodEnd: 2015 });
      const upgrades = plan.indicators.find((i) => i.code === 'skill.grade_upgrades')!;
      expect(upgrades.kind).toBe('CUMULATIVE');
      expect(upgrades.targets.map((t) => [t.year, t.value.toNumber()])).toEqual([[2015, 100000]]);
      const xinhua = await db.organisation.findUniqueOrThrow({
        where: { code: 'pds.xinhua' },
        include: { parent: true, children: true },
      });
      expect(xinhua).toMatchObject({ kind: 'COUNTY_DISTRICT', isDemo: true, parent: { code: 'pds' } });
      expect(xinhua.children.map((c) => c.code)).toEqual(['pds.xinhua.steel']);
      const person = await db.person.findFirstOrThrow({ where: { isDemo: true } });
      expect(person.email.endsWith('@pds.example')).toBe(true);
    });

    it('seeds nothing twice', async () => {
      const before = await counts(db);
      expect(await seedDatabase(db, { demo: true })).toEqual({ planCreated: false, organisationsCreated: 0 });
      await migrateAndSeed(database.url, true, quietLog);
      expect(await counts(db)).toEqual(before);
    });

    it('refuses an invalid plan with a clear error and writes nothing', async () => {
      const before = await counts(db);
      const bad = { ...builtInPlan, code: 'bad-plan', periodStart: 2016, periodEnd: 2012 };
      await expect(createPlan(db, bad, 'test')).rejects.toThrow(PlanValidationError);
      await expect(createPlan(db, bad, 'test')).rejects.toThrow(
        'periodEnd: period end 2012 is before its start 2016',
      );
      const badKind = {
        ...builtInPlan,
        code: 'bad-kind',
        indicators: [{ ...builtInPlan.indicators[0]!, kind: 'MEDIAN' }],
      };
      await expect(createPlan(db, badKind, 'test')).rejects.toThrow('indicators.0.kind: kind must be one of');
      const negative = {
        ...builtInPlan,
        code: 'negative',
        indicators: [{ ...builtInPlan.indicators[0]!, targets: [{ year: 2012, value: -1 }] }],
      };
      await expect(createPlan(db, negative, 'test')).rejects.toThrow(
        'indicators.0.targets.0.value: must not be negative',
      );
      await expect(createPlan(db, builtInPlan, 'test')).rejects.toThrow(PlanConflictError);
      expect(await counts(db)).toEqual(before);
    });

    it('creates a valid plan with its indicators and an audit entry in one transaction', async () => {
      const saved = await createPlan(
        db,
        {
          ...builtInPlan,
          code: 'pds-2016-2020',
          periodStart: 2016,
          periodEnd: 2020,
          indicators: [{ ...builtInPlan.indicators[0]!, targets: [{ year: 2016, value: 90 }] }],
        },
        'admin:test',
      );
      const audit = await db.auditLog.findFirstOrThrow({ where: { subjectId: saved.id } });
      expect(audit).toMatchObject({ actor: 'admin:test', action: 'plan.created', subjectType: 'Plan' });
      expect(await db.indicatorDefinition.count({ where: { planId: saved.id } })).toBe(1);
    });

    it('enforces guards in the database itself', async () => {
      const indicator = await db.indicatorDefinition.findFirstOrThrow();
      await expect(
        db.$executeRaw`INSERT INTO "IndicatorTarget" ("indicatorId", year, value) VALUES (${indicator.id}::uuid, 2099, -1)`,
      ).rejects.toThrow(/IndicatorTarget_value_nonnegative/);
      await expect(db.$executeRaw`UPDATE "AuditLog" SET actor = 'forger'`).rejects.toThrow(/append-only/);
      await expect(db.$executeRaw`DELETE FROM "AuditLog"`).rejects.toThrow(/append-only/);
    });
  });
}

schemaSuite('embedded PostgreSQL', startEmbeddedPostgres);

const externalUrl = process.env.TEST_EXTERNAL_DATABASE_URL;
if (externalUrl) {
  schemaSuite('external PostgreSQL (TEST_EXTERNAL_DATABASE_URL)', () => createExternalDatabase(externalUrl));
} else {
  it('external PostgreSQL: TEST_EXTERNAL_DATABASE_URL is set in CI', () => {
    if (process.env.CI) throw new Error('CI must set TEST_EXTERNAL_DATABASE_URL (see .ci/run)');
  });
}

describe('embedded PostgreSQL restart', () => {
  it('keeps the data across a stop and start of the same cluster', async () => {
    const database = await startEmbeddedPostgres();
    try {
      await migrateAndSeed(database.url, false, quietLog);
      await database.server.stop();
      await database.server.start();
      const db = createDb(database.url, 2);
      try {
        expect(await db.plan.count()).toBe(1);
        expect(await db.organisation.count()).toBe(0);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await database.stop();
    }
  });
});
