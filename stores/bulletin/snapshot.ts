/** What a bulletin is made of, read from the database: the cycle's figures at a moment, and who receives it. */
import { Prisma } from '../../prisma/generated/client';
import type { BulletinIndicator, BulletinInput, HonoursNote, ReportedFigure } from '../../domain/bulletin';
import { honoursCounted } from '../assessment/honours-counted';
import { elapsedFraction } from '../../domain/period';
import { planSpanYears, planTargetForYear } from '../../domain/targets';
import { APPROVING_OUTCOMES } from '../assessment/progress';
import type { Grade } from '../../domain/plan';
import type { Db } from '../db';

export class BulletinError extends Error {
  override name = 'BulletinError';
}

/** Everything a bulletin shows, read at `asOf`. */
/** What a bulletin reads of a plan's indicators. */
export const BULLETIN_INDICATOR_FIELDS = {
  targets: { select: { year: true, value: true } },
  code: true,
  nameZh: true,
  unitZh: true,
  kind: true,
  aggregation: true,
  weight: true,
  annualRatePct: true,
} as const;

/** A plan's indicators as a bulletin of `year` judges them. */
export function bulletinIndicators(
  indicators: Array<
    Parameters<typeof planSpanYears>[0] & {
      code: string;
      nameZh: string;
      unitZh: string;
      kind: BulletinIndicator['kind'];
      aggregation: BulletinIndicator['aggregation'];
      weight: { toNumber(): number };
      annualRatePct: { toNumber(): number } | null;
    }
  >,
  year: number,
): BulletinIndicator[] {
  return indicators.map((i) => ({
    code: i.code,
    name: i.nameZh,
    unit: i.unitZh,
    kind: i.kind,
    aggregation: i.aggregation,
    weight: i.weight.toNumber(),
    annualRatePct: i.annualRatePct?.toNumber() ?? null,
    spanYears: planSpanYears(i, year),
  }));
}

// Raw reads: at province scale (100,000 units) mapping model rows is most of a snapshot's time.
/** Where a unit's assessment stands, as the snapshot and the dashboard's lists read it. */
export interface AssessmentState {
  stage: string;
  status: string;
  step: string | null;
  dueAt: Date | null;
  score: number | null;
  grade: string | null;
  rank: number | null;
}

function assessmentRows(db: Db, cycleId: string) {
  return db.$queryRaw<Array<AssessmentState & { id: string; organisationId: string }>>`
      SELECT id::text, "organisationId"::text AS "organisationId", stage::text, status::text, step, "dueAt",
             score::float8 AS score, grade, rank
        FROM "Assessment" WHERE "cycleId" = ${cycleId}::uuid`;
}

/** The participating units and every unit above them, each once. */
function treeRows(db: Db, cycleId: string) {
  return db.$queryRaw<
    Array<{ id: string; code: string; nameZh: string; kind: string; parentId: string | null }>
  >`
      WITH RECURSIVE up AS (
        SELECT o.id, o."parentId" FROM "Organisation" o
          JOIN "Assessment" a ON a."organisationId" = o.id WHERE a."cycleId" = ${cycleId}::uuid
        UNION
        SELECT p.id, p."parentId" FROM "Organisation" p JOIN up ON p.id = up."parentId"
      )
      SELECT o.id::text, o.code, o."nameZh", o.kind::text, o."parentId"::text AS "parentId"
        FROM "Organisation" o JOIN up ON up.id = o.id ORDER BY o.code`;
}

/** Each unit's allocated targets for the year. */
function allocationRows(db: Db, cycleId: string, year: number, planId: string) {
  return db.$queryRaw<Array<{ organisationId: string; code: string; value: number; notApplicable: boolean }>>`
      SELECT t."organisationId"::text AS "organisationId", d.code, t.value::float8 AS value, t."notApplicable"
        FROM "Assessment" a
        JOIN "TargetAllocation" t ON t."organisationId" = a."organisationId" AND t.year = ${year}
        JOIN "IndicatorDefinition" d ON d.id = t."indicatorId" AND d."planId" = ${planId}::uuid
       WHERE a."cycleId" = ${cycleId}::uuid`;
}

