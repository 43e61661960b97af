/**
 * Starting a yearly cycle: everything is checked before anything is written; the cycle and one assessment row per
 * unit are written in one transaction; then the cycle workflow starts. Idempotent: the same plan and year return
 * the existing cycle and never start a second workflow.
 */
import { cycleNoticePlan } from '../../domain/documents/cycle-notices';
import {
  CYCLE_NOTICES_WORKFLOW,
  cycleNoticesWorkflowId,
  type CycleNoticesInput,
} from '../../workflows/cycle-notices/contract';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CalendarError, resolveCalendar } from '../../domain/calendar';
import type { DecisionPolicy } from '../../domain/decision';
import { CYCLE_WORKFLOW, type CycleInput } from '../../workflows/cycle/contract';
import { recordAudit } from '../audit';
import type { Db } from '../db';
import { writeInSlices } from '../write-in-slices';

export interface StartCycleInput {
  plan: string;
  year: number;
  units: { under: string } | { codes: string[] };
  calendar: unknown;
  decisionPolicy: DecisionPolicy;
  startedBy: string;
}

/** A refused input: `message` in English for the API, `key` and `params` for pages in the reader's language. */
export interface CycleInputIssue {
  path: string;
  message: string;
  key?: string;
  params?: Record<string, string | number>;
}

