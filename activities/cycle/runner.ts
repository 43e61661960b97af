/**
 * The cycle's fan-out and wrap-up: starting unit workflows in batches (idempotent: a workflow id already started
 * is skipped), pausing and resuming them all, and ranking units among their peers once all have finished.
 */
import { heartbeat } from '@temporalio/activity';
import {
  ScheduleNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { cycleFinalisedSignal, cycleNoticesWorkflowId } from '../../workflows/cycle-notices/contract';
import type { ResolvedCalendar } from '../../domain/calendar';
import type { DecisionPolicy } from '../../domain/decision';
import { invitationData, stepEventKey } from '../../domain/notification-keys';
import { peerGroupKey, rankPeers } from '../../domain/ranking';
import { UNIT_ASSESSMENT_WORKFLOW, type UnitAssessmentInput } from '../../workflows/assessment/contract';
import { loadAssessmentContexts, type AssessmentContext } from '../../stores/assessment/context';
import { recordAudit } from '../../stores/audit';
import { bulletinScheduleId } from '../bulletin/schedule';
import { issueBulletin, type BulletinDeps } from '../bulletin/issue';
import type { Db } from '../../stores/db';
import { createNotificationActivities, writeNotifications } from '../mail/outbox';

const START_CONCURRENCY = 32;
/** Units prepared (context, first step) at a time inside a batch. */
const PREPARE_CHUNK = 250;

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

/**
 * Every unit starts by waiting for its plan: the projection and the invitations for that first step are written here
 * for a chunk of started workflows in one transaction, instead of three queries per unit in each workflow's first
 * task. Written only once the workflows exist, so no invitation links to a workflow that is not there yet. A unit
 * whose workflow has already written its own state is left alone, and invited only while it still waits for its
 * first plan (the workflow's own invitation key, so a retried batch sends none twice).
 */
async function openFirstSteps(
  db: Db,
  chunk: Array<{ id: string; workflowId: string }>,
  contexts: Map<string, AssessmentContext>,
  dueAt: number,
): Promise<void> {
  const rows = chunk.map((a) => ({ id: a.id, waiting: contexts.get(a.id)!.contacts }));
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`
        UPDATE "Assessment" AS a
           SET stage = 'PLAN_SUBMISSION', status = 'WAITING_SUBMISSION', step = 'plan', "dueAt" = ${new Date(dueAt)},
               "waitingOn" = ARRAY(SELECT jsonb_array_elements_text(v.waiting)::uuid), "updatedAt" = now()
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id uuid, waiting jsonb)
         WHERE a.id = v.id AND a.step IS NULL AND a.stage = 'PLAN_SUBMISSION'`;
      const opened = await tx.assessment.findMany({
        where: {
          id: { in: chunk.map((a) => a.id) },
          stage: 'PLAN_SUBMISSION',
          step: 'plan',
          status: 'WAITING_SUBMISSION',
        },
        select: { id: true },
      });
      const openedIds = new Set(opened.map((r) => r.id));
      await writeNotifications(
        tx,
        chunk
          .filter((a) => openedIds.has(a.id))
          .map((a) => {
            const ctx = contexts.get(a.id)!;
            return {
              assessmentId: a.id,
              kind: 'INVITE_PLAN',
              recipients: ctx.contacts,
              key: stepEventKey(a.workflowId, 'plan', 0, 'INVITE'),
              data: invitationData(ctx.organisationName, 'plan', dueAt, 0),
            };
          }),
      );
    },
    { timeout: 60_000 },
  );
}

