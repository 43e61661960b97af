/**
 * Seeds the built-in 2011–2015 plan, the published holiday calendars and, unless SEED_DEMO_DATA=false, the demo Pingdingshan tree. Idempotent:
 * running it again (every `npm start` does) writes nothing new.
 */
import type { Db } from '../stores/db';
import { ensurePublishedCalendars } from '../stores/awards/working-calendar';
import { ensurePlan } from '../stores/plan/store';
import { demoCommittee, demoIssuers, demoOrganisations } from './seed/demo-organisations';
import { builtInPlan } from './seed/plan-pingdingshan-2011-2015';

export interface SeedResult {
  planCreated: boolean;
  organisationsCreated: number;
}

const SEED_ACTOR = 'system:seed';

export async function seedDatabase(db: Db, opts: { demo: boolean }): Promise<SeedResult> {
  const plan = await ensurePlan(db, builtInPlan, SEED_ACTOR, { builtIn: true });
  // The State Council's holiday calendars that 公示 windows are counted on.
  await ensurePublishedCalendars(db);
  const organisationsCreated = opts.demo ? await seedDemoOrganisations(db) : 0;
  return { planCreated: plan.created, organisationsCreated };
}

async function seedDemoOrganisations(db: Db): Promise<number> {
  return db.$transaction(async (tx) => {
    const idByCode = new Map<string, string>();
    let created = 0;
    for (const org of demoOrganisations) {
      const existing = await tx.organisation.findUnique({ where: { code: org.code }, select: { id: true } });
      if (existing) {
        idByCode.set(org.code, existing.id);
        continue;
      }
      const parentId = org.parentCode ? idByCode.get(org.parentCode)! : null;
      const row = await tx.organisation.create({
        data: {
          code: org.code,
          nameZh: org.nameZh,
          nameEn: org.nameEn,
          kind: org.kind,
          parentId,
          isDemo: true,
        },
      });
      const person = await tx.person.upsert({
        where: { email: org.contact.email },
        update: {},
        create: { name: org.contact.name, email: org.contact.email, organisationId: row.id, isDemo: true },
      });
      await tx.organisationContact.create({
        data: { organisationId: row.id, personId: person.id, isPrimary: true },
      });
      await tx.auditLog.create({
        data: {
          actor: SEED_ACTOR,
          action: 'organisation.created',
          subjectType: 'Organisation',
          subjectId: row.id,
          detail: { code: org.code, demo: true },
        },
      });
      idByCode.set(org.code, row.id);
      created++;
    }

    const rootId = idByCode.get(demoOrganisations[0]!.code)!;
    for (const issuer of demoIssuers)
      await tx.issuer.upsert({
        where: { numberPrefix: issuer.numberPrefix },
        update: {},
        create: { ...issuer, organisationId: rootId },
      });

    const committeeOrgId = idByCode.get(demoCommittee.organisationCode)!;
    const committee =
      (await tx.committee.findFirst({
        where: { organisationId: committeeOrgId, nameZh: demoCommittee.nameZh },
      })) ??
      (await tx.committee.create({
        data: { organisationId: committeeOrgId, nameZh: demoCommittee.nameZh, nameEn: demoCommittee.nameEn },
      }));
    for (const m of demoCommittee.members) {
      const organisationId = (m.organisationCode && idByCode.get(m.organisationCode)) || committeeOrgId;
      const person = await tx.person.upsert({
        where: { email: m.email },
        update: {},
        create: { name: m.name, email: m.email, organisationId, isDemo: true },
      });
      await tx.committeeMember.upsert({
        where: { committeeId_personId: { committeeId: committee.id, personId: person.id } },
        update: {},
        create: { committeeId: committee.id, personId: person.id, role: m.role },
      });
    }
    return created;
  });
}

if (require.main === module) {
  void (async () => {
    const { loadConfig } = await import('../stack/config');
    const { createDb } = await import('../stores/db');
    const config = loadConfig();
    const db = createDb(config.database.url);
    try {
      const result = await seedDatabase(db, { demo: config.seedDemoData });
      process.stdout.write(
        `seed: plan ${result.planCreated ? 'created' : 'already present'}, ${result.organisationsCreated} organisations created\n`,
      );
    } finally {
      await db.$disconnect();
    }
  })().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
