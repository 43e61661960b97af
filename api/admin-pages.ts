/**
 * The admin console's entrance: a sign-in page (CSRF-protected form, same lock-out as the API), the language
 * switch, the signed-in home page with the cycles, and sign-out. Pages are server-rendered from templates/pages; no client framework.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { signIn, signOut } from '../stores/admins/admins';
import { recentCycles } from '../stores/cycle/queries';
import type { Db } from '../stores/db';
import { LOCALES, translate, inLocale } from '../templates/render';
import {
  consoleContext,
  consoleLocale,
  consolePage,
  LANG_COOKIE,
  languageSwitch,
  safeBack,
} from './admin-console';
import { SESSION_COOKIE } from './auth';
import { browserCsrfField, CSRF_COOKIE, csrfValid, readCookie } from './csrf';
import { sendPage } from './pages';

const signInForm = z.object({ _csrf: z.string(), email: z.string().max(200), password: z.string().max(500) });

export function adminEntranceRouter({
  db,
  secret,
  secureCookies,
}: {
  db: Db;
  secret: string;
  secureCookies: boolean;
}): Router {
  const router = Router();

  /** The sign-in form's CSRF field, bound to a per-browser cookie. */
  const signInCsrf = (req: Request, res: Response) =>
    browserCsrfField(req, res, {
      secret,
      purpose: 'sign-in',
      path: '/admin',
      sameSite: 'strict',
      secure: secureCookies,
    });

  const signInPage = (req: Request, res: Response, status: number, problem?: string, email = '') => {
    const locale = consoleLocale(req);
    sendPage(res, status, 'admin-sign-in', {
      locale,
      title: translate(locale, 'admin.signIn.title'),
      csrf: signInCsrf(req, res),
      problem,
      email,
      ...languageSwitch(locale, '/admin/sign-in'),
    });
  };

  router.get('/admin/sign-in', (req, res) => signInPage(req, res, 200));

  router.post('/admin/sign-in', async (req, res) => {
    const form = signInForm.safeParse(req.body);
    const cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!form.success || !csrfValid(secret, cookie, form.data._csrf, 'sign-in'))
      return signInPage(req, res, 403, translate(consoleLocale(req), 'admin.error.csrf'));
    const result = await signIn(db, form.data.email, form.data.password, req.ip ?? '');
    if (!result.ok)
      return signInPage(
        req,
        res,
        401,
        translate(consoleLocale(req), 'admin.signIn.invalid'),
        form.data.email,
      );
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookies,
      path: '/',
      expires: result.expiresAt,
    });
    res.redirect(303, '/admin');
  });

  router.get('/admin/language', (req, res) => {
    const to = (LOCALES as readonly string[]).includes(String(req.query.to)) ? String(req.query.to) : 'zh-CN';
    res.cookie(LANG_COOKIE, to, {
      sameSite: 'lax',
      secure: secureCookies,
      path: '/',
      maxAge: 365 * 24 * 3600 * 1000,
    });
    res.redirect(303, safeBack(req.query.back));
  });

  return router;
}

/** The console's home (the cycles) and sign-out; mounted behind consoleGuard. */
export function adminHomeRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/admin', async (req, res) => {
    const { locale } = consoleContext(res);
    const cycles = await recentCycles(db);
    consolePage(req, res, 200, 'admin-home', {
      titleKey: 'admin.home.title',
      cycles: cycles.map((c) => ({
        href: `/admin/cycles/${c.id}`,
        plan: inLocale(locale, c.plan.nameZh, c.plan.nameEn),
        year: c.year,
        status: translate(locale, `admin.cycleStatus.${c.status}`),
        units: c._count.assessments,
      })),
    });
  });

  router.post('/admin/sign-out', async (_req, res) => {
    await signOut(db, consoleContext(res).session);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/admin/sign-in');
  });

  return router;
}
