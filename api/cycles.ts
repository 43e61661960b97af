/** Admin API for yearly cycles: start one, see where every unit stands, pause and resume. */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { ensureBulletinSchedule } from '../activities/bulletin/schedule';
import { parseEvery } from '../domain/bulletin-schedule';
import { DECISION_POLICIES, RECUSAL_RULES } from '../domain/decision';
import { addUnitsToCycle, previewUnitAddition } from '../stores/cycle/add-units';
import { CycleInputError, startCycle, type StartCycleInput } from '../stores/cycle/store';
import { cycleOverview, cycleWorkflowId } from '../stores/cycle/queries';
import type { Db } from '../stores/db';
import { STAGES } from '../domain/stages';
import { addUnitsUpdate, retryUpdate, setCyclePausedUpdate } from '../workflows/cycle/contract';
import { HttpError } from './errors';
import { parseBody, parseId } from './validate';
import { runUpdate } from './workflow-calls';

export const startCycleBody = z
  .object({
    plan: z.string().min(1),
    year: z.number().int().min(1949).max(2200),
    units: z.union([
      z.object({ under: z.string().min(1) }).strict(),
      z.object({ codes: z.array(z.string().min(1)).min(1).max(100_000) }).strict(),
    ]),
    calendar: z.record(z.string(), z.unknown()),
    decisionPolicy: z
      .object({
        kind: z.enum(DECISION_POLICIES),
        quorum: z.number().int().min(1).optional(),
        secret: z.boolean().optional(),
        recusal: z.enum(RECUSAL_RULES).optional(),
      })
      .strict()
      .refine((p) => p.kind !== 'QUORUM' || p.quorum !== undefined, {
        message: 'QUORUM needs a quorum',
        path: ['quorum'],
      })
      .default({ kind: 'MAJORITY' }),
    startedBy: z.string().min(1).max(200).default('api'),
    // Periodic bulletins: monthly or quarterly (on the 1st, 09:00 Beijing time), or every n seconds for a demo.
    bulletins: z
      .object({
        every: z.string().refine((v) => parseEvery(v) !== null, 'expected month, quarter or "<n>s"'),
      })
      .strict()
      .optional(),
  })
  .strict();

const unitsSelection = z.union([
  z.object({ under: z.string().min(1).max(64) }).strict(),
  z.object({ codes: z.array(z.string().min(1).max(64)).min(1).max(100_000) }).strict(),
]);
const addUnitsBody = z
  .object({ units: unitsSelection, by: z.string().min(1).max(200), preview: z.boolean().default(false) })
  .strict();

/**
 * Adds units to a running year (or, with `preview`, says who would be added): for the API and the console alike.
 * A selection with nobody new changes nothing and says so.
 */
export async function addCycleUnits(
  db: Db,
  client: Client,
  cycleId: string,
  req: { units: StartCycleInput['units']; by: string; preview: boolean },
) {
  try {
    const result = req.preview
      ? await previewUnitAddition(db, cycleId, req.units)
      : await addUnitsToCycle(db, cycleId, req.units, req.by, (workflowId, assessmentIds) =>
          runUpdate(client, workflowId, addUnitsUpdate, { assessmentIds, by: req.by }),
        );
    if (!result) throw new HttpError(404, 'not_found', `No cycle with id "${cycleId}".`);
    return result;
  } catch (err) {
    if (err instanceof CycleInputError) throw new HttpError(422, 'invalid_input', err.message, err.issues);
    throw err;
  }
}

const pauseBody = z
  .object({ by: z.string().min(1).max(200), reason: z.string().trim().min(1).max(2000) })
  .strict();
/** Pause or resume a cycle by its id, for the API and the console alike; an unknown id is a 404. */
export async function setCyclePaused(
  db: Db,
  client: Client,
  cycleId: string,
  change: { paused: boolean; by: string; reason: string },
) {
  const workflowId = await cycleWorkflowId(db, cycleId);
  if (!workflowId) throw new HttpError(404, 'not_found', `No cycle with id "${cycleId}".`);
  return runUpdate(client, workflowId, setCyclePausedUpdate, change);
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  stage: z.enum(STAGES).optional(),
});