/** Each unit's latest approved target submission. */
function approvedTargetRows(db: Db, cycleId: string, asOf: Date) {
  return db.$queryRaw<
    Array<{ assessmentId: string; payload: { targets?: Record<string, number>; notApplicable?: string[] } }>
  >`
      SELECT DISTINCT ON (s."assessmentId") s."assessmentId", s.payload
        FROM "Submission" s JOIN "Assessment" a ON a.id = s."assessmentId"
       WHERE a."cycleId" = ${cycleId}::uuid AND s.step = 'targets' AND s."submittedAt" <= ${asOf}
         AND EXISTS (SELECT 1 FROM "Decision" d WHERE d."submissionId" = s.id AND d.outcome IN (${Prisma.join([...APPROVING_OUTCOMES])}))
       ORDER BY s."assessmentId", s.version DESC`;
}

/**
 * Each unit's latest report. A check's report is judged at its as-of date, a year-end report for the whole year; a
 * check whose report is not stored yet, at the bulletin's moment.
 */
function reportRows(db: Db, cycleId: string, asOf: Date) {
  return db.$queryRaw<
    Array<{
      assessmentId: string;
      payload: { figures?: Record<string, ReportedFigure> };
      reportAsOf: Date | null;
      step: string;
    }>
  >`
      SELECT DISTINCT ON (s."assessmentId") s."assessmentId", s.payload, s.step, pr."asOf" AS "reportAsOf"
        FROM "Submission" s JOIN "Assessment" a ON a.id = s."assessmentId"
        LEFT JOIN "ProgressReport" pr ON pr."submissionId" = s.id
       WHERE a."cycleId" = ${cycleId}::uuid AND (s.step LIKE 'check-%' OR s.step = 'evaluation')
         AND s."submittedAt" <= ${asOf}
       ORDER BY s."assessmentId", s."submittedAt" DESC`;
}

