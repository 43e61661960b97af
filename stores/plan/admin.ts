/**
 * Plans from the console: copying a plan to another period, and allocating a target down the tree, one parent and
 * its children at a time, with summable targets checked against the parent's before anything is written.
 */
import { allocateTarget, checkAllocationSum } from '../../domain/allocation';
import { planTargetForYear } from '../../domain/targets';
import type { AwardCategory } from '../../domain/awards/categories';
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { periodBaselines, writeBaselines } from './baselines';
import { createPlan } from './store';

/** Children shown in one allocation form (each is one form field; the form parser takes up to 1,000). */
export const MAX_CHILDREN = 500;

export class PlanAdminError extends Error {
  constructor(
    readonly problem:
      | 'unknownPlan'
      | 'unknownIndicator'
      | 'unknownUnit'
      | 'yearOutsidePlan'
      | 'noParentTarget'
      | 'sumMismatch'
      | 'badValue'
      | 'targetNotApplicable'
      | 'tooManyChildren'
      | 'noBaselineYear',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`plan change refused: ${problem} ${JSON.stringify(params)}`);
    this.name = 'PlanAdminError';
  }
}

/**
 * A new plan with the same indicators and criteria; stated targets move by the shift in period start. With
 * `baselines`, the old plan's year before the new period (its cycle finalised, else refused) gives the new plan's
 * baselines: the city's figure on each indicator and each unit's approved figures (stores/plan/baselines.ts).
 */
export async function copyPlan(
  db: Db,
  fromCode: string,
  to: {
    code: string;
    nameZh: string;
    nameEn: string | null;
    periodStart: number;
    periodEnd: number;
    baselines?: boolean;
  },
  actor: string,
) {
  const plan = await db.plan.findUnique({
    where: { code: fromCode },
    include: {
      indicators: { orderBy: { sortOrder: 'asc' }, include: { targets: true } },
      criteria: { orderBy: { sortOrder: 'asc' } },
    },
  });
  if (!plan) throw new PlanAdminError('unknownPlan', { code: fromCode });
  const shift = to.periodStart - plan.periodStart;
  const { baselines: withBaselines, ...definition } = to;
  const baselines = withBaselines ? await periodBaselines(db, plan.id, to.periodStart - 1) : null;
  if (withBaselines && !baselines) throw new PlanAdminError('noBaselineYear', { year: to.periodStart - 1 });
  return createPlan(
    db,
    {
      ...definition,
      indicatorWeight: plan.indicatorWeight.toNumber(),
      committeeWeight: plan.committeeWeight.toNumber(),
      gradeThresholds: plan.gradeThresholds,
      sourceDocument: `copy of ${plan.code}`,
      indicators: plan.indicators.map((i) => ({
        code: i.code,
        nameZh: i.nameZh,
        nameEn: i.nameEn,
        unitZh: i.unitZh,
        unitEn: i.unitEn,
        kind: i.kind,
        aggregation: i.aggregation,
        weight: i.weight.toNumber(),
        annualRatePct: i.annualRatePct?.toNumber() ?? null,
        denominatorCode: i.denominatorCode,
        baseline: baselines ? (baselines.city.get(i.code) ?? null) : null,
        noteZh: i.noteZh,
        awardCategories: i.awardCategories as AwardCategory[],
        targets: i.targets
          .map((t) => ({ year: t.year + shift, value: t.value.toNumber() }))
          .filter((t) => t.year >= to.periodStart && t.year <= to.periodEnd),
      })),
      criteria: plan.criteria.map((c) => ({
        code: c.code,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        weight: c.weight.toNumber(),
        descriptionZh: c.descriptionZh,
        descriptionEn: c.descriptionEn,
      })),
    },
    actor,
    {
      alsoWrite: async (tx, planId) => {
        if (!baselines) return;
        const rows = await writeBaselines(tx, planId, baselines, actor);
        await recordAudit(tx, {
          actor,
          action: 'plan.baselinesTaken',
          subjectType: 'Plan',
          subjectId: planId,
          detail: { from: plan.code, year: baselines.year, rows },
        });
      },
    },
  );
}

export interface AllocationView {
  indicator: {
    id: string;
    code: string;
    nameZh: string;
    nameEn: string;
    unitZh: string;
    aggregation: 'SUM' | 'SHARE';
  };
  year: number;
  parent: { id: string; code: string; name: string; target: number | null };
  children: Array<{
    id: string;
    code: string;
    name: string;
    value: number | null;
    suggested: number | null;
    /** 不适用 for this unit: no target, left out of its indicator part and of roll-ups. */
    notApplicable: boolean;
  }>;
}

