/** Writing plans: validated completely before anything is written, then stored in one transaction. */
import { parsePlanDefinition, type PlanDefinition } from '../../domain/plan';
import type { Prisma } from '../../prisma/generated/client';
import { recordAudit } from '../audit';
import type { Db } from '../db';

export class PlanConflictError extends Error {
  constructor(readonly code: string) {
    super(`A plan with code "${code}" already exists. Choose another code, or edit the existing plan.`);
    this.name = 'PlanConflictError';
  }
}

export interface SavedPlan {
  id: string;
  code: string;
  created: boolean;
}

/** Creates a plan from a definition; throws PlanValidationError (nothing written) or PlanConflictError. */
export async function createPlan(
  db: Db,
  input: unknown,
  actor: string,
  opts: {
    builtIn?: boolean;
    /** More to write in the same transaction once the plan exists (a copy's baselines). */
    alsoWrite?: (tx: Prisma.TransactionClient, planId: string) => Promise<void>;
  } = {},
): Promise<SavedPlan> {
  const plan = parsePlanDefinition(input);
  return db.$transaction(async (tx) => {
    if (await tx.plan.findUnique({ where: { code: plan.code }, select: { id: true } }))
      throw new PlanConflictError(plan.code);
    const created = await tx.plan.create({
      data: planData(plan, opts.builtIn ?? false),
      select: { id: true, code: true },
    });
    await recordAudit(tx, {
      actor,
      action: 'plan.created',
      subjectType: 'Plan',
      subjectId: created.id,
      detail: { code: plan.code, indicators: plan.indicators.length },
    });
    await opts.alsoWrite?.(tx, created.id);
    return { ...created, created: true };
  });
}

/** Creates the plan unless one with its code exists already (seeding twice writes nothing). */
export async function ensurePlan(
  db: Db,
  input: unknown,
  actor: string,
  opts: { builtIn?: boolean } = {},
): Promise<SavedPlan> {
  const plan = parsePlanDefinition(input);
  const existing = await db.plan.findUnique({ where: { code: plan.code }, select: { id: true, code: true } });
  if (existing) return { ...existing, created: false };
  try {
    return await createPlan(db, plan, actor, opts);
  } catch (err) {
    if (err instanceof PlanConflictError) {
      const winner = await db.plan.findUniqueOrThrow({
        where: { code: plan.code },
        select: { id: true, code: true },
      });
      return { ...winner, created: false };
    }
    throw err;
  }
}

function planData(plan: PlanDefinition, isBuiltIn: boolean) {
  return {
    code: plan.code,
    nameZh: plan.nameZh,
    nameEn: plan.nameEn,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    isBuiltIn,
    indicatorWeight: plan.indicatorWeight,
    committeeWeight: plan.committeeWeight,
    gradeThresholds: plan.gradeThresholds,
    sourceDocument: plan.sourceDocument,
    indicators: {
      create: plan.indicators.map((ind, sortOrder) => ({
        code: ind.code,
        nameZh: ind.nameZh,
        nameEn: ind.nameEn,
        unitZh: ind.unitZh,
        unitEn: ind.unitEn,
        kind: ind.kind,
        aggregation: ind.aggregation,
        weight: ind.weight,
        annualRatePct: ind.annualRatePct,
        denominatorCode: ind.denominatorCode,
        baseline: ind.baseline,
        noteZh: ind.noteZh,
        awardCategories: ind.awardCategories,
        sortOrder,
        targets: { create: ind.targets.map((t) => ({ year: t.year, value: t.value })) },
      })),
    },
    criteria: {
      create: plan.criteria.map((c, sortOrder) => ({
        code: c.code,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        weight: c.weight,
        descriptionZh: c.descriptionZh,
        descriptionEn: c.descriptionEn,
        sortOrder,
      })),
    },
  };
}
