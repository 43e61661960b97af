/**
 * Awards in the API (admin only): set up a programme, open its nominations, enter objections received by letter
 * or phone and the office's findings, cancel, and read the honours register.
 */
import crypto from 'node:crypto';
import { honourStatus } from './honour-view';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { RevocationError, revokeHonours } from '../../activities/awards/revocation';
import { programmeSchema } from '../../domain/awards/programme';
import {
  createProgramme,
  ProgrammeInputError,
  ProgrammeNotDraftError,
  programmeDefinition,
  updateProgramme,
} from '../../stores/awards/programmes';
import { openProgramme } from './open-programme';
import {
  certificatesOf,
  heldHonoursOf,
  honoursRegister,
  listProgrammes,
  nominationsOf,
  objectionsOf,
  programmeById,
  recordObjection,
} from '../../stores/awards/queries';
import { recordAudit } from '../../stores/audit';
import type { Db } from '../../stores/db';
import {
  awardStatusQuery,
  awardWorkflowId,
  cancelProgrammeUpdate,
  delegateBallotUpdate,
  objectionFindingUpdate,
} from '../../workflows/awards/contract';
import { HttpError } from '../errors';
import { parseBody, parseId } from '../validate';
import { runUpdate } from '../workflow-calls';

const by = z.string().trim().min(1).max(200);
const objectionBody = z
  .object({
    nomination: z.uuid(),
    name: z.string().trim().min(1).max(50),
    contact: z.string().trim().min(3).max(100),
    reasons: z.string().trim().min(20).max(5000),
    by,
  })
  .strict();
const findingBody = z.object({ upheld: z.boolean(), note: z.string().trim().min(1).max(2000), by }).strict();
const cancelBody = z.object({ by, reason: z.string().trim().min(1).max(2000) }).strict();
const revokeBody = z
  .object({
    reason: z.string().trim().min(1).max(2000),
    returnBy: z.string().trim().min(1).max(40),
    by,
  })
  .strict();
const delegationBody = z
  .object({
    from: z.uuid({ message: 'expected a member id' }),
    to: z.uuid({ message: 'expected a member id' }),
  })
  .strict();

