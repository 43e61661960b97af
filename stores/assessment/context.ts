/** Everything a unit's workflow needs to know about its unit, committee and plan, read once at its start. */
import { eligibleMembers, type DecisionPolicy } from '../../domain/decision';
import type { EvaluationRules } from '../../domain/evaluation';
import type { IndicatorKind } from '../../domain/indicators';
import type { Grade } from '../../domain/plan';
import { planTargetForYear } from '../../domain/targets';
import type { Db } from '../db';

export interface ContextIndicator {
  code: string;
  kind: IndicatorKind;
  /** How figures add up the tree: SUM ones are counts (whole numbers), SHARE ones percentages (0–100). */
  aggregation?: 'SUM' | 'SHARE';
  weight: number;
  annualRatePct: number | null;
  /** The target allocated to this unit for the cycle's year, or null when it has none (or it is 不适用). */
  allocated: number | null;
  /** The allocation marks the indicator 不适用 for this unit; its approved targets may say otherwise. */
  notApplicable: boolean;
}

export interface AssessmentContext {
  assessmentId: string;
  cycleId: string;
  organisationId: string;
  organisationCode: string;
  organisationName: string;
  year: number;
  periodStartYear: number;
  contacts: string[];
  committee: { eligible: string[]; chairId: string | null };
  /** Who hears of a missed due date: the parent unit's contacts and the responsible committee's chair. */
  supervisor: { contacts: string[]; committee: string[] };
  indicators: ContextIndicator[];
  criteria: Array<{ code: string; weight: number }>;
  rules: EvaluationRules;
}

export class ContextError extends Error {
  override name = 'ContextError';
}

/** The committee that decides for a unit: the nearest one above it (a root unit answers to its own). */
export function responsibleCommittee<C extends { organisationId: string }>(
  unitPath: string[],
  committees: C[],
): C | undefined {
  const ancestors = unitPath.slice(1);
  const searchOrder = ancestors.length > 0 ? ancestors : unitPath.slice(0, 1);
  return searchOrder.map((id) => committees.find((c) => c.organisationId === id)).find(Boolean);
}

/** For each organisation: itself followed by its ancestors, nearest first, in one recursive query. */
export async function organisationPaths(db: Db, organisationIds: string[]): Promise<Map<string, string[]>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ start: string; id: string; depth: number }>>`
    WITH RECURSIVE up AS (
      SELECT o.id AS start, o.id, o."parentId", 0 AS depth FROM "Organisation" o WHERE o.id = ANY(${organisationIds}::uuid[])
      UNION ALL
      SELECT up.start, p.id, p."parentId", up.depth + 1 FROM "Organisation" p JOIN up ON p.id = up."parentId"
    )
    SELECT start::text AS start, id::text AS id, depth FROM up ORDER BY start, depth`;
  const paths = new Map<string, string[]>();
  for (const r of rows) paths.set(r.start, [...(paths.get(r.start) ?? []), r.id]);
  return paths;
}

/**
 * Contexts for a batch of assessments of one cycle, in a fixed handful of queries whatever the batch size: the
 * cycle's fan-out loads them and hands each workflow its own, so starting thousands of units stays cheap.
 */
