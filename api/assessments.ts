/**
 * One unit's assessment: its status and history from the database projection, and the actions people take on it,
 * each sent to the unit's workflow as an Update so the caller learns at once whether it was accepted.
 */
import { withCarried } from './assessment/carried';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { assessmentWithIndicators, unitYear } from '../stores/assessment/queries';
import type { Db } from '../stores/db';
import { activityProblems } from '../stores/problems/queries';
import { isConflicted } from '../stores/assessment/timeline';
import { COMMENT_MAX, VOTE_OUTCOMES } from '../domain/decision';
import { measureOf } from '../domain/input-rules';
import { payloadIssues } from '../domain/submissions';
import {
  cancelUpdate,
  delegateUpdate,
  extendDueDateUpdate,
  reassignApproverUpdate,
  retryUpdate,
  scoreUpdate,
  submitUpdate,
  voteUpdate,
} from '../workflows/assessment/contract';
import { HttpError } from './errors';
import { parseBody, parseId } from './validate';
import { runUpdate } from './workflow-calls';

const person = z.uuid({ message: 'expected a person id' });
const step = z
  .string()
  .regex(
    /^(plan|targets|check-\d{1,2}|evaluation|confirmation)$/,
    'expected plan, targets, check-N, evaluation or confirmation',
  );
const reason = z.string().trim().min(1, 'a reason is required').max(2000);

const submissionBody = z.object({ step, payload: z.unknown(), submittedBy: person }).strict();
const voteBody = z
  .object({
    step,
    personId: person,
    outcome: z.enum(VOTE_OUTCOMES),
    comment: z.string().max(COMMENT_MAX).nullish(),
    onBehalfOf: person.nullish(),
  })
  .strict();
const delegationBody = z.object({ step, from: person, to: person }).strict();
const scoreBody = z.object({ personId: person, scores: z.record(z.string(), z.number()) }).strict();
const dueDateBody = z
  .object({
    step: z.string().min(1),
    dueAt: z.iso.datetime({
      offset: true,
      message: 'expected an ISO date-time with offset, e.g. 2026-03-31T18:00:00+08:00',
    }),
    by: z.string().min(1).max(200),
    reason,
  })
  .strict();
const reassignBody = z.object({ from: person, to: person, by: z.string().min(1).max(200), reason }).strict();
const cancelBody = z.object({ by: z.string().min(1).max(200), reason }).strict();
const retryBody = cancelBody;

export interface AssessmentRouteDeps {
  db: Db;
  client: Client;
}

