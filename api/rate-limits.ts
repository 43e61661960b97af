/**
 * Rate limits per client address (express-rate-limit, counted in PostgreSQL so every API process shares them) on
 * what anyone may open without signing in: link pages and their forms, the public pages and forms. A limited client gets 429 with
 * Retry-After, and a page saying when to try again. While PostgreSQL is down the limits let requests through
 * (they then fail as the database does).
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitInfo } from 'express-rate-limit';
import type { Db } from '../stores/db';
import { PostgresRateLimitStore } from '../stores/rate-limit';
import { HttpError } from './errors';

const MINUTE = 60_000;

function limiter(db: Db, name: string, limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    store: new PostgresRateLimitStore(db, name),
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    handler: (req, res, next) => {
      const info = (req as typeof req & { rateLimit?: RateLimitInfo }).rateLimit;
      const reset = info?.resetTime?.getTime() ?? Date.now() + windowMs;
      const seconds = Math.max(1, Math.ceil((reset - Date.now()) / 1000));
      res.set('Retry-After', String(seconds));
      next(
        new HttpError(
          429,
          'rate_limited',
          `Too many requests from this address: try again in ${seconds} s.`,
          undefined,
          {
            key: 'error.http.rateLimited',
            params: { seconds },
          },
        ),
      );
    },
  });
}

/**
 * The limiters, each with the paths it guards: link pages and their forms, and the public pages and forms (公示,
 * decisions, documents, bulletins), `perMinute` requests per address each. Sign-in has its own throttle per
 * account and address (stores/admins/throttle.ts).
 */
export function rateLimits(db: Db, perMinute: number): Array<[string[], RequestHandler]> {
  return [
    [['/a'], limiter(db, 'links', perMinute, MINUTE)],
    [['/awards', '/documents', '/bulletins', '/notices'], limiter(db, 'public', perMinute, MINUTE)],
  ];
}
