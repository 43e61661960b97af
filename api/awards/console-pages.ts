/**
 * Awards in the console: the programmes with their stage, one programme's nominees (status and reason), its
 * objections with the office's finding form, its documents; and the honours register (荣誉档案) with search and
 * revocation (责令摘牌).
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { RevocationError, revokeHonours } from '../../activities/awards/revocation';
import { CATEGORY_CODES } from '../../domain/awards/categories';
import { formatLocal } from '../../domain/time-zone';
import {
  certificatesOf,
  honoursRegister,
  listProgrammes,
  nominationsOf,
  objectionsOf,
  programmeById,
} from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate } from '../../templates/render';
import { awardWorkflowId, objectionFindingUpdate } from '../../workflows/awards/contract';
import {
  consoleContext,
  consoleCsrfValid,
  consoleMessage,
  consolePage,
  pager,
  PAGE_SIZE,
} from '../admin-console';
import { honourView } from './honour-view';
import { sendAttachment } from './nomination-files';
import { fileRow } from './page-parts';
import { attachmentStore, attachmentsOf } from '../../stores/awards/attachments';
import { HttpError, pageMessage } from '../errors';
import { isUuid } from '../validate';
import { runUpdate } from '../workflow-calls';

const findingForm = z.object({
  _csrf: z.string(),
  finding: z.enum(['UPHELD', 'UNFOUNDED']),
  note: z.string().trim().min(1).max(2000),
});
const revokeForm = z.object({
  _csrf: z.string(),
  reason: z.string().trim().min(1).max(2000),
  returnBy: z.string().trim().min(1).max(40),
});
const registerQuery = z.object({
  q: z.string().max(50).optional().catch(undefined),
  category: z
    .enum(CATEGORY_CODES as [string, ...string[]])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export function adminAwardsRouter({
  db,
  client,
  secret,
  publicUrl,
  chromiumPath,
  attachmentsDir,
}: {
  db: Db;
  client: Client;
  secret: string;
  publicUrl: string;
  chromiumPath?: string;
  attachmentsDir?: string;
}): Router {
  const router = Router();
  const files = attachmentStore(db, attachmentsDir);
  const cat = (locale: 'zh-CN' | 'en', c: string) => translate(locale, `awards.category.${c}`);

  router.get('/admin/awards', async (req, res) => {
    const { locale } = consoleContext(res);
    const programmes = await listProgrammes(db);
    consolePage(req, res, 200, 'admin-awards', {
      titleKey: 'admin.awards.title',
      programmes: programmes.map((p) => ({
        href: `/admin/awards/${p.id}`,
        title: p.titleZh,
        year: p.year,
        stage: translate(locale, `awards.stage.${p.status === 'DRAFT' ? 'DRAFT' : p.status}`),
        mode: translate(locale, `awards.modeShort.${p.reviewMode}`),
      })),
    });
  });

  async function programmePage(
    req: Request,
    res: Response,
    status: number,
    extra: Record<string, unknown> = {},
  ) {
    const { locale } = consoleContext(res);
    const id = String(req.params.id);
    const p = isUuid(id) ? await programmeById(db, id) : null;
    if (!p)
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(locale, 'awards.public.unknown'),
        '/admin/awards',
      );
    const [nominations, objections, certificates] = await Promise.all([
      nominationsOf(db, id),
      objectionsOf(db, id),
      certificatesOf(db, id),
    ]);
    const attached = await attachmentsOf(
      db,
      nominations.map((n) => n.id),
    );
    consolePage(req, res, status, 'admin-award', {
      titleKey: 'admin.awards.one',
      titleParams: { title: p.titleZh },
      programme: {
        id,
        year: p.year,
        stage: translate(locale, `awards.stage.${p.status}`),
        draft: p.status === 'DRAFT',
        editHref: `/admin/awards/${id}/edit`,
        openAction: `/admin/awards/${id}/open`,
        publicity: ['PUBLICITY', 'DECIDED'].includes(p.status) ? `/awards/${id}/publicity` : null,
        decision: p.status === 'DECIDED' ? `/awards/${id}/decision` : null,
      },
      nominations: nominations.map((n) => ({
        name: n.nomineeName,
        unit: n.organisation.nameZh,
        category: cat(locale, n.category),
        status: translate(locale, `awards.status.${n.status}`),
        reason: n.statusReason,
        files: (attached.get(n.id) ?? []).map((f) => fileRow(f, `/admin/awards/${id}/attachments/${f.id}`)),
      })),
      objections: objections.map((o) => ({
        id: o.id,
        nominee: o.nomination.nomineeName,
        name: o.name,
        contact: o.contact,
        reasons: o.reasons,
        at: formatLocal(o.createdAt),
        open: o.finding === 'OPEN',
        finding: translate(locale, `admin.awards.finding.${o.finding}`),
        note: o.note,
      })),
      certificates: certificates.map((c) => ({ href: `/awards/certificates/${c.id}`, title: c.title })),
      saved: req.query.saved === '1',
      opened: req.query.opened === '1',
      ...extra,
    });
  }

  router.get('/admin/awards/:id', (req, res) => programmePage(req, res, 200));

  router.post('/admin/awards/:id/objections/:oid', async (req, res) => {
    const ctx = consoleContext(res);
    const id = String(req.params.id);
    const form = findingForm.safeParse(req.body);
    if (!form.success || !consoleCsrfValid(secret, ctx, form.data._csrf))
      return programmePage(req, res, 422, { formError: translate(ctx.locale, 'admin.awards.findingNeeded') });
    const o = isUuid(id) ? (await objectionsOf(db, id)).find((x) => x.id === req.params.oid) : undefined;
    if (!o)
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(ctx.locale, 'awards.public.unknown'),
        '/admin/awards',
      );
    try {
      await runUpdate(client, awardWorkflowId(id), objectionFindingUpdate, {
        objectionId: o.id,
        nominationId: o.nominationId,
        upheld: form.data.finding === 'UPHELD',
        note: form.data.note,
        by: ctx.admin.email,
      });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return programmePage(req, res, err.status, { formError: pageMessage(ctx.locale, err) });
    }
    res.redirect(303, `/admin/awards/${id}`);
  });

  router.get('/admin/awards/:id/attachments/:fileId', async (req, res) => {
    const { locale } = consoleContext(res);
    const [id, fileId] = [String(req.params.id), String(req.params.fileId)];
    const file = isUuid(id) && isUuid(fileId) ? await files.read(id, fileId) : null;
    if (!file)
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(locale, 'error.fileUnknown'),
        `/admin/awards`,
      );
    sendAttachment(res, file);
  });

  router.get('/admin/honours', async (req, res) => {
    const { locale } = consoleContext(res);
    const q = registerQuery.parse(req.query);
    const [total, honours] = await honoursRegister(db, {
      search: q.q,
      category: q.category,
      take: PAGE_SIZE,
      skip: (q.page - 1) * PAGE_SIZE,
    });
    const today = new Date();
    consolePage(req, res, 200, 'admin-honours', {
      titleKey: 'admin.honours.title',
      q: q.q ?? '',
      exportHref: `/api/honours.xlsx?${new URLSearchParams({
        ...(q.q ? { q: q.q } : {}),
        ...(q.category ? { category: q.category } : {}),
        lang: locale,
      })}`,
      categories: CATEGORY_CODES.map((c) => ({
        value: c,
        label: cat(locale, c),
        selected: c === q.category,
      })),
      done: req.query.done === 'revoked',
      honours: honours.map((h) => ({
        ...honourView(locale, h, today),
        id: h.id,
        unit: h.organisation.nameZh,
        revocable: !h.revokedAt,
      })),
      pager: pager(req, total, q.page),
    });
  });

  router.post('/admin/honours/:id/revoke', async (req, res) => {
    const ctx = consoleContext(res);
    const form = revokeForm.safeParse(req.body);
    if (!form.success || !consoleCsrfValid(secret, ctx, form.data._csrf) || !isUuid(String(req.params.id)))
      return consoleMessage(
        req,
        res,
        422,
        'problem',
        translate(ctx.locale, 'admin.honours.reasonNeeded'),
        '/admin/honours',
      );
    try {
      await revokeHonours(
        { db, publicUrl, chromiumPath },
        {
          honourIds: [String(req.params.id)],
          reason: form.data.reason,
          returnBy: form.data.returnBy,
          by: ctx.admin.email,
          key: `revoke:${req.params.id}:${crypto.createHash('sha256').update(form.data.reason).digest('hex').slice(0, 16)}`,
        },
      );
    } catch (err) {
      if (!(err instanceof RevocationError)) throw err;
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(ctx.locale, 'awards.public.unknown'),
        '/admin/honours',
      );
    }
    res.redirect(303, '/admin/honours?done=revoked');
  });

  return router;
}
