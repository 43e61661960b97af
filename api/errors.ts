/**
 * Typed failures become answers in the language of the route: JSON with a status, a machine-readable code and a
 * message that says what to do under /api; a page in the reader's language elsewhere (links, console, downloads).
 * A malformed request (bad encoding, too many fields, too large) is the client's problem and gets a 4xx; only an
 * unexpected failure is a 500, and that is logged, never shown.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../stack/log';
import { hasMessage, localeOf, translate, type Locale } from '../templates/render';
import { sendPage } from './pages';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The catalogue key and parameters for a page showing this error; the English message serves the JSON. */
    readonly page?: { key: string; params?: Record<string, unknown> },
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(
    new HttpError(
      404,
      'not_found',
      `No route for ${req.method} ${req.path}. See README.md for the API.`,
      undefined,
      {
        key: 'error.http.notFound',
      },
    ),
  );
};

/** What a page shows for the error: the catalogue's words in the reader's language, else its message. */
export function pageMessage(locale: Locale, err: HttpError): string {
  return err.page && hasMessage(locale, err.page.key)
    ? translate(locale, err.page.key, err.page.params)
    : err.message;
}

/** Routes that people open in a browser answer with pages; the rest (the API, health, unknown) with JSON. */
const PAGE_ROUTES = /^\/(a|admin|bulletins|notices|awards|documents|mailbox)(\/|$)/;
function speaksHtml(req: Request): boolean {
  return PAGE_ROUTES.test(req.path);
}

function readerLocale(req: Request): Locale {
  const lang = /(?:^|;\s*)jingsai_lang=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return localeOf(lang);
}

function kilobytes(bytes: unknown): string {
  return typeof bytes === 'number' ? `${Math.round(bytes / 1024)} KB` : '?';
}

/** What body-parser and the router throw for a malformed request, as an HttpError. */
function clientError(err: unknown): HttpError | null {
  const e = err as { type?: string; status?: number; statusCode?: number; limit?: number; message?: string };
  switch (e.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'The request body is not valid JSON.', undefined, {
        key: 'error.http.badRequest',
      });
    case 'entity.too.large':
      return new HttpError(
        413,
        'too_large',
        `The request body is too large (limit ${kilobytes(e.limit)}).`,
        { limit: e.limit },
        { key: 'error.http.tooLarge', params: { limit: kilobytes(e.limit) } },
      );
    case 'parameters.too.many':
      return new HttpError(
        413,
        'too_many_fields',
        `The form has too many fields (limit ${e.limit ?? '?'}).`,
        { limit: e.limit },
        { key: 'error.http.tooManyFields', params: { limit: e.limit ?? '?' } },
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', 'The request body must be UTF-8.', undefined, {
        key: 'error.http.badRequest',
      });
  }
  const status = e.status ?? e.statusCode;
  if (err instanceof URIError || (typeof status === 'number' && status >= 400 && status < 500))
    return new HttpError(
      typeof status === 'number' && status >= 400 && status < 500 ? status : 400,
      'bad_request',
      'The request is malformed (bad encoding in the address, a cookie or the body).',
      undefined,
      { key: 'error.http.badRequest' },
    );
  return null;
}

function sendError(req: Request, res: Response, err: HttpError): void {
  if (res.headersSent) return;
  if (!speaksHtml(req)) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  const locale = readerLocale(req);
  sendPage(res, err.status, 'message', {
    locale,
    title: translate(locale, 'page.title.error'),
    tone: 'problem',
    message: pageMessage(locale, err),
    contact: translate(locale, 'page.contactDefault'),
  });
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  // PostgreSQL: shutting down, starting up, connection failures; Prisma: cannot reach, pool timeout.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
]);
const UNAVAILABLE_TEXT =
  /Can't reach database server|Connection terminated|connect ECONNREFUSED|terminating connection|the database system is (starting up|shutting down)|UNAVAILABLE|DEADLINE_EXCEEDED|Failed to connect|Workflow Task in failed state/i;

/**
 * A part the request needs (PostgreSQL, Temporal) is down for the moment: it, or an error it caused, says so by
 * its code (gRPC UNAVAILABLE is 14, DEADLINE_EXCEEDED 4) or its words. Looked for through the causes.
 */
export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; errorCode?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.errorCode === 'string' && UNAVAILABLE_CODES.has(e.errorCode)) return true;
  if ((e.code === 14 || e.code === 4) && typeof e.message === 'string') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
  return isUnavailable(e.cause, depth + 1);
}

/** The messages (and codes) of an error's causes, outermost first. */
function causesOf(err: unknown): string[] {
  const out: string[] = [];
  for (
    let e = (err as { cause?: unknown })?.cause;
    e && out.length < 5;
    e = (e as { cause?: unknown }).cause
  ) {
    const c = e as { code?: unknown; message?: unknown };
    out.push(`${c.code === undefined ? '' : `[${String(c.code)}] `}${String(c.message ?? e)}`);
  }
  return out;
}

/** Seconds a client is told to wait while a part is down. */
const RETRY_AFTER_S = 10;

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof HttpError ? err : clientError(err);
    if (known) return sendError(req, res, known);
    if (isUnavailable(err)) {
      log.warn(
        `${req.method} ${req.path}: a part is down (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); answered 503`,
      );
      res.set('Retry-After', String(RETRY_AFTER_S));
      return sendError(
        req,
        res,
        new HttpError(
          503,
          'unavailable',
          'A part of the system is down for a moment; try again shortly.',
          undefined,
          {
            key: 'error.http.unavailable',
          },
        ),
      );
    }
    // The causes say what the failure came from (a gRPC status under a ServiceError, a driver error under Prisma's).
    log.error(`${req.method} ${req.path} failed: ${err instanceof Error ? err.stack : String(err)}`, {
      causes: causesOf(err),
    });
    sendError(
      req,
      res,
      new HttpError(500, 'internal', 'Something went wrong on the server; it has been logged.', undefined, {
        key: 'error.http.internal',
      }),
    );
  };
}
