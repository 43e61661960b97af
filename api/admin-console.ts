/**
 * What every admin console page shares: only a signed-in admin gets past `consoleGuard` (others are sent to the
 * sign-in page), every state-changing form carries a CSRF field bound to the session, and the language is the
 * admin's choice (zh-CN unless switched), kept in a cookie.
 */
import type { Request, RequestHandler, Response } from 'express';
import { identifySession, type AdminIdentity } from '../stores/admins/admins';
import type { Db } from '../stores/db';
import { LOCALES, translate, type Locale } from '../templates/render';
import { SESSION_COOKIE } from './auth';
import { csrfField, csrfValid, readCookie } from './csrf';
import { sendPage } from './pages';

export const LANG_COOKIE = 'jingsai_lang';

export interface ConsoleContext {
  admin: AdminIdentity;
  session: string;
  locale: Locale;
  csrf: string;
}

export function consoleLocale(req: Request): Locale {
  const wanted = readCookie(req.headers.cookie, LANG_COOKIE);
  return (LOCALES as readonly string[]).includes(wanted ?? '') ? (wanted as Locale) : 'zh-CN';
}

export function consoleContext(res: Response): ConsoleContext {
  return res.locals.console as ConsoleContext;
}

/** True when `value` is the CSRF field of this admin's session; multipart forms check it themselves with this. */
export function consoleCsrfValid(secret: string, ctx: ConsoleContext, value: unknown): boolean {
  return csrfValid(secret, ctx.session, value, 'api');
}

const NAV = [
  ['/admin', 'admin.nav.home'],
  ['/admin/organisations', 'admin.nav.organisations'],
  ['/admin/plans', 'admin.nav.plans'],
  ['/admin/cycles/new', 'admin.nav.newCycle'],
  ['/admin/awards', 'admin.nav.awards'],
  ['/admin/documents', 'admin.nav.documents'],
  ['/admin/outbox', 'admin.nav.outbox'],
] as const;

/** The link that switches the console to the other language and comes back to `back`. */
export function languageSwitch(locale: Locale, back: string): { switchTo: Locale; switchHref: string } {
  const switchTo: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return { switchTo, switchHref: `/admin/language?to=${switchTo}&back=${encodeURIComponent(back)}` };
}

export function consolePage(
  req: Request,
  res: Response,
  status: number,
  template: string,
  view: Record<string, unknown> & { titleKey: string; titleParams?: Record<string, unknown> },
): void {
  const ctx = consoleContext(res);
  sendPage(res, status, template, {
    ...view,
    locale: ctx.locale,
    title: translate(ctx.locale, view.titleKey, view.titleParams),
    admin: ctx.admin,
    csrf: ctx.csrf,
    console: {
      nav: NAV.map(([href, key]) => ({ href, key, current: req.path === href })),
      ...languageSwitch(ctx.locale, req.originalUrl),
    },
  });
}

/** A console page that only says something went wrong (or right), with a way back. */
export function consoleMessage(
  req: Request,
  res: Response,
  status: number,
  tone: 'problem' | 'ok',
  message: string,
  back?: string,
): void {
  consolePage(req, res, status, 'admin-message', {
    titleKey: status >= 400 ? 'page.title.error' : 'admin.done',
    tone,
    message,
    back,
  });
}

export function consoleGuard({ db, secret }: { db: Db; secret: string }): RequestHandler {
  return async (req, res, next) => {
    try {
      const session = readCookie(req.headers.cookie, SESSION_COOKIE);
      const admin = session ? await identifySession(db, session) : null;
      if (!admin) {
        if (req.method === 'GET') return res.redirect(303, `/admin/sign-in`);
        return res.status(401).type('text/plain').send('Sign in as an admin first: /admin/sign-in');
      }
      const locale = consoleLocale(req);
      res.locals.console = {
        admin,
        session: session!,
        locale,
        csrf: csrfField(secret, session!, 'api'),
      } satisfies ConsoleContext;
      const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
      if (req.method !== 'GET' && req.method !== 'HEAD' && !multipart) {
        const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
        if (!consoleCsrfValid(secret, res.locals.console as ConsoleContext, field))
          return consoleMessage(req, res, 403, 'problem', translate(locale, 'admin.error.csrf'));
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Where a "back" parameter may send the browser: only console pages of this site. */
export function safeBack(value: unknown, fallback = '/admin'): string {
  return typeof value === 'string' && /^\/admin(\/|\?|$)/.test(value) && !value.startsWith('//')
    ? value
    : fallback;
}

export const PAGE_SIZE = 50;

export interface Pager {
  page: number;
  pages: number;
  total: number;
  prev: string | null;
  next: string | null;
}

/** Page links that keep every other query parameter of the current address. */
export function pager(req: Request, total: number, page: number, size = PAGE_SIZE): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const href = (p: number) => {
    const params = new URLSearchParams(req.query as Record<string, string>);
    params.set('page', String(p));
    return `${req.path}?${params.toString()}`;
  };
  return {
    page,
    pages,
    total,
    prev: page > 1 ? href(page - 1) : null,
    next: page < pages ? href(page + 1) : null,
  };
}

/** Zod problems as "field: message" lines for a console message. */
export function fieldProblems(issues: Array<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'form'}: ${i.message}`).join('; ');
}
