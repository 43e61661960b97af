/**
 * Acting from an email link, for every process alike. `GET /a/:token` only shows: mail scanners fetch every link,
 * so a GET never changes anything. Only the `POST` from that page acts: the flow checks the link (known, not
 * expired, not used, its step not moved on), the CSRF field bound to this browser and link, lets the feature read
 * the form, claims the link, runs the feature's workflow update, gives the link back if the workflow refused, and
 * records what was done. A feature (an assessment step, a nomination, a notice…) plugs in its pages and its update.
 */
import express, { Router, type Request, type Response } from 'express';
import type { Db } from '../../stores/db';
import { formatDue } from '../../templates/labels';
import { localeOf, translate, type Locale } from '../../templates/render';
import { browserCsrfField, CSRF_COOKIE, csrfValid, readCookie } from '../csrf';
import { HttpError, pageMessage } from '../errors';
import { sendPage } from '../pages';
import { claimLink, findLink, recordLinkUse, releaseLink } from '../../stores/links/store';
import { PROBLEM_STATUS, spentProblem, type Link, type LinkProblem } from './access';
import { firstUnstorableText } from '../../domain/input-rules';
import { isMultipart, readUploads, type UploadedForm, type UploadLimits } from '../multipart-form';

export type FieldErrors = Record<string, string>;

/** A form shown again: what was typed, the problem next to each field, or one for the whole form. */
export interface FormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  formError?: string;
}

export interface LinkPageContext {
  req: Request;
  res: Response;
  link: Link;
  locale: Locale;
  /** The CSRF field for this link's form (sets the browser's cookie when it has none). */
  csrf(): string;
  /** Files sent with a multipart form, for a feature that takes them; none otherwise. */
  uploads: UploadedForm;
}

export type LinkAction =
  | { errors: FormState }
  | {
      /** Runs the workflow update; an HttpError from it is the workflow's refusal. */
      run(): Promise<{ usedFor: Record<string, string | number>; message: string }>;
      /** Answers a refusal itself (true), or leaves it to the default message saying why (false). */
      refused?(reason: string, status: number): Promise<boolean>;
    };

/** What one process plugs into the link flow. */
export interface LinkFeature<S = unknown> {
  /** The subject kind its links carry (ActionToken.subjectKind). */
  kind: string;
  /** The subject as it stands now, or null when it no longer exists. */
  load(link: Link): Promise<S | null>;
  /** Why the link's step can no longer be acted on, as the text to show; null when it can. */
  movedOn(link: Link, subject: S, locale: Locale): Promise<string | null>;
  /** The link's page: 200, or shown again with what was typed and why it was refused. */
  show(ctx: LinkPageContext, subject: S, status: number, form?: FormState): Promise<void>;
  /** Reads the POSTed form: its problems, or the action to run. */
  parse(ctx: LinkPageContext, subject: S, body: Record<string, unknown>): Promise<LinkAction>;
  /** Takes multipart forms with files within these limits; a feature without it refuses them. */
  uploads?: UploadLimits;
  /** Sends a file its page lists (`GET /a/:token/files/:id`); false when this link may not have it. */
  download?(ctx: LinkPageContext, subject: S, fileId: string): Promise<boolean>;
}

export interface LinkFlowDeps {
  db: Db;
  secret: string;
  secureCookies: boolean;
}

/** Fields a link form may send: far more than any form has. */
const FIELD_LIMIT = 500;