export async function loadAssessmentContexts(
  db: Db,
  assessmentIds: string[],
): Promise<Map<string, AssessmentContext>> {
  const assessments = await db.assessment.findMany({
    where: { id: { in: assessmentIds } },
    select: {
      id: true,
      cycleId: true,
      organisationId: true,
      organisation: { select: { code: true, nameZh: true, parentId: true } },
    },
  });
  if (assessments.length === 0) return new Map();
  const cycleIds = new Set(assessments.map((a) => a.cycleId));
  if (cycleIds.size > 1) throw new ContextError('a batch of assessment contexts must come from one cycle');
  const cycle = await db.cycle.findUniqueOrThrow({
    where: { id: assessments[0]!.cycleId },
    include: {
      plan: {
        include: {
          indicators: { include: { targets: true }, orderBy: { sortOrder: 'asc' } },
          criteria: { orderBy: { sortOrder: 'asc' } },
        },
      },
    },
  });
  const plan = cycle.plan;
  const recusal = (cycle.decisionPolicy as unknown as DecisionPolicy).recusal ?? 'UNIT';
  const unitIds = assessments.map((a) => a.organisationId);
  const paths = await organisationPaths(db, unitIds);
  const aboveIds = new Set([...paths.values()].flat());
  const committees = await db.committee.findMany({
    where: { organisationId: { in: [...aboveIds] } },
    include: { members: { include: { person: { select: { id: true, organisationId: true } } } } },
  });
  const memberPaths = await organisationPaths(db, [
    ...new Set(
      committees
        .flatMap((c) => c.members.map((m) => m.person.organisationId))
        .filter((id): id is string => id !== null),
    ),
  ]);
  const parentIds = assessments.map((a) => a.organisation.parentId).filter((id): id is string => id !== null);
  const contacts = await db.organisationContact.findMany({
    where: { organisationId: { in: [...new Set([...unitIds, ...parentIds])] } },
    orderBy: [{ isPrimary: 'desc' }, { personId: 'asc' }],
    select: { organisationId: true, personId: true },
  });
  const contactsOf = (orgId: string | null) =>
    orgId ? contacts.filter((c) => c.organisationId === orgId).map((c) => c.personId) : [];
  const allocations = await db.targetAllocation.findMany({
    where: { organisationId: { in: unitIds }, year: cycle.year },
  });
  const allocationOf = new Map(allocations.map((x) => [`${x.indicatorId}:${x.organisationId}`, x]));

  const planTargets = new Map(
    plan.indicators.map((ind) => [ind.id, planTargetForYear(ind, cycle.year, plan.periodStart)]),
  );
  const rules = {
    indicatorWeight: plan.indicatorWeight.toNumber(),
    committeeWeight: plan.committeeWeight.toNumber(),
    gradeThresholds: plan.gradeThresholds as Array<{ grade: Grade; min: number }>,
  };
  const criteria = plan.criteria.map((c) => ({ code: c.code, weight: c.weight.toNumber() }));

  const result = new Map<string, AssessmentContext>();
  for (const a of assessments) {
    const committee = responsibleCommittee(paths.get(a.organisationId)!, committees);
    if (!committee)
      throw new ContextError(
        `no committee above unit ${a.organisation.code}: create one for the federation before starting the cycle`,
      );
    const members = committee.members.map((m) => ({
      personId: m.personId,
      role: m.role,
      organisationPath: m.person.organisationId ? (memberPaths.get(m.person.organisationId) ?? []) : [],
    }));
    const eligible = eligibleMembers(members, paths.get(a.organisationId)!, recusal);
    const chair =
      members.find((m) => m.role === 'CHAIR' && eligible.includes(m.personId)) ??
      members.find((m) => m.role === 'VICE_CHAIR' && eligible.includes(m.personId));
    const isRoot = a.organisation.parentId === null;
    result.set(a.id, {
      assessmentId: a.id,
      cycleId: a.cycleId,
      organisationId: a.organisationId,
      organisationCode: a.organisation.code,
      organisationName: a.organisation.nameZh,
      year: cycle.year,
      periodStartYear: plan.periodStart,
      contacts: contactsOf(a.organisationId),
      committee: { eligible, chairId: chair?.personId ?? null },
      supervisor: {
        contacts: contactsOf(a.organisation.parentId),
        committee: chair ? [chair.personId] : eligible,
      },
      indicators: plan.indicators.map((ind) => {
        const allocation = allocationOf.get(`${ind.id}:${a.organisationId}`);
        return {
          code: ind.code,
          kind: ind.kind,
          aggregation: ind.aggregation,
          weight: ind.weight.toNumber(),
          annualRatePct: ind.annualRatePct?.toNumber() ?? null,
          allocated: allocation
            ? allocation.notApplicable
              ? null
              : allocation.value.toNumber()
            : isRoot
              ? planTargets.get(ind.id)!
              : null,
          notApplicable: allocation?.notApplicable ?? false,
        };
      }),
      criteria,
      rules,
    });
  }
  return result;
}
