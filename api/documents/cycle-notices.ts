/**
 * A cycle's notices over the API, and every issued document's public page: `GET /api/cycles/:id/notices` (each
 * notice: when it is ready and due, whether and as what it was issued), `PUT …/notices/:key` (the office's
 * paragraphs, until it is issued), `POST …/notices/:key/issue` (issue it now, through its workflow),
 * `GET /api/cycles/:id/notices/:key/preview` (the 样稿), and `GET /documents/:id[.pdf]` for the units it was sent to.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { noticePlanOf, previewCycleNotice } from '../../activities/documents/cycle-notices';
import type { Db } from '../../stores/db';
import {
  issuedCycleNotices,
  noticeCycle,
  saveNoticeDraft,
  type NoticeCycle,
} from '../../stores/documents/cycle-notices';
import { archivedById } from '../../stores/documents/queries';
import {
  cycleNoticesQuery,
  cycleNoticesWorkflowId,
  issueNoticeNowUpdate,
  type NoticeState,
} from '../../workflows/cycle-notices/contract';
import { HttpError } from '../errors';
import { sendArchivedHtml } from '../pages';
import { archivedFileName, sendArchivedPdf } from './archived-files';
import { parseBody, parseId } from '../validate';
import { runUpdate } from '../workflow-calls';

export interface CycleNoticeRouteDeps {
  db: Db;
  client: Client;
  chromiumPath?: string;
}

const paragraph = z
  .string()
  .trim()
  .max(2000)
  .transform((s) => s || null)
  .nullable()
  .optional();
export const noticeTextSchema = z.object({ opening: paragraph, closing: paragraph, contact: paragraph });

const PUBLIC_KINDS = new Set(['CYCLE_NOTICE', 'URGING_NOTICE', 'RESULTS_NOTICE', 'PERIOD_SUMMARY']);

/** Each of the cycle's notices as its workflow has it; from the plan and the archive when the workflow is gone. */
export async function cycleNotices(db: Db, client: Client, cycle: NoticeCycle): Promise<NoticeState[]> {
  try {
    return await client.workflow.getHandle(cycleNoticesWorkflowId(cycle.id)).query(cycleNoticesQuery);
  } catch {
    const issued = await issuedCycleNotices(db, cycle.id);
    return noticePlanOf(cycle).map((n) => {
      const doc = issued.get(n.key);
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return {
        key: n.key,
        kind: n.kind,
        step: n.step,
        readyAt: iso(n.readyAt),
        dueAt: iso(n.readyAt === null ? null : n.readyAt + n.leadMs),
        outcome: doc
          ? { issued: true, documentId: doc.id, number: String(doc.number ?? ''), created: false }
          : null,
        issuedBy: null,
      };
    });
  }
}

export async function findNoticeCycle(db: Db, id: string) {
  const cycle = await noticeCycle(db, parseId(id, 'cycle'));
  if (!cycle)
    throw new HttpError(404, 'not_found', `No cycle with id "${id}".`, undefined, {
      key: 'admin.cycle.unknown',
    });
  return cycle;
}

export function plannedKey(cycle: NoticeCycle, key: string) {
  if (!noticePlanOf(cycle).some((n) => n.key === key))
    throw new HttpError(404, 'not_found', `The cycle has no notice "${key}".`, undefined, {
      key: 'error.http.noNotice',
    });
  return key;
}

/** The notice as it would be issued now, marked 样稿; refused while it has nothing to say. */
export async function noticePreview(db: Db, cycle: NoticeCycle, key: string): Promise<string> {
  const html = await previewCycleNotice(db, cycle, key);
  if (!html)
    throw new HttpError(
      409,
      'nothing_to_say',
      'This notice has nothing to say yet (nobody is late, or there are no results).',
      undefined,
      { key: 'admin.notices.nothing' },
    );
  return html;
}

/** The office's paragraphs of a notice not yet issued; an issued one never changes. */
export async function saveOpenNoticeText(
  { db, client }: Pick<CycleNoticeRouteDeps, 'db' | 'client'>,
  cycle: NoticeCycle,
  key: string,
  text: z.output<typeof noticeTextSchema>,
  by: string,
): Promise<void> {
  const state = (await cycleNotices(db, client, cycle)).find((n) => n.key === key);
  if (state?.outcome)
    throw new HttpError(
      409,
      'already_issued',
      'This notice has been issued: an issued document never changes.',
      undefined,
      { key: 'refusal.AlreadyIssued' },
    );
  await saveNoticeDraft(db, {
    cycleId: cycle.id,
    key,
    opening: text.opening ?? null,
    closing: text.closing ?? null,
    contact: text.contact ?? null,
    by,
  });
}

export function cycleNoticesRouter(deps: CycleNoticeRouteDeps): Router {
  const { db, client } = deps;
  const router = Router();

  router.get('/api/cycles/:id/notices', async (req, res) => {
    const cycle = await findNoticeCycle(db, req.params.id);
    res.json({ notices: await cycleNotices(db, client, cycle) });
  });

  router.get('/api/cycles/:id/notices/:key/preview', async (req, res) => {
    const cycle = await findNoticeCycle(db, req.params.id);
    sendArchivedHtml(res, await noticePreview(db, cycle, plannedKey(cycle, req.params.key)));
  });

  router.put('/api/cycles/:id/notices/:key', async (req, res) => {
    const cycle = await findNoticeCycle(db, req.params.id);
    const key = plannedKey(cycle, req.params.key);
    const text = parseBody(noticeTextSchema.strict(), req.body);
    await saveOpenNoticeText(deps, cycle, key, text, req.admin?.email ?? 'admin');
    res.json({ saved: true });
  });

  router.post('/api/cycles/:id/notices/:key/issue', async (req, res) => {
    const cycle = await findNoticeCycle(db, req.params.id);
    const key = plannedKey(cycle, req.params.key);
    const outcome = await runUpdate(client, cycleNoticesWorkflowId(cycle.id), issueNoticeNowUpdate, {
      key,
      by: req.admin?.email ?? 'admin',
    });
    res.status(outcome.issued ? 201 : 200).json(outcome);
  });

  router.get('/documents/:file', async (req, res) => {
    const file = archivedFileName(req.params.file);
    const doc = file ? await archivedById(db, file.id) : null;
    if (!doc || !PUBLIC_KINDS.has(doc.kind))
      throw new HttpError(404, 'not_found', 'There is no such document.', undefined, {
        key: 'error.http.noNotice',
      });
    if (!file!.pdf) return sendArchivedHtml(res, doc.html);
    await sendArchivedPdf(res, deps, doc, `document-${doc.id}.pdf`);
  });

  return router;
}