export async function loadBulletinSnapshot(db: Db, cycleId: string, asOf: Date): Promise<BulletinInput> {
  const cycle = await db.cycle.findUnique({
    where: { id: cycleId },
    select: {
      year: true,
      planId: true,
      plan: {
        select: {
          periodStart: true,
          indicators: { orderBy: { sortOrder: 'asc' }, select: BULLETIN_INDICATOR_FIELDS },
        },
      },
    },
  });
  if (!cycle) throw new BulletinError(`no cycle with id ${cycleId}`);
  // Independent reads at once: at province size each takes PostgreSQL or the driver a second.
  const [assessments, orgs, allocated, approved, reports, previous] = await Promise.all([
    assessmentRows(db, cycleId),
    treeRows(db, cycleId),
    allocationRows(db, cycleId, cycle.year, cycle.planId),
    approvedTargetRows(db, cycleId, asOf),
    reportRows(db, cycleId, asOf),
    db.document.findFirst({
      where: { cycleId, kind: 'BULLETIN', issuedAt: { lt: asOf } },
      orderBy: { issuedAt: 'desc' },
      select: { data: true },
    }),
  ]);
  const byOrg = new Map(assessments.map((a) => [a.organisationId, a]));

  // A root unit without an allocation has the plan's own targets.
  const targets = new Map<string, Record<string, number>>();
  // Indicators the allocation marks 不适用 have no target; the unit's approved targets, when there are some, decide.
  const allocatedNotApplicable = new Map<string, Set<string>>();
  for (const row of allocated) {
    if (row.notApplicable) {
      allocatedNotApplicable.set(
        row.organisationId,
        new Set([...(allocatedNotApplicable.get(row.organisationId) ?? []), row.code]),
      );
      continue;
    }
    const own = targets.get(row.organisationId);
    if (own) own[row.code] = row.value;
    else targets.set(row.organisationId, { [row.code]: row.value });
  }
  const rootTargets = Object.fromEntries(
    cycle.plan.indicators.flatMap((i) => {
      const t = planTargetForYear(i, cycle.year, cycle.plan.periodStart);
      return t === null ? [] : [[i.code, t]];
    }),
  );
  for (const o of orgs)
    if (o.parentId === null && byOrg.has(o.id)) {
      const own = { ...rootTargets, ...targets.get(o.id) };
      for (const code of allocatedNotApplicable.get(o.id) ?? []) delete own[code];
      targets.set(o.id, own);
    }
  // The latest approved target submission replaces the allocation; the latest report gives the figures.
  const orgOf = new Map(assessments.map((a) => [a.id, a.organisationId]));
  const notApplicable = new Map(allocatedNotApplicable);
  for (const row of approved) {
    notApplicable.delete(orgOf.get(row.assessmentId)!);
    if (row.payload.targets) targets.set(orgOf.get(row.assessmentId)!, row.payload.targets);
    if (row.payload.notApplicable?.length)
      notApplicable.set(orgOf.get(row.assessmentId)!, new Set(row.payload.notApplicable));
  }
  const figures = new Map<string, Record<string, ReportedFigure>>();
  const reportElapsed = new Map<string, number>();
  for (const row of reports) {
    if (!row.payload.figures) continue;
    const org = orgOf.get(row.assessmentId)!;
    // An indicator the unit does not do is left out of its figures, and so out of every roll-up.
    const na = notApplicable.get(org);
    figures.set(
      org,
      Object.fromEntries(Object.entries(row.payload.figures).filter(([code]) => !na?.has(code))),
    );
    const at = row.reportAsOf ?? (row.step === 'evaluation' ? null : asOf);
    reportElapsed.set(org, at ? elapsedFraction({ year: cycle.year, asOf: at }) : 1);
  }

  return {
    asOf: asOf.getTime(),
    elapsed: elapsedFraction({ year: cycle.year, asOf }),
    units: orgs.map((o) => {
      const a = byOrg.get(o.id);
      return {
        id: o.id,
        code: o.code,
        name: o.nameZh,
        kind: o.kind,
        parentId: o.parentId,
        participating: Boolean(a),
        stage: a?.stage ?? null,
        status: a?.status ?? null,
        step: a?.step ?? null,
        dueAt: a?.dueAt?.getTime() ?? null,
        result:
          a && a.score !== null && a.grade ? { score: a.score, grade: a.grade as Grade, rank: a.rank } : null,
      };
    }),
    indicators: bulletinIndicators(cycle.plan.indicators, cycle.year),
    targets,
    figures,
    reportElapsed,
    previousIndex: (previous?.data as { index?: Record<string, number> } | null)?.index,
  };
}

/** The cycle root's contacts and the members of its committees receive every bulletin. */
export async function distributionList(db: Db, cycleId: string): Promise<string[]> {
  const cycle = await db.cycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: { rootOrganisationId: true },
  });
  const [contacts, members] = await Promise.all([
    db.organisationContact.findMany({
      where: { organisationId: cycle.rootOrganisationId },
      select: { personId: true },
    }),
    db.committeeMember.findMany({
      where: { committee: { organisationId: cycle.rootOrganisationId } },
      select: { personId: true },
    }),
  ]);
  return [...new Set([...contacts, ...members].map((p) => p.personId))];
}

/**
 * The register's honours of the year that count toward the plan's indicators, over the cycle's whole tree, for an
 * issued bulletin (the dashboard, which reads the snapshot on every view, does not show them).
 */
export async function bulletinHonours(db: Db, cycleId: string): Promise<HonoursNote[]> {
  const cycle = await db.cycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: {
      year: true,
      rootOrganisationId: true,
      plan: {
        select: {
          indicators: {
            orderBy: { sortOrder: 'asc' },
            select: { code: true, nameZh: true, awardCategories: true },
          },
        },
      },
    },
  });
  const honours = await honoursCounted(db, cycle.rootOrganisationId, cycle.year, cycle.plan.indicators);
  return cycle.plan.indicators.flatMap((i) => {
    const h = honours.get(i.code);
    return h ? [{ code: i.code, name: i.nameZh, ...h }] : [];
  });
}
