/**
 * One access line per request, with a request id that every line logged while handling it carries (and the
 * answer's X-Request-Id, so a person reporting a problem can quote it). Secrets never reach the log: a link's
 * token in the path and any token-like query value are redacted, headers (cookies, authorization) not logged.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { logContext, type Logger } from '../stack/log';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;
const SECRET_QUERY = /([?&](?:token|key|secret|password|code)=)[^&]*/gi;

/** The address as logged: `/a/<token>…` as `/a/[token]…`, secret-looking query values as `[redacted]`. */
export function loggedPath(url: string): string {
  return url.replace(/^\/a\/[^/?#]+/, '/a/[token]').replace(SECRET_QUERY, '$1[redacted]');
}

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const reqId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.set('X-Request-Id', reqId);
    const started = performance.now();
    res.once('finish', () =>
      log.info('request', {
        reqId,
        method: req.method,
        path: loggedPath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ip: req.ip,
      }),
    );
    logContext.run({ reqId }, next);
  };
}