export function createCycleRunner(
  db: Db,
  client: Client,
  taskQueue: string,
  bulletins: Omit<BulletinDeps, 'db'>,
) {
  const { notify } = createNotificationActivities(db);
  return {
    async startAssessmentBatch(input: {
      cycleId: string;
      cycleWorkflowId: string;
      calendar: ResolvedCalendar;
      policy: DecisionPolicy;
      afterId: string | null;
      /** Only these assessments (units added to a running year), instead of the next batch after `afterId`. */
      ids?: string[];
      limit: number;
      paused: boolean;
    }): Promise<{ count: number; lastId: string | null }> {
      const batch = await db.assessment.findMany({
        where: {
          cycleId: input.cycleId,
          ...(input.ids ? { id: { in: input.ids } } : input.afterId ? { id: { gt: input.afterId } } : {}),
        },
        orderBy: { id: 'asc' },
        take: input.limit,
        select: { id: true, workflowId: true },
      });
      const chunks = Array.from({ length: Math.ceil(batch.length / PREPARE_CHUNK) }, (_, i) =>
        batch.slice(i * PREPARE_CHUNK, (i + 1) * PREPARE_CHUNK),
      );
      const dueAt = input.calendar.planSubmission.dueAt;
      const loadContexts = (chunk: typeof batch) =>
        loadAssessmentContexts(
          db,
          chunk.map((a) => a.id),
        );
      let done = 0;
      let fresh = 0;
      // While one chunk is being started, the next one's contexts load and the previous one's first steps are
      // written, so starting never waits on the database.
      let nextContexts = chunks.length > 0 ? loadContexts(chunks[0]!) : undefined;
      let opening: Promise<void> = Promise.resolve();
      try {
        for (const [i, chunk] of chunks.entries()) {
          const contexts = await nextContexts!;
          nextContexts = i + 1 < chunks.length ? loadContexts(chunks[i + 1]!) : undefined;
          await inParallel(chunk, START_CONCURRENCY, async (a) => {
            try {
              await client.workflow.start(UNIT_ASSESSMENT_WORKFLOW, {
                taskQueue,
                workflowId: a.workflowId,
                workflowIdReusePolicy: 'REJECT_DUPLICATE',
                args: [
                  {
                    assessmentId: a.id,
                    cycleWorkflowId: input.cycleWorkflowId,
                    context: contexts.get(a.id)!,
                    firstStepOpened: true,
                    startPaused: input.paused,
                    calendar: input.calendar,
                    policy: input.policy,
                  } satisfies UnitAssessmentInput,
                ],
              });
              fresh++;
            } catch (err) {
              if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
            }
            if (++done % 50 === 0) heartbeat(done);
          });
          await opening;
          opening = openFirstSteps(db, chunk, contexts, dueAt);
        }
        await opening;
      } finally {
        // A failed start must not leave a rejected load or write unobserved (it would end the worker process).
        await Promise.allSettled([opening, nextContexts]);
      }
      // Added units count only where this call started them: the same unit added twice at once counts once.
      return { count: input.ids ? fresh : batch.length, lastId: batch.at(-1)?.id ?? null };
    },

    async setCyclePaused(input: {
      cycleId: string;
      paused: boolean;
      by: string;
      reason: string;
    }): Promise<number> {
      await db.cycle.update({
        where: { id: input.cycleId },
        data: { status: input.paused ? 'PAUSED' : 'RUNNING' },
      });
      await recordAudit(db, {
        actor: input.by,
        action: input.paused ? 'cycle.paused' : 'cycle.resumed',
        subjectType: 'Cycle',
        subjectId: input.cycleId,
        detail: { reason: input.reason },
      });
      const open = await db.assessment.findMany({
        where: { cycleId: input.cycleId, stage: { not: 'FINISHED' } },
        select: { workflowId: true },
      });
      let done = 0;
      await inParallel(open, START_CONCURRENCY, async (a) => {
        await client.workflow.getHandle(a.workflowId).signal('setPaused', { paused: input.paused });
        if (++done % 50 === 0) heartbeat(done);
      });
      return open.length;
    },

    async countOpenAssessments({ cycleId }: { cycleId: string }): Promise<number> {
      return db.assessment.count({ where: { cycleId, stage: { not: 'FINISHED' } } });
    },

    async finaliseCycle({ cycleId }: { cycleId: string }): Promise<void> {
      const done = await db.assessment.findMany({
        where: { cycleId, status: 'COMPLETED', score: { not: null } },
        select: {
          id: true,
          score: true,
          indicatorPart: true,
          committeePart: true,
          grade: true,
          organisation: {
            select: {
              code: true,
              kind: true,
              parentId: true,
              parent: { select: { nameZh: true } },
              contacts: { select: { personId: true } },
            },
          },
        },
      });
      const ranks = rankPeers(
        done.map((a) => ({
          id: a.id,
          code: a.organisation.code,
          kind: a.organisation.kind,
          parentId: a.organisation.parentId,
          score: a.score!.toNumber(),
          indicatorPart: a.indicatorPart?.toNumber() ?? 0,
          committeePart: a.committeePart?.toNumber() ?? 0,
        })),
      );
      // A year whose every unit was cancelled ends as cancelled: nothing to rank, no year-end bulletin of blanks.
      const allCancelled =
        done.length === 0 &&
        (await db.assessment.count({ where: { cycleId, status: { not: 'CANCELLED' } } })) === 0;
      await db.$transaction([
        ...[...ranks].map(([id, rank]) => db.assessment.update({ where: { id }, data: { rank } })),
        db.cycle.update({
          where: { id: cycleId },
          data: { status: allCancelled ? 'CANCELLED' : 'COMPLETED', completedAt: new Date() },
        }),
      ]);
      const groupSize = new Map<string, number>();
      for (const a of done)
        groupSize.set(peerGroupKey(a.organisation), (groupSize.get(peerGroupKey(a.organisation)) ?? 0) + 1);
      for (const a of done) {
        await notify({
          assessmentId: a.id,
          kind: 'RANK_RESULT',
          recipients: a.organisation.contacts.map((c) => c.personId),
          key: `cycle:${cycleId}:rank:${a.id}`,
          data: {
            score: a.score!.toNumber(),
            grade: a.grade,
            rank: ranks.get(a.id),
            of: groupSize.get(peerGroupKey(a.organisation)),
            kind: a.organisation.kind,
            parent: a.organisation.parent?.nameZh ?? null,
          },
        });
      }
      // The year closes with its own bulletin, after which the periodic ones stop.
      if (!allCancelled)
        await issueBulletin({ db, ...bulletins }, { cycleId, periodKey: 'year-end', issuedBy: 'system' });
      await client.schedule
        .getHandle(bulletinScheduleId(cycleId))
        .delete()
        .catch((err: unknown) => {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
        });
      // The results notice is ready now; a cycle started before notices existed has no notices workflow.
      await client.workflow
        .getHandle(cycleNoticesWorkflowId(cycleId))
        .signal(cycleFinalisedSignal, { at: Date.now() })
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        });
    },
  };
}
