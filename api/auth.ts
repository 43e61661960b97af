/**
 * Who may use the admin API: a signed-in admin (session cookie; a state-changing request must also carry the
 * X-CSRF-Token the sign-in returned) or a script with an admin's API token (`Authorization: Bearer …`). Email
 * links never reach these routes: a link token is not an API token.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  createApiToken,
  identifyApiToken,
  identifySession,
  listApiTokens,
  revokeApiToken,
  signIn,
  signOut,
  type AdminIdentity,
} from '../stores/admins/admins';
import type { Db } from '../stores/db';
import { csrfField, readCookie } from './csrf';
import { HttpError } from './errors';
import { parseBody, parseId } from './validate';
import { recordAudit } from '../stores/audit';

export const SESSION_COOKIE = 'jingsai_session';

declare module 'express-serve-static-core' {
  interface Request {
    admin?: AdminIdentity;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requireAdmin(db: Db, secret: string): RequestHandler {
  return async (req, _res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const admin = await identifyApiToken(db, bearer);
      if (!admin)
        return next(new HttpError(401, 'unauthorized', 'This API token is unknown, expired or revoked.'));
      req.admin = admin;
      return next();
    }
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    const admin = session ? await identifySession(db, session) : null;
    if (!admin)
      return next(
        new HttpError(
          401,
          'unauthorized',
          'Sign in as an admin (POST /api/sessions) or send an API token as "Authorization: Bearer …".',
        ),
      );
    if (!SAFE.has(req.method) && req.get('x-csrf-token') !== csrfField(secret, session!, 'api'))
      return next(
        new HttpError(
          403,
          'csrf',
          'A signed-in request that changes something needs the X-CSRF-Token from sign-in.',
        ),
      );
    req.admin = admin;
    next();
  };
}

const signInBody = z
  .object({ email: z.string().min(3).max(200), password: z.string().min(1).max(500) })
  .strict();
const tokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Days the token works; left out, until revoked. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export function authRouter({
  db,
  secret,
  secureCookies,
}: {
  db: Db;
  secret: string;
  secureCookies: boolean;
}): Router {
  const router = Router();
  const guard = requireAdmin(db, secret);

  router.post('/api/sessions', async (req, res) => {
    const { email, password } = parseBody(signInBody, req.body);
    const result = await signIn(db, email, password, req.ip ?? '');
    if (!result.ok)
      throw new HttpError(
        401,
        'invalid_credentials',
        'The email or the password is wrong (after repeated failures from one address, wait 15 minutes).',
      );
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookies,
      path: '/',
      expires: result.expiresAt,
    });
    res.status(201).json({ expiresAt: result.expiresAt, csrfToken: csrfField(secret, result.token, 'api') });
  });

  router.delete('/api/sessions', guard, async (req, res) => {
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (session) await signOut(db, session);
    res.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).end();
  });

  router.post('/api/tokens', guard, async (req, res) => {
    const { name, expiresInDays } = parseBody(tokenBody, req.body);
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const created = await createApiToken(db, req.admin!.adminId, name, expiresAt);
    await recordAudit(db, {
      actor: req.admin!.email,
      action: 'api_token.created',
      subjectType: 'ApiToken',
      subjectId: created.id,
      detail: { name, expiresAt },
    });
    res.status(201).json(created);
  });

  router.get('/api/tokens', guard, async (req, res) => {
    const tokens = await listApiTokens(db, req.admin!.adminId);
    res.json({ tokens });
  });

  router.delete('/api/tokens/:id', guard, async (req, res) => {
    const id = parseId(String(req.params.id), 'API token');
    if (!(await revokeApiToken(db, req.admin!.adminId, id)))
      throw new HttpError(404, 'not_found', `No live API token with id "${id}" of yours.`);
    await recordAudit(db, {
      actor: req.admin!.email,
      action: 'api_token.revoked',
      subjectType: 'ApiToken',
      subjectId: id,
    });
    res.status(204).end();
  });

  return router;
}