const registerQuery = z
  .object({
    q: z.string().max(50).optional(),
    category: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export interface AwardRouteDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  publicUrl: string;
  chromiumPath?: string;
}

export function awardsApiRouter({ db, client, taskQueue, publicUrl, chromiumPath }: AwardRouteDeps): Router {
  const router = Router();

  async function programme(id: string) {
    const p = await programmeById(db, parseId(id, 'award programme'));
    if (!p) throw new HttpError(404, 'not_found', `No award programme with id "${id}".`);
    return p;
  }

  router.post('/api/award-programmes', async (req, res) => {
    const input = parseBody(programmeSchema, req.body);
    try {
      const created = await createProgramme(db, input, req.admin!.email);
      res.status(201).json({ id: created.id, status: 'DRAFT' });
    } catch (err) {
      if (err instanceof ProgrammeInputError)
        throw new HttpError(422, 'invalid_input', err.message, err.issues);
      throw err;
    }
  });

  // A draft is edited in place: the whole definition again, as for creating it.
  router.put('/api/award-programmes/:id', async (req, res) => {
    const p = await programme(req.params.id);
    const input = parseBody(programmeSchema, req.body);
    try {
      await updateProgramme(db, p.id, input, req.admin!.email);
      res.json({ id: p.id, status: 'DRAFT' });
    } catch (err) {
      if (err instanceof ProgrammeInputError)
        throw new HttpError(422, 'invalid_input', err.message, err.issues);
      if (err instanceof ProgrammeNotDraftError)
        throw new HttpError(
          409,
          'not_draft',
          `The programme is ${p.status}, not a draft: it can no longer be edited.`,
        );
      throw err;
    }
  });

  router.get('/api/award-programmes', async (_req, res) => {
    res.json({ programmes: await listProgrammes(db) });
  });

  router.get('/api/award-programmes/:id', async (req, res) => {
    const p = await programme(req.params.id);
    const [nominations, objections, certificates] = await Promise.all([
      nominationsOf(db, p.id),
      objectionsOf(db, p.id),
      certificatesOf(db, p.id),
    ]);
    const status = p.workflowId
      ? await client.workflow.getHandle(p.workflowId).query(awardStatusQuery)
      : null;
    res.json({
      programme: { ...p, nominations: undefined },
      definition: p.status === 'DRAFT' ? await programmeDefinition(db, p.id) : undefined,
      status,
      nominations: nominations.map((n) => ({
        id: n.id,
        category: n.category,
        nominee: n.nomineeName,
        unit: n.organisation.code,
        status: n.status,
        reason: n.statusReason,
        checks: n.checks,
      })),
      objections,
      certificates: certificates.map((c) => ({
        id: c.id,
        title: c.title,
        url: `/awards/certificates/${c.id}`,
      })),
    });
  });

  router.post('/api/award-programmes/:id/open', async (req, res) => {
    const p = await programme(req.params.id);
    if (p.status !== 'DRAFT')
      throw new HttpError(409, 'not_draft', `The programme is ${p.status}, not a draft.`);
    const workflowId = await openProgramme(db, client, taskQueue, p.id, req.admin!.email);
    res.status(202).json({ id: p.id, status: 'NOMINATING', workflowId });
  });

  router.post('/api/award-programmes/:id/objections', async (req, res) => {
    const p = await programme(req.params.id);
    const body = parseBody(objectionBody, req.body);
    const nominations = await nominationsOf(db, p.id);
    if (!nominations.some((n) => n.id === body.nomination && n.status === 'SELECTED'))
      throw new HttpError(422, 'invalid_input', 'Objections concern a nominee on the published list.');
    const o = await recordObjection(db, {
      nominationId: body.nomination,
      name: body.name,
      contact: body.contact,
      reasons: body.reasons,
      source: 'OFFICE',
      senderHash: null,
    });
    await recordAudit(db, {
      actor: body.by,
      action: 'objection.entered',
      subjectType: 'AwardObjection',
      subjectId: o.id,
    });
    res.status(201).json({ id: o.id });
  });

  router.post('/api/award-programmes/:id/objections/:objectionId/finding', async (req, res) => {
    const p = await programme(req.params.id);
    const objectionId = parseId(req.params.objectionId, 'objection');
    const body = parseBody(findingBody, req.body);
    const o = (await objectionsOf(db, p.id)).find((x) => x.id === objectionId);
    if (!o) throw new HttpError(404, 'not_found', `No objection with id "${objectionId}" in this programme.`);
    if (o.finding !== 'OPEN')
      throw new HttpError(409, 'decided', `This objection was found ${o.finding} already.`);
    const r = await runUpdate(client, awardWorkflowId(p.id), objectionFindingUpdate, {
      objectionId,
      nominationId: o.nominationId,
      upheld: body.upheld,
      note: body.note,
      by: body.by,
    });
    res.json({
      finding: body.upheld ? 'UPHELD' : 'UNFOUNDED',
      withdrawn: r.withdrawn,
      refilled: r.refilled ?? [],
    });
  });

  // 委托: the office records that a member's ballot is cast by another member (the member can do it from its link).
  router.post('/api/award-programmes/:id/delegations', async (req, res) => {
    const p = await programme(req.params.id);
    const body = parseBody(delegationBody, req.body);
    if (!p.workflowId) throw new HttpError(409, 'not_open', 'A draft has no committee review yet.');
    const r = await runUpdate(client, p.workflowId, delegateBallotUpdate, { ...body, by: req.admin!.email });
    res.status(201).json(r);
  });

  router.post('/api/award-programmes/:id/cancel', async (req, res) => {
    const p = await programme(req.params.id);
    const body = parseBody(cancelBody, req.body);
    if (!p.workflowId) throw new HttpError(409, 'not_open', 'A draft is not running; nothing to cancel.');
    await runUpdate(client, p.workflowId, cancelProgrammeUpdate, body);
    await recordAudit(db, {
      actor: body.by,
      action: 'award_programme.cancelled',
      subjectType: 'AwardProgramme',
      subjectId: p.id,
      detail: { reason: body.reason },
    });
    res.status(202).json({ cancelled: true });
  });

  router.get('/api/honours', async (req, res) => {
    const q = parseBody(registerQuery, req.query);
    const [total, honours] = await honoursRegister(db, {
      search: q.q,
      category: q.category,
      take: q.limit,
      skip: q.offset,
    });
    const today = new Date();
    res.json({
      total,
      honours: honours.map((h) => ({
        id: h.id,
        holder: h.holderName,
        unit: h.organisation.code,
        category: h.category,
        level: h.level,
        programmeId: h.programmeId,
        decisionNumber: h.decisionNumber,
        awardedOn: h.awardedOn.toISOString().slice(0, 10),
        expiresOn: h.expiresOn?.toISOString().slice(0, 10) ?? null,
        status: honourStatus(h, today),
      })),
    });
  });

  // 责令摘牌: one honour, or every honour of a programme's decision at once.
  const revoke = async (honourIds: string[], body: z.infer<typeof revokeBody>) => {
    const key = crypto
      .createHash('sha256')
      .update([...honourIds].sort().join(','))
      .update(body.reason)
      .digest('hex');
    try {
      return await revokeHonours(
        { db, publicUrl, chromiumPath },
        { honourIds, ...body, key: `revoke:${key}` },
      );
    } catch (err) {
      if (err instanceof RevocationError) throw new HttpError(422, 'invalid_input', err.message);
      throw err;
    }
  };

  router.post('/api/honours/:id/revoke', async (req, res) => {
    const body = parseBody(revokeBody, req.body);
    res.json(await revoke([parseId(req.params.id, 'honour')], body));
  });

  router.post('/api/award-programmes/:id/revoke', async (req, res) => {
    const p = await programme(req.params.id);
    const body = parseBody(revokeBody, req.body);
    const held = await heldHonoursOf(db, p.id);
    if (held.length === 0) throw new HttpError(409, 'nothing_held', 'No honour of this programme is held.');
    res.json(await revoke(held, body));
  });

  return router;
}