export class CycleInputError extends Error {
  constructor(readonly issues: CycleInputIssue[]) {
    super(`Cannot start the cycle: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'CycleInputError';
  }
}

export interface StartedCycle {
  id: string;
  workflowId: string;
  units: number;
  created: boolean;
}

async function descendants(db: Db, rootId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH RECURSIVE tree AS (
      SELECT id FROM "Organisation" WHERE "parentId" = ${rootId}::uuid AND "retiredAt" IS NULL
      UNION ALL
      SELECT o.id FROM "Organisation" o JOIN tree t ON o."parentId" = t.id WHERE o."retiredAt" IS NULL
    )
    SELECT id::text AS id FROM tree`;
  return rows.map((r) => r.id);
}

/** Where the cycle workflow runs and how many units its fan-out starts per activity. */
export interface CycleTarget {
  taskQueue: string;
  batchSize: number;
}

export async function startCycle(
  db: Db,
  client: Client,
  target: CycleTarget,
  input: StartCycleInput,
): Promise<StartedCycle> {
  const plan = await db.plan.findUnique({ where: { code: input.plan } });
  if (!plan)
    throw new CycleInputError([
      {
        path: 'plan',
        message: `no plan with code "${input.plan}"`,
        key: 'admin.newCycle.unknownPlan',
        params: { code: input.plan },
      },
    ]);
  if (input.year < plan.periodStart || input.year > plan.periodEnd) {
    throw new CycleInputError([
      {
        path: 'year',
        message: `${input.year} is outside the plan period ${plan.periodStart}–${plan.periodEnd}`,
        key: 'admin.newCycle.yearOutside',
        params: { year: input.year, start: plan.periodStart, end: plan.periodEnd },
      },
    ]);
  }
  let calendar;
  try {
    calendar = resolveCalendar(input.calendar);
  } catch (err) {
    if (err instanceof CalendarError)
      throw new CycleInputError(err.issues.map((i) => ({ path: `calendar.${i.path}`, message: i.message })));
    throw err;
  }

  const existing = await db.cycle.findUnique({
    where: { planId_year: { planId: plan.id, year: input.year } },
    include: { _count: { select: { assessments: true } } },
  });
  if (existing) {
    await startCycleWorkflow(
      client,
      target,
      existing.workflowId,
      existing.id,
      calendar,
      existing.decisionPolicy as unknown as DecisionPolicy,
      existing._count.assessments,
      existing.createdAt,
      existing.year === plan.periodEnd,
    );
    return {
      id: existing.id,
      workflowId: existing.workflowId,
      units: existing._count.assessments,
      created: false,
    };
  }

  const { root, unitIds } = await resolveUnits(db, input.units);

  const workflowId = `cycle-${plan.code}-${input.year}`;
  const orgs = await db.organisation.findMany({
    where: { id: { in: unitIds } },
    select: { id: true, code: true },
  });
  let created: { id: string; createdAt: Date };
  try {
    created = await db.$transaction(
      async (tx) => {
        const cycle = await tx.cycle.create({
          data: {
            planId: plan.id,
            year: input.year,
            rootOrganisationId: root.id,
            calendar: input.calendar as object,
            decisionPolicy: input.decisionPolicy as unknown as object,
            workflowId,
            startedBy: input.startedBy,
          },
        });
        await writeInSlices(orgs, (slice) =>
          tx.assessment.createMany({
            data: slice.map((o) => ({
              cycleId: cycle.id,
              organisationId: o.id,
              workflowId: `assessment-${plan.code}-${input.year}-${o.code}`,
            })),
          }),
        );
        await recordAudit(tx, {
          actor: input.startedBy,
          action: 'cycle.started',
          subjectType: 'Cycle',
          subjectId: cycle.id,
          detail: { plan: plan.code, year: input.year, units: orgs.length },
        });
        return cycle;
      },
      // A province's 100,000 assessments take longer to write than the default 5 s.
      { timeout: 120_000 },
    );
  } catch (err) {
    // Two requests raced: the other one created it.
    if ((err as { code?: string }).code === 'P2002') return startCycle(db, client, target, input);
    throw err;
  }
  const cycleId = created.id;
  await startCycleWorkflow(
    client,
    target,
    workflowId,
    cycleId,
    calendar,
    input.decisionPolicy,
    orgs.length,
    created.createdAt,
    input.year === plan.periodEnd,
  );
  return { id: cycleId, workflowId, units: orgs.length, created: true };
}

/** The units a selection names (every unit under a code, or codes), and the root the cycle reports under. */
export async function resolveUnits(
  db: Db,
  units: StartCycleInput['units'],
): Promise<{ root: { id: string }; unitIds: string[] }> {
  let root: { id: string };
  let unitIds: string[];
  if ('under' in units) {
    const r = await db.organisation.findUnique({ where: { code: units.under }, select: { id: true } });
    if (!r)
      throw new CycleInputError([
        {
          path: 'units.under',
          message: `no organisation with code "${units.under}"`,
          key: 'admin.newCycle.unknownUnder',
          params: { code: units.under },
        },
      ]);
    root = r;
    unitIds = await descendants(db, r.id);
    if (unitIds.length === 0)
      throw new CycleInputError([
        {
          path: 'units.under',
          message: `"${units.under}" has no units under it`,
          key: 'admin.newCycle.emptyUnder',
          params: { code: units.under },
        },
      ]);
  } else {
    const codes = [...new Set(units.codes)];
    const found = await db.organisation.findMany({
      where: { code: { in: codes }, retiredAt: null },
      select: { id: true, code: true, parentId: true },
    });
    const missing = codes.filter((c) => !found.some((f) => f.code === c));
    if (missing.length > 0)
      throw new CycleInputError([
        {
          path: 'units.codes',
          message: `unknown or retired units: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''}`,
          key: 'admin.newCycle.unknownCodes',
          params: { codes: missing.slice(0, 20).join('、'), count: missing.length },
        },
      ]);
    unitIds = found.map((f) => f.id);
    const top = await db.organisation.findFirst({
      where: { parentId: null, retiredAt: null },
      select: { id: true },
    });
    root = { id: found.find((f) => f.parentId === null)?.id ?? top?.id ?? found[0]!.id };
  }
  return { root, unitIds };
}

async function startCycleWorkflow(
  client: Client,
  { taskQueue, batchSize }: CycleTarget,
  workflowId: string,
  cycleId: string,
  calendar: ReturnType<typeof resolveCalendar>,
  policy: DecisionPolicy,
  total: number,
  createdAt: Date,
  /** The cycle is for the plan's last year: its close also summarises the period. */
  closesPeriod: boolean,
): Promise<void> {
  const start = async (type: string, id: string, input: CycleInput | CycleNoticesInput) => {
    try {
      await client.workflow.start(type, {
        taskQueue,
        workflowId: id,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
  // The notices first: the start notice is ready the moment the year starts.
  await start(CYCLE_NOTICES_WORKFLOW, cycleNoticesWorkflowId(cycleId), {
    cycleId,
    notices: cycleNoticePlan(calendar, createdAt.getTime(), closesPeriod),
  });
  await start(CYCLE_WORKFLOW, workflowId, { cycleId, calendar, policy, total, batchSize });
}
