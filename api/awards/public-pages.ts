/**
 * The public side of awards (no sign-in): the 公示 page with the list and the objection form, the award decision,
 * and the certificates (by their unguessable document id). An objection needs a real name, a contact and reasons
 * of at least 20 characters; one address may send a few an hour; the form is CSRF-bound to the browser.
 */
import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { characterCount, textProblem } from '../../domain/input-rules';
import { recordPublicObjection } from '../../stores/awards/objections';
import {
  awardDocumentById,
  decisionOf,
  nominationsOf,
  objectionsFrom,
  officeContactLine,
  programmeById,
  publicityOf,
} from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import { awardWorkflowId, objectionReceivedSignal } from '../../workflows/awards/contract';
import { browserCsrfField, CSRF_COOKIE, csrfValid, readCookie } from '../csrf';
import { HttpError } from '../errors';
import { sendArchivedHtml, sendPage } from '../pages';
import { isUuid } from '../validate';

/** Objections one address may send per hour. */
export const OBJECTIONS_PER_HOUR = 3;
const FIELDS = { name: [2, 50], contact: [5, 100], reasons: [20, 2000] } as const;

export interface PublicAwardDeps {
  db: Db;
  client: Client;
  secret: string;
  secureCookies: boolean;
}

export function publicAwardsRouter({ db, client, secret, secureCookies }: PublicAwardDeps): Router {
  const router = Router();
  const locale: Locale = 'zh-CN';
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const purpose = (id: string) => `publicity:${id}`;
  const csrf = (req: Request, res: Response, id: string) =>
    browserCsrfField(req, res, {
      secret,
      purpose: purpose(id),
      path: '/awards',
      sameSite: 'strict',
      secure: secureCookies,
    });

  async function load(idText: string) {
    if (!isUuid(idText))
      throw new HttpError(404, 'not_found', 'No such award programme.', undefined, {
        key: 'awards.public.unknown',
      });
    const [programme, publicity] = await Promise.all([programmeById(db, idText), publicityOf(db, idText)]);
    if (!programme || !publicity)
      throw new HttpError(404, 'not_found', 'No published list for this programme.', undefined, {
        key: 'awards.public.unknown',
      });
    return { programme, publicity };
  }

  async function page(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = String(req.params.id);
    const { programme, publicity } = await load(id);
    const [nominations, office] = await Promise.all([nominationsOf(db, id), officeContactLine(db, id)]);
    const listed = nominations.filter((n) => publicity.nominations.includes(n.id));
    const open = programme.status === 'PUBLICITY';
    sendPage(res, status, 'award-publicity', {
      locale,
      title: publicity.title,
      window: translate(locale, 'awards.public.window', { first: publicity.first, last: publicity.last }),
      open,
      documentHref: `/awards/${id}/publicity/document`,
      supplements: publicity.supplements.map((x, i) => ({
        title: x.title,
        window: translate(locale, 'awards.public.window', { first: x.first, last: x.last }),
        href: `/awards/${id}/publicity/document?supplement=${i + 1}`,
        names: nominations
          .filter((n) => x.nominations.includes(n.id))
          .map((n) => n.nomineeName)
          .join('、'),
      })),
      office,
      nominees: listed
        .filter((n) => n.status === 'SELECTED' || n.status === 'AWARDED')
        .map((n) => ({
          id: n.id,
          label: `${n.nomineeName}（${n.organisation.nameZh}）`,
          selected: n.id === (extra.values as Record<string, string> | undefined)?.nomination,
        })),
      csrf: open ? csrf(req, res, id) : '',
      values: {},
      errors: {},
      ...extra,
    });
  }

  router.get('/awards/:id/publicity', (req, res) => page(req, res, 200));

  router.get('/awards/:id/publicity/document', async (req, res) => {
    const { publicity } = await load(String(req.params.id));
    const n = Number(req.query.supplement ?? 0);
    const doc =
      Number.isInteger(n) && n >= 1 ? publicity.supplements[n - 1] : n === 0 ? publicity : undefined;
    if (!doc)
      throw new HttpError(404, 'not_found', 'No such supplementary publicity.', undefined, {
        key: 'awards.public.unknown',
      });
    sendArchivedHtml(res, doc.html);
  });

  router.post('/awards/:id/publicity', form, async (req, res) => {
    const id = String(req.params.id);
    const { programme, publicity } = await load(id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'),
    ) as Record<string, string>;
    if (programme.status !== 'PUBLICITY')
      return page(req, res, 409, { formError: translate(locale, 'awards.public.closed'), values });
    if (!csrfValid(secret, readCookie(req.headers.cookie, CSRF_COOKIE), body._csrf, purpose(id)))
      return page(req, res, 403, { formError: translate(locale, 'error.csrfRetry'), values });
    const errors: Record<string, string> = {};
    for (const [field, [min, max]] of Object.entries(FIELDS)) {
      const v = (values[field] ?? '').trim();
      const problem = textProblem(v, max);
      if (problem) errors[field] = translate(locale, `validation.text.${problem}`, { max });
      else if (characterCount(v) < min)
        errors[field] = translate(locale, `awards.public.min.${field}`, { min });
    }
    if (!isUuid(values.nomination ?? '') || !publicity.nominations.includes(values.nomination!))
      errors.nomination = translate(locale, 'awards.public.chooseNominee');
    if (Object.keys(errors).length > 0)
      return page(req, res, 422, { errors, values, formError: translate(locale, 'page.fixErrors') });
    const senderHash = crypto
      .createHmac('sha256', secret)
      .update(req.ip ?? 'unknown')
      .digest('hex');
    if ((await objectionsFrom(db, senderHash, new Date(Date.now() - 3_600_000))) >= OBJECTIONS_PER_HOUR)
      return page(req, res, 429, {
        formError: translate(locale, 'awards.public.tooMany', { n: OBJECTIONS_PER_HOUR }),
        values,
      });
    const objection = await recordPublicObjection(db, {
      nominationId: values.nomination!,
      name: values.name!.trim(),
      contact: values.contact!.trim(),
      reasons: values.reasons!.trim(),
      senderHash,
    });
    await client.workflow
      .getHandle(awardWorkflowId(id))
      .signal(objectionReceivedSignal, { objectionId: objection.id, nominationId: values.nomination! });
    return page(req, res, 201, { done: translate(locale, 'awards.public.received') });
  });

  router.get('/awards/:id/decision{.:ext}', async (req, res) => {
    const id = String(req.params.id);
    const doc = isUuid(id) ? await decisionOf(db, id) : null;
    if (!doc)
      throw new HttpError(404, 'not_found', 'No award decision for this programme.', undefined, {
        key: 'awards.public.unknown',
      });
    if (req.params.ext === 'pdf' && doc.pdf)
      return res.set({ 'Content-Type': 'application/pdf' }).send(Buffer.from(doc.pdf));
    if (req.params.ext)
      throw new HttpError(404, 'not_found', 'No such file.', undefined, { key: 'awards.public.unknown' });
    sendArchivedHtml(res, doc.html);
  });

  for (const [path, kind] of [
    ['certificates', 'CERTIFICATE'],
    ['revocations', 'AWARD_REVOCATION'],
  ] as const)
    router.get(`/awards/${path}/:id{.:ext}`, async (req, res) => {
      const id = String(req.params.id);
      const doc = isUuid(id) ? await awardDocumentById(db, id, kind) : null;
      if (!doc || (req.params.ext && !(req.params.ext === 'pdf' && doc.pdf)))
        throw new HttpError(404, 'not_found', 'No such document.', undefined, {
          key: 'awards.public.unknown',
        });
      if (req.params.ext) return res.set({ 'Content-Type': 'application/pdf' }).send(Buffer.from(doc.pdf!));
      sendArchivedHtml(res, doc.html);
    });

  return router;
}
