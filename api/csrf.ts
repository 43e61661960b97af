/**
 * CSRF for forms without a signed-in session (email links, the sign-in page): a random per-browser cookie, and a
 * form field that is an HMAC of it bound to one purpose (a link's token hash, "sign-in", a session).
 */
import crypto from 'node:crypto';
import type { Request, Response } from 'express';

export const CSRF_COOKIE = 'jingsai_csrf';

export function newCsrfCookie(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function csrfField(secret: string, cookie: string, tokenHash: string): string {
  return crypto.createHmac('sha256', secret).update(`${cookie}:${tokenHash}`).digest('base64url');
}

export function csrfValid(
  secret: string,
  cookie: string | undefined,
  field: unknown,
  tokenHash: string,
): boolean {
  if (!cookie || typeof field !== 'string') return false;
  const expected = Buffer.from(csrfField(secret, cookie, tokenHash));
  const given = Buffer.from(field);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // badly encoded: as if there were none
    }
  }
  return undefined;
}

/**
 * The form field for `purpose`, bound to this browser's CSRF cookie; a browser without a well-formed cookie gets a
 * new one, scoped to `path`.
 */
export function browserCsrfField(
  req: Request,
  res: Response,
  opts: { secret: string; purpose: string; path: string; sameSite: 'lax' | 'strict'; secure: boolean },
): string {
  let cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
  if (!cookie || !/^[A-Za-z0-9_-]{32}$/.test(cookie)) {
    cookie = newCsrfCookie();
    res.cookie(CSRF_COOKIE, cookie, {
      httpOnly: true,
      sameSite: opts.sameSite,
      secure: opts.secure,
      path: opts.path,
    });
  }
  return csrfField(opts.secret, cookie, opts.purpose);
}
