/** Everything a unit's workflow needs to know about its unit, committee and plan, read once at its start. */
import type { DecisionPolicy } from '../domain/decision';
import { eligibleMembers } from '../domain/decision';
import type { EvaluationRules } from '../domain/evaluation';
import type { IndicatorKind } from '../domain/indicators';
import type { Grade } from '../domain/plan';
import { targetForYear } from '../domain/targets';
import type { Db } from './db';

export interface ContextIndicator {
  code: string;
  kind: IndicatorKind;
  weight: number;
  annualRatePct: number | null;
  /** The target allocated to this unit for the cycle's year, or null when it has none. */
  allocated: number | null;
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

/** The organisation's ancestors, nearest first. */
export async function ancestorsOf(
  db: Db,
  organisationId: string,
): Promise<Array<{ id: string; parentId: string | null }>> {
  const chain: Array<{ id: string; parentId: string | null }> = [];
  let current = await db.organisation.findUnique({
    where: { id: organisationId },
    select: { id: true, parentId: true },
  });
  while (current?.parentId) {
    current = await db.organisation.findUnique({
      where: { id: current.parentId },
      select: { id: true, parentId: true },
    });
    if (current) chain.push(current);
  }
  return chain;
}

export async function loadAssessmentContext(db: Db, assessmentId: string): Promise<AssessmentContext> {
  const a = await db.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    include: {
      organisation: { include: { contacts: { orderBy: { isPrimary: 'desc' } } } },
      cycle: {
        include: {
          plan: {
            include: {
              indicators: { include: { targets: true }, orderBy: { sortOrder: 'asc' } },
              criteria: { orderBy: { sortOrder: 'asc' } },
            },
          },
        },
      },
    },
  });
  const plan = a.cycle.plan;
  const ancestors = await ancestorsOf(db, a.organisationId);
  // The responsible committee: the nearest one above the unit (a root unit answers to its own).
  const searchOrder = ancestors.length > 0 ? ancestors.map((x) => x.id) : [a.organisationId];
  const committees = await db.committee.findMany({
    where: { organisationId: { in: searchOrder } },
    include: { members: { include: { person: { select: { id: true, organisationId: true } } } } },
  });
  const committee = searchOrder.map((id) => committees.find((c) => c.organisationId === id)).find(Boolean);
  if (!committee)
    throw new ContextError(
      `no committee above unit ${a.organisation.code}: create one for the federation before starting the cycle`,
    );

  const members = await Promise.all(
    committee.members.map(async (m) => ({
      personId: m.personId,
      role: m.role,
      organisationPath: m.person.organisationId
        ? [m.person.organisationId, ...(await ancestorsOf(db, m.person.organisationId)).map((x) => x.id)]
        : [],
    })),
  );
  const eligible = eligibleMembers(members, a.organisationId);
  const chair =
    members.find((m) => m.role === 'CHAIR' && eligible.includes(m.personId)) ??
    members.find((m) => m.role === 'VICE_CHAIR' && eligible.includes(m.personId));

  const parentId = a.organisation.parentId;
  const parentContacts = parentId
    ? await db.organisationContact.findMany({
        where: { organisationId: parentId },
        select: { personId: true },
      })
    : [];
  const allocations = await db.targetAllocation.findMany({
    where: { organisationId: a.organisationId, year: a.cycle.year },
  });

  return {
    assessmentId,
    cycleId: a.cycleId,
    organisationId: a.organisationId,
    organisationCode: a.organisation.code,
    organisationName: a.organisation.nameZh,
    year: a.cycle.year,
    periodStartYear: plan.periodStart,
    contacts: a.organisation.contacts.map((c) => c.personId),
    committee: { eligible, chairId: chair?.personId ?? null },
    supervisor: {
      contacts: parentContacts.map((c) => c.personId),
      committee: chair ? [chair.personId] : eligible,
    },
    indicators: plan.indicators.map((ind) => {
      const allocation = allocations.find((x) => x.indicatorId === ind.id);
      const planTarget =
        parentId === null
          ? targetForYear(
              ind.kind,
              ind.targets.map((t) => ({ year: t.year, value: t.value.toNumber() })),
              a.cycle.year,
              plan.periodStart,
            )
          : null;
      return {
        code: ind.code,
        kind: ind.kind,
        weight: ind.weight.toNumber(),
        annualRatePct: ind.annualRatePct?.toNumber() ?? null,
        allocated: allocation ? allocation.value.toNumber() : (planTarget?.value ?? null),
      };
    }),
    criteria: plan.criteria.map((c) => ({ code: c.code, weight: c.weight.toNumber() })),
    rules: {
      indicatorWeight: plan.indicatorWeight.toNumber(),
      committeeWeight: plan.committeeWeight.toNumber(),
      gradeThresholds: plan.gradeThresholds as Array<{ grade: Grade; min: number }>,
    },
  };
}

export type { DecisionPolicy };
