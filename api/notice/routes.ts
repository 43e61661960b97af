/**
 * Notices: an admin issues one to the contacts of some units and to named people, with a due date for
 * acknowledging receipt; anyone with its address reads it; the admin follows who has acknowledged.
 */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../stores/db';
import { citedDocument, findArchivedDocument } from '../../stores/documents/queries';
import { noticeWithReceipts, resolveNoticeRecipients } from '../../stores/notice/queries';
import { issueNotice, noticeWorkflowId } from '../../activities/notice/issue';
import { parseDuration } from '../../domain/durations';
import { textProblem } from '../../domain/input-rules';
import { instantOf, parseLocalDateTime } from '../../domain/time-zone';
import { noticeStatusQuery } from '../../workflows/notice/contract';
import { HttpError } from '../errors';
import { sendArchivedHtml } from '../pages';
import { parseBody, parseId } from '../validate';

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .refine((s) => textProblem(s, max) === null, `at most ${max} characters, without control characters`);

const issueBody = z
  .object({
    series: text(20),
    issuer: text(100),
    title: text(200),
    /** Paragraphs separated by blank lines. */
    body: text(20_000),
    recipients: z
      .object({
        units: z.array(z.string().max(100)).max(1000).default([]),
        people: z.array(z.uuid()).max(1000).default([]),
      })
      .strict(),
    due: z
      .string()
      .refine((s) => parseLocalDateTime(s) !== null, 'expected "YYYY-MM-DDTHH:mm" in Beijing time'),
    reminders: z
      .array(z.string().refine((s) => parseDuration(s) !== null, 'expected e.g. "1d" or "2h"'))
      .max(5)
      .default(['1d']),
    key: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,80}$/)
      .optional(),
    by: text(200),
    /** An issued document this one corrects: it is cited, and stays as it was. */
    corrects: z.uuid().optional(),
  })
  .strict();

export interface NoticeRouteDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  chromiumPath?: string;
}

export function noticesRouter(deps: NoticeRouteDeps): Router {
  const { db, client } = deps;
  const router = Router();

  router.post('/api/notices', async (req, res) => {
    const body = parseBody(issueBody, req.body);
    const dueAt = instantOf(parseLocalDateTime(body.due)!);
    if (dueAt.getTime() <= Date.now()) throw new HttpError(422, 'invalid_input', 'The due date has passed.');
    const found = await resolveNoticeRecipients(db, body.recipients.units, body.recipients.people);
    if (found.unknownUnits.length || found.unknownPeople.length)
      throw new HttpError(422, 'invalid_input', 'Some recipients are unknown or have no contact.', {
        units: found.unknownUnits,
        people: found.unknownPeople,
      });
    const recipients = found.personIds;
    if (recipients.length === 0) throw new HttpError(422, 'invalid_input', 'Name at least one recipient.');
    const corrected = body.corrects ? await citedDocument(db, body.corrects) : undefined;
    if (body.corrects && !corrected)
      throw new HttpError(422, 'invalid_input', 'The document to correct is not in the archive.', {
        corrects: body.corrects,
      });
    const doc = await issueNotice(deps, {
      corrects: corrected ?? undefined,
      series: body.series,
      issuer: body.issuer,
      title: body.title,
      paragraphs: body.body
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      recipients,
      dueAt,
      remindersBeforeMs: body.reminders.map((r) => parseDuration(r)!),
      issuedBy: body.by,
      key: body.key ?? crypto.randomUUID(),
    });
    res
      .status(doc.created ? 201 : 200)
      .json({ ...doc, url: `/notices/${doc.id}`, recipients: recipients.length });
  });

  router.get('/api/notices/:id', async (req, res) => {
    const id = parseId(req.params.id, 'notice');
    const found = await noticeWithReceipts(db, id);
    if (!found) throw new HttpError(404, 'not_found', `No notice with id "${id}".`);
    const status = await client.workflow.getHandle(noticeWorkflowId(id)).query(noticeStatusQuery);
    res.json({ ...found, status });
  });

  router.get('/notices/:id', async (req, res) => {
    const doc = await findArchivedDocument(db, parseId(req.params.id, 'notice'), 'NOTICE');
    if (!doc)
      throw new HttpError(404, 'not_found', 'There is no such notice.', undefined, {
        key: 'error.http.noNotice',
      });
    sendArchivedHtml(res, doc.html);
  });

  return router;
}