export interface CycleRouteDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  cycleBatchSize: number;
}

export function cyclesRouter({ db, client, taskQueue, cycleBatchSize }: CycleRouteDeps): Router {
  const router = Router();

  router.post('/api/cycles', async (req, res) => {
    const body = parseBody(startCycleBody, req.body);
    try {
      const { bulletins, ...input } = body;
      const cycle = await startCycle(db, client, { taskQueue, batchSize: cycleBatchSize }, input);
      const schedule = bulletins
        ? await ensureBulletinSchedule(client, taskQueue, cycle.id, bulletins.every)
        : undefined;
      res.status(cycle.created ? 201 : 200).json({ cycle, bulletinSchedule: schedule?.scheduleId });
    } catch (err) {
      if (err instanceof CycleInputError) throw new HttpError(422, 'invalid_input', err.message, err.issues);
      throw err;
    }
  });

  router.post('/api/cycles/:id/units', async (req, res) => {
    const id = parseId(req.params.id, 'cycle');
    const body = parseBody(addUnitsBody, req.body);
    if (!(await cycleWorkflowId(db, id))) throw new HttpError(404, 'not_found', `No cycle with id "${id}".`);
    const r = await addCycleUnits(db, client, id, body);
    res.status(!body.preview && r.adding.length > 0 ? 201 : 200).json({
      ...r,
      added: !body.preview && r.adding.length > 0,
      ...(r.adding.length === 0
        ? { message: 'every unit of the selection takes part already: nothing new would start' }
        : {}),
    });
  });

  router.get('/api/cycles/:id', async (req, res) => {
    const id = parseId(req.params.id, 'cycle');
    const q = parseBody(listQuery, req.query);
    const now = new Date();
    const found = await cycleOverview(db, id, { stage: q.stage, take: q.limit, skip: q.offset, now });
    if (!found) throw new HttpError(404, 'not_found', `No cycle with id "${id}".`);
    const { cycle, byStage, overdue, units } = found;
    res.json({
      cycle: {
        id: cycle.id,
        plan: cycle.plan,
        year: cycle.year,
        status: cycle.status,
        workflowId: cycle.workflowId,
        createdAt: cycle.createdAt,
        completedAt: cycle.completedAt,
      },
      counts: byStage.map((g) => ({ stage: g.stage, status: g.status, units: g._count._all })),
      overdue,
      units: units.map((a) => ({
        assessmentId: a.id,
        unit: a.organisation,
        stage: a.stage,
        status: a.status,
        step: a.step,
        dueAt: a.dueAt,
        overdue: a.stage !== 'FINISHED' && a.dueAt !== null && a.dueAt < now,
        waitingOn: a.waitingOn,
        score: a.score?.toNumber() ?? null,
        grade: a.grade,
        rank: a.rank,
      })),
      page: { limit: q.limit, offset: q.offset },
    });
  });

  for (const [path, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    router.post(`/api/cycles/:id/${path}`, async (req, res) => {
      const body = parseBody(pauseBody, req.body);
      const progress = await setCyclePaused(db, client, parseId(req.params.id, 'cycle'), { paused, ...body });
      res.json({ progress });
    });
  }

  // After repairing what made the cycle's fan-out, count or ranking fail, the held cycle tries it again.
  router.post('/api/cycles/:id/retry', async (req, res) => {
    const body = parseBody(pauseBody, req.body);
    const id = parseId(req.params.id, 'cycle');
    const workflowId = await cycleWorkflowId(db, id);
    if (!workflowId) throw new HttpError(404, 'not_found', `No cycle with id "${id}".`);
    await runUpdate(client, workflowId, retryUpdate, body);
    res.status(202).json({ retried: true });
  });
  return router;
}