export function linkFlowRouter(deps: LinkFlowDeps, features: LinkFeature<unknown>[]): Router {
  const { db, secret, secureCookies } = deps;
  const byKind = new Map(features.map((f) => [f.kind, f]));
  const router = Router();
  const parseForm = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: FIELD_LIMIT });
  // body-parser does not say which field limit was exceeded; the error page does.
  router.use('/a', (req, res, next) =>
    parseForm(req, res, (err?: unknown) =>
      next(
        err && (err as { type?: string }).type === 'parameters.too.many'
          ? Object.assign(err, { limit: FIELD_LIMIT })
          : err,
      ),
    ),
  );

  const message = (res: Response, status: number, locale: Locale, tone: 'ok' | 'problem', text: string) =>
    sendPage(res, status, 'message', {
      locale,
      title: translate(locale, tone === 'ok' ? 'page.title.done' : 'page.title.error'),
      tone,
      message: text,
      contact: translate(locale, 'page.contactDefault'),
    });

  const problemText = (locale: Locale, problem: LinkProblem, link: Link | null): string => {
    if (problem === 'used' && link?.usedFor)
      return translate(locale, 'page.done.again', {
        what: (link.usedFor as Record<string, string>).what ?? '',
      });
    if (problem === 'expired')
      return translate(locale, 'error.expired', { at: formatDue(locale, link?.expiresAt.toISOString()) });
    return translate(locale, `error.${problem}`, { current: '' });
  };

  const csrfFor = (req: Request, res: Response, link: Link) =>
    browserCsrfField(req, res, {
      secret,
      purpose: link.tokenHash,
      path: '/a',
      // Lax, not Strict: a link opened from webmail is a cross-site navigation, and a Strict cookie would not be
      // sent with it, so every link opened would get a new cookie and invalidate the forms open in other tabs.
      sameSite: 'lax',
      secure: secureCookies,
    });

  /** The link, its feature, subject and page context; or a page already sent saying why it cannot be used. */
  async function open(req: Request, res: Response) {
    const link = await findLink(db, String(req.params.token));
    const locale = localeOf(link?.person.locale === 'en' ? 'en' : 'zh-CN');
    const feature = link ? byKind.get(link.subjectKind) : undefined;
    const subject = link && feature ? await feature.load(link) : null;
    if (!link || !feature || subject === null) {
      message(res, 404, locale, 'problem', problemText(locale, 'unknown', null));
      return null;
    }
    const spent = spentProblem(link);
    if (spent) {
      message(res, PROBLEM_STATUS[spent], locale, 'problem', problemText(locale, spent, link));
      return null;
    }
    const movedOn = await feature.movedOn(link, subject, locale);
    if (movedOn) {
      message(res, PROBLEM_STATUS.movedOn, locale, 'problem', movedOn);
      return null;
    }
    const ctx: LinkPageContext = {
      req,
      res,
      link,
      locale,
      csrf: () => csrfFor(req, res, link),
      uploads: { fields: {}, files: [], tooManyFiles: false },
    };
    return { feature, subject, ctx };
  }

  /**
   * The form's fields: urlencoded (parsed above), or multipart for a feature that takes files, read only once the
   * link is known to be usable so that a forged link cannot make the server take in files. Null when refused.
   */
  async function formOf(req: Request, res: Response, feature: LinkFeature<unknown>, ctx: LinkPageContext) {
    if (!isMultipart(req)) return (req.body ?? {}) as Record<string, unknown>;
    if (!feature.uploads) {
      message(res, 415, ctx.locale, 'problem', translate(ctx.locale, 'error.noUploads'));
      return null;
    }
    ctx.uploads = await readUploads(req, feature.uploads);
    const found = firstUnstorableText(ctx.uploads.fields);
    if (found) {
      message(
        res,
        422,
        ctx.locale,
        'problem',
        translate(ctx.locale, 'error.unstorableField', { field: found.path }),
      );
      return null;
    }
    return ctx.uploads.fields as Record<string, unknown>;
  }

  router.get('/a/:token', async (req, res) => {
    const opened = await open(req, res);
    if (opened) await opened.feature.show(opened.ctx, opened.subject, 200);
  });

  router.get('/a/:token/files/:fileId', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { feature, subject, ctx } = opened;
    if (!(await feature.download?.(ctx, subject, String(req.params.fileId))))
      message(res, 404, ctx.locale, 'problem', translate(ctx.locale, 'error.fileUnknown'));
  });

  router.post('/a/:token', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { feature, subject, ctx } = opened;
    const { link, locale } = ctx;
    const body = await formOf(req, res, feature, ctx);
    if (!body) return;
    if (!csrfValid(secret, readCookie(req.headers.cookie, CSRF_COOKIE), body._csrf, link.tokenHash))
      // The page was stale (another browser, cleared cookies): show the form again with what was typed and a
      // fresh field, so nothing typed is lost and one more click sends it.
      return feature.show(ctx, subject, 403, {
        values: typedValues(body),
        formError: translate(locale, 'error.csrfRetry'),
      });
    const action = await feature.parse(ctx, subject, body);
    if ('errors' in action) return feature.show(ctx, subject, 422, action.errors);
    if (!(await claimLink(db, link.id))) {
      const now = await findLink(db, String(req.params.token));
      return message(res, PROBLEM_STATUS.used, locale, 'problem', problemText(locale, 'used', now));
    }
    let done: Awaited<ReturnType<typeof action.run>>;
    try {
      done = await action.run();
    } catch (err) {
      await releaseLink(db, link.id);
      if (!(err instanceof HttpError)) throw err;
      // A failed write is the system's fault, not the form's: the link stays usable and the office is told.
      if (err.code === 'write_failed')
        return message(
          res,
          err.status,
          locale,
          'problem',
          translate(locale, 'error.writeFailed', { reason: err.message }),
        );
      const reason = pageMessage(locale, err);
      if (await action.refused?.(reason, err.status)) return;
      return message(res, err.status, locale, 'problem', translate(locale, 'error.refused', { reason }));
    }
    await recordLinkUse(db, link.id, done.usedFor);
    message(res, 200, locale, 'ok', done.message);
  });

  return router;
}

/** The text fields of a posted form, to show again. */
export function typedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([k, v]) => k !== '_csrf' && typeof v === 'string')
      .map(([k, v]) => [k, v as string]),
  );
}