export async function loadAllocation(
  db: Db,
  planCode: string,
  indicatorCode: string,
  year: number,
  parentCode: string,
): Promise<AllocationView> {
  const plan = await db.plan.findUnique({
    where: { code: planCode },
    select: { id: true, periodStart: true, periodEnd: true },
  });
  if (!plan) throw new PlanAdminError('unknownPlan', { code: planCode });
  if (year < plan.periodStart || year > plan.periodEnd)
    throw new PlanAdminError('yearOutsidePlan', { year, start: plan.periodStart, end: plan.periodEnd });
  const indicator = await db.indicatorDefinition.findUnique({
    where: { planId_code: { planId: plan.id, code: indicatorCode } },
    include: { targets: true },
  });
  if (!indicator) throw new PlanAdminError('unknownIndicator', { code: indicatorCode });
  const parent = await db.organisation.findUnique({
    where: { code: parentCode },
    select: { id: true, code: true, nameZh: true, parentId: true },
  });
  if (!parent) throw new PlanAdminError('unknownUnit', { code: parentCode });
  const own = await db.targetAllocation.findUnique({
    where: {
      indicatorId_organisationId_year: { indicatorId: indicator.id, organisationId: parent.id, year },
    },
  });
  const target =
    own?.value.toNumber() ??
    (parent.parentId === null ? planTargetForYear(indicator, year, plan.periodStart) : null);
  // One form holds every child, so the sum can be checked; a parent with more children is allocated by script.
  const childCount = await db.organisation.count({ where: { parentId: parent.id, retiredAt: null } });
  if (childCount > MAX_CHILDREN)
    throw new PlanAdminError('tooManyChildren', { count: childCount, max: MAX_CHILDREN });
  const children = await db.organisation.findMany({
    where: { parentId: parent.id, retiredAt: null },
    orderBy: { code: 'asc' },
    select: { id: true, code: true, nameZh: true },
  });
  const existing = await db.targetAllocation.findMany({
    where: { indicatorId: indicator.id, year, organisationId: { in: children.map((c) => c.id) } },
  });
  // Children without a target yet are offered an even split of what the allocated ones leave of the parent's.
  const valueOf = new Map(existing.map((e) => [e.organisationId, e.value.toNumber()]));
  const notApplicable = new Set(existing.filter((e) => e.notApplicable).map((e) => e.organisationId));
  const open = children.filter((c) => !valueOf.has(c.id));
  const left =
    target === null
      ? null
      : indicator.aggregation === 'SUM'
        ? Math.max(target - [...valueOf.values()].reduce((a, b) => a + b, 0), 0)
        : target;
  const suggested =
    left === null || open.length === 0
      ? new Map<string, number>()
      : allocateTarget(
          left,
          indicator.aggregation,
          open.map((c) => ({ id: c.id, weight: 1 })),
          indicator.aggregation === 'SUM' ? 1 : 0.01,
        );
  return {
    indicator: {
      id: indicator.id,
      code: indicator.code,
      nameZh: indicator.nameZh,
      nameEn: indicator.nameEn,
      unitZh: indicator.unitZh,
      aggregation: indicator.aggregation,
    },
    year,
    parent: { id: parent.id, code: parent.code, name: parent.nameZh, target },
    children: children.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.nameZh,
      value: notApplicable.has(c.id) ? null : (valueOf.get(c.id) ?? null),
      suggested: suggested.get(c.id) ?? null,
      notApplicable: notApplicable.has(c.id),
    })),
  };
}

/**
 * Saves the children's targets and which of them the indicator does not apply to (they get none); a summable
 * indicator's targets must add up to the parent's exactly.
 */
export async function saveAllocation(
  db: Db,
  view: AllocationView,
  values: Map<string, number>,
  actor: string,
  notApplicable: ReadonlySet<string> = new Set(),
) {
  for (const code of notApplicable)
    if (values.has(code)) throw new PlanAdminError('targetNotApplicable', { code });
  if (view.parent.target === null) throw new PlanAdminError('noParentTarget', { code: view.parent.code });
  for (const [code, v] of values)
    if (!Number.isFinite(v) || v < 0) throw new PlanAdminError('badValue', { code });
  if (view.indicator.aggregation === 'SUM') {
    const check = checkAllocationSum(
      view.parent.target,
      view.children.map((c) => values.get(c.code) ?? 0),
    );
    if (!check.ok)
      throw new PlanAdminError('sumMismatch', { sum: check.sum, target: view.parent.target, gap: check.gap });
  }
  await db.$transaction(async (tx) => {
    for (const c of view.children) {
      const na = notApplicable.has(c.code);
      const value = na ? 0 : values.get(c.code);
      if (value === undefined) continue;
      await tx.targetAllocation.upsert({
        where: {
          indicatorId_organisationId_year: {
            indicatorId: view.indicator.id,
            organisationId: c.id,
            year: view.year,
          },
        },
        create: {
          indicatorId: view.indicator.id,
          organisationId: c.id,
          year: view.year,
          value,
          notApplicable: na,
        },
        update: { value, notApplicable: na },
      });
    }
    await recordAudit(tx, {
      actor,
      action: 'targets.allocated',
      subjectType: 'Organisation',
      subjectId: view.parent.id,
      detail: {
        indicator: view.indicator.code,
        year: view.year,
        values: Object.fromEntries(values),
        notApplicable: [...notApplicable],
      },
    });
  });
}
