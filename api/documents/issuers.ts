/**
 * Issuing authorities (发文机关) in the console (`/admin/issuers`) and the API (`GET /api/issuers`,
 * `PUT /api/issuers/:prefix`): names, the number prefix that is their series, 抄送 and 印发, and the seal image
 * printed over their signature (PNG or JPEG, at most 1 MB, judged by its bytes). A prefix is never renamed: the
 * numbers already issued in it stay cited as they were.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { issuerSchema, judgeSeal, SEAL_MAX_BYTES, splitCopyTo } from '../../domain/documents/issuers';
import type { Db } from '../../stores/db';
import { issuerSeal, listIssuers, saveIssuer } from '../../stores/documents/issuers';
import { servedFederation } from '../../stores/organisation/queries';
import { translate, type Locale } from '../../templates/render';
import { consoleContext, consoleCsrfValid, consoleMessage, consolePage } from '../admin-console';
import { HttpError } from '../errors';
import { FormTooLargeError, isMultipart, readUploads } from '../multipart-form';
import { parseBody } from '../validate';

type Field = 'name' | 'shortName' | 'numberPrefix' | 'copyTo' | 'printedBy' | 'seal';

const apiBody = issuerSchema.omit({ numberPrefix: true }).extend({
  own: z.boolean().default(false),
  seal: z.base64().nullable().optional(),
});

async function organisationFor(db: Db, own: boolean) {
  return own ? ((await servedFederation(db))?.id ?? null) : null;
}

export function issuersRouter({ db, secret }: { db: Db; secret: string }): Router {
  const router = Router();

  async function page(
    req: Request,
    res: Response,
    status: number,
    form: { values?: Record<string, string>; errors?: Partial<Record<Field, string>> },
  ) {
    const { locale } = consoleContext(res);
    const [issuers, federation] = await Promise.all([listIssuers(db), servedFederation(db)]);
    consolePage(req, res, status, 'admin-issuers', {
      titleKey: 'admin.issuers.title',
      done: req.query.done === 'saved',
      issuers: issuers.map((i) => ({
        ...i,
        copyToText: i.copyTo.join('\n'),
        own: federation !== null && i.organisationId === federation.id,
        seal: i.sealMediaType ? `/admin/issuers/${encodeURIComponent(i.numberPrefix)}/seal` : null,
      })),
      values: form.values ?? {},
      errors: form.errors ?? {},
      sealLimit: translate(locale, 'admin.issuers.sealLimit', { mb: SEAL_MAX_BYTES / 1024 / 1024 }),
    });
  }

  router.get('/admin/issuers', (req, res) => page(req, res, 200, {}));

  router.get('/admin/issuers/:prefix/seal', async (req, res) => {
    const seal = await issuerSeal(db, String(req.params.prefix));
    if (!seal?.sealImage || !seal.sealMediaType)
      throw new HttpError(404, 'not_found', 'This issuer has no seal.');
    res
      .set({ 'Content-Type': seal.sealMediaType, 'X-Content-Type-Options': 'nosniff' })
      .send(Buffer.from(seal.sealImage));
  });

  router.post('/admin/issuers', async (req, res) => {
    const ctx = consoleContext(res);
    const problem = (key: string) =>
      consoleMessage(req, res, 422, 'problem', translate(ctx.locale, key), '/admin/issuers');
    if (!isMultipart(req)) return problem('admin.issuers.notMultipart');
    let form;
    try {
      form = await readUploads(req, { fileBytes: SEAL_MAX_BYTES, files: 1, fields: 10, fieldBytes: 8192 });
    } catch (err) {
      if (err instanceof FormTooLargeError) return problem('admin.issuers.tooLong');
      throw err;
    }
    if (!consoleCsrfValid(secret, ctx, form.fields._csrf))
      return consoleMessage(req, res, 403, 'problem', translate(ctx.locale, 'admin.error.csrf'));
    const values = form.fields;
    const parsed = issuerSchema.safeParse({ ...values, copyTo: splitCopyTo(values.copyTo ?? '') });
    const errors = parsed.success ? {} : issuerErrors(ctx.locale, parsed.error.issues);
    const file = form.files[0];
    let seal: { image: Uint8Array; mediaType: string } | null | undefined =
      values.removeSeal === 'on' ? null : undefined;
    if (file) {
      const verdict = file.truncated ? ({ ok: false, problem: 'tooLarge' } as const) : judgeSeal(file.data);
      if (verdict.ok) seal = { image: file.data, mediaType: verdict.mediaType };
      else
        errors.seal = translate(ctx.locale, `admin.issuers.seal.${verdict.problem}`, {
          mb: SEAL_MAX_BYTES / 1024 / 1024,
        });
    }
    if (!parsed.success || Object.keys(errors).length > 0) return page(req, res, 422, { values, errors });
    await saveIssuer(
      db,
      { ...parsed.data, organisationId: await organisationFor(db, values.own === 'on'), seal },
      ctx.admin.email,
    );
    res.redirect(303, '/admin/issuers?done=saved');
  });

  router.get('/api/issuers', async (_req, res) => {
    res.json({
      issuers: (await listIssuers(db)).map((i) => ({ ...i, seal: Boolean(i.sealMediaType) })),
    });
  });

  router.put('/api/issuers/:prefix', async (req, res) => {
    const body = parseBody(apiBody.strict(), req.body);
    const prefix = issuerSchema.shape.numberPrefix.safeParse(req.params.prefix);
    if (!prefix.success)
      throw new HttpError(
        422,
        'invalid',
        'The number prefix must be one to twenty characters, without spaces or brackets.',
      );
    let seal: { image: Uint8Array; mediaType: string } | null | undefined =
      body.seal === null ? null : undefined;
    if (body.seal) {
      const image = Buffer.from(body.seal, 'base64');
      const verdict = judgeSeal(image);
      if (!verdict.ok)
        throw new HttpError(
          422,
          'invalid_seal',
          verdict.problem === 'tooLarge'
            ? 'The seal image is larger than 1 MB.'
            : 'The seal must be a PNG or JPEG image.',
        );
      seal = { image, mediaType: verdict.mediaType };
    }
    const saved = await saveIssuer(
      db,
      { ...body, numberPrefix: prefix.data, organisationId: await organisationFor(db, body.own), seal },
      req.admin?.email ?? 'api',
    );
    res.json({ issuer: { ...saved, seal: Boolean(saved.sealMediaType) } });
  });

  return router;
}

/** Each field's problem in the reader's language, next to the field. */
function issuerErrors(
  locale: Locale,
  issues: Array<{ path: PropertyKey[] }>,
): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0]) as Field;
    errors[field] ??= translate(locale, `admin.issuers.invalid.${field}`);
  }
  return errors;
}