export function assessmentsRouter({ db, client }: AssessmentRouteDeps): Router {
  const router = Router();

  async function assessment(id: string) {
    const a = await assessmentWithIndicators(db, parseId(id, 'assessment'));
    if (!a) throw new HttpError(404, 'not_found', `No assessment with id "${id}".`);
    return a;
  }

  router.get('/api/units/:code/assessments/:year', async (req, res) => {
    const year = Number(req.params.year);
    if (!Number.isInteger(year)) throw new HttpError(404, 'not_found', `"${req.params.year}" is not a year.`);
    const found = await unitYear(db, req.params.code, year);
    if (!found) throw new HttpError(404, 'not_found', `No unit with code "${req.params.code}".`);
    const { unit, assessments: rows, waiting } = found;
    if (rows.length === 0)
      throw new HttpError(404, 'not_found', `${unit.code} takes part in no cycle of ${year}.`);
    res.json({
      unit,
      year,
      assessments: rows.map((a) => ({
        assessmentId: a.id,
        cycleId: a.cycle.id,
        plan: a.cycle.plan.code,
        stage: a.stage,
        status: a.status,
        step: a.step,
        dueAt: a.dueAt,
        waitingOn: a.waitingOn.map((id) => waiting.find((p) => p.id === id) ?? { id, name: null }),
        result: {
          indicatorPart: a.indicatorPart?.toNumber() ?? null,
          committeePart: a.committeePart?.toNumber() ?? null,
          score: a.score?.toNumber() ?? null,
          grade: a.grade,
          rank: a.rank,
        },
        submissions: a.submissions,
        // Every member's score sheet (评分表), per scoring round: criterion scores and the weighted total.
        scoreSheets: a.scoreSheets.map((s) => ({
          personId: s.personId,
          name: s.name,
          round: s.round,
          scoredAt: s.scoredAt,
          scores: s.scores,
          total: Math.round(s.total * 1000) / 1000,
        })),
        decisions: a.decisions.map((d) => ({
          ...d,
          submissionVersion: d.submission?.version ?? null,
          submission: undefined,
        })),
      })),
    });
  });

  router.post('/api/assessments/:id/submissions', async (req, res) => {
    const a = await assessment(req.params.id);
    const body = parseBody(submissionBody, req.body);
    const checked = payloadIssues(
      body.step,
      body.payload,
      a.cycle.plan.indicators.map((i) => ({ code: i.code, measure: measureOf(i.aggregation) })),
    );
    // Last year's approved bases are filled in, and changing one needs a reason.
    const carried = checked ? null : await withCarried(db, a.id, body.step, body.payload);
    const issues = checked ?? (carried?.issues.length ? carried.issues : null);
    if (carried) body.payload = carried.payload;
    if (issues)
      throw new HttpError(
        422,
        'invalid_payload',
        `The ${body.step} submission has invalid fields: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      );
    res.status(201).json(await runUpdate(client, a.workflowId, submitUpdate, body));
  });

  router.post('/api/assessments/:id/votes', async (req, res) => {
    const a = await assessment(req.params.id);
    res.status(201).json(await runUpdate(client, a.workflowId, voteUpdate, parseBody(voteBody, req.body)));
  });

  router.post('/api/assessments/:id/delegations', async (req, res) => {
    const a = await assessment(req.params.id);
    await runUpdate(client, a.workflowId, delegateUpdate, parseBody(delegationBody, req.body));
    res.status(204).end();
  });

  router.post('/api/assessments/:id/scores', async (req, res) => {
    const a = await assessment(req.params.id);
    res.status(201).json(await runUpdate(client, a.workflowId, scoreUpdate, parseBody(scoreBody, req.body)));
  });

  router.post('/api/assessments/:id/due-date', async (req, res) => {
    const a = await assessment(req.params.id);
    res.json(await runUpdate(client, a.workflowId, extendDueDateUpdate, parseBody(dueDateBody, req.body)));
  });

  router.post('/api/assessments/:id/approvers', async (req, res) => {
    const a = await assessment(req.params.id);
    const body = parseBody(reassignBody, req.body);
    const conflicted = await isConflicted(db, a.id, body.to);
    if (conflicted === null) throw new HttpError(422, 'invalid_input', `No person with id "${body.to}".`);
    if (conflicted)
      throw new HttpError(
        422,
        'conflict_of_interest',
        `${body.to} belongs to the unit under review and cannot approve its steps.`,
      );
    await runUpdate(client, a.workflowId, reassignApproverUpdate, body);
    res.status(204).end();
  });

  router.post('/api/assessments/:id/cancel', async (req, res) => {
    const a = await assessment(req.params.id);
    await runUpdate(client, a.workflowId, cancelUpdate, parseBody(cancelBody, req.body));
    res.status(204).end();
  });

  // After repairing what made an activity fail (data, a constraint), the held stage tries it again.
  router.post('/api/assessments/:id/retry', async (req, res) => {
    const a = await assessment(req.params.id);
    await runUpdate(client, a.workflowId, retryUpdate, parseBody(retryBody, req.body));
    res.status(202).json({ retried: true });
  });

  router.get('/api/assessments/:id/problems', async (req, res) => {
    const a = await assessment(req.params.id);
    res.json({ problems: await activityProblems(db, [a.id]) });
  });

  return router;
}
