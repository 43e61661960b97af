/**
 * The admin console's entrance: a sign-in page (CSRF-protected form, same lock-out as the API), the signed-in
 * home page with the cycles, and sign-out. Pages are server-rendered from templates/pages; no client framework.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { identifySession, signIn, signOut, type AdminIdentity } from '../activities/admins';
import type { Db } from '../activities/db';
import { formatLocal } from '../domain/time-zone';
import { translate } from '../templates/render';
import { SESSION_COOKIE } from './auth';
import { CSRF_COOKIE, csrfField, csrfValid, newCsrfCookie, readCookie } from './link-access';
import { sendPage } from './pages';

const signInForm = z.object({ _csrf: z.string(), email: z.string().max(200), password: z.string().max(500) });
const locale = 'zh-CN' as const;

export function adminPagesRouter({
  db,
  secret,
  secureCookies,
}: {
  db: Db;
  secret: string;
  secureCookies: boolean;
}): Router {
  const router = Router();
  router.use('/admin', express.urlencoded({ extended: false, limit: '16kb' }));

  /** The per-browser cookie the sign-in form's CSRF field is bound to. */
  function signInCsrf(req: Request, res: Response): string {
    let cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!cookie || !/^[A-Za-z0-9_-]{32}$/.test(cookie)) {
      cookie = newCsrfCookie();
      res.cookie(CSRF_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        path: '/admin',
      });
    }
    return csrfField(secret, cookie, 'sign-in');
  }

  const signInPage = (req: Request, res: Response, status: number, problem?: string, email = '') =>
    sendPage(res, status, 'admin-sign-in', {
      locale,
      title: translate(locale, 'admin.signIn.title'),
      csrf: signInCsrf(req, res),
      problem,
      email,
    });

  async function signedIn(req: Request): Promise<{ admin: AdminIdentity; session: string } | null> {
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    const admin = session ? await identifySession(db, session) : null;
    return admin ? { admin, session: session! } : null;
  }

  router.get('/admin/sign-in', (req, res) => signInPage(req, res, 200));

  router.post('/admin/sign-in', async (req, res) => {
    const form = signInForm.safeParse(req.body);
    const cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!form.success || !csrfValid(secret, cookie, form.data._csrf, 'sign-in'))
      return signInPage(req, res, 403, translate(locale, 'error.csrf'));
    const result = await signIn(db, form.data.email, form.data.password);
    if (!result.ok)
      return result.reason === 'locked'
        ? signInPage(
            req,
            res,
            423,
            translate(locale, 'admin.signIn.locked', { until: formatLocal(result.lockedUntil!) }),
            form.data.email,
          )
        : signInPage(req, res, 401, translate(locale, 'admin.signIn.invalid'), form.data.email);
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookies,
      path: '/',
      expires: result.expiresAt,
    });
    res.redirect(303, '/admin');
  });

  router.get('/admin', async (req, res) => {
    const who = await signedIn(req);
    if (!who) return res.redirect(303, '/admin/sign-in');
    const cycles = await db.cycle.findMany({
      orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
      take: 50,
      select: {
        year: true,
        status: true,
        plan: { select: { nameZh: true } },
        _count: { select: { assessments: true } },
      },
    });
    sendPage(res, 200, 'admin-home', {
      locale,
      title: translate(locale, 'admin.home.title'),
      admin: who.admin,
      csrf: csrfField(secret, who.session, 'api'),
      cycles: cycles.map((c) => ({
        plan: c.plan.nameZh,
        year: c.year,
        status: c.status,
        units: c._count.assessments,
      })),
    });
  });

  router.post('/admin/sign-out', async (req, res) => {
    const who = await signedIn(req);
    if (who && csrfValid(secret, who.session, (req.body as { _csrf?: unknown })._csrf, 'api')) {
      await signOut(db, who.session);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return res.redirect(303, '/admin/sign-in');
    }
    if (!who) return res.redirect(303, '/admin/sign-in');
    sendPage(res, 403, 'message', {
      locale,
      title: translate(locale, 'page.title.error'),
      tone: 'problem',
      message: translate(locale, 'error.csrf'),
      contact: translate(locale, 'page.contactDefault'),
    });
  });

  return router;
}
